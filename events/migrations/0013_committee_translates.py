"""The committee writes and approves events' translations, and translates the
commemorations' texts, in the admin."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

COMMITTEE_GROUP = "Coordinating committee"
CODENAMES = {
    "events": ["eventtranslation"],
    "commemoration": ["commemorationtranslation"],
}


def _permissions(apps):
    Permission = apps.get_model("auth", "Permission")
    for app_label, models in CODENAMES.items():
        codenames = [f"{verb}_{model}" for model in models for verb in ("view", "add", "change", "delete")]
        yield from Permission.objects.filter(
            content_type__app_label=app_label, codename__in=codenames
        )


def grant(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    group, _ = Group.objects.get_or_create(name=COMMITTEE_GROUP)
    group.permissions.add(*_permissions(apps))


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for group in Group.objects.filter(name=COMMITTEE_GROUP):
        group.permissions.remove(*_permissions(apps))


class Migration(migrations.Migration):
    dependencies = [
        ("events", "0012_event_translations"),
        ("commemoration", "0002_commemoration_translations"),
    ]
    operations = [migrations.RunPython(grant, revoke)]

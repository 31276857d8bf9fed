"""The committee sets who takes charge of which countries and languages."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

COMMITTEE_GROUP = "Coordinating committee"
CODENAMES = [
    "view_moderatorcharge",
    "add_moderatorcharge",
    "change_moderatorcharge",
    "delete_moderatorcharge",
]


def grant(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=COMMITTEE_GROUP)
    group.permissions.add(
        *Permission.objects.filter(content_type__app_label="events", codename__in=CODENAMES)
    )


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for group in Group.objects.filter(name=COMMITTEE_GROUP):
        group.permissions.remove(
            *Permission.objects.filter(content_type__app_label="events", codename__in=CODENAMES)
        )


class Migration(migrations.Migration):
    dependencies = [("events", "0006_moderator_charge")]
    operations = [migrations.RunPython(grant, revoke)]

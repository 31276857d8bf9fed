"""The Coordinating committee group: exactly the permissions moderation needs.

Staff users in it moderate events and keep organizations, memberships and
commemorations in order; they cannot touch users, groups or permissions.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

COMMITTEE_GROUP = "Coordinating committee"
PERMISSIONS = {
    "events": ["view_event", "change_event", "moderate_event", "view_moderationrecord"],
    "organizations": [
        "view_organization",
        "add_organization",
        "change_organization",
        "view_membership",
        "add_membership",
        "change_membership",
        "delete_membership",
        "view_joinrequest",
        "change_joinrequest",
    ],
    "commemoration": ["view_commemoration", "add_commemoration", "change_commemoration"],
}


def create_group(apps, schema_editor):
    # Permissions are normally created after all migrations; this group needs them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=COMMITTEE_GROUP)
    for app_label, codenames in PERMISSIONS.items():
        permissions = Permission.objects.filter(
            content_type__app_label=app_label, codename__in=codenames
        )
        assert permissions.count() == len(codenames), (app_label, codenames)
        group.permissions.add(*permissions)


def remove_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=COMMITTEE_GROUP).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("events", "0001_initial"),
        ("organizations", "0001_initial"),
        ("commemoration", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_group, remove_group)]

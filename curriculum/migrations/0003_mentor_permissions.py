from django.contrib.auth.management import create_permissions
from django.db import migrations

# Mentors edit the catalog but never delete it (learners' data points at it): they archive.
# Skill tags are the exception, a project's tag list is edited by removing tags.
MENTOR_PERMISSIONS = {
    "track": ["add", "change", "view"],
    "level": ["add", "change", "view"],
    "project": ["add", "change", "view"],
    "milestone": ["add", "change", "view"],
    "skill": ["add", "change", "view"],
    "projectskill": ["add", "change", "delete", "view"],
}


def mentor_permissions(apps):
    Permission = apps.get_model("auth", "Permission")
    codenames = [
        f"{action}_{model}" for model, actions in MENTOR_PERMISSIONS.items() for action in actions
    ]
    permissions = Permission.objects.filter(
        content_type__app_label="curriculum", codename__in=codenames
    )
    assert len(permissions) == len(codenames), "missing curriculum permissions"
    return permissions


def grant(apps, schema_editor):
    # On a fresh database, permissions are created after the last migration (post_migrate);
    # create the curriculum's now so that they can be granted.
    app_config = apps.get_app_config("curriculum")
    app_config.models_module = True
    create_permissions(app_config, verbosity=0, using=schema_editor.connection.alias, apps=apps)
    app_config.models_module = None
    # get_or_create: a test database kept by --reuse-db may have been flushed since
    # accounts.0002 created the group.
    Group = apps.get_model("auth", "Group")
    mentors, _ = Group.objects.get_or_create(name="Mentors")
    mentors.permissions.add(*mentor_permissions(apps))


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Group.objects.get(name="Mentors").permissions.remove(*mentor_permissions(apps))


class Migration(migrations.Migration):
    dependencies = [
        ("curriculum", "0002_search_indexes"),
        ("accounts", "0002_mentors_group"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant, revoke)]

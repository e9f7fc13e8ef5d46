from django.contrib.auth.management import create_permissions
from django.db import migrations

# Mentors edit guidance and reading sections (nothing of a learner points at them, so they may
# also delete one) and pick or add a project's collection.
MENTOR_PERMISSIONS = {
    "guidance": ["add", "change", "delete", "view"],
    "collection": ["add", "change", "view"],
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
    # As in 0003: permissions of new models exist only after post_migrate; create them now.
    app_config = apps.get_app_config("curriculum")
    app_config.models_module = True
    create_permissions(app_config, verbosity=0, using=schema_editor.connection.alias, apps=apps)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    mentors, _ = Group.objects.get_or_create(name="Mentors")
    mentors.permissions.add(*mentor_permissions(apps))


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Group.objects.get(name="Mentors").permissions.remove(*mentor_permissions(apps))


class Migration(migrations.Migration):
    dependencies = [("curriculum", "0006_rendered_guidance_and_milestones")]

    operations = [migrations.RunPython(grant, revoke)]

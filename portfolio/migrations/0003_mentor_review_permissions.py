from django.contrib.auth.management import create_permissions
from django.db import migrations

# Mentors review submissions: they see them and write reviews; submissions stay immutable.
MENTOR_PERMISSIONS = ["view_submission", "view_screenshot", "view_review", "add_review"]


def mentor_permissions(apps):
    Permission = apps.get_model("auth", "Permission")
    permissions = Permission.objects.filter(
        content_type__app_label="portfolio", codename__in=MENTOR_PERMISSIONS
    )
    assert len(permissions) == len(MENTOR_PERMISSIONS), "missing portfolio permissions"
    return permissions


def grant(apps, schema_editor):
    # Permissions are normally created after the last migration (post_migrate).
    app_config = apps.get_app_config("portfolio")
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
    dependencies = [
        ("portfolio", "0002_submissions_and_reviews"),
        ("accounts", "0002_mentors_group"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant, revoke)]

from django.db import migrations


def create_mentors_group(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Group.objects.get_or_create(name="Mentors")


class Migration(migrations.Migration):
    """The Mentors group; each feature's own migration grants it that feature's permissions."""

    dependencies = [
        ("accounts", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [
        migrations.RunPython(create_mentors_group, migrations.RunPython.noop),
    ]

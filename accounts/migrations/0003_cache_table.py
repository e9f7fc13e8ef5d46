from django.core.management import call_command
from django.db import migrations


def create_cache_table(apps, schema_editor):
    # allauth's rate limits live in the cache. Without REDIS_URL that is Django's database
    # cache, whose table `migrate` would not create by itself; doing it here means no
    # deployment can forget it. A no-op when the cache is Redis.
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    dependencies = [("accounts", "0002_mentors_group")]

    operations = [
        migrations.RunPython(create_cache_table, migrations.RunPython.noop),
    ]

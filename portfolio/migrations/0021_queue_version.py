"""The review queue's version (QueueVersion): one row, and triggers that bump it on every
write to the submissions and the cohorts, which are what the queue shows beside the catalog
(a statement-level trigger on PostgreSQL: a bulk claim or review bumps it once)."""

from django.db import migrations, models

FUNCTION = "roadmap_queue_changed"
TABLES = [
    "portfolio_submission",
    "portfolio_cohort",
    "portfolio_cohortmembership",
    "portfolio_cohort_mentors",
]
# An upsert: a flush (or anyone) deleting the row must not stop the version from moving.
BUMP = (
    "INSERT INTO portfolio_queueversion (id, value) VALUES (1, 1) "
    "ON CONFLICT (id) DO UPDATE SET value = portfolio_queueversion.value + 1"
)


def create_triggers(apps, schema_editor):
    postgresql = schema_editor.connection.vendor == "postgresql"
    if postgresql:
        schema_editor.execute(
            f"CREATE FUNCTION {FUNCTION}() RETURNS trigger LANGUAGE plpgsql AS $$ "
            f"BEGIN IF current_setting('roadmap.bulk_load', true) IS DISTINCT FROM 'on' THEN "
            f"{BUMP}; END IF; RETURN NULL; END $$"
        )
    for table in TABLES:
        if postgresql:
            schema_editor.execute(
                f"CREATE TRIGGER {FUNCTION} AFTER INSERT OR UPDATE OR DELETE ON {table} "
                f"FOR EACH STATEMENT EXECUTE FUNCTION {FUNCTION}()"
            )
            continue
        for event in ("INSERT", "UPDATE", "DELETE"):
            schema_editor.execute(
                f"CREATE TRIGGER {FUNCTION}_{event.lower()}_{table} AFTER {event} ON {table} "
                f"BEGIN {BUMP}; END"
            )


def drop_triggers(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP FUNCTION IF EXISTS {FUNCTION}() CASCADE")
        return
    for table in TABLES:
        for event in ("insert", "update", "delete"):
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {FUNCTION}_{event}_{table}")


class Migration(migrations.Migration):
    dependencies = [
        ("portfolio", "0020_learner_pages_version_triggers"),
    ]

    operations = [
        migrations.CreateModel(
            name="QueueVersion",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("value", models.BigIntegerField(default=0)),
            ],
        ),
        migrations.RunPython(create_triggers, drop_triggers),
    ]

"""Triggers that bump `accounts_user.pages_version` whenever a row the learner's own pages
show is written: by the ORM, in bulk, or by raw SQL (the tick, the track reset, the review
claim and verdict all write in bulk). A trigger is the one place every write passes.

Each table names its learner by a column, or through the submission the row belongs to. The
benchmark's seeder sets `roadmap.bulk_load` to skip them while it loads a million rows."""

from django.db import migrations

FUNCTION = "roadmap_learner_pages_changed"

# table: (the column naming the learner, or the submission; the table it names, if not users)
TABLES = {
    "portfolio_milestonecheck": ("user_id", None),
    "portfolio_earliertick": ("user_id", None),
    "portfolio_projectprogress": ("user_id", None),
    "portfolio_trackstart": ("user_id", None),
    "portfolio_trackreset": ("user_id", None),
    "portfolio_timeentry": ("user_id", None),
    "portfolio_submission": ("user_id", None),
    "portfolio_screenshot": ("owner_id", None),
    "portfolio_credential": ("user_id", None),
    "portfolio_review": ("submission_id", "portfolio_submission"),
    "portfolio_message": ("submission_id", "portfolio_submission"),
    "portfolio_repositorycheck": ("submission_id", "portfolio_submission"),
    "portfolio_portfoliolink": ("submission_id", "portfolio_submission"),
    "accounts_user_groups": ("user_id", None),  # the header's Review and Admin links
}

POSTGRESQL_FUNCTION = f"""
CREATE OR REPLACE FUNCTION {FUNCTION}() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    owners bigint[] := '{{}}';
BEGIN
    IF current_setting('roadmap.bulk_load', true) = 'on' THEN
        RETURN NULL;
    END IF;
    IF TG_OP <> 'INSERT' THEN
        owners := owners || (to_jsonb(OLD) ->> TG_ARGV[0])::bigint;
    END IF;
    IF TG_OP <> 'DELETE' THEN
        owners := owners || (to_jsonb(NEW) ->> TG_ARGV[0])::bigint;
    END IF;
    IF TG_NARGS > 1 THEN  -- the row names a submission: its learner
        SELECT array_agg(user_id) INTO owners FROM portfolio_submission WHERE id = ANY(owners);
    END IF;
    UPDATE accounts_user SET pages_version = pages_version + 1 WHERE id = ANY(owners);
    RETURN NULL;
END
$$;
"""


# A user saved whole writes back the version it read, older than a bump made meanwhile by
# another request: the version never goes back, or that request's pages would be read again.
POSTGRESQL_NEVER_BACK = f"""
CREATE OR REPLACE FUNCTION {FUNCTION}_never_back() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.pages_version := GREATEST(NEW.pages_version, OLD.pages_version);
    RETURN NEW;
END
$$;
CREATE TRIGGER {FUNCTION}_never_back BEFORE UPDATE OF pages_version ON accounts_user
FOR EACH ROW EXECUTE FUNCTION {FUNCTION}_never_back();
"""
SQLITE_NEVER_BACK = f"""
CREATE TRIGGER {FUNCTION}_never_back AFTER UPDATE OF pages_version ON accounts_user
WHEN NEW.pages_version < OLD.pages_version
BEGIN UPDATE accounts_user SET pages_version = OLD.pages_version WHERE id = NEW.id; END
"""


def _postgresql(table, column, via):
    arguments = f"'{column}'" + (f", '{via}'" if via else "")
    return [
        f"CREATE TRIGGER {FUNCTION} AFTER INSERT OR UPDATE OR DELETE ON {table} "
        f"FOR EACH ROW EXECUTE FUNCTION {FUNCTION}({arguments})"
    ]


def _sqlite(table, column, via):
    statements = []
    for event, rows in (("INSERT", ["NEW"]), ("UPDATE", ["OLD", "NEW"]), ("DELETE", ["OLD"])):
        owners = ", ".join(f"{row}.{column}" for row in rows)
        if via:
            owners = f"SELECT user_id FROM {via} WHERE id IN ({owners})"
        statements.append(
            f"CREATE TRIGGER {FUNCTION}_{event.lower()}_{table} AFTER {event} ON {table} "
            f"BEGIN UPDATE accounts_user SET pages_version = pages_version + 1 "
            f"WHERE id IN ({owners}); END"
        )
    return statements


def create_triggers(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(POSTGRESQL_FUNCTION)
    schema_editor.execute(POSTGRESQL_NEVER_BACK if vendor == "postgresql" else SQLITE_NEVER_BACK)
    for table, (column, via) in TABLES.items():
        make = _postgresql if vendor == "postgresql" else _sqlite
        for statement in make(table, column, via):
            schema_editor.execute(statement)


def drop_triggers(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP FUNCTION IF EXISTS {FUNCTION}() CASCADE")
        schema_editor.execute(f"DROP FUNCTION IF EXISTS {FUNCTION}_never_back() CASCADE")
        return
    schema_editor.execute(f"DROP TRIGGER IF EXISTS {FUNCTION}_never_back")
    for table in TABLES:
        for event in ("insert", "update", "delete"):
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {FUNCTION}_{event}_{table}")


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0009_user_pages_version"),
        ("portfolio", "0019_submission_open_index"),
    ]

    operations = [migrations.RunPython(create_triggers, drop_triggers)]

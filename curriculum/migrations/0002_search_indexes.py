from django.contrib.postgres.indexes import GinIndex
from django.db import migrations


def indexes(apps):
    from curriculum.search import MILESTONE_VECTOR, PROJECT_VECTOR

    return [
        (apps.get_model("curriculum", "Project"), GinIndex(PROJECT_VECTOR, name="project_search")),
        (
            apps.get_model("curriculum", "Milestone"),
            GinIndex(MILESTONE_VECTOR, name="milestone_search"),
        ),
    ]


def create_search_indexes(apps, schema_editor):
    # Full-text search runs on PostgreSQL only; SQLite searches with a plain word match.
    if schema_editor.connection.vendor == "postgresql":
        for model, index in indexes(apps):
            schema_editor.add_index(model, index)


def drop_search_indexes(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for model, index in indexes(apps):
            schema_editor.remove_index(model, index)


class Migration(migrations.Migration):
    """GIN indexes over the same expressions curriculum.search filters on."""

    dependencies = [("curriculum", "0001_initial")]

    operations = [migrations.RunPython(create_search_indexes, drop_search_indexes)]

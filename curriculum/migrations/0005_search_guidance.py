from django.contrib.postgres.indexes import GinIndex
from django.db import migrations


def indexes(apps):
    from curriculum.search import GUIDANCE_VECTOR, PROJECT_VECTOR

    return [
        (apps.get_model("curriculum", "Project"), GinIndex(PROJECT_VECTOR, name="project_search")),
        (
            apps.get_model("curriculum", "Guidance"),
            GinIndex(GUIDANCE_VECTOR, name="guidance_search"),
        ),
    ]


def rebuild_search_indexes(apps, schema_editor):
    """Notes and learning objectives left the project for guidance blocks: the project index
    loses them (dropping their columns dropped it) and guidance gets its own."""
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS project_search")
        for model, index in indexes(apps):
            schema_editor.add_index(model, index)


def drop_search_indexes(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS guidance_search")


class Migration(migrations.Migration):
    dependencies = [("curriculum", "0004_catalog_identity_and_guidance")]

    operations = [migrations.RunPython(rebuild_search_indexes, drop_search_indexes)]

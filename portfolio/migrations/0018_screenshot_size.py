from django.db import migrations, models


def fill_sizes(apps, schema_editor):
    """The size of every screenshot stored before sizes were kept, asked of the storage once
    (a request each with object storage). A file the storage cannot tell about counts 0: the
    quota is lenient with it rather than the migration failing."""
    Screenshot = apps.get_model("portfolio", "Screenshot")
    storage = Screenshot._meta.get_field("image").storage
    for pk, name in Screenshot.objects.filter(size=0).values_list("pk", "image").iterator():
        try:
            size = storage.size(name)
        except Exception:  # missing, or the storage unreachable: S3 raises its own errors
            continue
        Screenshot.objects.filter(pk=pk).update(size=size)


class Migration(migrations.Migration):
    dependencies = [
        ("portfolio", "0017_screenshot_name_index"),
    ]

    operations = [
        migrations.AddField(
            model_name="screenshot",
            name="size",
            field=models.PositiveBigIntegerField(default=0),
        ),
        migrations.RunPython(fill_sizes, migrations.RunPython.noop),
    ]

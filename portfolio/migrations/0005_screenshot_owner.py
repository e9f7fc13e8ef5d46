from django.conf import settings
from django.db import migrations, models
import django.db.models.deletion
import django.utils.timezone


def owners_from_submissions(apps, schema_editor):
    Screenshot = apps.get_model("portfolio", "Screenshot")
    for screenshot in Screenshot.objects.select_related("submission"):
        screenshot.owner_id = screenshot.submission.user_id
        screenshot.uploaded_at = screenshot.submission.submitted_at
        screenshot.save(update_fields=["owner", "uploaded_at"])


class Migration(migrations.Migration):
    dependencies = [
        ("portfolio", "0004_notifications"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="screenshot",
            name="owner",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="screenshots",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.AddField(
            model_name="screenshot",
            name="uploaded_at",
            field=models.DateTimeField(default=django.utils.timezone.now),
        ),
        migrations.RunPython(owners_from_submissions, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="screenshot",
            name="owner",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="screenshots",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.AlterField(
            model_name="screenshot",
            name="submission",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="screenshots",
                to="portfolio.submission",
            ),
        ),
        migrations.AlterModelOptions(name="screenshot", options={"ordering": ["position", "pk"]}),
    ]

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("accounts", "0004_user_portfolio_public")]

    operations = [
        migrations.AddField(
            model_name="user",
            name="notify_new_submissions",
            field=models.BooleanField(
                default=True,
                help_text="Mentors: an email when a learner submits a project for review.",
                verbose_name="email me about new submissions",
            ),
        ),
        migrations.AddField(
            model_name="user",
            name="unread_notifications",
            field=models.PositiveIntegerField(default=0, editable=False),
        ),
    ]

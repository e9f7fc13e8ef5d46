"""Give the reviews that existed before conversations their place in a timeline: the claim
and the verdict become events, an iteration followed by a newer one is continued there, and
conversations that are already old or withdrawn start closed (no reminder goes out for
them)."""

from datetime import timedelta

from django.db import migrations
from django.utils import timezone

OLD = timedelta(days=28)


def add_history(apps, schema_editor):
    Submission = apps.get_model("portfolio", "Submission")
    Message = apps.get_model("portfolio", "Message")
    now = timezone.now()
    events = []
    later = {}
    for submission in Submission.objects.order_by("user_id", "project_id", "iteration"):
        key = (submission.user_id, submission.project_id)
        if key in later:
            previous = later[key]
            events.append(
                Message(
                    submission_id=previous.pk,
                    kind="continued",
                    created_at=submission.submitted_at,
                )
            )
            Submission.objects.filter(pk=previous.pk).update(
                conversation_closed_at=submission.submitted_at
            )
        later[key] = submission
    for submission in Submission.objects.exclude(claimed_at=None):
        events.append(
            Message(
                submission_id=submission.pk,
                author_id=submission.claimed_by_id,
                kind="claimed",
                created_at=submission.claimed_at,
            )
        )
    reviewed = Submission.objects.exclude(review=None).select_related("review")
    for submission in reviewed:
        review = submission.review
        events.append(
            Message(
                submission_id=submission.pk,
                author_id=review.reviewer_id,
                kind="reviewed",
                created_at=review.created_at,
            )
        )
    Message.objects.bulk_create(sorted(events, key=lambda event: event.created_at))
    reviewed.filter(review__created_at__lt=now - OLD, conversation_closed_at=None).update(
        conversation_closed_at=now
    )
    Submission.objects.filter(status="withdrawn", conversation_closed_at=None).update(
        conversation_closed_at=now
    )


class Migration(migrations.Migration):
    dependencies = [("portfolio", "0014_conversation")]

    operations = [migrations.RunPython(add_history, migrations.RunPython.noop)]

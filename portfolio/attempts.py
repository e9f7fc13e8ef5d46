"""Starting a track again. Nothing is deleted: the learner's ticks and statuses on the track
move to an earlier attempt, their submissions stay (marked as from that attempt), approved
work stays on the portfolio and credentials stay valid."""

from django.db import transaction

from portfolio.models import (
    EarlierProgress,
    EarlierTick,
    MilestoneCheck,
    ProjectProgress,
    Submission,
    TrackReset,
)
from portfolio.submissions import OPEN


class ResetRefused(Exception):
    """The track cannot start again now; the message says why."""


@transaction.atomic
def track_reset(*, user, track) -> TrackReset:
    waiting = Submission.objects.select_for_update().filter(
        user=user, project__track=track, status__in=OPEN, earlier_attempt=False
    )
    if waiting.exists():
        raise ResetRefused(
            "A submission on this track is waiting for a review or being reviewed: withdraw "
            "it, or wait for the review, before you start again."
        )
    reset = TrackReset.objects.create(user=user, track=track)
    ticks = MilestoneCheck.objects.filter(user=user, milestone__project__track=track)
    EarlierTick.objects.bulk_create(
        EarlierTick(
            reset=reset, user=user, milestone_id=tick.milestone_id, checked_at=tick.checked_at
        )
        for tick in ticks
    )
    ticks.delete()
    progress = ProjectProgress.objects.filter(user=user, project__track=track)
    EarlierProgress.objects.bulk_create(
        EarlierProgress(
            reset=reset,
            project_id=row.project_id,
            status=row.status,
            started_at=row.started_at,
            last_activity_at=row.last_activity_at,
        )
        for row in progress
    )
    progress.delete()
    Submission.objects.filter(user=user, project__track=track).update(earlier_attempt=True)
    return reset


def track_has_progress(user, track) -> bool:
    return ProjectProgress.objects.filter(user=user, project__track=track).exists()

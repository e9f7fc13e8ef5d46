"""Joining and leaving a cohort."""

from django.db import IntegrityError, transaction
from django.utils import timezone

from portfolio.models import Cohort, CohortMembership


def cohort_join(*, cohort: Cohort, learner) -> bool:
    """Join after consenting; False when already a member (nothing changes)."""
    try:
        with transaction.atomic():
            CohortMembership.objects.create(cohort=cohort, learner=learner)
    except IntegrityError:  # one active membership per learner and cohort
        return False
    return True


def cohort_leave(*, cohort: Cohort, learner) -> bool:
    """Leave: the cohort's mentors no longer see the learner; their own data stays."""
    left = CohortMembership.objects.active().filter(cohort=cohort, learner=learner)
    return bool(left.update(left_at=timezone.now()))


def is_member(cohort: Cohort, user) -> bool:
    return (
        user.is_authenticated
        and CohortMembership.objects.active().filter(cohort=cohort, learner=user).exists()
    )

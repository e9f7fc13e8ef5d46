"""Deleting an account: everything of the person goes, the catalog stays.

A learner's submissions go with them, and with the submissions what mentors wrote about them
(reviews, notices that named them); their screenshot files leave storage once the deletion
is committed. A mentor's reviews of others stay with the learners who received them, signed
"a former mentor", and the submissions they had claimed go back to the queue. One audit row
says who went and how much went with them, never what it said."""

import logging
from collections import Counter

from django.core.files.storage import default_storage
from django.db import transaction
from django.urls import reverse

from accounts.models import DeletedAccount
from portfolio.models import Credential, Screenshot, Submission, SubmissionStatus
from portfolio.notifications import notifications_withdraw

logger = logging.getLogger(__name__)


@transaction.atomic
def account_delete(*, user) -> DeletedAccount:
    files = list(Screenshot.objects.filter(owner=user).values_list("image", flat=True))
    review_pages = [
        reverse("review:submission", args=[pk])
        for pk in Submission.objects.filter(user=user).values_list("pk", flat=True)
    ]
    withdrawn_notices = notifications_withdraw(review_pages)
    Submission.objects.filter(claimed_by=user, status=SubmissionStatus.IN_REVIEW).update(
        status=SubmissionStatus.WAITING, claimed_by=None, claimed_at=None
    )
    record = DeletedAccount(user_id=user.pk, handle=user.username, was_mentor=user.is_mentor)
    # Credentials protect the submissions they were issued for: they go first.
    _total, credentials = Credential.objects.filter(user=user).delete()
    _total, deleted = user.delete()
    deleted = Counter(deleted) + Counter(credentials)
    record.counts = {label: count for label, count in sorted(deleted.items()) if count}
    record.counts |= {"notices to others": withdrawn_notices, "screenshot files": len(files)}
    record.save()
    transaction.on_commit(lambda: _remove_files(files))
    return record


def _remove_files(names) -> None:
    for name in names:
        try:
            default_storage.delete(name)
        except OSError:
            # The rows are gone already; a file left behind is logged for the operator.
            logger.exception("Could not remove %s of a deleted account", name)

"""A project's status: one state machine, written in one place (ProjectProgress)."""

import pytest

from curriculum.models import Project
from portfolio.models import (
    TRANSITIONS,
    InvalidTransition,
    ProjectEvent,
    ProjectProgress,
    ProjectStatus,
)

S, E = ProjectStatus, ProjectEvent

# Every (status, event) pair and where it leads; None: the event cannot happen then.
EXPECTED = {
    (S.NOT_STARTED, E.ACTIVITY): S.IN_PROGRESS,
    (S.IN_PROGRESS, E.ACTIVITY): S.IN_PROGRESS,
    (S.SUBMITTED, E.ACTIVITY): S.SUBMITTED,
    (S.CHANGES_REQUESTED, E.ACTIVITY): S.CHANGES_REQUESTED,
    (S.APPROVED, E.ACTIVITY): S.APPROVED,
    (S.NOT_STARTED, E.SUBMIT): S.SUBMITTED,
    (S.IN_PROGRESS, E.SUBMIT): S.SUBMITTED,
    (S.SUBMITTED, E.SUBMIT): None,
    (S.CHANGES_REQUESTED, E.SUBMIT): S.SUBMITTED,
    (S.APPROVED, E.SUBMIT): None,
    (S.SUBMITTED, E.WITHDRAW): S.IN_PROGRESS,
    (S.SUBMITTED, E.APPROVE): S.APPROVED,
    (S.SUBMITTED, E.REQUEST_CHANGES): S.CHANGES_REQUESTED,
}
for status in S:
    for event in (E.WITHDRAW, E.APPROVE, E.REQUEST_CHANGES):
        EXPECTED.setdefault((status, event), None)


@pytest.mark.parametrize(("status", "event"), sorted(EXPECTED))
def test_the_state_machine_moves_as_the_table_says(status, event):
    expected = EXPECTED[(status, event)]
    if expected is None:
        with pytest.raises(InvalidTransition):
            ProjectProgress.next_status(status, event)
    else:
        assert ProjectProgress.next_status(status, event) == expected


def test_every_pair_is_in_the_table():
    assert set(EXPECTED) == {(status, event) for status in S for event in E}
    assert set(TRANSITIONS) == set(E)


@pytest.fixture
def project(db):
    return Project.objects.published().order_by("pk").first()


def status(user, project):
    row = ProjectProgress.objects.filter(user=user, project=project).first()
    return row.status if row else S.NOT_STARTED


def test_activity_starts_a_project_and_leaves_a_started_one_alone(learner, project):
    ProjectProgress.objects.record(user=learner, project_id=project.pk, event=E.ACTIVITY)
    assert status(learner, project) == S.IN_PROGRESS

    ProjectProgress.objects.filter(user=learner).update(status=S.APPROVED)
    ProjectProgress.objects.record(user=learner, project_id=project.pk, event=E.ACTIVITY)
    assert status(learner, project) == S.APPROVED


def test_a_first_submission_creates_the_row_as_submitted(learner, project):
    ProjectProgress.objects.record(user=learner, project_id=project.pk, event=E.SUBMIT)

    row = ProjectProgress.objects.get(user=learner, project=project)
    assert row.status == S.SUBMITTED
    assert row.started_at == row.last_activity_at


def test_an_impossible_event_changes_nothing(learner, project):
    ProjectProgress.objects.record(user=learner, project_id=project.pk, event=E.ACTIVITY)
    before = ProjectProgress.objects.get(user=learner, project=project)

    with pytest.raises(InvalidTransition, match="Approved by a mentor is not possible"):
        ProjectProgress.objects.record(user=learner, project_id=project.pk, event=E.APPROVE)

    after = ProjectProgress.objects.get(user=learner, project=project)
    assert (after.status, after.last_activity_at) == (before.status, before.last_activity_at)
    assert not ProjectProgress.objects.filter(user=learner).exclude(project=project).exists()


def test_an_impossible_first_event_leaves_no_row(learner, project):
    with pytest.raises(InvalidTransition):
        ProjectProgress.objects.record(user=learner, project_id=project.pk, event=E.WITHDRAW)

    assert not ProjectProgress.objects.filter(user=learner).exists()


def test_other_learners_rows_are_untouched(learner, other_learner, project):
    ProjectProgress.objects.record(user=other_learner, project_id=project.pk, event=E.SUBMIT)
    ProjectProgress.objects.record(user=learner, project_id=project.pk, event=E.ACTIVITY)

    assert status(other_learner, project) == S.SUBMITTED
    assert status(learner, project) == S.IN_PROGRESS

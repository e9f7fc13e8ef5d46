"""Editing a track file never costs a learner anything: items keep their identity, an import
shows its plan, and archiving learners' work needs an explicit go-ahead."""

from dataclasses import replace

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from curriculum.catalog_format import parse_track, render_track
from curriculum.importer import ImportRefused, export_track, import_track
from curriculum.models import FormerProjectSlug, Milestone, Project
from portfolio.models import MilestoneCheck, ProjectProgress, ProjectStatus, Review, Submission
from tests.curriculum.factories import import_small_track, track_text

pytestmark = pytest.mark.django_db


def tick(user, milestone):
    return MilestoneCheck.objects.create(user=user, milestone=milestone, checked_at=timezone.now())


def start(user, project, status=ProjectStatus.IN_PROGRESS):
    now = timezone.now()
    return ProjectProgress.objects.create(
        user=user, project=project, status=status, started_at=now, last_activity_at=now
    )


def submit(user, project):
    return Submission.objects.create(
        user=user, project=project, iteration=1, repository_url="https://example.com/repo"
    )


def reimport(text: str, **options):
    return import_track(parse_track(text, source="edited.md"), **options)


@pytest.fixture
def track():
    return import_small_track("edits", projects_per_level=(2, 1))


@pytest.fixture
def first_project(track):
    return track.projects.get(slug="project-1")


@pytest.fixture
def first_step(first_project):
    return first_project.milestones.get(text="First step")


def test_a_reworded_milestone_keeps_the_learners_tick(learner, track, first_step):
    tick(learner, first_step)
    text = export_track(track).replace("- First step <!--", "- First step, done well <!--", 1)

    plan = reimport(text)

    first_step.refresh_from_db()
    assert (first_step.text, first_step.archived_at) == ("First step, done well", None)
    assert MilestoneCheck.objects.filter(user=learner, milestone=first_step).exists()
    assert [str(change) for change in plan.changes] == [
        "reworded milestone “First step” to “First step, done well” in “Project 1”"
    ]


def test_a_reworded_milestone_without_ids_keeps_the_tick_by_its_place(learner, first_step):
    tick(learner, first_step)
    text = track_text("edits", (2, 1)).replace(
        "First step; second step.", "Take the first step; second step.", 1
    )

    reimport(text)

    first_step.refresh_from_db()
    assert (first_step.text, first_step.archived_at) == ("Take the first step", None)
    assert MilestoneCheck.objects.filter(user=learner, milestone=first_step).exists()


def test_a_renamed_project_keeps_progress_submissions_and_reviews(
    learner, mentor, track, first_project, first_step
):
    tick(learner, first_step)
    start(learner, first_project, ProjectStatus.APPROVED)
    submission = submit(learner, first_project)
    Review.objects.create(submission=submission, reviewer=mentor, verdict="approve")
    text = export_track(track).replace("### 1. Project 1\n", "### 1. Calculator Project\n")

    plan = reimport(text)

    first_project.refresh_from_db()
    assert (first_project.title, first_project.slug) == ("Calculator Project", "calculator-project")
    assert first_project.progress.get().status == ProjectStatus.APPROVED
    assert first_project.submissions.get().review.reviewer == mentor
    assert first_project.milestones.get(pk=first_step.pk).checks.count() == 1
    assert FormerProjectSlug.objects.get(slug="project-1").project == first_project
    assert [str(change) for change in plan.changes] == [
        "renamed project “Project 1” to “Calculator Project”, its old address …/project-1/ "
        "redirects to …/calculator-project/"
    ]


def test_a_project_renamed_back_takes_its_old_address_again(track, first_project):
    renamed = export_track(track).replace("### 1. Project 1\n", "### 1. Renamed\n")
    reimport(renamed)

    reimport(export_track(track).replace("### 1. Renamed\n", "### 1. Project 1\n"))

    first_project.refresh_from_db()
    assert first_project.slug == "project-1"
    assert FormerProjectSlug.objects.get(slug="renamed").project == first_project


def test_a_new_project_does_not_take_the_old_address_of_a_renamed_one(track, first_project):
    text = export_track(track).replace("### 1. Project 1\n", "### 1. Renamed\n")
    text += "\n### 4. Project 1\n\n**Milestones:** Start over.\n"

    reimport(text)

    newcomer = track.projects.get(title="Project 1")
    assert newcomer.pk != first_project.pk
    assert newcomer.slug == "project-1-2"
    assert FormerProjectSlug.objects.get(slug="project-1").project == first_project


def test_a_project_moved_to_another_level_keeps_its_identity_and_ticks(learner, track):
    project = track.projects.get(slug="project-3")
    milestone = project.milestones.first()
    tick(learner, milestone)
    data = parse_track(export_track(track))
    first, second = data.levels
    moved = replace(first, projects=(*first.projects, *second.projects))
    emptied = replace(second, projects=(), description="Later.")

    plan = import_track(replace(data, levels=(moved, emptied)))

    project.refresh_from_db()
    assert (project.level.position, project.position) == (1, 3)
    assert milestone.checks.count() == 1
    assert "moved project “Project 3” to “Stage 1”" in [str(change) for change in plan.changes]


def test_a_dry_run_changes_nothing_and_reports_what_learners_would_lose(
    capsys, tmp_path, learner, other_learner, track, first_project, first_step
):
    tick(learner, first_step)
    tick(other_learner, first_step)
    start(learner, first_project)
    submit(learner, first_project)
    path = tmp_path / "edits.md"
    text = export_track(track)
    path.write_text(
        text.replace("### 1. Project 1\n", "### 1. Project One\n").replace(
            "- First step <!-- id: first-step -->\n", "", 1
        )
    )
    before = export_track(track)

    call_command("import_catalog", str(path), "--dry-run")

    output = capsys.readouterr().out
    assert export_track(track) == before
    assert FormerProjectSlug.objects.count() == 0
    assert output.splitlines() == [
        "edits: 2 changes (renamed 1 project; archived 1 milestone)",
        "  renamed project “Project 1” to “Project One”, its old address …/project-1/ "
        "redirects to …/project-one/",
        "  archived milestone “First step” in “Project One” — learners’ work: 2 milestone checks",
        "Dry run: nothing changed (needs --allow-archive).",
    ]


def without_project_1(track) -> str:
    """The track's file with its first project deleted."""
    data = parse_track(export_track(track))
    first, *others = data.levels
    first = replace(first, projects=first.projects[1:])
    return render_track(replace(data, levels=(first, *others)))


def test_archiving_what_learners_touched_is_refused_without_the_flag(
    tmp_path, learner, track, first_project
):
    start(learner, first_project)
    submit(learner, first_project)
    tick(learner, first_project.milestones.get(text="second step"))
    path = tmp_path / "edits.md"
    path.write_text(without_project_1(track))

    with pytest.raises(CommandError) as refused:
        call_command("import_catalog", str(path))

    assert str(refused.value) == (
        "Nothing imported: it would archive 1 items that hold learners’ work (project "
        "“Project 1” (1 milestone checks, 1 project progress, 1 submissions)). Keep them in the "
        "file, or allow the archive (--allow-archive)."
    )
    first_project.refresh_from_db()
    assert first_project.archived_at is None


def test_a_refused_import_names_each_touched_item_and_its_counts(learner, track, first_project):
    tick(learner, first_project.milestones.get(text="First step"))
    second = track.projects.get(slug="project-2")
    start(learner, second)
    data = parse_track(without_project_1(track))
    first, *others = data.levels
    first = replace(first, projects=tuple(p for p in first.projects if p.title != "Project 2"))
    first = replace(first, description="Nothing to build here any more.")

    with pytest.raises(ImportRefused) as refused:
        import_track(replace(data, levels=(first, *others)))

    assert [str(change) for change in refused.value.run.touched_archives] == [
        "archived project “Project 1” — learners’ work: 1 milestone checks",
        "archived project “Project 2” — learners’ work: 1 project progress",
    ]


def test_with_the_flag_the_archive_keeps_the_learners_work(learner, track, first_project):
    check = tick(learner, first_project.milestones.get(text="second step"))
    submission = submit(learner, first_project)

    reimport(without_project_1(track), allow_archive=True)

    first_project.refresh_from_db()
    assert first_project.archived_at is not None
    assert MilestoneCheck.objects.filter(pk=check.pk).exists()
    assert Submission.objects.filter(pk=submission.pk).exists()


def test_archiving_what_no_learner_touched_needs_no_flag(track):
    plan = reimport(without_project_1(track))

    assert [str(change) for change in plan.changes] == ["archived project “Project 1”"]
    assert not Project.objects.active().filter(track=track, slug="project-1").exists()


def test_a_project_that_comes_back_is_restored_with_its_ticks(learner, track):
    project = track.projects.get(slug="project-3")
    check = tick(learner, project.milestones.first())
    reimport(track_text("edits", (2,)), allow_archive=True)
    assert project.milestones.first().checks.count() == 1

    plan = reimport(track_text("edits", (2, 1)))

    project.refresh_from_db()
    assert project.archived_at is None
    assert Milestone.objects.get(pk=check.milestone_id).checks.count() == 1
    assert ("restored", "project") in plan.counts()

"""Each seed's track as imported: only build steps are tickable milestones (see
docs/catalog-changes.md for which items became guidance, and why)."""

import pytest

from curriculum.models import Guidance, Milestone, MilestoneKind, Project, Skill, Track

pytestmark = pytest.mark.django_db


def live_projects(slug):
    return (
        Project.objects.published().filter(track__slug=slug).order_by("level__position", "position")
    )


def core_counts(slug) -> list[int]:
    return [
        project.milestones.active().filter(kind=MilestoneKind.CORE).count()
        for project in live_projects(slug)
    ]


def core_texts(slug) -> list[str]:
    milestones = Milestone.objects.active().filter(
        project__in=live_projects(slug), kind=MilestoneKind.CORE
    )
    return list(
        milestones.order_by(
            "project__level__position", "project__position", "position"
        ).values_list("text", flat=True)
    )


@pytest.mark.parametrize(
    ("slug", "projects", "milestones", "stretch_goals", "guidance"),
    [
        ("novice-to-principal", 127, 327, 128, 0),
        ("portfolio-projects", 22, 97, 52, 21),
        ("backend-roadmap", 5, 23, 1, 25),
        ("python-26-weeks", 36, 67, 0, 26),
        ("expert-specialization", 8, 31, 1, 7),
    ],
)
def test_each_seed_has_the_counts_of_its_reworked_shape(
    slug, projects, milestones, stretch_goals, guidance
):
    track = Track.objects.get(slug=slug)
    live = live_projects(slug)
    ticks = Milestone.objects.active().filter(project__in=live)
    blocks = Guidance.objects.active()

    assert live.count() == projects
    assert ticks.filter(kind=MilestoneKind.CORE).count() == milestones
    assert ticks.filter(kind=MilestoneKind.STRETCH).count() == stretch_goals
    assert (
        blocks.filter(project__in=live).count() + blocks.filter(level__track=track).count()
        == guidance
    )


def test_the_skills_vocabulary_has_353_skills():
    assert Skill.objects.filter(projects__isnull=False).distinct().count() == 353


def test_novice_to_principal_keeps_every_build_step_of_the_seed():
    counts = core_counts("novice-to-principal")

    assert (len(counts), sum(counts)) == (127, 327)
    assert core_texts("novice-to-principal")[:3] == [
        "Handle invalid input",
        "support order of operations",
        "add unit tests with assert",
    ]


def test_portfolio_projects_tick_key_features_only():
    # 13 projects with their key features, then the 9 projects of the domain collections.
    assert core_counts("portfolio-projects") == [5] * 8 + [6] * 5 + [3] * 9
    texts = core_texts("portfolio-projects")
    for advice in (
        "Focus on API development, databases, and system design",
        "Build MVP version of the project",
        "Write tests from the beginning",
    ):
        assert advice not in texts


def test_the_backend_roadmap_ticks_the_build_steps_of_its_five_stages_only():
    assert core_texts("backend-roadmap") == [
        "Input validation",
        "Local file persistence",
        "Error handling",
        "Modular code organization",
        "Basic tests for core logic",
        "Take the same domain and expose it through Flask or FastAPI.",
        "Add CRUD endpoints.",
        "Replace ad hoc file storage with SQLite if needed.",
        "Introduce request validation and response schemas.",
        "Add authentication and authorization",
        "A user owns records",
        "Some users can read but not modify",
        "Admin behavior diverges from normal behavior",
        "Make the trade-off explicit",
        "A test suite for business rules and endpoint behavior",
        "Logging for failures and important events",
        "Environment-based configuration",
        "Seed scripts or fixtures so the app is easy to demo",
        "Linting and formatting",
        "Dependency management",
        "Containerize the application.",
        "Add a CI workflow that runs tests on push.",
        "Deploy it somewhere public.",
    ]


def test_the_26_weeks_tick_their_tasks_and_the_ideas_their_steps():
    # Week 1 … 26: the seed's tasks, goals apart; then the ten ideas' three steps each.
    assert core_counts("python-26-weeks") == [
        1, 2, 2, 1, 1, 2, 2, 1, 1, 1, 2, 1, 1, 2, 1, 1, 2, 1, 1, 1, 1, 1, 2, 2, 2, 2,
        *[3] * 10,
    ]  # fmt: skip
    assert not [text for text in core_texts("python-26-weeks") if text.startswith("Learn ")]


def test_the_expert_phase_ticks_practice_requirements_tasks_and_deliverables():
    assert core_counts("expert-specialization") == [3, 3, 3, 5, 3, 5, 4, 5]
    texts = core_texts("expert-specialization")
    assert "Deep specialization mastery" not in texts
    assert "Packaging: Poetry, PyPI" not in texts

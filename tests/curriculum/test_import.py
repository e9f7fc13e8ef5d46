"""The importer on the real seeds: exact counts, spot checks, idempotence, safety."""

import re
from dataclasses import replace

import pytest
from django.core.management import CommandError, call_command

from curriculum.catalog_format import CatalogFormatError, parse_track
from curriculum.importer import (
    CATALOG_DIR,
    export_track,
    import_track,
    import_tracks,
    parse_track_file,
    shipped_track_files,
)
from curriculum.models import (
    Guidance,
    GuidanceKind,
    Level,
    Milestone,
    MilestoneKind,
    Project,
    Skill,
    Track,
)

pytestmark = pytest.mark.django_db

NOVICE = CATALOG_DIR / "1-novice-to-principal.md"


def test_every_seed_is_a_published_track():
    assert set(Track.objects.published().values_list("slug", flat=True)) == {
        "novice-to-principal",
        "portfolio-projects",
        "backend-roadmap",
        "python-26-weeks",
        "expert-specialization",
    }


def test_the_novice_track_has_five_levels_of_26_25_25_25_26_projects_in_source_order():
    track = Track.objects.get(slug="novice-to-principal")

    levels = list(track.levels.active())
    assert [level.heading for level in levels][:2] == [
        "Level 1 — Beginner (Novice)",
        "Level 2 — Early Intermediate (Junior Developer)",
    ]
    assert [level.projects.active().count() for level in levels] == [26, 25, 25, 25, 26]
    assert track.projects.active().count() == 127
    first_level = levels[0].projects.active().order_by("position")
    assert [p.title for p in first_level[:3]] == [
        "Hello World & Super-Calculator",
        "Guess the Number",
        "Temperature Converter",
    ]
    assert first_level.last().title == "Text Adventure Mini‑Game"  # non-breaking hyphen kept


def test_a_project_keeps_its_milestones_stretch_goals_and_skills_as_written():
    project = Project.objects.get(track__slug="novice-to-principal", slug="markdown-html-converter")

    assert project.title == "Markdown → HTML Converter"
    assert project.what_you_build == "Turn .md files into HTML with templates."
    assert [tag.wording for tag in project.projectskill_set.order_by("position")] == [
        "markdown lib",
        "Jinja2",
        "file walking",
    ]
    milestones = project.milestones.active().order_by("kind", "position")
    assert [(m.kind, m.text) for m in milestones] == [
        (MilestoneKind.CORE, "TOC generation"),
        (MilestoneKind.CORE, "code highlighting"),
        (MilestoneKind.STRETCH, "Static site with navigation index"),
    ]


def test_the_first_project_has_one_core_milestone_per_source_item():
    project = Project.objects.get(
        track__slug="novice-to-principal", slug="hello-world-super-calculator"
    )

    assert list(
        project.milestones.filter(kind=MilestoneKind.CORE).values_list("text", flat=True)
    ) == ["Handle invalid input", "support order of operations", "add unit tests with assert"]
    assert list(
        project.milestones.filter(kind=MilestoneKind.STRETCH).values_list("text", flat=True)
    ) == ["Add exponent, modulo, and memory recall (M+, M-)"]


def test_portfolio_projects_keep_difficulty_time_value_and_potential():
    project = Project.objects.get(track__slug="portfolio-projects", slug="password-manager")

    assert project.difficulty == "beginner"
    assert project.time_investment == "2-4 weeks"
    assert project.portfolio_value == "High - demonstrates security awareness"
    assert project.business_potential == "Low - competitive market"
    assert project.milestones_label == "Key Features"
    assert "Master password protection" in project.milestones.values_list("text", flat=True)
    assert project.milestones.filter(
        kind=MilestoneKind.STRETCH, text="Add two-factor authentication"
    ).exists()
    objectives = project.guidance.get(kind=GuidanceKind.OBJECTIVES)
    assert "- Secure coding practices" in objectives.body.splitlines()


def test_difficulty_comes_only_from_difficulty_fields():
    levels = Level.objects.filter(track__slug="novice-to-principal").order_by("position")
    weeks = Project.objects.filter(track__slug="python-26-weeks")

    assert [level.difficulty for level in levels] == [
        "beginner",
        "",  # "Early Intermediate" is its own wording, not "Intermediate"
        "intermediate",
        "advanced",
        "expert",
    ]
    assert weeks.get(title="Advanced Python Features").difficulty == ""
    assert not weeks.exclude(difficulty="").exists()
    assert not Level.objects.filter(track__slug="python-26-weeks").exclude(difficulty="").exists()


def test_no_mojibake_reaches_the_catalog():
    texts = [
        *Track.objects.values_list("title", flat=True),
        *Track.objects.values_list("description", flat=True),
        *Level.objects.values_list("title", flat=True),
        *Level.objects.values_list("description", flat=True),
        *Project.objects.values_list("title", flat=True),
        *Project.objects.values_list("what_you_build", flat=True),
        *Guidance.objects.values_list("body", flat=True),
        *Milestone.objects.values_list("text", flat=True),
        *Skill.objects.values_list("name", flat=True),
    ]
    assert not [text for text in texts if "â€" in text or "ğŸ" in text or "Ã" in text]
    expert = Track.objects.get(slug="expert-specialization")
    assert "—" in expert.title


def test_slugs_are_readable_ascii():
    slugs = [
        *Project.objects.values_list("slug", flat=True),
        *Skill.objects.values_list("slug", flat=True),
    ]

    assert all(slug.isascii() and slug == slug.lower() and " " not in slug for slug in slugs)
    assert Project.objects.filter(slug="rock-paper-scissors").exists()


def test_a_second_import_changes_nothing(capsys):
    call_command("import_catalog")

    output = capsys.readouterr().out.splitlines()
    assert output == [f"{path.stem.split('-', 1)[1]}: 0 changes" for path in shipped_track_files()]


@pytest.mark.parametrize("path", shipped_track_files(), ids=lambda path: path.stem)
def test_exporting_a_shipped_track_gives_its_file_back_and_reimporting_it_changes_nothing(path):
    track = Track.objects.get(slug=path.stem.split("-", 1)[1])

    exported = export_track(track)

    assert exported == path.read_text(encoding="utf-8")
    assert import_track(parse_track(exported, source=path.name)).changes == []


def test_a_track_file_without_ids_matches_the_catalog_by_place_and_text():
    without_ids = re.sub(r"\s*<!-- id: [^>]* -->", "", NOVICE.read_text(encoding="utf-8"))
    assert "<!-- id:" not in without_ids

    plan = import_track(parse_track(without_ids, "seed.md"))

    assert plan.changes == []


def test_reordering_projects_only_moves_them():
    track = Track.objects.get(slug="novice-to-principal")
    ids = set(track.projects.values_list("pk", flat=True))
    data = parse_track_file(NOVICE)
    first = data.levels[0]
    data = replace(data, levels=(replace(first, projects=first.projects[::-1]), *data.levels[1:]))

    plan = import_track(data)

    assert set(track.projects.values_list("pk", flat=True)) == ids
    # Reversed, 25 of the 26 moved relative to the others (one stays put in the middle).
    assert plan.counts() == {("moved", "project"): 25}
    assert track.projects.get(position=1, level__position=1).title == "Text Adventure Mini‑Game"
    assert import_track(data).changes == []


def test_a_malformed_file_imports_nothing_and_names_the_file_and_line(tmp_path):
    good = tmp_path / "good.md"
    good.write_text("# Good\n\n## Level 1 — One\n\n### 1. Fine\n\n**Milestones:** Do it.\n")
    bad = tmp_path / "bad.md"
    bad.write_text("# Bad\n\n## Level 1 — One\n\n### 1. Fine\n\n**Mystery field:** what?\n")
    before = Track.objects.count()

    with pytest.raises(CommandError) as error:
        call_command("import_catalog", str(good), str(bad))

    assert str(error.value).startswith("Nothing imported.")
    assert "bad.md, line 7" in str(error.value)
    assert Track.objects.count() == before


def test_a_problem_in_the_last_track_imports_none_of_them():
    tracks = [
        parse_track("# One\n\n## Level 1 — A\n\n### 1. P\n\n**Milestones:** x.\n", "one.md"),
        parse_track("# Two\n\n## Level 1 — A\n\n### 1. P\n\n**Milestones:** x.\n", "two.md"),
        parse_track(f"# Three\n\n## L\n\n### {'P' * 201}\n\n**Milestones:** x.\n", "three.md"),
    ]
    before = (Track.objects.count(), Project.objects.count())

    with pytest.raises(CatalogFormatError, match=r"three\.md, line 5: the project.s title is 201"):
        import_tracks(tracks)

    assert (Track.objects.count(), Project.objects.count()) == before


def test_export_command_writes_the_track_file_format(tmp_path):
    output = tmp_path / "novice.md"

    call_command("export_catalog", "novice-to-principal", "--output", str(output))

    exported = output.read_text(encoding="utf-8")
    assert exported.startswith("# 125 Python Projects — From Novice to Principal Engineer")
    assert "### 1. Hello World & Super-Calculator\n<!-- id: hello-world-super-calculator -->" in (
        exported
    )
    assert "- Handle invalid input <!-- id: handle-invalid-input -->" in exported
    assert parse_track(exported) == parse_track_file(NOVICE)


def test_export_of_an_unknown_track_lists_the_tracks():
    with pytest.raises(CommandError, match=r"No track 'nope'\. Tracks: .*novice-to-principal"):
        call_command("export_catalog", "nope")


def test_the_raw_seed_format_imports_as_a_new_track_without_comments():
    text = NOVICE.read_text(encoding="utf-8").replace("<!--\nslug: novice-to-principal\n-->\n", "")
    text = re.sub(r"\s*<!-- id: [^>]* -->", "", text)

    track = import_track(parse_track(text, "seed.md")).track

    assert track.slug == "125-python-projects-from-novice-to-principal-engineer"
    assert track.projects.count() == 127


def test_importing_only_missing_tracks_keeps_mentor_edits(capsys, tmp_path):
    project = Project.objects.get(slug="markdown-html-converter")
    project.title = "Edited by a mentor"
    project.save()
    new_track = tmp_path / "new.md"
    new_track.write_text("# A New Track\n\n## Level 1 — One\n\n### 1. P\n\n**Milestones:** x.\n")

    call_command("import_catalog", "--missing", str(NOVICE), str(new_track))

    project.refresh_from_db()
    output = capsys.readouterr().out
    assert project.title == "Edited by a mentor"
    assert "novice-to-principal: already in the catalog, left as it is" in output
    assert Track.objects.filter(slug="a-new-track", is_published=True).exists()

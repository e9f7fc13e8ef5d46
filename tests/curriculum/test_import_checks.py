"""What an import refuses, each problem with its file and line; and the one skills vocabulary."""

from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from curriculum.catalog_format import MAX_TRACK_FILE_BYTES, CatalogFormatError, parse_track
from curriculum.importer import CATALOG_DIR, import_track
from curriculum.importer.skills import load_aliases
from curriculum.models import Project, ProjectSkill, Skill, Track

pytestmark = pytest.mark.django_db


def refusal(tmp_path: Path, name: str, content: bytes) -> str:
    path = tmp_path / name
    path.write_bytes(content)
    before = Track.objects.count()
    with pytest.raises(CommandError) as refused:
        call_command("import_catalog", str(path))
    assert Track.objects.count() == before
    return str(refused.value).replace(str(tmp_path) + "/", "")


def test_values_longer_than_the_catalog_stores_are_refused_on_every_database(tmp_path):
    text = (
        "# Too long\n\n"
        "## Level 1 — One\n\n**Difficulty:** Hard\n\n"  # line 5
        f"### {'T' * 201}\n\n"  # line 7
        f"**Tech stack:** {'x' * 301}\n\n"  # line 9
        f"**Skills:** {'s' * 121}, short.\n\n"  # line 11
        "**Milestones:** Do it.\n"
    )

    assert refusal(tmp_path, "long.md", text.encode()) == (
        "Nothing imported.\n"
        "long.md, line 5: expected a difficulty of Beginner, Intermediate, Advanced, Expert for "
        "the level, found 'Hard'\n"
        "long.md, line 7: the project's title is 201 characters long; at most 200 fit\n"
        "long.md, line 9: the project's tech stack is 301 characters long; at most 300 fit\n"
        "long.md, line 11: a skill is 121 characters long; at most 120 fit"
    )


def test_the_problems_of_a_track_as_a_whole_are_listed_with_their_lines(tmp_path):
    text = (
        "# Problems\n\n"
        "## Level 1 — One\n\n"
        "### Same\n\n**Milestones:** a.\n\n"  # line 5
        "### Same\n\n**Milestones:** b.\n\n"  # line 9
        "### Nothing to build\n\nJust words.\n\n"  # line 13
        "## Level 2 — Empty\n"  # line 17
    )

    assert refusal(tmp_path, "problems.md", text.encode()) == (
        "Nothing imported.\n"
        "problems.md, line 9: the project title “Same” is used twice in this level "
        "(first on line 5)\n"
        "problems.md, line 13: the project “Nothing to build” has no milestones: list its build "
        "steps under '**Milestones:**' (a section that is only to read gets "
        "'<!-- kind: note -->' right after its heading)\n"
        "problems.md, line 17: the level “Empty” is empty: give it projects, sections or text"
    )


def test_bytes_that_are_not_utf8_are_refused_with_their_line(tmp_path):
    content = "# Café\n\n## L\n\n### P\n\n**Milestones:** déjà vu.\n".encode("cp1252")

    assert refusal(tmp_path, "cp1252.md", content) == (
        "Nothing imported.\n"
        "cp1252.md, line 1: expected UTF-8 text, found the byte 0xE9 at column 6 "
        "(save the file as UTF-8)"
    )


def test_a_file_over_the_size_cap_is_refused_before_it_is_read(tmp_path):
    content = b"# Big\n" + b"x" * MAX_TRACK_FILE_BYTES

    assert refusal(tmp_path, "big.md", content) == (
        "Nothing imported.\n"
        "big.md: the file is 1.0 MB; a track file may be at most 1 MB (split it into several "
        "tracks)"
    )


# --- skills --------------------------------------------------------------------------------------


def test_aliases_make_one_skill_and_projects_keep_their_own_wording():
    csv = Skill.objects.get(name="CSV")
    tags = ProjectSkill.objects.filter(skill=csv).select_related("project")

    assert {tag.label for tag in tags} >= {"csv", "csv module", "CSV handling", "CSV/JSON handling"}
    assert not Skill.objects.filter(name__in=["csv module", "CSV handling"]).exists()
    finance = Project.objects.get(slug="personal-finance-tracker")
    assert [tag.wording for tag in finance.projectskill_set.order_by("position")] == [
        "File I/O",
        "data structures",
        "basic calculations",
        "CSV handling",
    ]


def test_an_import_merges_a_skill_that_became_an_alias(capsys):
    project = Project.objects.get(track__slug="novice-to-principal", slug="address-book-csv")
    tag = project.projectskill_set.get(skill__name="CSV")
    old = Skill.objects.create(name="csv module", slug="csv-module-before-aliases")
    ProjectSkill.objects.filter(pk=tag.pk).update(skill=old)

    call_command("import_catalog", str(CATALOG_DIR / "1-novice-to-principal.md"))

    assert capsys.readouterr().out.splitlines()[-1] == (
        "skills: merged skill “csv module” into “CSV”"
    )
    assert not Skill.objects.filter(pk=old.pk).exists()
    assert project.projectskill_set.get(skill__name="CSV").label == tag.label


def test_skills_match_ignoring_case():
    text = "# Cases\n\n## L\n\n### P\n\n**Skills:** JINJA2, Pytest.\n\n**Milestones:** a.\n"

    project = import_track(parse_track(text, "cases.md")).track.projects.get()

    assert list(project.skills.values_list("name", flat=True).order_by("name")) == [
        "Jinja2",
        "pytest",
    ]


def test_an_alias_listed_under_two_skills_is_refused(tmp_path):
    path = tmp_path / "skill-aliases.toml"
    path.write_text('"CSV" = ["csv module"]\n"Files" = ["CSV module"]\n')

    with pytest.raises(CatalogFormatError) as refused:
        load_aliases(path)

    assert str(refused.value) == (f"{path}: 'CSV module' is listed under both 'CSV' and 'Files'")

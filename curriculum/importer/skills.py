"""One skills vocabulary: the curated aliases of curriculum/catalog/skill-aliases.toml.

A track file names skills in its own words ("csv module", "CSV handling"); the aliases file
says which words are one skill ("CSV"). A project is tagged with the skill and keeps the
file's wording as the tag's label. Names match ignoring case.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from curriculum.catalog_format import CatalogFormatError, Problem


def casefolded(name: str) -> str:
    return " ".join(name.split()).casefold()


@dataclass(frozen=True)
class Aliases:
    """{alias, casefolded: the skill's name}."""

    names: dict[str, str] = field(default_factory=dict)

    def skill_name(self, wording: str) -> str:
        return self.names.get(casefolded(wording), wording)

    def is_alias(self, name: str) -> bool:
        """True for a wording that is not itself a skill's name."""
        canonical = self.names.get(casefolded(name))
        return canonical is not None and casefolded(canonical) != casefolded(name)


def load_aliases(path: Path) -> Aliases:
    """Read the aliases file: `"Skill name" = ["alias", "another alias"]` lines."""
    if not path.exists():
        return Aliases()
    try:
        table = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        problem = Problem(str(path), None, f"expected a valid TOML file: {error}")
        raise CatalogFormatError([problem]) from None
    names: dict[str, str] = {}
    problems = []
    for skill, aliases in table.items():
        if not isinstance(aliases, list) or not all(isinstance(a, str) for a in aliases):
            problems.append(Problem(str(path), None, f"{skill!r}: expected a list of names"))
            continue
        for alias in [skill, *aliases]:
            other = names.setdefault(casefolded(alias), skill)
            if other != skill:
                message = f"{alias!r} is listed under both {other!r} and {skill!r}"
                problems.append(Problem(str(path), None, message))
    if problems:
        raise CatalogFormatError(problems)
    return Aliases(names)

"""Planning inside a project: its milestones, its guidance blocks (and a level's reading
sections), its skills; and the helpers the whole plan shares."""

from __future__ import annotations

from collections import Counter, defaultdict

from curriculum.catalog_format import ProjectData, default_item_key, unique_slug
from curriculum.importer.changes import Change, TrackPlan, Write
from curriculum.importer.matching import Side, match
from curriculum.importer.references import references
from curriculum.importer.skills import Aliases, casefolded
from curriculum.models import Guidance, Milestone, MilestoneKind, Project, ProjectSkill, Skill

KIND_NAMES = {MilestoneKind.CORE: "milestone", MilestoneKind.STRETCH: "stretch goal"}


def changed_fields(row, values: dict, ignore=frozenset()) -> list[str]:
    """The verbose names of the fields whose value differs from the row's."""
    names = []
    for name, value in values.items():
        if name in ignore:
            continue
        field = row._meta.get_field(name)
        if field.is_relation:
            differs = getattr(row, field.attname) != (value.pk if value is not None else None)
        else:
            differs = getattr(row, name) != value
        if differs:
            names.append(str(field.verbose_name))
    return names


def moved_rows(writes: list[Write], scope=lambda write: (None, None)) -> list[Write]:
    """Existing rows that stay in their scope (`scope(write)` is the current and the new
    parent) but change their order relative to the others: the rows outside the longest run
    that keeps its order. Rows shifted by an insertion or a removal have not moved."""
    groups: dict[object, list[Write]] = defaultdict(list)
    for write in writes:
        current, new = scope(write)
        if not (write.is_new or write.restore) and current == new:
            groups[new].append(write)
    moved = []
    for group in groups.values():
        group.sort(key=lambda write: write.values["position"])
        keep = set(_longest_increasing([write.row.position for write in group]))
        moved += [write for index, write in enumerate(group) if index not in keep]
    return moved


def _longest_increasing(values: list[int]) -> list[int]:
    """Indexes of a longest strictly increasing subsequence (quadratic: lists are short)."""
    best = [1] * len(values)
    previous = [-1] * len(values)
    for i in range(len(values)):
        for j in range(i):
            if values[j] < values[i] and best[j] + 1 > best[i]:
                best[i], previous[i] = best[j] + 1, j
    index = max(range(len(values)), key=best.__getitem__, default=-1)
    chain = []
    while index != -1:
        chain.append(index)
        index = previous[index]
    return chain


def touches_of_projects(projects: list[Project]) -> dict[int, Counter]:
    """Learners' rows that point at each project or at one of its live milestones."""
    pks = [project.pk for project in projects]
    found = references(Project, pks)
    milestones = dict(
        Milestone.objects.active().filter(project__in=pks).values_list("pk", "project_id")
    )
    for pk, counts in references(Milestone, milestones).items():
        found[milestones[pk]].update(counts)
    return found


class Existing:
    """The rows below the projects and levels of a track, read in a few queries."""

    def __init__(self, track):
        self.milestones = defaultdict(list)
        self.guidance = defaultdict(list)
        self.tags = defaultdict(list)
        if track.pk is None:
            return
        for milestone in Milestone.objects.filter(project__track=track):
            self.milestones[milestone.project_id].append(milestone)
        guidance = Guidance.objects.active().filter(project__track=track)
        sections = Guidance.objects.active().filter(level__track=track)
        for block in [*guidance, *sections]:
            self.guidance[
                ("project", block.project_id) if block.project_id else ("level", block.level_id)
            ].append(block)
        for tag in ProjectSkill.objects.filter(project__track=track).select_related("skill"):
            self.tags[tag.project_id].append(tag)


def plan_milestones(plan: TrackPlan, existing: Existing, write: Write, data: ProjectData):
    rows = existing.milestones[write.row.pk] if write.row.pk else []
    wanted = [
        (kind, position, item)
        for kind, items in (
            (MilestoneKind.CORE, data.milestones),
            (MilestoneKind.STRETCH, data.stretch_goals),
        )
        for position, item in enumerate(items, 1)
    ]
    found = match(
        wanted,
        rows,
        item=Side(key=lambda w: w[2].key, text=lambda w: w[2].text, place=lambda w: w[:2]),
        row=Side(key=lambda r: r.key, text=lambda r: r.text, place=lambda r: (r.kind, r.position)),
        is_live=lambda row: row.archived_at is None,
    )
    keys = {row.key for row in rows}
    writes = []
    where = f"in “{data.title}”"
    for index, (kind, position, item) in enumerate(wanted):
        milestone = found.get(index) or Milestone(project=write.row)
        values = {"kind": kind, "position": position, "text": item.text}
        values["key"] = (
            item.key or milestone.key or unique_slug(default_item_key(item.text), keys.__contains__)
        )
        keys.add(values["key"])
        restore = milestone.pk is not None and milestone.archived_at is not None
        writes.append(Write(milestone, values, restore=restore))
        _report_milestone(plan, writes[-1], where)
    plan.milestones += writes
    used = {row.pk for row in found.values()}
    stale = [row for row in rows if row.pk not in used and row.archived_at is None]
    if stale:
        plan.archive.append((Milestone, [row.pk for row in stale]))
        touches = references(Milestone, [row.pk for row in stale])
        for row in stale:
            change = Change("archived", KIND_NAMES[row.kind], row.text, where, touches[row.pk])
            plan.changes.append(change)
    for moved in moved_rows(writes, scope=lambda w: (w.row.kind, w.values["kind"])):
        plan.changes.append(
            Change("moved", KIND_NAMES[moved.values["kind"]], moved.values["text"], where)
        )


def _report_milestone(plan: TrackPlan, write: Write, where: str) -> None:
    milestone, values = write.row, write.values
    kind = KIND_NAMES[values["kind"]]
    if write.is_new:
        plan.changes.append(Change("added", kind, values["text"], where))
        return
    if write.restore:
        plan.changes.append(Change("restored", kind, values["text"], where))
    elif milestone.text != values["text"]:
        plan.changes.append(
            Change("reworded", kind, milestone.text, f"to “{values['text']}” {where}")
        )
    if milestone.kind != values["kind"]:
        plan.changes.append(
            Change("changed", kind, values["text"], f"{where}: was a {KIND_NAMES[milestone.kind]}")
        )


def plan_guidance(plan: TrackPlan, existing: Existing, owner: Write, blocks, *, owner_kind: str):
    """Blocks match the live guidance with the same text, else the one in their place."""
    rows = existing.guidance[(owner_kind, owner.row.pk)] if owner.row.pk else []
    text = lambda block: f"{block.kind} {block.title} {block.body}"  # noqa: E731
    found = match(
        list(blocks),
        rows,
        item=Side(key=lambda block: "", text=text, place=lambda block: block.slot),
        row=Side(key=lambda row: "", text=text, place=lambda row: row.position),
        is_live=lambda row: True,
    )
    kind_name = "guidance" if owner_kind == "project" else "reading section"
    where = f"in “{owner.values['title']}”"
    for index, block in enumerate(blocks):
        row = found.get(index) or Guidance(**{owner_kind: owner.row})
        values = {
            "position": block.slot,
            "kind": block.kind,
            "title": block.title,
            "body": block.body,
        }
        write = Write(row, values)
        plan.guidance.append(write)
        if write.is_new:
            plan.changes.append(Change("added", kind_name, _name(block), where))
        elif fields := changed_fields(row, values, ignore={"position"}):
            plan.changes.append(
                Change("changed", kind_name, _name(block), f"{where} ({', '.join(fields)})")
            )
    used = {row.pk for row in found.values()}
    stale = [row for row in rows if row.pk not in used]
    if stale:
        plan.archive.append((Guidance, [row.pk for row in stale]))
        plan.changes += [Change("archived", kind_name, _name(row), where) for row in stale]


def _name(block) -> str:
    """A guidance block as a person would name it: its label, else its first words."""
    first_line = block.body.split("\n")[0]
    return block.title or (first_line if len(first_line) <= 60 else first_line[:59] + "…")


class SkillVocabulary:
    """The skills of the catalog and the aliases, shared by every track of one import."""

    def __init__(self, aliases: Aliases):
        self.aliases = aliases
        self.by_name = {casefolded(skill.name): skill for skill in Skill.objects.all()}
        self.planned: set[str] = set()
        self._slugs: set[str] | None = None

    def slugs(self) -> set[str]:
        if self._slugs is None:
            self._slugs = {skill.slug for skill in self.by_name.values()}
        return self._slugs

    def name_for(self, wording: str) -> str:
        return self.aliases.skill_name(wording)

    def plan(self, plan: TrackPlan, name: str) -> None:
        """Say once per import that a skill is added, or renamed to the aliases' spelling."""
        key = casefolded(name)
        skill = self.by_name.get(key)
        if key in self.planned:
            return
        if skill is None:
            self.planned.add(key)
            plan.changes.append(Change("added", "skill", name))
        elif skill.name != name and key in self.aliases.names:
            self.planned.add(key)
            plan.changes.append(Change("renamed", "skill", skill.name, f"to “{name}”"))


def plan_skill_tags(plan, existing: Existing, write: Write, data: ProjectData, vocabulary):
    wanted: list[tuple[str, str]] = []
    for wording in data.skills:
        name = vocabulary.name_for(wording)
        if casefolded(name) not in {casefolded(n) for n, _ in wanted}:
            wanted.append((name, wording))
            vocabulary.plan(plan, name)
    plan.skill_tags.append((write, wanted))
    if write.is_new:
        return
    current = sorted(existing.tags[write.row.pk], key=lambda tag: tag.position)
    as_is = [(casefolded(tag.skill.name), tag.label) for tag in current]
    if as_is != [(casefolded(name), wording) for name, wording in wanted]:
        plan.changes.append(Change("changed", "project", data.title, "(skills)"))

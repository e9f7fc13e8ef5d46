"""Reading the fields of a project (and of a level) in a track file: text fields, the lists
of skills, milestones and stretch goals, and guidance blocks."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from curriculum.catalog_format.data import ItemData, is_slug
from curriculum.catalog_format.drafts import GuidanceDraft, LevelDraft, ProjectDraft
from curriculum.catalog_format.fields import (
    FIELD_BY_LABEL,
    GUIDANCE_BY_LABEL,
    ITEM_LISTS,
    LEVEL_FIELDS,
    LIST_SEPARATORS,
    normalise_label,
    split_inline,
)
from curriculum.catalog_format.syntax import CHECKBOX, CONTINUATION, ITEM, ITEM_KEY


@dataclass
class OpenList:
    """A list field whose value is the item lines that follow its label."""

    name: str  # skills, milestones, stretch_goals, or "guidance"
    label_line: int
    label: str
    items: list[ItemData] = field(default_factory=list)
    guidance: GuidanceDraft | None = None


class FieldReader:
    """The part of the parser that reads `**Label:** value` lines and the lists after them.

    Relies on the parser's `number`, `levels`, `project`, `open_list` and `fail`."""

    number: int
    levels: list[LevelDraft]
    project: ProjectDraft | None
    open_list: OpenList | None

    def fail(self, expected: str, line: int | None = None) -> None:
        raise NotImplementedError

    def read_field(self, match: re.Match[str]) -> bool:
        """Read a `**Label:** value` line; False when it is ordinary bold text."""
        label, value = match["label"].strip(), match["value"].strip()
        name = FIELD_BY_LABEL.get(normalise_label(label))
        kind = GUIDANCE_BY_LABEL.get(normalise_label(label))
        if self.project is None:
            if name in LEVEL_FIELDS and self.levels and not self.levels[-1].items:
                return self.set_level_field(label, value)
            if name is None:
                return False
            self.fail("a '### Project' heading before a field")
        if name is None and kind is None:
            self.fail("a known field label (see the label table of the format)")
        if kind:
            self.start_guidance(kind, label, value)
        elif name in LIST_SEPARATORS:
            self.start_list(name, label, value)
        else:
            self.set_text_field(name, label, value)
        return True

    def set_level_field(self, label: str, value: str) -> bool:
        level = self.levels[-1]
        if not value:
            self.fail(f"a value after the '{label}' label")
        if level.difficulty:
            self.fail(f"one '{label}' field per level")
        level.difficulty, level.difficulty_line = value, self.number
        return True

    def set_text_field(self, name: str, label: str, value: str) -> None:
        if not value:
            self.fail(f"a value after the '{label}' label")
        if name in self.project.texts:
            self.fail(f"one '{label}' field per project")
        self.project.texts[name] = value
        self.project.lines[name] = self.number

    def start_list(self, name: str, label: str, value: str) -> None:
        self.project.lines.setdefault(name, self.number)
        if not value:
            self.open_list = OpenList(name=name, label_line=self.number, label=label)
            return
        items = split_inline(value, LIST_SEPARATORS[name])
        if not items:
            self.fail(f"at least one item in the '{label}' field")
        if name == "skills":
            self.project.skills.extend(items)
        else:
            found = [ItemData(text=text, line=self.number) for text in items]
            self.project.add_items(name, label, found)

    def start_guidance(self, kind: str, label: str, value: str) -> None:
        guidance = GuidanceDraft(kind=kind, title=label, line=self.number)
        self.project.blocks.append(guidance)
        if value:
            guidance.text.add(value)
        else:
            self.open_list = OpenList(
                name="guidance", label_line=self.number, label=label, guidance=guidance
            )

    def read_list_line(self, line: str) -> bool:
        """Add an item line to the open list field; False when the line ends the list."""
        open_list = self.open_list
        if not line.strip():
            if open_list.guidance and open_list.items:
                open_list.guidance.text.end_paragraph()
            return True
        item = ITEM.match(line)
        continued = open_list.items and CONTINUATION.match(line)
        if open_list.guidance and (item or continued):
            if item and not (item["text"] or "").strip():
                self.fail(f"the text of an item of the '{open_list.label}' field")
            open_list.guidance.text.add(line)
            open_list.items.append(ItemData(text=line))
            return True
        if item:
            open_list.items.append(self.read_item(item["text"] or "", open_list.label))
            return True
        if continued:
            last = open_list.items[-1]
            item = self.read_item(f"{last.text} {line.strip()}", "", last.line)
            open_list.items[-1] = item if item.key else replace(item, key=last.key)
            return True
        self.close_list()
        return False

    def read_item(self, text: str, label: str, line: int | None = None) -> ItemData:
        text = CHECKBOX.sub("", text.strip())
        key = ITEM_KEY.search(text)
        if key:
            text = text[: key.start()].rstrip()
        if not text:
            self.fail(f"the text of an item of the '{label}' field")
        if key and not is_slug(key["key"]):
            self.fail("an id of lowercase ASCII letters, digits and hyphens")
        return ItemData(text=text, key=key["key"] if key else "", line=line or self.number)

    def close_list(self) -> None:
        open_list, self.open_list = self.open_list, None
        if open_list is None:
            return
        if not open_list.items:
            self.fail(
                f"a '- item' line for the '{open_list.label}' field of line {open_list.label_line}"
            )
        if open_list.name == "skills":
            self.project.skills.extend(item.text for item in open_list.items)
        elif open_list.name in ITEM_LISTS:
            self.project.add_items(open_list.name, open_list.label, open_list.items)

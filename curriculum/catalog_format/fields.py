"""The fields of a project in a track file: their labels, and inline lists."""

from __future__ import annotations

# ---------------------------------------------------------------------------------------------
# Field labels

TEXT_FIELDS = (
    "what_you_build",
    "collection",
    "weeks",
    "continues",
    "difficulty",
    "time_investment",
    "portfolio_value",
    "business_potential",
    "tech_stack",
)
# Lists whose items are data: skills are tags, milestones and stretch goals are ticked.
LIST_SEPARATORS = {"skills": ",", "milestones": ";", "stretch_goals": ";"}
ITEM_LISTS = ("milestones", "stretch_goals")
FIELD_LABELS = {
    "what_you_build": ("What you build", "What you'll build", "Description"),
    "difficulty": ("Difficulty", "Difficulty level"),
    "time_investment": ("Time investment", "Time estimate", "Time"),
    "portfolio_value": ("Portfolio value",),
    "business_potential": ("Business potential",),
    "tech_stack": ("Tech stack",),
    "collection": ("Collection",),
    "continues": ("Continues", "Builds on"),
    "weeks": ("Week", "Weeks"),
    "skills": ("Skills you'll learn", "Skills practiced", "Skills"),
    "milestones": (
        "Milestones",
        "Key features",
        "Steps",
        "Steps to build",
        "Requirements",
        "Tasks",
        "Practice",
        "Deliverables",
        "Checklist",
        "Build steps",
    ),
    "stretch_goals": ("Stretch goals", "Extension ideas"),
}
# Guidance: blocks of Markdown kept as written, by kind. The label as written is the block's
# title; render writes it back.
GUIDANCE_LABELS = {
    "note": ("Note", "Notes"),
    "objectives": (
        "Learning objectives",
        "Objectives",
        "Topics",
        "Goals",
        "Goals and skills",
        "Focus on",
    ),
    "tips": ("Tips", "Advice", "Ideas", "Capstone ideas"),
    "outcomes": ("Outcomes", "Key skills", "Portfolio goal"),
    "resources": ("Resources", "Further reading"),
    "questions": ("Questions", "Ask yourself", "Questions to ask yourself"),
    "rubric": ("Rubric", "Signals", "What reviewers look for"),
}
# The labels render_track writes.
RENDER_LABELS = {
    "what_you_build": "What you build",
    "difficulty": "Difficulty",
    "time_investment": "Time investment",
    "portfolio_value": "Portfolio value",
    "business_potential": "Business potential",
    "tech_stack": "Tech stack",
    "collection": "Collection",
    "continues": "Continues",
    "weeks": "Weeks",
    "skills": "Skills you’ll learn",
    "milestones": "Milestones",
    "stretch_goals": "Stretch goals",
}
# What a level may state before its first project.
LEVEL_FIELDS = ("difficulty",)


def normalise_label(label: str) -> str:
    return " ".join(label.replace("’", "'").split()).casefold()


FIELD_BY_LABEL = {
    normalise_label(label): name for name, labels in FIELD_LABELS.items() for label in labels
}
GUIDANCE_BY_LABEL = {
    normalise_label(label): kind for kind, labels in GUIDANCE_LABELS.items() for label in labels
}


def guidance_label(kind: str, title: str) -> str:
    """The label to write for a guidance block: its title when that reads back as the same
    kind, else the kind's first label."""
    if title and GUIDANCE_BY_LABEL.get(normalise_label(title)) == kind:
        return title
    return GUIDANCE_LABELS[kind][0]


def list_label(name: str, label: str) -> str:
    """The label to write for a milestone or stretch list (its own, when it reads back)."""
    if label and FIELD_BY_LABEL.get(normalise_label(label)) == name:
        return label
    return RENDER_LABELS[name]


def split_inline(value: str, separator: str) -> tuple[str, ...]:
    """Split an inline list; a separator inside parentheses or brackets does not count."""
    value = value.strip().removesuffix(".")
    items: list[str] = []
    current: list[str] = []
    depth = 0
    for character in value:
        if character in "([{":
            depth += 1
        elif character in ")]}":
            depth = max(depth - 1, 0)
        if character == separator and depth == 0:
            items.append("".join(current))
            current = []
        else:
            current.append(character)
    items.append("".join(current))
    return tuple(item.strip() for item in items if item.strip())

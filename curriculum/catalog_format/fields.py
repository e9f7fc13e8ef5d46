"""The fields of a project in a track file: their labels, and inline lists."""

from __future__ import annotations

# ---------------------------------------------------------------------------------------------
# Field labels

TEXT_FIELDS = (
    "what_you_build",
    "difficulty",
    "time_investment",
    "portfolio_value",
    "business_potential",
    "tech_stack",
)
LIST_SEPARATORS = {
    "skills": ",",
    "learning_objectives": ";",
    "milestones": ";",
    "stretch_goals": ";",
}
FIELD_LABELS = {
    "what_you_build": ("What you build", "What you'll build", "Description"),
    "difficulty": ("Difficulty", "Difficulty level"),
    "time_investment": ("Time investment", "Time estimate", "Time"),
    "portfolio_value": ("Portfolio value",),
    "business_potential": ("Business potential",),
    "tech_stack": ("Tech stack",),
    "skills": ("Skills you'll learn", "Skills practiced", "Skills"),
    "learning_objectives": ("Learning objectives", "Topics"),
    "milestones": (
        "Milestones",
        "Key features",
        "Steps",
        "Steps to build",
        "Requirements",
        "Goals",
        "Tasks",
        "Practice",
        "Deliverables",
        "Checklist",
    ),
    "stretch_goals": ("Stretch goals", "Extension ideas"),
}
# The labels render_track writes.
RENDER_LABELS = {
    "what_you_build": "What you build",
    "difficulty": "Difficulty",
    "time_investment": "Time investment",
    "portfolio_value": "Portfolio value",
    "business_potential": "Business potential",
    "tech_stack": "Tech stack",
    "skills": "Skills you’ll learn",
    "learning_objectives": "Learning objectives",
    "milestones": "Milestones",
    "stretch_goals": "Stretch goals",
}


def normalise_label(label: str) -> str:
    return " ".join(label.replace("’", "'").split()).casefold()


FIELD_BY_LABEL = {
    normalise_label(label): name for name, labels in FIELD_LABELS.items() for label in labels
}


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

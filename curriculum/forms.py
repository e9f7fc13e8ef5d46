from django import forms

from curriculum.models import Difficulty
from curriculum.search import MAX_QUERY_LENGTH, search_projects


class TrackFilterForm(forms.Form):
    """The track page's filters. Choices come from the track, so a stale or crafted value gets
    a message instead of an empty or broken page."""

    q = forms.CharField(
        label="Search this track",
        required=False,
        max_length=MAX_QUERY_LENGTH,
        widget=forms.SearchInput(attrs={"placeholder": "e.g. CSV, API"}),
    )
    level = forms.ChoiceField(required=False)
    collection = forms.ChoiceField(required=False)
    skill = forms.ChoiceField(required=False)
    difficulty = forms.ChoiceField(
        required=False, choices=[("", "Any difficulty"), *Difficulty.choices]
    )

    def __init__(self, data, *, levels, skills, collections=()):
        super().__init__(data)
        self.fields["level"].choices = [("", "All levels")] + [
            (level.slug, level.heading) for level in levels
        ]
        self.fields["collection"].choices = [("", "All collections")] + [
            (collection.slug, collection.title) for collection in collections
        ]
        self.fields["skill"].choices = [("", "Any skill")] + [
            (skill.slug, skill.name) for skill in skills.in_reading_order()
        ]

    @property
    def has_collections(self) -> bool:
        return len(self.fields["collection"].choices) > 1

    @property
    def is_filtering(self) -> bool:
        return self.is_valid() and any(self.cleaned_data.values())

    def filter(self, projects):
        """The projects that match every valid filter; invalid ones are left out (and shown
        as errors on the form)."""
        self.is_valid()
        values = getattr(self, "cleaned_data", {})
        if values.get("level"):
            projects = projects.filter(level__slug=values["level"])
        if values.get("collection"):
            projects = projects.filter(collection__slug=values["collection"])
        if values.get("skill"):
            projects = projects.filter(skills__slug=values["skill"])
        if values.get("difficulty"):
            projects = projects.of_difficulty(values["difficulty"])
        if values.get("q"):
            projects = search_projects(values["q"], projects)
        return projects


class SearchForm(forms.Form):
    q = forms.CharField(
        label="Search projects, milestones and skills",
        required=False,
        max_length=MAX_QUERY_LENGTH,
        widget=forms.SearchInput(
            attrs={"placeholder": "e.g. markdown, argparse, REST API", "autofocus": True}
        ),
    )

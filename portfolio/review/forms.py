"""Forms of the mentor side: the queue's filters and the review itself."""

from django import forms

from portfolio.models import Helpfulness, Message, Review, ReviewRating, RubricSignal, Verdict

NOTE_MAX_LENGTH = 500
COMMENT_MAX_LENGTH = Review._meta.get_field("comment").max_length
COMMENT_REQUIRED_MESSAGE = (
    "Tell the learner what to change: a comment is required when you request changes."
)


class QueueFilterForm(forms.Form):
    """The queue's filters. A stale or crafted value is reported and ignored, not a 500 or an
    empty page. Level slugs are unique per track only: with a track chosen, the level must be
    one of its levels; without one, it matches that level in every track."""

    track = forms.ChoiceField(required=False)
    level = forms.ChoiceField(required=False)
    learners = forms.ChoiceField(
        required=False, choices=[("", "Everyone"), ("cohorts", "My cohorts")]
    )

    def __init__(self, data, *, tracks, levels):
        super().__init__(data)
        self.fields["track"].choices = [("", "All tracks")] + [
            (track.slug, track.title) for track in tracks
        ]
        chosen_track = data.get("track")
        if chosen_track in {track.slug for track in tracks}:
            level_choices = [
                (level.slug, level.heading) for level in levels if level.track.slug == chosen_track
            ]
        else:
            level_choices = list({level.slug: level.title for level in levels}.items())
        self.fields["level"].choices = [("", "All levels"), *level_choices]

    def filter(self, submissions):
        """The submissions matching every valid filter; invalid ones show as form errors."""
        self.is_valid()
        values = getattr(self, "cleaned_data", {})
        if values.get("track"):
            submissions = submissions.filter(project__track__slug=values["track"])
        if values.get("level"):
            submissions = submissions.filter(project__level__slug=values["level"])
        if values.get("learners") == "cohorts":
            submissions = submissions.only_cohorts()
        return submissions


class ReviewForm(forms.Form):
    """The rubric (met / not yet and an optional note per signal), a Markdown comment and the
    verdict. Requesting changes without saying which is refused."""

    verdict = forms.ChoiceField(choices=Verdict.choices, widget=forms.RadioSelect)
    comment = forms.CharField(
        required=False,
        max_length=COMMENT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text="Markdown. Required when you request changes.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for signal in RubricSignal:
            self.fields[f"{signal.value}_met"] = forms.BooleanField(
                required=False, label=f"{signal.label}: met"
            )
            self.fields[f"{signal.value}_note"] = forms.CharField(
                required=False,
                max_length=NOTE_MAX_LENGTH,
                label=f"Note on {signal.label[0].lower()}{signal.label[1:]} (optional)",
            )

    def rubric_rows(self):
        """[(met field, note field)] in rubric order, for the template."""
        return [
            (self[f"{signal.value}_met"], self[f"{signal.value}_note"]) for signal in RubricSignal
        ]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("verdict") == Verdict.REQUEST_CHANGES and not cleaned.get("comment"):
            self.add_error("comment", COMMENT_REQUIRED_MESSAGE)
        return cleaned

    @property
    def rubric(self) -> dict:
        return {
            signal.value: {
                "met": self.cleaned_data[f"{signal.value}_met"],
                "note": self.cleaned_data[f"{signal.value}_note"],
            }
            for signal in RubricSignal
        }


class MessageForm(forms.Form):
    body = forms.CharField(
        label="Your message",
        max_length=Message._meta.get_field("body").max_length,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Markdown.",
        error_messages={"required": "Write something before you send it."},
    )

    def clean_body(self):
        body = self.cleaned_data["body"].strip()
        if not body:
            raise forms.ValidationError("Write something before you send it.")
        return body


class RatingForm(forms.Form):
    helpfulness = forms.ChoiceField(
        label="How was this review?",
        choices=Helpfulness.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose one of the three answers."},
    )
    comment = forms.CharField(
        label="Anything to add? (optional)",
        required=False,
        max_length=ReviewRating._meta.get_field("comment").max_length,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Only the mentor who wrote the review and the admins read this.",
    )


class PeriodForm(forms.Form):
    """The period of a mentor's page; a crafted value is reported and ignored."""

    period = forms.ChoiceField(
        required=False, choices=[("30", "Last 30 days"), ("all", "All time")], label="Period"
    )

    def days(self) -> int | None:
        """30, or None for all time."""
        self.is_valid()
        return None if getattr(self, "cleaned_data", {}).get("period") == "all" else 30

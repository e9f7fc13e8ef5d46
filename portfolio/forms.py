from datetime import timedelta

from django import forms
from django.core.validators import URLValidator
from django.urls import reverse_lazy
from django.utils import timezone

from portfolio.models import Screenshot, Submission
from portfolio.screenshots import MAX_BYTES, clean_screenshots
from portfolio.submissions import UploadRefused, screenshots_stage

MAX_SCREENSHOTS = 5
TOO_MANY_SCREENSHOTS = f"Attach at most {MAX_SCREENSHOTS} screenshots."
WRITE_UP_MAX_LENGTH = Submission._meta.get_field("write_up").max_length
web_url = URLValidator(
    schemes=["http", "https"],
    message="Enter a full web address starting with https:// (or http://).",
)


class MultipleImageInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class ScreenshotsField(forms.FileField):
    """At most MAX_SCREENSHOTS images (more are refused unread), decoded and re-encoded by
    clean_screenshots."""

    widget = MultipleImageInput(attrs={"accept": "image/png,image/jpeg,image/webp"})

    def clean(self, data, initial=None):
        uploads = [upload for upload in (data or []) if upload]
        if len(uploads) > MAX_SCREENSHOTS:
            raise forms.ValidationError(TOO_MANY_SCREENSHOTS)
        return clean_screenshots(uploads) if uploads else []


class StagedScreenshotsField(forms.ModelMultipleChoiceField):
    widget = forms.CheckboxSelectMultiple
    default_error_messages = {
        "invalid_choice": "A screenshot you kept is no longer available: attach it again.",
        "invalid_pk_value": "A screenshot you kept is no longer available: attach it again.",
    }

    def label_from_instance(self, screenshot):
        return f"Screenshot {screenshot.pk} ({screenshot.width} × {screenshot.height})"


class SubmissionForm(forms.ModelForm):
    """The evidence of one iteration. Screenshots are stored as soon as they check out, even
    when another field does not or the learner only previews, so they are never attached twice:
    the form then lists them under `keep`, ticked."""

    repository_url = forms.CharField(
        label="Repository URL",
        max_length=500,
        validators=[web_url],
        help_text="Where a mentor can read your code, e.g. https://github.com/you/project",
    )
    demo_url = forms.CharField(
        label="Live demo URL",
        max_length=500,
        required=False,
        validators=[web_url],
        help_text="Optional: where the running project can be tried.",
    )
    keep = StagedScreenshotsField(
        queryset=Screenshot.objects.none(),
        required=False,
        label="Screenshots attached",
        help_text="Untick one to leave it out.",
    )
    screenshots = ScreenshotsField(
        required=False,
        help_text=f"Up to {MAX_SCREENSHOTS} PNG, JPEG or WebP images, "
        f"{MAX_BYTES // 1024 // 1024} MB each.",
    )

    class Meta:
        model = Submission
        fields = ["repository_url", "demo_url", "write_up"]
        labels = {"write_up": "Write-up"}
        help_texts = {
            "write_up": "What you built, the decisions you made, what you would do next. Markdown."
        }
        widgets = {
            "write_up": forms.Textarea(
                attrs={
                    "rows": 10,
                    # The preview follows what is typed, without a reload.
                    "hx-post": reverse_lazy("portfolio:write-up-preview"),
                    "hx-trigger": "input changed delay:600ms",
                    "hx-target": "#preview",
                    "hx-swap": "outerHTML",
                    "hx-params": "write_up",
                }
            )
        }

    def __init__(self, *args, owner, **kwargs):
        super().__init__(*args, **kwargs)
        self.owner = owner
        self.fields["keep"].queryset = Screenshot.objects.staged_by(owner)

    def clean_screenshots(self):
        images = self.cleaned_data["screenshots"]
        if len(self.cleaned_data.get("keep", [])) + len(images) > MAX_SCREENSHOTS:
            raise forms.ValidationError(TOO_MANY_SCREENSHOTS)
        return images

    def stage_uploads(self) -> None:
        """Store the uploads that check out, whatever the other fields say, and validate again
        with them among the screenshots to keep."""
        if not self.files or self.has_error("screenshots"):
            return
        try:
            staged = screenshots_stage(owner=self.owner, images=self.cleaned_data["screenshots"])
        except UploadRefused as refusal:
            self.add_error("screenshots", str(refusal))
            return
        data = self.data.copy()
        data.setlist("keep", [*data.getlist("keep"), *(str(shot.pk) for shot in staged)])
        self.data, self.files, self._errors = data, {}, None

    @property
    def preview(self):
        """The write-up as it will show, when it is valid."""
        if self.is_bound and not self.has_error("write_up"):
            return self.cleaned_data["write_up"]
        return None


class PreviewForm(forms.Form):
    write_up = forms.CharField(required=False, max_length=WRITE_UP_MAX_LENGTH)


class TrackStartForm(forms.Form):
    """The day a learner starts a plan by week (a past day catches up on a plan begun earlier)."""

    started_on = forms.DateField(
        label="I start on",
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"required": "Pick the day you start.", "invalid": "Enter a date."},
    )

    def clean_started_on(self):
        started_on = self.cleaned_data["started_on"]
        today = timezone.localdate()
        if not today - timedelta(days=5 * 366) <= started_on <= today + timedelta(days=366):
            raise forms.ValidationError(
                "Pick a day within a year from today (or up to 5 years ago)."
            )
        return started_on

from django import forms
from django.core.validators import URLValidator

from portfolio.models import Submission
from portfolio.screenshots import clean_screenshot

MAX_SCREENSHOTS = 5
web_url = URLValidator(
    schemes=["http", "https"],
    message="Enter a full web address starting with https:// (or http://).",
)


class MultipleImageInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class ScreenshotsField(forms.FileField):
    """Up to five images, each decoded and re-encoded by clean_screenshot."""

    widget = MultipleImageInput(attrs={"accept": "image/png,image/jpeg,image/webp"})

    def clean(self, data, initial=None):
        uploads = [upload for upload in (data or []) if upload]
        if len(uploads) > MAX_SCREENSHOTS:
            raise forms.ValidationError(f"Attach at most {MAX_SCREENSHOTS} screenshots.")
        errors, images = [], []
        for upload in uploads:
            try:
                images.append(clean_screenshot(upload))
            except forms.ValidationError as error:
                errors.extend(error.messages)
        if errors:
            raise forms.ValidationError(errors)
        return images


class SubmissionForm(forms.ModelForm):
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
    screenshots = ScreenshotsField(
        required=False, help_text="Up to 5 PNG, JPEG or WebP images, 5 MB each."
    )

    class Meta:
        model = Submission
        fields = ["repository_url", "demo_url", "write_up"]
        labels = {"write_up": "Write-up"}
        help_texts = {
            "write_up": "What you built, the decisions you made, what you would do next. Markdown."
        }
        widgets = {"write_up": forms.Textarea(attrs={"rows": 10})}


class PreviewForm(forms.Form):
    write_up = forms.CharField(required=False, max_length=20_000)

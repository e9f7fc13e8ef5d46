from django import forms
from django.utils import timezone

from accounts.models import User


class ProfileForm(forms.ModelForm):
    class Meta:
        model = User
        fields = [
            "display_name",
            "bio",
            "github_username",
            "portfolio_public",
            "notify_new_submissions",
            "away_until",
        ]
        widgets = {
            "bio": forms.Textarea(attrs={"rows": 5}),
            "away_until": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Only mentors get news of new submissions, and can pause it.
        if not self.instance.is_mentor:
            del self.fields["notify_new_submissions"]
            del self.fields["away_until"]

    def clean_away_until(self):
        away_until = self.cleaned_data["away_until"]
        if "away_until" in self.changed_data and away_until and away_until < timezone.localdate():
            raise forms.ValidationError("Choose today or a later day, or leave it empty.")
        return away_until

    def clean_github_username(self):
        # People paste their profile URL or "@name"; keep what they meant.
        value = self.cleaned_data["github_username"].strip()
        value = value.removeprefix("https://github.com/").removeprefix("@").strip("/")
        return value

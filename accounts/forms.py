from django import forms

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
        ]
        widgets = {"bio": forms.Textarea(attrs={"rows": 5})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Only mentors get emails about new submissions.
        if not self.instance.is_mentor:
            del self.fields["notify_new_submissions"]

    def clean_github_username(self):
        # People paste their profile URL or "@name"; keep what they meant.
        value = self.cleaned_data["github_username"].strip()
        value = value.removeprefix("https://github.com/").removeprefix("@").strip("/")
        return value

from allauth.account.forms import SignupForm as AllauthSignupForm
from django import forms
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from accounts.models import HandleChange, User


class SignupForm(AllauthSignupForm):
    def try_save(self, request):
        """An address that already has an account gets an email saying so, and the page
        answers as for a new one. It must answer as fast, too: a new account hashes its
        password, so this path hashes it as well (and both send their email from the
        worker), or the response time would tell who has an account."""
        if self.account_already_exists:
            make_password(self.cleaned_data["password1"])
        return super().try_save(request)


class ProfileForm(forms.ModelForm):
    class Meta:
        model = User
        fields = [
            "username",
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

    def clean_username(self):
        handle = self.cleaned_data["username"]
        if User.objects.handle_taken(handle, except_by=self.instance):
            raise forms.ValidationError("That handle is taken: choose another one.")
        return handle

    @transaction.atomic
    def save(self, commit=True):
        user = super().save(commit)
        if "username" in self.changed_data:
            HandleChange.objects.record(user=user, old_handle=self.initial["username"])
        return user

    def clean_github_username(self):
        # People paste their profile URL or "@name"; keep what they meant.
        value = self.cleaned_data["github_username"].strip()
        value = value.removeprefix("https://github.com/").removeprefix("@").strip("/")
        return value

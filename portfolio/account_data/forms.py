from allauth.mfa.base.forms import ReauthenticateForm
from django import forms


class AccountDeleteForm(forms.Form):
    """Deleting takes the password, and a two-factor code when the account has a second
    factor: a session left open on a shared computer is not enough."""

    password = forms.CharField(
        label="Your password",
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    code = forms.CharField(
        label="Two-factor code",
        help_text="From your authenticator app, or one of your recovery codes.",
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        if not user.has_two_factor():
            del self.fields["code"]

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError("That is not your password.")
        return password

    def clean_code(self):
        # allauth's own check: TOTP or a recovery code, rate limited, each code used once.
        second_factor = ReauthenticateForm({"code": self.cleaned_data["code"]}, user=self.user)
        if not second_factor.is_valid():
            raise forms.ValidationError(second_factor.errors["code"])
        return self.cleaned_data["code"]

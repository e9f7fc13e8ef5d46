from django import forms

from portfolio.models import Credential


class RevokeForm(forms.Form):
    reason = forms.CharField(
        max_length=Credential._meta.get_field("revocation_reason").max_length,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Shown on the credential’s public page and in its status list.",
    )

    def clean_reason(self):
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise forms.ValidationError("Say why the credential is revoked.")
        return reason

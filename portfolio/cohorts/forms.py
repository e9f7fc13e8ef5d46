from django import forms

from accounts.models import User
from curriculum.models import Track
from portfolio.models import Cohort


class MentorChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, user):
        return user.name


class CohortForm(forms.ModelForm):
    mentors = MentorChoiceField(
        queryset=User.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text="Who runs the cohort: they see its learners' progress on the track.",
    )

    class Meta:
        model = Cohort
        fields = ["name", "track", "starts_on", "mentors"]
        widgets = {"starts_on": forms.DateInput(attrs={"type": "date"})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["track"].queryset = Track.objects.published()
        self.fields["mentors"].queryset = User.objects.mentors().order_by(
            "display_name", "username"
        )


class JoinForm(forms.Form):
    code = forms.CharField(
        label="Invite code", max_length=16, help_text="The code your mentor gave you."
    )

    def clean_code(self):
        code = self.cleaned_data["code"].strip()
        if not Cohort.objects.filter(invite_code=code).exists():
            raise forms.ValidationError("No cohort has this code: check it with your mentor.")
        return code

from django import forms
from django.utils import timezone

from portfolio.models import TimeEntry
from portfolio.models.time import MAX_MINUTES_A_DAY
from portfolio.timekeeping import QUICK_MINUTES


class TimeEntryForm(forms.ModelForm):
    """Hours and minutes as people type them; stored as minutes."""

    hours = forms.IntegerField(min_value=0, max_value=24, initial=0)
    extra_minutes = forms.IntegerField(label="Minutes", min_value=0, max_value=59, initial=0)

    class Meta:
        model = TimeEntry
        fields = ["spent_on", "note"]
        widgets = {"spent_on": forms.DateInput(attrs={"type": "date"})}
        labels = {"note": "What you did (optional)"}

    field_order = ["hours", "extra_minutes", "spent_on", "note"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["hours"], self.initial["extra_minutes"] = divmod(self.instance.minutes, 60)

    def clean_spent_on(self):
        day = self.cleaned_data["spent_on"]
        if day > timezone.localdate():
            raise forms.ValidationError("That day is still to come: log time you have spent.")
        return day

    def clean(self):
        cleaned = super().clean()
        if "hours" not in cleaned or "extra_minutes" not in cleaned:
            return cleaned  # their own errors say what is wrong
        minutes = 60 * cleaned["hours"] + cleaned["extra_minutes"]
        if not 1 <= minutes <= MAX_MINUTES_A_DAY:
            raise forms.ValidationError("Log between 1 minute and 24 hours at a time.")
        self.instance.minutes = minutes
        return cleaned


class QuickTimeForm(forms.Form):
    minutes = forms.TypedChoiceField(choices=[(m, m) for m in QUICK_MINUTES], coerce=int)

"""What the catalog's admin pages share: positions that stay unique among a parent's live
rows, and archiving instead of deleting (learners' data points at catalog rows).

Positions are unique among a parent's live rows and that constraint is checked row by row, so
the inline formsets check the submitted positions together and save in an order that lets two
rows swap places (the models' `make_room`, which the importer uses too).
"""

from django import forms
from django.contrib import admin
from django.forms.models import BaseInlineFormSet
from django.utils import timezone

from curriculum.models import Guidance, Level, Milestone, Project

# With `position`, these fields are unique among live rows (the models' conditional constraints).
POSITION_SCOPES = {
    Level: ("track",),
    Project: ("level",),
    Milestone: ("project", "kind"),
    Guidance: ("project",),
}


class PositionedForm(forms.ModelForm):
    """Refuses a position that another live row holds.

    Django skips the conditional constraint when validating this form (its condition reads
    `archived_at`, which is not a form field), so a taken position would be a server error.
    """

    def clean(self):
        cleaned_data = super().clean()
        model = self._meta.model
        place = {name: cleaned_data.get(name) for name in (*POSITION_SCOPES[model], "position")}
        if None in place.values() or self.instance.archived_at is not None:
            return cleaned_data
        if place["position"] < 1:
            self.add_error("position", "Positions start at 1.")
        elif model.objects.active().filter(**place).exclude(pk=self.instance.pk).exists():
            self.add_error(
                "position",
                f"Another {model._meta.verbose_name} already has position {place['position']}.",
            )
        return cleaned_data


class PositionedInlineFormSet(BaseInlineFormSet):
    """Inline rows whose `position` is unique among the parent's live rows.

    The inline shows every live row, so duplicates are found among the submitted rows; the
    database would otherwise refuse them with a server error.
    """

    def clean(self):
        super().clean()
        scope = [name for name in POSITION_SCOPES[self.model] if name != self.fk.name]
        taken = set()
        for form in self.forms:
            position = form.cleaned_data.get("position")
            if position is None or self._should_delete_form(form):
                continue
            if position < 1:
                form.add_error("position", "Positions start at 1.")
                continue
            place = (*(form.cleaned_data.get(name) for name in scope), position)
            if place in taken:
                form.add_error("position", f"Another row already has position {position}.")
            taken.add(place)
        self.validate_constraints_with_parent()

    def validate_constraints_with_parent(self):
        """Django leaves the parent out of an inline row's constraint checks, so a clash with
        a row the inline doesn't show (an archived level's slug) would be a server error."""
        if self.instance.pk is None:
            return  # a new parent has no rows yet; clashes among the new ones are checked
        for form in self.forms:
            if form.has_changed() and form.is_valid() and not self._should_delete_form(form):
                try:
                    # Positions were checked above, among the rows as submitted.
                    form.instance.validate_constraints(exclude={"position"})
                except forms.ValidationError as error:
                    form.add_error(None, error)

    def save(self, commit=True):
        if commit:
            moving = [
                form.instance.pk
                for form in self.initial_forms
                if self._should_delete_form(form)
                or {"position", *POSITION_SCOPES[self.model]}.intersection(form.changed_data)
            ]
            self.model.objects.filter(pk__in=moving).make_room()
        return super().save(commit)


class ArchivedFilter(admin.SimpleListFilter):
    title = "archived"
    parameter_name = "archived"

    def lookups(self, request, model_admin):
        return [("no", "No"), ("yes", "Yes")]

    def queryset(self, request, queryset):
        if self.value() in ("yes", "no"):
            return queryset.filter(archived_at__isnull=self.value() == "no")
        return queryset


class ArchiveActionsMixin:
    """Archive and restore actions; archived rows are hidden from learners and kept.

    A restored row whose place was taken meanwhile goes to the end.
    """

    @admin.display(boolean=True, description="archived", ordering="archived_at")
    def is_archived(self, obj):
        return obj.archived_at is not None

    @admin.action(description="Archive selected %(verbose_name_plural)s", permissions=["change"])
    def archive(self, request, queryset):
        rows = list(queryset.active())
        self.model.objects.filter(pk__in=[row.pk for row in rows]).archive(timezone.now())
        for row in rows:
            self.log_change(request, row, "Archived.")
        self.message_user(request, f"Archived {len(rows)} {self._name(len(rows))}.")

    @admin.action(description="Restore selected %(verbose_name_plural)s", permissions=["change"])
    def restore(self, request, queryset):
        rows = list(queryset.filter(archived_at__isnull=False))
        for row in rows:
            message = "Restored."
            if self.model in POSITION_SCOPES:
                siblings = self._live_siblings(row)
                if siblings.filter(position=row.position).exists():
                    row.position = siblings.next_position()
                    message = f"Restored at position {row.position}: its place was taken."
            row.archived_at = None
            row.save(update_fields=["archived_at", "position"])
            self.log_change(request, row, message)
        self.message_user(request, f"Restored {len(rows)} {self._name(len(rows))}.")

    def _live_siblings(self, row):
        scope = {name: getattr(row, name) for name in POSITION_SCOPES[self.model]}
        return type(row).objects.active().filter(**scope).exclude(pk=row.pk)

    def _name(self, count):
        return self.opts.verbose_name if count == 1 else self.opts.verbose_name_plural

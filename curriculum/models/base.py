"""What every catalog model shares: archiving, positions, keys and constraints."""

import re
import unicodedata

from django.db import models
from django.db.models import F, Max, Q
from django.utils import timezone
from django.utils.safestring import mark_safe

from curriculum.cache import catalog_changed
from roadmap.fields import MarkdownHTMLField
from roadmap.markdown import render_markdown

_ONE_PARAGRAPH = re.compile(r"^<p>(.*)</p>\n?$", re.DOTALL)


class CatalogQuerySet(models.QuerySet):
    """Writes that send no signal (`update`, `bulk_create`, `bulk_update`) retire the cached
    catalog pages as saves and deletes do (see curriculum.apps)."""

    def update(self, **kwargs):
        catalog_changed()
        return super().update(**kwargs)

    def bulk_create(self, objs, *args, **kwargs):
        catalog_changed()
        return super().bulk_create(objs, *args, **kwargs)

    def bulk_update(self, objs, *args, **kwargs):
        catalog_changed()
        return super().bulk_update(objs, *args, **kwargs)


class ArchivableQuerySet(CatalogQuerySet):
    """Rows that are archived instead of deleted: learners' data may point at them."""

    def active(self):
        return self.filter(archived_at__isnull=True)

    def archive(self, now=None) -> int:
        """Archive the live rows of this queryset (hidden from learners, kept with everything
        that points at them). Returns how many were archived."""
        return self.active().update(archived_at=now or timezone.now())


class PositionedQuerySet(ArchivableQuerySet):
    """Rows ordered by `position`, unique among a parent's live rows."""

    def make_room(self) -> None:
        """Move these rows to a temporary position of their own (-pk) before a new order is
        written row by row: the position constraint is checked at each statement, not at the
        end, so a swap written in place would collide halfway."""
        self.update(position=-F("pk"))

    def next_position(self) -> int:
        """The position after the last live row of this queryset (1 when there is none)."""
        return (self.active().aggregate(last=Max("position"))["last"] or 0) + 1


def reading_order(text: str) -> str:
    """A sort key that orders names as people read them: case and accents do not count."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def unique_key(*fields: str, name: str) -> models.UniqueConstraint:
    """A stable key (written as `<!-- id: … -->` in track files) is unique in its scope,
    archived rows included: an archived row keeps its key so that it can come back."""
    return models.UniqueConstraint(
        fields=[*fields, "key"],
        condition=~Q(key=""),
        name=name,
        violation_error_message="Another item here already has this key.",
    )


def active_unique_position(*fields: str, name: str) -> models.UniqueConstraint:
    """Positions are unique among live rows; archived rows keep theirs but step aside."""
    return models.UniqueConstraint(
        fields=[*fields, "position"],
        condition=Q(archived_at__isnull=True),
        name=name,
        violation_error_message="Another item already has this position here.",
    )


def non_empty(field: str, name: str) -> models.CheckConstraint:
    return models.CheckConstraint(
        condition=~Q(**{field: ""}), name=name, violation_error_message=f"The {field} is empty."
    )


class InlineMarkdownHTMLField(MarkdownHTMLField):
    """A line of Markdown (a link, some `code`) as HTML without the paragraph around it, for
    a checklist item; it starts with a capital letter, as an item of a list reads."""

    def render(self, instance) -> str:
        text = getattr(instance, self.source) or ""
        html = render_markdown(text[:1].upper() + text[1:])
        paragraph = _ONE_PARAGRAPH.match(html)
        return mark_safe(paragraph[1] if paragraph else html)  # rendered and sanitized above

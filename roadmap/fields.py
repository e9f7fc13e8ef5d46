"""Model fields every app uses."""

from django.db import models
from django.utils.safestring import mark_safe

from roadmap.markdown import render_markdown


class MarkdownHTMLField(models.TextField):
    """The sanitized HTML of another field's Markdown, rendered when the row is saved (like
    `auto_now`, so that no write path can forget it), never on each page view.

    Writes that bypass save() (`QuerySet.update`, `save(update_fields=…)` without this field)
    leave it stale: `manage.py rerender_markdown` renders every row again, as it must after
    the renderer or the sanitizer changes."""

    def __init__(self, *args, source: str, shift_headings: int = 0, **kwargs):
        self.source = source
        self.shift_headings = shift_headings
        kwargs.setdefault("blank", True)
        kwargs.setdefault("default", "")
        kwargs.setdefault("editable", False)
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs |= {"source": self.source, "shift_headings": self.shift_headings}
        for key, default in [("blank", True), ("default", ""), ("editable", False)]:
            if kwargs.get(key) == default:
                kwargs.pop(key)
        return name, path, args, kwargs

    def render(self, instance) -> str:
        return render_markdown(
            getattr(instance, self.source) or "", shift_headings=self.shift_headings
        )

    def pre_save(self, model_instance, add):
        html = self.render(model_instance)
        setattr(model_instance, self.attname, html)
        return html

    def from_db_value(self, value, expression, connection):
        # Only render_markdown's sanitized output is ever stored here.
        return mark_safe(value) if value else value


def markdown_html_fields(model) -> list[MarkdownHTMLField]:
    return [field for field in model._meta.get_fields() if isinstance(field, MarkdownHTMLField)]

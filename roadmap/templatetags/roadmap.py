"""Template tags every app's pages use."""

from datetime import timedelta

from django import template

from roadmap.markdown import USER_HEADING_SHIFT, render_markdown
from roadmap.reversing import remembered_reverse

register = template.Library()


@register.filter
def markdown(text: str):
    """Catalog Markdown (track, level and project texts written by mentors)."""
    return render_markdown(text or "")


@register.filter
def user_markdown(text: str, shift_headings: int = USER_HEADING_SHIFT):
    """Markdown a learner or mentor wrote, headings shifted below the page's own: under its
    <h1> and <h2>, or `{{ text|user_markdown:1 }}` where it sits right under the <h1>."""
    return render_markdown(text or "", shift_headings=shift_headings)


@register.simple_tag
def fixed_url(name: str) -> str:
    """`{% url name %}` for a view without arguments, reversed once per process: the header and
    the footer of every page link to fifteen of them, and reversing each on every request
    cost a signed-in page 0.7 ms."""
    return remembered_reverse(name)


@register.simple_tag(takes_context=True)
def query_string(context, **changes):
    """The current query string with `changes` applied (None removes a key), for pagination
    and filter links that keep the rest of the URL."""
    params = context["request"].GET.copy()
    for key, value in changes.items():
        if value is None:
            params.pop(key, None)
        else:
            params[key] = value
    return f"?{params.urlencode()}" if params else "?"


@register.filter
def duration(minutes) -> str:
    """45 → "45 min", 390 → "6 h 30 min", 120 → "2 h"."""
    hours, rest = divmod(int(minutes or 0), 60)
    if not hours:
        return f"{rest} min"
    return f"{hours} h {rest} min" if rest else f"{hours} h"


@register.simple_tag
def hours_range(low_minutes: int, high_minutes: int) -> str:
    """A range as people say it: "6–11 hours" (whole hours), "20–50 minutes" under two."""
    if high_minutes < 120:
        return f"{low_minutes}–{high_minutes} minutes"
    low, high = round(low_minutes / 60), round(high_minutes / 60)
    return f"{low} hours" if low == high else f"{low}–{high} hours"


@register.filter
def about(duration: timedelta | None) -> str:
    """A duration as people say it: "less than an hour", "about 5 hours", "about 2 days",
    "about 3 weeks" ("" for None)."""
    if duration is None:
        return ""
    hours = duration.total_seconds() / 3600
    if hours < 1:
        return "less than an hour"
    if hours < 36:
        return "about an hour" if round(hours) == 1 else f"about {round(hours)} hours"
    days = hours / 24
    if days < 14:
        return f"about {round(days)} days"
    return f"about {round(days / 7)} weeks"

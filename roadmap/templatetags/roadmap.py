"""Template tags every app's pages use."""

from django import template

from roadmap.markdown import USER_HEADING_SHIFT, render_markdown

register = template.Library()


@register.filter
def markdown(text: str):
    """Catalog Markdown (track, level and project texts written by mentors)."""
    return render_markdown(text or "")


@register.filter
def user_markdown(text: str):
    """Markdown a learner or mentor wrote, headings shifted below the page's own."""
    return render_markdown(text or "", shift_headings=USER_HEADING_SHIFT)


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

from django import template

from curriculum.markdown import render_markdown
from curriculum.search import highlight as highlight_words

register = template.Library()


@register.filter
def markdown(text: str):
    return render_markdown(text or "")


@register.simple_tag
def highlight(text: str, query: str):
    return highlight_words(text or "", query)


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

from django import template

from curriculum.search import highlight as highlight_words

register = template.Library()


@register.simple_tag
def highlight(text: str, query: str):
    return highlight_words(text or "", query)

from django import template

from curriculum.search import highlight as highlight_words

register = template.Library()


@register.simple_tag
def highlight(text: str, query: str):
    return highlight_words(text or "", query)


@register.filter
def in_week(project, schedule):
    """True when the project of a plan by week is planned for the learner's current week."""
    week = getattr(schedule, "current_week", None)
    if week is None or project.week_start is None:
        return False
    return project.week_start <= week <= (project.week_end or project.week_start)

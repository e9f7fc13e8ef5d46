"""Search over the catalog: PostgreSQL full-text search with ranking where available, a plain
word match on SQLite. Highlighting happens here, on escaped text, for both."""

import re
from functools import reduce
from operator import or_

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.db.models import Exists, OuterRef, Q, Value
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from curriculum.models import Guidance

SEARCH_CONFIG = "english"
# The GIN indexes of migrations 0002 and 0005 are built from these very expressions, so that
# the `@@` filters below can use them.
PROJECT_VECTOR = (
    SearchVector("title", weight="A", config=SEARCH_CONFIG)
    + SearchVector("what_you_build", weight="B", config=SEARCH_CONFIG)
    + SearchVector("tech_stack", weight="C", config=SEARCH_CONFIG)
)
MILESTONE_VECTOR = SearchVector("text", config=SEARCH_CONFIG)
GUIDANCE_VECTOR = SearchVector("title", "body", config=SEARCH_CONFIG)
MAX_QUERY_LENGTH = 100


# A "-" that negates nothing ("----", "python -"): PostgreSQL's websearch_to_tsquery() stacks
# one operator per dash and fails ("tsquery stack too small") past about 40 of them.
STRAY_DASHES = re.compile(r"-+(?!\w)")
REPEATED_DASHES = re.compile(r"-{2,}")


def websearch_text(query: str) -> str:
    """The query as websearch_to_tsquery() should see it: "--word" negates like "-word", and
    dashes in front of nothing are left out."""
    return REPEATED_DASHES.sub("-", STRAY_DASHES.sub(" ", query))


def query_words(query: str) -> list[str]:
    return re.findall(r"\w+", query.casefold())[:10]


def uses_full_text_search() -> bool:
    return connection.vendor == "postgresql"


def search_projects(query: str, projects):
    """Projects whose own text or whose guidance (objectives, notes, tips…) matches; a match
    in the project's own text ranks first."""
    fields = ["title", "what_you_build", "tech_stack"]
    guidance = _search(query, Guidance.objects.active(), GUIDANCE_VECTOR, ["title", "body"])
    in_guidance = Exists(guidance.filter(project=OuterRef("pk")))
    return _search(query, projects, PROJECT_VECTOR, fields, also=in_guidance).order_by(
        "-rank", "track__position", "level__position", "position"
    )


def search_milestones(query: str, milestones):
    return _search(query, milestones, MILESTONE_VECTOR, ["text"]).order_by("-rank", "pk")


def _search(query: str, queryset, vector, fields: list[str], also=None):
    """Rows matching the query (or the condition `also`), annotated with a `rank`: ranked
    full-text search on PostgreSQL; elsewhere every word must appear in one of `fields`
    (rank 1 for all)."""
    if uses_full_text_search():
        search_query = SearchQuery(
            websearch_text(query), search_type="websearch", config=SEARCH_CONFIG
        )
        matches = Q(search=search_query)
        return (
            queryset.annotate(search=vector)
            .filter(matches | also if also is not None else matches)
            .annotate(rank=SearchRank(vector, search_query))
        )
    matches = Q()
    for word in query_words(query):
        matches &= reduce(or_, (_starts_a_word(field, word) for field in fields))
    return queryset.filter(matches | also if also is not None else matches).annotate(
        rank=Value(1.0)
    )


def _starts_a_word(field: str, word: str) -> Q:
    """`field` has a word starting with `word` ("test" finds "testing"; "api" does not find
    "scraping"), as full-text search would match it."""
    word_start = r"\m" if connection.vendor == "postgresql" else r"\b"  # \b is a backspace there
    return Q(**{f"{field}__iregex": word_start + re.escape(word)})


def search_skills(query: str, skills):
    matches = Q()
    for word in query_words(query):
        matches |= _starts_a_word("name", word)
    return skills.filter(matches) if matches else skills.none()


def highlight(text: str, query: str) -> SafeString:
    """Escape `text` and wrap the words that match the query (and their inflections) in <mark>."""
    stems = sorted({_stem(word) for word in query_words(query) if len(word) > 1}, key=len)
    if not stems:
        return escape(text)
    pattern = re.compile(r"\b(?:" + "|".join(map(re.escape, reversed(stems))) + r")\w*", re.I)
    pieces, last = [], 0
    for match in pattern.finditer(text):
        pieces += [escape(text[last : match.start()]), f"<mark>{escape(match.group())}</mark>"]
        last = match.end()
    pieces.append(escape(text[last:]))
    return mark_safe("".join(pieces))  # every piece is escaped above


def _stem(word: str) -> str:
    for suffix in ("ing", "es", "s", "ed"):
        if len(word) > len(suffix) + 3 and word.endswith(suffix):
            return word[: -len(suffix)]
    return word

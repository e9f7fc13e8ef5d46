"""Markdown to safe HTML: every Markdown text anyone writes passes through here.

cmark-gfm (GitHub's CommonMark parser, through cmarkgfm) renders in time linear in the input,
so no text can be crafted to hold a worker for seconds; raw HTML in the source is dropped by
the renderer, and nh3 then sanitizes what it produced by an allow-list.
"""

import re
from html import unescape

import cmarkgfm
import nh3
from django.conf import settings
from django.utils.html import escape, strip_tags
from django.utils.safestring import SafeString, mark_safe

ALLOWED_TAGS = {
    "a", "abbr", "blockquote", "br", "code", "del", "em", "h2", "h3", "h4", "h5", "h6", "hr",
    "img", "li", "ol", "p", "pre", "strong", "table", "tbody", "td", "th", "thead", "tr", "ul",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "img": {"src", "alt", "title"}, "abbr": {"title"}}
LINK_REL = "nofollow noopener"
# What people write (write-ups, reviews, bios, messages) sits under the page's own <h1> and
# <h2>: its headings start at <h3>.
USER_HEADING_SHIFT = 2

_HEADING_TAG = re.compile(r"<(/?)h([1-6])>")
# nh3 writes every tag it keeps in one normal form (double-quoted, escaped attributes), so
# its output can be read with these patterns.
_IMAGE_TAG = re.compile(r"<img( [^>]*)?>")
_ATTRIBUTE = re.compile(r'(\w+)="([^"]*)"')


def render_markdown(text: str, *, shift_headings: int = 0) -> SafeString:
    """Render Markdown and sanitize the result: no script, no event handlers, no
    `javascript:` URLs survive, and links get rel="nofollow noopener".

    `shift_headings` moves headings down under the page's own: with 2 the text's highest
    heading, whether written `#` or `##` as READMEs do, becomes an <h3>, and the others follow
    it in rank without skipping a level, so that what a learner writes neither outranks the
    page's headings nor breaks their outline (axe's heading-order). Images show only when they
    come from this site's own uploads; any other image becomes a link to it, so that a
    write-up cannot make every reader's browser call a tracking server.
    """
    html = cmarkgfm.github_flavored_markdown_to_html(text)
    if shift_headings:
        used = sorted({int(level) for _, level in _HEADING_TAG.findall(html)})
        rank = {level: min(1 + shift_headings + i, 6) for i, level in enumerate(used)}
        html = _HEADING_TAG.sub(lambda tag: f"<{tag[1]}h{rank[int(tag[2])]}>", html)
    clean = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel=LINK_REL,
    )
    return mark_safe(_IMAGE_TAG.sub(_own_image_or_link, clean))  # sanitized by nh3 above


def _own_image_or_link(tag: re.Match[str]) -> str:
    attributes = dict(_ATTRIBUTE.findall(tag[1] or ""))
    source = unescape(attributes.get("src", ""))
    if is_own_media(source):
        return tag[0]
    label = unescape(attributes.get("alt", "")) or "image"
    if not source.startswith(("https://", "http://")):
        return escape(label)
    return f'<a href="{escape(source)}" rel="{LINK_REL}">{escape(label)}</a>'


def is_own_media(url: str) -> bool:
    """True for an address of this site's uploaded files (a path or a full URL)."""
    if ".." in url:
        return False
    if "://" in settings.MEDIA_URL:  # object storage with a domain of its own
        return url.startswith(settings.MEDIA_URL)
    path = "/" + settings.MEDIA_URL.lstrip("/")
    return url.startswith((path, settings.SITE_URL + path))


def html_to_text(html: str) -> str:
    """The words of rendered Markdown on one line, for page descriptions and previews."""
    return " ".join(unescape(strip_tags(html)).split())

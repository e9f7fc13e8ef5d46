"""Markdown anyone writes: rendered in linear time, sanitized, headings kept under the page's,
and images only from this site's own uploads."""

import re
import time
from io import StringIO

import pytest
from django.core.management import call_command
from django.template import Context, Template

from roadmap.markdown import html_to_text, is_own_media, render_markdown

# Inputs that make backtracking Markdown parsers quadratic or worse, 20,000 characters each.
PATHOLOGICAL = {
    "brackets": "[" * 20_000,
    "link openers": "[a](" * 5_000,
    "stars": "*" * 20_000,
    "underscores": "_" * 20_000,
    "backticks": "`" * 20_000,
    "angle brackets": "<" * 20_000,
    "nested lists": "".join("  " * depth + "- x\n" for depth in range(2_000))[:20_000],
    "nested quotes": "> " * 10_000,
    "emphasis runs": "**a" * 6_666,
}


@pytest.mark.parametrize("name", PATHOLOGICAL)
@pytest.mark.parametrize("shift", [0, 2])
def test_pathological_input_renders_in_well_under_a_second(name, shift):
    started = time.perf_counter()
    render_markdown(PATHOLOGICAL[name], shift_headings=shift)
    assert time.perf_counter() - started < 1.0


def test_script_handlers_and_javascript_links_do_not_survive():
    html = render_markdown(
        "Hi <script>alert(1)</script> <b onclick=alert(2)>b</b> [x](javascript:alert(3))"
    )

    assert "<script" not in html and "onclick" not in html and "javascript:" not in html


def test_links_get_nofollow_noopener():
    assert '<a href="https://example.com" rel="nofollow noopener">site</a>' in render_markdown(
        "[site](https://example.com)"
    )


def headings(html):
    return re.findall(r"<h(\d)>(.*?)</h\d>", html)


def test_user_headings_are_shifted_under_the_page_headings():
    html = render_markdown("# One\n\n## Two\n\n### Three", shift_headings=2)

    assert headings(html) == [("3", "One"), ("4", "Two"), ("5", "Three")]


def test_user_headings_start_under_the_page_and_never_skip_a_level():
    # A write-up that starts at `##`, as READMEs do, and skips levels: under a page's <h2>
    # it must neither start at <h4> nor jump from <h3> to <h5> (axe's heading-order).
    text = "## Overview\n\nText.\n\n#### Details\n\n## Next steps\n\n###### Aside"

    html = render_markdown(text, shift_headings=2)

    assert headings(html) == [
        ("3", "Overview"),
        ("4", "Details"),
        ("3", "Next steps"),
        ("5", "Aside"),
    ]


def test_user_headings_stop_at_h6():
    html = render_markdown("# 1\n## 2\n### 3\n#### 4\n##### 5", shift_headings=3)

    assert [level for level, _ in headings(html)] == ["4", "5", "6", "6", "6"]


def test_an_image_without_a_real_address_does_not_survive():
    for source in ["<img src=x>", "![alt text](x)", "<img src=x onerror=alert(1)>"]:
        html = render_markdown(source)
        assert "<img" not in html, source


def test_images_from_elsewhere_become_links_and_own_uploads_stay_images(settings):
    settings.SITE_URL = "https://roadmap.example.com"
    html = render_markdown(
        "![pixel](https://tracker.example/p.gif) ![shot](/media/screenshots/a.png) "
        "![full](https://roadmap.example.com/media/screenshots/b.png)"
    )

    assert '<a href="https://tracker.example/p.gif" rel="nofollow noopener">pixel</a>' in html
    assert '<img src="/media/screenshots/a.png" alt="shot">' in html
    assert '<img src="https://roadmap.example.com/media/screenshots/b.png" alt="full">' in html
    assert 'tracker.example/p.gif"' not in html.split("<img")[1]


@pytest.mark.parametrize(
    ("url", "own"),
    [
        ("/media/screenshots/a.png", True),
        ("/media/../secret", False),
        ("https://elsewhere.example/media/a.png", False),
        ("/static/x.png", False),
    ],
)
def test_own_media_is_this_sites_upload_path(url, own):
    assert is_own_media(url) is own


def test_html_to_text_gives_the_words_on_one_line():
    html = render_markdown("# Hi\n\n**Bold** & [link](https://x.example)\n- a")
    assert html_to_text(html) == "Hi Bold & link a"


def test_the_template_filters_shift_only_what_people_write():
    template = Template(
        "{% load roadmap %}{{ text|markdown }}|{{ text|user_markdown }}|{{ text|user_markdown:1 }}"
    )

    catalog, user, under_h1 = template.render(Context({"text": "#### Four"})).split("|")

    assert "<h4>Four</h4>" in catalog
    assert "<h3>Four</h3>" in user  # under the page's <h1> and <h2>
    assert "<h2>Four</h2>" in under_h1


@pytest.mark.django_db
def test_stored_texts_are_rendered_once_when_saved_and_again_by_the_command(learner):
    learner.bio = "# Hello **there**"
    learner.save()
    learner.refresh_from_db()
    assert learner.bio_html == "<h3>Hello <strong>there</strong></h3>\n"

    type(learner).objects.filter(pk=learner.pk).update(bio="*changed*")  # bypasses save()
    out = StringIO()
    call_command("rerender_markdown", stdout=out)

    learner.refresh_from_db()
    assert learner.bio_html == "<p><em>changed</em></p>\n"
    assert "accounts.User: 1 rendered again" in out.getvalue()
    call_command("rerender_markdown", stdout=(again := StringIO()))
    assert "accounts.User: 0 rendered again" in again.getvalue()

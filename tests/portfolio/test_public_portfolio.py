"""The public portfolio at /u/<username>/: opt-in, approved work only, evidence, rubric
signals met, skills per track, sharing meta, and a fixed query budget."""

import io
from collections import Counter
from html.parser import HTMLParser

import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.html import escape
from PIL import Image

from accounts.models import User
from curriculum.models import Project
from portfolio.models import Review, RubricSignal, Screenshot, Submission, SubmissionStatus
from tests.factories import UserFactory
from tests.plans import postgresql_only, queries_read

pytestmark = pytest.mark.django_db

CALCULATOR = ("novice-to-principal", "hello-world-super-calculator")
TEMPERATURE = ("novice-to-principal", "temperature-converter")
FINANCE = ("portfolio-projects", "personal-finance-tracker")


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def project(track_slug, slug):
    return Project.objects.get(track__slug=track_slug, slug=slug)


def portfolio_url(user):
    return reverse("portfolio-public:detail", args=[user.username])


def opt_in(user):
    user.portfolio_public = True
    user.save(update_fields=["portfolio_public"])


def png(size=(64, 48)):
    buffer = io.BytesIO()
    Image.new("RGB", size, "teal").save(buffer, "PNG")
    return ContentFile(buffer.getvalue(), name="shot.png")


def submission(user, project, *, iteration=1, status=SubmissionStatus.APPROVED, **fields):
    fields.setdefault("repository_url", f"https://github.com/{user.username}/{project.slug}")
    return Submission.objects.create(
        user=user, project=project, iteration=iteration, status=status, **fields
    )


def approved(user, project, mentor, *, met=(RubricSignal.CLEAR_README,), iteration=1, **fields):
    """An approved submission with its review: the signals in `met` ticked, the rest not."""
    work = submission(user, project, iteration=iteration, **fields)
    rubric = {
        signal.value: {"met": signal in met, "note": f"private note on {signal.value}"}
        for signal in RubricSignal
    }
    Review.objects.create(
        submission=work,
        reviewer=mentor,
        verdict="approve",
        rubric=rubric,
        comment="A private comment for the learner.",
    )
    return work


class MetaTags(HTMLParser):
    """{property or name: content} of the page's <meta> tags."""

    def __init__(self, html):
        super().__init__()
        self.tags = {}
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "meta" and ("property" in attrs or "name" in attrs):
            self.tags[attrs.get("property") or attrs["name"]] = attrs.get("content")


# Who can see it


def test_a_learner_who_has_not_opted_in_has_no_public_portfolio(client, learner, mentor):
    approved(learner, project(*CALCULATOR), mentor)

    assert client.get(portfolio_url(learner)).status_code == 404


def test_an_unknown_username_gets_404(client, db):
    assert client.get("/u/nobody-by-this-name/").status_code == 404


def test_an_inactive_learner_has_no_public_portfolio_even_when_opted_in(client, learner):
    opt_in(learner)
    learner.is_active = False
    learner.save(update_fields=["is_active"])

    assert client.get(portfolio_url(learner)).status_code == 404


def test_a_learner_opts_in_from_the_profile_form_and_the_page_appears(client, learner):
    client.force_login(learner)
    assert client.get(portfolio_url(learner)).status_code == 404

    response = client.post(
        reverse("accounts:profile"),
        {
            "username": "lena",
            "display_name": "Lena Learner",
            "bio": "",
            "github_username": "",
            "portfolio_public": "on",
        },
        follow=True,
    )

    learner.refresh_from_db()
    assert learner.portfolio_public
    assert f'href="{portfolio_url(learner)}"' in response.content.decode()
    assert client.get(portfolio_url(learner)).status_code == 200


def test_leaving_the_checkbox_unticked_takes_the_portfolio_down(client, learner):
    opt_in(learner)
    client.force_login(learner)

    client.post(
        reverse("accounts:profile"),
        {"username": "lena", "display_name": "Lena Learner", "bio": "", "github_username": ""},
    )

    learner.refresh_from_db()
    assert not learner.portfolio_public
    assert client.get(portfolio_url(learner)).status_code == 404


def test_anonymous_visitors_see_a_public_portfolio(client, learner, mentor):
    opt_in(learner)
    calculator = project(*CALCULATOR)
    approved(learner, calculator, mentor)

    response = client.get(portfolio_url(learner))

    assert response.status_code == 200
    assert f">{escape(calculator.title)}</a></h3>" in response.content.decode()


def test_a_public_portfolio_with_nothing_approved_shows_an_empty_state(client, learner):
    opt_in(learner)
    submission(learner, project(*CALCULATOR), status=SubmissionStatus.WAITING)

    response = client.get(portfolio_url(learner))

    assert response.status_code == 200
    assert "No approved projects yet" in response.content.decode()


# What it shows


def test_only_approved_work_appears(client, learner, other_learner, mentor):
    opt_in(learner)
    calculator = project(*CALCULATOR)
    approved(learner, calculator, mentor, iteration=2, repository_url="https://github.com/l/v2")
    submission(
        learner,
        calculator,
        iteration=1,
        status=SubmissionStatus.CHANGES_REQUESTED,
        repository_url="https://github.com/l/v1",
    )
    submission(learner, calculator, iteration=3, status=SubmissionStatus.WAITING)
    hidden = [project(*FINANCE)]
    approved(other_learner, hidden[0], mentor)
    for status, slug in [
        (SubmissionStatus.WAITING, "guess-the-number"),
        (SubmissionStatus.IN_REVIEW, "unit-converter"),
        (SubmissionStatus.CHANGES_REQUESTED, "rock-paper-scissors"),
        (SubmissionStatus.WITHDRAWN, "temperature-converter"),
    ]:
        hidden.append(project("novice-to-principal", slug))
        submission(learner, hidden[-1], status=status)

    body = client.get(portfolio_url(learner)).content.decode()

    assert "https://github.com/l/v2" in body
    assert "https://github.com/l/v1" not in body
    assert body.count('class="card submission"') == 1
    for other in hidden:
        assert escape(other.title) not in body
        assert other.get_absolute_url() not in body


def test_of_two_approved_iterations_only_the_latest_appears(client, learner, mentor):
    opt_in(learner)
    calculator = project(*CALCULATOR)
    approved(learner, calculator, mentor, iteration=1, repository_url="https://github.com/l/old")
    approved(learner, calculator, mentor, iteration=2, repository_url="https://github.com/l/new")

    body = client.get(portfolio_url(learner)).content.decode()

    assert "https://github.com/l/new" in body
    assert "https://github.com/l/old" not in body


def test_evidence_links_screenshots_and_write_up_are_shown(client, learner, mentor):
    opt_in(learner)
    work = approved(
        learner,
        project(*CALCULATOR),
        mentor,
        demo_url="https://calc.example.com",
        write_up="I used **f-strings** everywhere.",
    )
    shot = Screenshot.objects.create(owner=work.user, submission=work, image=png())

    body = client.get(portfolio_url(learner)).content.decode()

    assert (
        '<a href="https://github.com/lena/hello-world-super-calculator" rel="nofollow noopener">'
        in body
    )
    assert '<a href="https://calc.example.com" rel="nofollow noopener">' in body
    assert f'src="{shot.image.url}" width="64" height="48"' in body
    assert "<strong>f-strings</strong>" in body


def test_only_the_rubric_signals_met_are_shown_and_no_private_notes(client, learner, mentor):
    opt_in(learner)
    approved(
        learner,
        project(*CALCULATOR),
        mentor,
        met=(RubricSignal.CLEAR_README, RubricSignal.TESTS_INCLUDED),
    )

    body = client.get(portfolio_url(learner)).content.decode()

    assert "✓ Clear README" in body
    assert "✓ Tests included" in body
    assert "Meaningful commits" not in body
    assert "private note" not in body
    assert "A private comment" not in body


def test_demonstrated_skills_are_counted_and_grouped_per_track(client, learner, mentor):
    opt_in(learner)
    for track_slug, slug in [CALCULATOR, TEMPERATURE, FINANCE]:
        approved(learner, project(track_slug, slug), mentor)

    response = client.get(portfolio_url(learner))

    work = response.context["work"]
    assert [group.track.slug for group in work.tracks] == [
        "novice-to-principal",
        "portfolio-projects",
    ]
    first, second = work.tracks
    assert [s.project.slug for s in first.submissions] == [CALCULATOR[1], TEMPERATURE[1]]
    # Both novice projects practise functions; most demonstrated first.
    assert first.skills[0][0].name == "functions"
    assert first.skills[0][1] == 2
    assert [(skill.name, count) for skill, count in second.skills] == [
        ("basic calculations", 1),
        ("CSV", 1),  # "CSV handling" in the track file: an alias of CSV
        ("data structures", 1),
        ("file I/O", 1),
    ]
    assert ("functions", 2) in [(skill.name, count) for skill, count in work.skills]
    body = response.content.decode()
    assert 'functions</a> <span class="muted">× 2</span>' in body
    assert "Python Project Ideas - Build Your Portfolio" in body


def test_a_write_up_cannot_inject_script(client, learner, mentor):
    opt_in(learner)
    approved(
        learner,
        project(*CALCULATOR),
        mentor,
        write_up='<script>alert("x")</script>\n\n<img src=x onerror="alert(1)">\n\n'
        "[click](javascript:alert(2))",
    )

    body = client.get(portfolio_url(learner)).content.decode()

    assert '<script>alert("x")</script>' not in body
    assert "onerror" not in body
    assert "javascript:alert" not in body


# Sharing


def test_sharing_meta_uses_absolute_urls_and_a_large_card_with_a_screenshot(
    client, learner, mentor
):
    opt_in(learner)
    work = approved(learner, project(*CALCULATOR), mentor)
    shot = Screenshot.objects.create(owner=work.user, submission=work, image=png())

    meta = MetaTags(client.get(portfolio_url(learner)).content.decode()).tags

    assert meta["og:type"] == "profile"
    assert meta["og:title"] == "Lena Learner’s Python portfolio"
    assert meta["og:description"]
    assert meta["og:url"] == f"http://testserver{portfolio_url(learner)}"
    assert meta["og:image"] == f"http://testserver{shot.image.url}"
    assert meta["twitter:card"] == "summary_large_image"


def test_sharing_meta_without_a_screenshot_is_a_summary_card(client, learner, mentor):
    opt_in(learner)
    learner.bio = "Learning **Python**,\nbuilding [tools](https://example.com) & <b>more</b>."
    learner.save()
    approved(learner, project(*CALCULATOR), mentor)

    meta = MetaTags(client.get(f"{portfolio_url(learner)}?utm_source=x").content.decode()).tags

    assert "og:image" not in meta
    assert meta["twitter:card"] == "summary"
    assert meta["og:description"] == "Learning Python, building tools & more."
    assert meta["og:url"] == f"http://testserver{portfolio_url(learner)}"


# Query budget


def approve_projects(learner, mentor, count):
    projects = Project.objects.published().in_catalog_order()[:count]
    for number, item in enumerate(projects):
        work = approved(learner, item, mentor)
        if number % 5 == 0:
            Screenshot.objects.create(owner=work.user, submission=work, image=png())


def measure(client, learner):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(portfolio_url(learner))
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("count", [1, 50])
def test_the_public_portfolio_stays_within_its_query_budget(
    client, learner, mentor, count, django_assert_max_num_queries
):
    opt_in(learner)
    approve_projects(learner, mentor, count)

    # owner, submissions with project, track, level and review, screenshots, skills
    with django_assert_max_num_queries(10):
        response = client.get(portfolio_url(learner))
    assert response.context["work"].project_count == count


def test_the_query_count_does_not_grow_with_the_number_of_projects(client, learner, mentor):
    opt_in(learner)
    approve_projects(learner, mentor, 1)
    with_one = measure(client, learner)

    Submission.objects.all().delete()
    approve_projects(learner, mentor, 50)
    with_fifty = measure(client, learner)

    # owner, the fingerprint of their work, the catalog version, then the page's: submissions
    # with project, track, level and review; screenshots; skills
    assert with_one == with_fifty == 6


def test_a_visitors_revisit_costs_three_queries_and_a_new_approval_shows_at_once(
    client, learner, mentor
):
    opt_in(learner)
    approve_projects(learner, mentor, 1)
    first = client.get(portfolio_url(learner)).content.decode()

    assert measure(client, learner) == 3  # owner, fingerprint of their work, catalog version

    approved(learner, Project.objects.published().in_catalog_order()[1], mentor)
    after = client.get(portfolio_url(learner)).content.decode()
    assert after.count('class="card submission"') == 2 > first.count('class="card submission"')


def test_a_visitors_cached_portfolio_follows_the_owners_profile_and_privacy(
    client, learner, mentor
):
    opt_in(learner)
    approve_projects(learner, mentor, 1)
    client.get(portfolio_url(learner))

    learner.display_name = "Lena Renamed"
    learner.save()
    assert "Lena Renamed" in client.get(portfolio_url(learner)).content.decode()

    learner.portfolio_public = False
    learner.save()
    assert client.get(portfolio_url(learner)).status_code == 404


def test_a_visitors_portfolio_follows_a_catalog_change(client, learner, mentor):
    opt_in(learner)
    approve_projects(learner, mentor, 1)
    client.get(portfolio_url(learner))

    approved = Submission.objects.get(user=learner).project
    approved.title = "A Title Changed in the Admin"
    approved.save()

    assert "A Title Changed in the Admin" in client.get(portfolio_url(learner)).content.decode()


@postgresql_only
def test_the_portfolio_reads_its_owner_and_their_work_only(client, mentor):
    """The handle is looked up through the index on lower(username), not by going through
    the users (iexact's UPPER() read every user before the owner), and the work through the
    owner's submissions."""
    others = User.objects.bulk_create(User(username=f"someone{n}") for n in range(300))
    guess = project("novice-to-principal", "guess-the-number")
    Submission.objects.bulk_create(
        Submission(user=other, project=guess, iteration=1, status=SubmissionStatus.APPROVED)
        for other in others
    )
    owner = UserFactory(username="zoe")  # after the others, as most owners are
    opt_in(owner)
    approve_projects(owner, mentor, 2)

    with CaptureQueriesContext(connection) as queries:
        assert client.get(portfolio_url(owner)).status_code == 200

    read = sum(queries_read(queries), Counter())
    assert read["accounts_user"] == 1
    # the owner's, for the page's fingerprint and for the page, and the look for later
    # iterations
    assert read["portfolio_submission"] <= 6

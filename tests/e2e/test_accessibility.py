"""axe-core (WCAG 2.2 A and AA, and best practices) over every page type, in the light and the
dark colour scheme, as a visitor, a learner with work in every state, and a mentor: one
journey, so that the catalog and the work are set up once."""

import pytest

from curriculum.models import Skill
from portfolio.models import Cohort, Credential
from tests.e2e.people import ACCOUNTS, demo_work, png, sign_in

TRACK = "/tracks/novice-to-principal/"

# allauth's forms, each filled so that the server answers with errors.
AUTH_FORMS_WITH_ERRORS = [
    (
        "sign-in with errors",
        "/accounts/login/",
        {"Email": "nobody@example.com", "Password": "not the password"},
        "Sign In",
    ),
    (
        "sign-up with errors",
        "/accounts/signup/",
        {"Email": "newcomer@example.com", "Password": "short", "Password (again)": "other"},
        "Sign Up",
    ),
    (
        "password reset with errors",
        "/accounts/password/reset/",
        {"Email": "not an email"},
        "Reset My Password",
    ),
]


# axe-core is injected as a script of the page, which our Content-Security-Policy rightly
# refuses; the scan's browser lets the tool in (test_csp_journey checks the policy itself).
@pytest.mark.browser_context(bypass_csp=True)
def test_every_page_type_passes_axe(axe, page, catalog, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    # The demo learner has two submissions open; the scan also needs the submission form.
    settings.SUBMISSIONS_WAITING_LIMIT = 3
    submissions = demo_work(tmp_path)

    found = visitor_pages(page, axe) + learner_pages(page, axe, submissions, tmp_path)
    found += mentor_pages(page, axe, submissions)

    assert not found, f"{len(found)} accessibility violation(s):\n" + "\n".join(found)


def scan(page, axe, pages) -> list[str]:
    found = []
    for name, url in pages:
        page.goto(url)
        found += axe(name)
    return found


def visitor_pages(page, axe) -> list[str]:
    found = scan(
        page,
        axe,
        [
            ("home", "/"),
            ("tracks", "/tracks/"),
            ("track", TRACK),
            ("track filtered", f"{TRACK}?q=markdown&difficulty=beginner"),
            ("project", f"{TRACK}markdown-html-converter/"),
            ("skills", "/skills/"),
            ("skill", Skill.objects.get(name="argparse").get_absolute_url()),
            ("search", "/search/"),
            ("search results", "/search/?q=markdown"),
            ("search, nothing found", "/search/?q=zzzzz"),
            ("public portfolio", f"/u/{ACCOUNTS['learner'].username}/"),
            ("credential check", Credential.objects.get().get_absolute_url()),
            ("not found", "/no-such-page/"),
        ],
    )
    for name, url, fields, button in AUTH_FORMS_WITH_ERRORS:
        page.goto(url)
        # The server's own errors, which the browser's checks would otherwise show instead.
        page.locator("main form").evaluate("form => form.noValidate = true")
        for label, value in fields.items():
            page.get_by_label(label, exact=True).fill(value)
        page.get_by_role("button", name=button).click()
        page.locator(".form-errors, .errors").first.wait_for()
        found += axe(name)
    return found


def learner_pages(page, axe, submissions, tmp_path) -> list[str]:
    changes_requested = submissions[3].project
    sign_in(page, "learner", "/dashboard/")
    page.locator(".user-menu summary").click()
    found = axe("dashboard, with the user menu open")
    found += scan(
        page,
        axe,
        [
            ("skills practised", "/dashboard/skills/"),
            ("projects in progress", "/dashboard/in-progress/"),
            ("notifications", "/notifications/"),
            ("project with progress, submission and review", changes_requested.get_absolute_url()),
            ("withdraw confirmation", f"/progress/submissions/{submissions[1].pk}/withdraw/"),
            ("time logged", f"/progress/projects/{changes_requested.pk}/time/"),
            (
                "start a track again",
                f"/progress/tracks/{changes_requested.track.slug}/start-again/",
            ),
            ("cohorts joined", "/cohorts/"),
            (
                "a submission waiting, with its place in the queue",
                f"/submissions/{submissions[1].pk}/",
            ),
            ("a submission in review, with its conversation", f"/submissions/{submissions[2].pk}/"),
            ("an approved submission, with the rating form", f"/submissions/{submissions[4].pk}/"),
            ("credentials", "/credentials/"),
            ("profile", "/accounts/profile/"),
        ],
    )

    page.goto(f"{changes_requested.get_absolute_url()}submit/")
    page.get_by_label("Repository URL").fill("not a web address")
    page.get_by_role("button", name="Submit for review").click()
    page.locator(".errors").first.wait_for()
    found += axe("submission form with errors")
    page.get_by_label("Repository URL").fill("https://github.com/demo-learner/project-3")
    page.get_by_label("Screenshots").set_input_files(png(tmp_path / "new.png", "tomato"))
    page.get_by_role("button", name="Preview write-up").click()
    page.get_by_role("group", name="Screenshots attached").wait_for()
    found += axe("submission form with a preview")
    return found


def mentor_pages(page, axe, submissions) -> list[str]:
    sign_in(page, "mentor", "/review/")
    found = axe("review queue")
    return found + scan(
        page,
        axe,
        [
            ("review page, claimed, with the form", f"/review/{submissions[2].pk}/"),
            ("review page, to claim", f"/review/{submissions[1].pk}/"),
            ("cohorts run", "/cohorts/"),
            ("cohort with its progress matrix", Cohort.objects.get().get_absolute_url()),
            ("new cohort", "/cohorts/new/"),
            ("my claims", "/review/claims/"),
            ("my reviews and their ratings", "/review/me/"),
        ],
    )

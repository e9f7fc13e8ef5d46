"""axe-core (WCAG 2.2 A and AA, and best practices) over every page type, in the light and the
dark colour scheme, as a visitor, a learner with work in every state, and a mentor."""

from curriculum.models import Skill
from portfolio.models import Cohort
from tests.e2e.people import demo_work, png, sign_in

TRACK = "/tracks/novice-to-principal/"
PROJECT = f"{TRACK}markdown-html-converter/"


def assert_no_violations(found):
    assert not found, f"{len(found)} accessibility violation(s):\n" + "\n".join(found)


def test_every_page_a_visitor_sees_passes_axe(page, axe, catalog, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    demo_work(tmp_path)
    skill = Skill.objects.get(name="argparse")
    found = []
    for name, url in [
        ("home", "/"),
        ("tracks", "/tracks/"),
        ("track", TRACK),
        ("track filtered", f"{TRACK}?q=markdown&difficulty=beginner"),
        ("track, nothing matches", f"{TRACK}?q=zzzzz"),
        ("project", PROJECT),
        ("skills", "/skills/"),
        ("skill", skill.get_absolute_url()),
        ("search", "/search/"),
        ("search results", "/search/?q=markdown"),
        ("search, nothing found", "/search/?q=zzzzz"),
        ("public portfolio", "/u/learner/"),
        ("not found", "/no-such-page/"),
    ]:
        page.goto(url)
        found += axe(name)

    for name, url, fields, button in [
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
    ]:
        page.goto(url)
        # The server's own errors, which the browser's checks would otherwise show instead.
        page.locator("main form").evaluate("form => form.noValidate = true")
        for label, value in fields.items():
            page.get_by_label(label, exact=True).fill(value)
        page.get_by_role("button", name=button).click()
        page.locator(".form-errors, .errors").first.wait_for()
        found += axe(name)
    assert_no_violations(found)


def test_every_page_a_learner_and_a_mentor_see_passes_axe(page, axe, catalog, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    submissions = demo_work(tmp_path)
    changes_requested = submissions[3].project.get_absolute_url()
    found = []

    sign_in(page, "learner", "/dashboard/")
    found += axe("dashboard")
    page.locator(".user-menu summary").click()
    found += axe("dashboard, user menu open")
    for name, url in [
        ("skills practised", "/dashboard/skills/"),
        ("notifications", "/notifications/"),
        ("project with progress, submission and review", changes_requested),
        ("withdraw confirmation", f"/progress/submissions/{submissions[1].pk}/withdraw/"),
        ("time logged", f"/progress/projects/{submissions[3].project_id}/time/"),
        (
            "start a track again",
            f"/progress/tracks/{submissions[3].project.track.slug}/start-again/",
        ),
        ("cohorts joined", "/cohorts/"),
        ("profile", "/accounts/profile/"),
        ("own public portfolio", "/u/learner/"),
    ]:
        page.goto(url)
        found += axe(name)

    page.goto(f"{changes_requested}submit/")
    page.get_by_label("Repository URL").fill("not a web address")
    page.get_by_role("button", name="Submit for review").click()
    page.locator(".errors").first.wait_for()
    found += axe("submission form with errors")
    page.get_by_label("Repository URL").fill("https://github.com/demo-learner/project-3")
    page.get_by_label("Screenshots").set_input_files(png(tmp_path / "new.png", "tomato"))
    page.get_by_role("button", name="Preview write-up").click()
    page.get_by_role("group", name="Screenshots attached").wait_for()
    found += axe("submission form with a preview")

    sign_in(page, "mentor", "/review/")
    found += axe("review queue")
    page.goto(f"/review/{submissions[2].pk}/")
    found += axe("review page, claimed, with the form")
    page.get_by_role("button", name="Send the review").click()
    page.locator(".errors").first.wait_for()
    found += axe("review form with errors")
    page.goto(f"/review/{submissions[1].pk}/")
    found += axe("review page, to claim")
    cohort = Cohort.objects.get()
    for name, url in [
        ("cohorts run", "/cohorts/"),
        ("cohort with its progress matrix", cohort.get_absolute_url()),
        ("new cohort", "/cohorts/new/"),
    ]:
        page.goto(url)
        found += axe(name)
    assert_no_violations(found)

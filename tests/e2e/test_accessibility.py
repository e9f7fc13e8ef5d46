"""axe-core (WCAG 2.2 A and AA, and best practices) over every page type, in the light and the
dark colour scheme, as a visitor, a learner with work in every state, and a mentor."""

from curriculum.models import Skill
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

    page.goto("/accounts/login/")
    page.get_by_label("Email", exact=True).fill("nobody@example.com")
    page.get_by_label("Password", exact=True).fill("not the password")
    page.get_by_role("button", name="Sign In").click()
    page.locator(".form-errors, .errors").first.wait_for()
    found += axe("sign-in with errors")

    page.goto("/accounts/signup/")
    page.get_by_label("Email", exact=True).fill("newcomer@example.com")
    page.get_by_label("Password", exact=True).fill("short")
    page.get_by_label("Password (again)", exact=True).fill("other")
    page.get_by_role("button", name="Sign Up").click()
    page.locator(".errors").first.wait_for()
    found += axe("sign-up with errors")

    page.goto("/accounts/password/reset/")
    # The server's own errors, which the browser's checks would otherwise show instead.
    page.locator("main form").evaluate("form => form.noValidate = true")
    page.get_by_label("Email", exact=True).fill("not an email")
    page.get_by_role("button", name="Reset My Password").click()
    page.locator(".errors").first.wait_for()
    found += axe("password reset with errors")
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
    assert_no_violations(found)

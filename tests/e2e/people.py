"""The demo people the journeys act as, and the work they have done."""

import time

from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from accounts.demo import DEMO_ACCOUNTS, DEMO_TOTP_SECRET, create_demo_accounts, totp_code
from curriculum.models import Project
from portfolio.cohorts.membership import cohort_join
from portfolio.demo import DEMO_TRACK, create_demo_progress
from portfolio.models import Cohort, Verdict
from portfolio.review.queue import submission_claim
from portfolio.review.verdict import review_create
from portfolio.screenshots import clean_screenshots
from portfolio.submissions import screenshots_stage, submission_create
from portfolio.timekeeping import time_log

ACCOUNTS = {account.role: account for account in DEMO_ACCOUNTS}


def sign_in(page, role, next_url="/"):
    """Sign in as a demo account; the demo mentor and admin have two-factor sign-in, as
    every mentor must."""
    account = ACCOUNTS[role]
    secret = None if role == "learner" else DEMO_TOTP_SECRET
    sign_in_with(page, account.email, account.password, next_url, secret)


def sign_in_with(page, email, password, next_url="/", totp_secret=None):
    """Sign in through the login form, and its second step when the user has an
    authenticator app (its secret)."""
    page.context.clear_cookies()
    page.goto(f"/accounts/login/?next={next_url}")
    page.get_by_label("Email", exact=True).fill(email)
    page.get_by_label("Password", exact=True).fill(password)
    page.get_by_role("button", name="Sign In").click()
    if totp_secret:
        # A code counts once: signing in twice within 30 seconds needs the cache forgotten.
        cache.clear()
        # A code is good for its 30-second period only: never type one about to expire.
        if (left := 30 - time.time() % 30) < 3:
            time.sleep(left + 0.1)
        page.get_by_label("Code").fill(totp_code(totp_secret))
        page.get_by_role("button", name="Sign In").click()


def png(path, colour="steelblue"):
    Image.new("RGB", (320, 200), colour).save(path)
    return path


def demo_projects():
    """{position: project} for the first projects of the demo track's first level."""
    return {
        project.position: project
        for project in Project.objects.filter(
            track__slug=DEMO_TRACK, level__position=1, position__lte=4
        )
    }


def demo_work(tmp_path):
    """The demo learner with every kind of work, and the demo mentor reviewing it.

    Level 1 of the demo track: project 1 submitted and waiting (from the demo progress),
    project 2 submitted and claimed by the mentor, project 3 sent back with changes requested
    and time logged on it, project 4 approved (a credential issued) with a screenshot, on the
    public portfolio; the learner in the mentor's cohort. Returns {position: the project's
    latest submission}."""
    learner, mentor, _ = create_demo_accounts()
    create_demo_progress(learner)
    projects = demo_projects()
    image = png(tmp_path / "screen.png")
    upload = SimpleUploadedFile("screen.png", image.read_bytes(), content_type="image/png")
    shots = screenshots_stage(owner=learner, images=clean_screenshots([upload]))
    # One at a time: a learner may have only so many submissions waiting at once.
    submissions, verdicts = {}, {3: Verdict.REQUEST_CHANGES, 4: Verdict.APPROVE}
    for position in [3, 4, 2]:
        submissions[position] = submission_create(
            user=learner,
            project=projects[position],
            repository_url=f"https://github.com/demo-learner/project-{position}",
            write_up="## What I built\n\nA tool that **works**, with tests.",
            screenshots=shots if position == 4 else (),
        )
        submission_claim(submission_id=submissions[position].pk, mentor=mentor)
        if position in verdicts:
            review_create(
                submission=submissions[position],
                reviewer=mentor,
                verdict=verdicts[position],
                comment="Clear README. Add a test for empty input.",
                rubric={"clear_readme": {"met": True, "note": "Short and clear."}},
            )
    time_log(user=learner, project=projects[3], minutes=90, note="Parsing the input")
    learner.portfolio_public = True
    learner.save(update_fields=["portfolio_public"])
    cohort = Cohort.objects.create(
        name="Spring class", track=projects[1].track, starts_on="2026-03-02", created_by=mentor
    )
    cohort.mentors.add(mentor)
    cohort_join(cohort=cohort, learner=learner)
    return {1: learner.submissions.get(project=projects[1]), **submissions}

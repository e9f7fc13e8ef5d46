"""The people the benchmark signs in as (or looks at), the same in the small and the big
database so that a page is the same page in both and only everyone else's data differs.

- `bench-learner`: 120 projects started (100 of the 127 of novice-to-principal, 20 of the
  portfolio projects), most half done, ticks over the last 90 days and a 10-day streak.
- `bench-portfolio`: a public portfolio of 60 approved projects, some after a second iteration.
- `bench-queue`: 30 submissions waiting for review, the first five after changes requested.
- `bench-mentor`: a mentor, who reviewed the personas' earlier iterations.

They can sign in with PERSONA_PASSWORD (and bench-mentor with a code for MENTOR_TOTP_SECRET),
handy to look at the pages; the benchmark itself makes their sessions directly.
"""

from datetime import timedelta

from django.contrib.auth.hashers import make_password

from bench.catalog import CatalogTrack, track_by_slug
from bench.plan import APPROVED, CHANGES, WAITING, Person, Plan
from portfolio.credentials.issue import credentials_issue_on_approval
from portfolio.models import Review, Verdict

LEARNER, PORTFOLIO, QUEUE, MENTOR = (
    "bench-learner",
    "bench-portfolio",
    "bench-queue",
    "bench-mentor",
)
PERSONAS = [LEARNER, PORTFOLIO, QUEUE, MENTOR]
PERSONA_PASSWORD = "bench-python-2026"
# Every seeded mentor's authenticator app secret: accounts.demo.totp_code(MENTOR_TOTP_SECRET)
# tells the code that signs bench-mentor in.
MENTOR_TOTP_SECRET = "BENCHBENCHBENCHBENCHBENCHBENCHBE"
MAIN_TRACK, SECOND_TRACK = "novice-to-principal", "portfolio-projects"
STARTED = (100, 20)  # projects bench-learner started in the main and the second track
APPROVED_PROJECTS = (40, 20)  # bench-portfolio's, likewise
WAITING_SUBMISSIONS = 30  # bench-queue's, the first RESUBMITTED after changes requested
RESUBMITTED = 5


def plan_personas(plan: Plan, catalog: list[CatalogTrack], first_id: int) -> None:
    password = make_password(PERSONA_PASSWORD)
    now = plan.now
    learner, portfolio, queue, mentor = (
        Person(first_id + n, username, name, now - timedelta(days=200), password)
        for n, (username, name) in enumerate(
            [
                (LEARNER, "Bench Learner"),
                (PORTFOLIO, "Bench Portfolio"),
                (QUEUE, "Bench Queue"),
                (MENTOR, "Bench Mentor"),
            ]
        )
    )
    mentor.is_staff = True
    portfolio.portfolio_public = True
    portfolio.bio = "I learn Python by building things, and keep the ones that work here."
    plan.people += [learner, portfolio, queue, mentor]
    plan.mentor_ids.append(mentor.id)
    main, second = track_by_slug(catalog, MAIN_TRACK), track_by_slug(catalog, SECOND_TRACK)
    _plan_learner(plan, learner, main.projects[: STARTED[0]] + second.projects[: STARTED[1]])
    _plan_portfolio(
        plan,
        portfolio,
        main.projects[: APPROVED_PROJECTS[0]] + second.projects[: APPROVED_PROJECTS[1]],
        mentor,
    )
    _plan_queue(plan, queue, main.projects[-WAITING_SUBMISSIONS:], mentor)


def issue_credentials() -> int:
    """Give the personas' approvals their credentials, through the app's own issuing (the
    crowd's approvals have none: nothing the benchmark requests shows them)."""
    approvals = (
        Review.objects.filter(submission__user__username__in=PERSONAS, verdict=Verdict.APPROVE)
        .select_related("submission__user")
        .order_by("created_at")
    )
    return sum(
        len(credentials_issue_on_approval(review=review, now=review.created_at))
        for review in approvals
    )


def _plan_learner(plan: Plan, learner: Person, projects) -> None:
    """Half of each project's core milestones (at least one); every seventh project done
    but not submitted. Ticks over 90 days, then one a day for the last ten."""
    picks = []
    for n, project in enumerate(projects):
        count = len(project.core) if n % 7 == 6 else max(1, len(project.core) // 2)
        picks.append((project, project.core[:count]))
    total = sum(len(milestones) for _, milestones in picks)
    daily = [plan.now - timedelta(days=days, hours=2) for days in range(10, 0, -1)]
    times = plan.spread(plan.now - timedelta(days=90), total - len(daily), daily[0]) + daily
    used = 0
    for project, milestones in picks:
        plan.tick(learner.id, project, milestones, times[used : used + len(milestones)])
        used += len(milestones)


def _finish(plan: Plan, person: Person, project, start) -> None:
    times = plan.spread(start, len(project.core + project.stretch), start + timedelta(days=5))
    plan.tick(person.id, project, project.core + project.stretch, times)


def _plan_portfolio(plan: Plan, person: Person, projects, mentor: Person) -> None:
    for n, project in enumerate(projects):
        start = plan.now - timedelta(days=180 - 2 * n)
        _finish(plan, person, project, start)
        outcomes = [CHANGES, APPROVED] if n % 5 == 4 else [APPROVED]
        plan.submit(
            person, project, outcomes, after=start + timedelta(days=5), reviewers=[mentor.id]
        )


def _plan_queue(plan: Plan, person: Person, projects, mentor: Person) -> None:
    for n, project in enumerate(projects):
        start = plan.now - timedelta(days=60 - n)
        _finish(plan, person, project, start)
        outcomes = [CHANGES, WAITING] if n < RESUBMITTED else [WAITING]
        plan.submit(
            person, project, outcomes, after=start + timedelta(days=5), reviewers=[mentor.id]
        )

"""What the benchmark requests: each page's path, who is signed in, and what the response
must contain to count as the real page (not a redirect to the login or an error).

Computed against one seeded database (the personas are the same in both), with sessions made
through Django's own login so that the server, sharing SECRET_KEY, accepts the cookies.
"""

import secrets
from dataclasses import asdict, dataclass, field

from django.db.models import Count
from django.test import Client

from accounts.models import User
from bench import floors
from bench.personas import LEARNER, MAIN_TRACK, MENTOR, PORTFOLIO, QUEUE
from curriculum.models import Milestone, MilestoneKind, Project
from portfolio.models import MilestoneCheck, Submission, SubmissionStatus

SEARCH_QUERY = "database"


@dataclass
class Page:
    name: str
    label: str
    path: str
    marker: str  # text the response must contain
    cookie: str = ""
    script: str = "report.lua"
    env: dict = field(default_factory=dict)
    method: str = "GET"


def _session_cookie(username: str, csrf: str) -> str:
    client = Client()
    client.force_login(User.objects.get(username=username))
    return f"sessionid={client.cookies['sessionid'].value}; csrftoken={csrf}"


def _tick_milestones(learner) -> list[int]:
    """The stretch goals of the main-track projects the learner started. The personas tick no
    stretch goal, so the ticks a previous run left behind are removed first: every run starts
    from the seeded state."""
    ids = list(
        Milestone.objects.active()
        .filter(
            kind=MilestoneKind.STRETCH,
            project__track__slug=MAIN_TRACK,
            project__progress__user=learner,
        )
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    MilestoneCheck.objects.filter(user=learner, milestone__in=ids).delete()
    return ids


def pages() -> list[Page]:
    csrf = secrets.token_hex(16)  # 32 characters: a CSRF secret, sent as cookie and header
    learner = User.objects.get(username=LEARNER)
    learner_cookie = _session_cookie(LEARNER, csrf)
    mentor_cookie = _session_cookie(MENTOR, csrf)
    project = (
        Project.objects.filter(track__slug=MAIN_TRACK, progress__user=learner)
        .annotate(milestone_total=Count("milestones"))
        .select_related("track")
        .order_by("-milestone_total", "level__position", "position")
        .first()
    )
    resubmitted = Submission.objects.filter(
        user__username=QUEUE, status=SubmissionStatus.WAITING, iteration=2
    ).earliest("submitted_at")
    track_path = f"/tracks/{MAIN_TRACK}/"
    tick_ids = _tick_milestones(learner)
    post = {"BENCH_CSRF": csrf, "BENCH_BODY": "done=1"}

    def ticks(path: str) -> dict:
        return {"BENCH_TICK_PATH": path, "BENCH_TICK_IDS": ",".join(map(str, tick_ids))}

    return [
        Page("home", "home", "/", "From Novice to Principal"),
        Page("track", "track page, anonymous", track_path, project.title),
        Page("track-in", "track page, signed in", track_path, project.title, learner_cookie),
        Page("project", "project page, anonymous", project.get_absolute_url(), project.title),
        Page(
            "project-in",
            "project page, signed in",
            project.get_absolute_url(),
            "Submit for review",
            learner_cookie,
        ),
        # The dashboard shows the most recent of the 120 and links to all of them.
        Page(
            "dashboard",
            "dashboard (120 projects)",
            "/dashboard/",
            "All 120 projects in progress",
            learner_cookie,
        ),
        Page("skills", "skills coverage", "/dashboard/skills/", "argparse", learner_cookie),
        Page("search", "search", f"/search/?q={SEARCH_QUERY}", "Database"),
        Page("queue", "review queue", "/review/", "Waiting for a review", mentor_cookie),
        Page("review", "review page", f"/review/{resubmitted.pk}/", "Iteration 1", mentor_cookie),
        Page("portfolio", "public portfolio", f"/u/{PORTFOLIO}/", "Bench Portfolio"),
        # tick.lua cycles through the milestones; a single request ticks the first.
        Page(
            "tick",
            "tick (htmx POST)",
            f"/progress/milestones/{tick_ids[0]}/",
            "milestone",
            learner_cookie,
            script="tick.lua",
            env=post | ticks("/progress/milestones/"),
            method="POST",
        ),
        Page(
            "floor-get",
            "floor: signed-in GET, no work",
            "/bench/floor/get/",
            floors.MARKER,
            learner_cookie,
        ),
        Page(
            "floor-post",
            "floor: signed-in htmx POST, no work",
            "/bench/floor/post/",
            floors.MARKER,
            learner_cookie,
            script="post.lua",
            env=post,
            method="POST",
        ),
        Page(
            "floor-tick",
            "floor: the tick's row only",
            f"/bench/floor/tick/{tick_ids[0]}/",
            floors.MARKER,
            learner_cookie,
            script="tick.lua",
            env=post | ticks("/bench/floor/tick/"),
            method="POST",
        ),
    ]


def pages_as_json() -> list[dict]:
    return [asdict(page) for page in pages()]

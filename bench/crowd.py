"""The crowd of a big installation: learners who follow tracks and tick milestones over a
year, mentors who review what they submit.

At scale 1: 40,000 learners, 1,000,000 ticks spread over every live milestone of the
published tracks, 100,000 submissions (10 % waiting for a mentor, the others reviewed by one
of 300 mentors). Every number scales with `scale`, so a test can plan a tiny crowd.
"""

import math
from dataclasses import dataclass
from datetime import timedelta

from bench.catalog import CatalogTrack
from bench.plan import APPROVED, CHANGES, WAITING, Person, Plan
from bench.texts import FIRST_NAMES, LAST_NAMES

LEARNERS = 40_000
TICKS = 1_000_000
SUBMISSIONS = 100_000
MENTORS = 300
WAITING_SHARE = 0.10
# Most learners start at the beginning of a track; the others jump in anywhere.
STARTS_AT_BEGINNING = 0.5
STRETCH_CHANCE = 0.35
MOST_TICKS_PER_LEARNER = 400


@dataclass(frozen=True)
class CrowdSize:
    learners: int
    ticks: int
    submissions: int
    mentors: int

    @classmethod
    def at(cls, scale: float) -> "CrowdSize":
        return cls(
            learners=max(1, round(LEARNERS * scale)),
            ticks=round(TICKS * scale),
            submissions=round(SUBMISSIONS * scale),
            mentors=max(3, round(MENTORS * scale)),
        )


def plan_crowd(plan: Plan, catalog: list[CatalogTrack], size: CrowdSize, first_id: int) -> None:
    rng, now = plan.rng, plan.now
    mentors = [
        _person(rng, first_id + n, f"mentor{n + 1:03}", now, is_staff=True)
        for n in range(size.mentors)
    ]
    plan.people += mentors
    plan.mentor_ids += [mentor.id for mentor in mentors]
    learners = [
        _person(rng, first_id + size.mentors + n, f"learner{n + 1:05}", now)
        for n in range(size.learners)
    ]
    plan.people += learners
    finished = []  # (learner, project, time of the last tick) for every completed project
    weights = [track.milestone_count for track in catalog]
    budgets = _tick_budgets(rng, size, most=sum(weights))
    for learner, budget in zip(learners, budgets, strict=True):
        finished += _walk(plan, catalog, weights, learner, budget)
    _submit(plan, finished, size)


def _person(rng, person_id, username, now, is_staff=False) -> Person:
    first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
    public = not is_staff and rng.random() < 0.05
    return Person(
        id=person_id,
        username=username,
        display_name=f"{first} {last}",
        joined=now - timedelta(days=rng.uniform(1, 730)),
        is_staff=is_staff,
        portfolio_public=public,
        bio=f"{first} learns Python in the evenings." if public else "",
    )


def _tick_budgets(rng, size: CrowdSize, most: int) -> list[int]:
    """How many milestones each learner ticks: long-tailed (a few do a lot, many do little),
    summing to exactly `size.ticks`."""
    cap = min(MOST_TICKS_PER_LEARNER, most)
    if size.ticks > cap * size.learners:
        raise ValueError(f"{size.ticks} ticks do not fit {size.learners} learners")
    sigma = 1.0
    mean = size.ticks / size.learners
    mu = math.log(max(mean, 1)) - sigma**2 / 2
    raw = [rng.lognormvariate(mu, sigma) for _ in range(size.learners)]
    factor = size.ticks / sum(raw)
    budgets = [min(cap, int(x * factor)) for x in raw]
    missing, i = size.ticks - sum(budgets), 0
    while missing:  # rounding and the cap left some ticks over: hand them out in turn
        if budgets[i % size.learners] < cap:
            budgets[i % size.learners] += 1
            missing -= 1
        i += 1
    return budgets


def _walk(plan: Plan, catalog: list[CatalogTrack], weights, learner: Person, budget: int) -> list:
    """Tick `budget` milestones through the catalog the way a learner does: a track in order
    (from its start, or from wherever they jumped in), each project's core milestones, some
    stretch goals, then the next project; another track when one runs out."""
    rng = plan.rng
    track = rng.choices(catalog, weights)[0]
    start = 0 if rng.random() < STARTS_AT_BEGINNING else rng.randrange(len(track.projects))
    order = track.projects[start:] + [p for t in catalog if t is not track for p in t.projects]
    order += track.projects[:start]
    times = plan.spread(plan.now - timedelta(days=rng.uniform(1, 365)), budget)
    finished, used = [], 0
    for project in order:
        if used == budget:
            break
        milestones = project.core[: budget - used]
        if len(milestones) == len(project.core) and rng.random() < STRETCH_CHANCE:
            milestones += project.stretch[: budget - used - len(milestones)]
        if not milestones:
            continue
        plan.tick(learner.id, project, milestones, times[used : used + len(milestones)])
        used += len(milestones)
        if project.core and set(project.core) <= set(milestones):
            finished.append((learner, project, times[used - 1]))
    return finished


def _submit(plan: Plan, finished: list, size: CrowdSize) -> None:
    """Submissions for completed projects: exactly `size.submissions` rows, 10 % waiting.

    Per project: approved at once; changes requested (and not resubmitted yet); changes
    requested then approved; waiting; or changes requested then waiting again."""
    waiting = round(size.submissions * WAITING_SHARE)
    resubmitted_waiting = waiting // 5
    reviewed = size.submissions - waiting - resubmitted_waiting
    twice = reviewed // 11
    histories = (
        [[WAITING]] * (waiting - resubmitted_waiting)
        + [[CHANGES, WAITING]] * resubmitted_waiting
        + [[CHANGES]] * twice
        + [[CHANGES, APPROVED]] * twice
        + [[APPROVED]] * (reviewed - 3 * twice)
    )
    if len(histories) > len(finished):
        raise ValueError(
            f"{len(finished)} completed projects cannot carry {size.submissions} submissions: "
            "seed more ticks per learner"
        )
    rng = plan.rng
    rng.shuffle(histories)
    chosen = rng.sample(finished, len(histories))
    for (learner, project, last_tick), outcomes in zip(chosen, histories, strict=True):
        plan.submit(learner, project, outcomes, after=last_tick, reviewers=plan.mentor_ids)

"""Seed a database with the benchmark's people and their progress, in one transaction.

`seed()` plans every row in memory (bench.crowd, bench.personas), then writes each table with
one COPY. The same seed and scale give the same rows; times are relative to `now`.
"""

import random
import time
from dataclasses import dataclass

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.utils import encrypt
from django.contrib.auth.models import Group
from django.db import connection, transaction
from django.utils import timezone

from accounts.models import MENTORS_GROUP, User
from bench.bulk import IdRange, insert, reset_sequences
from bench.catalog import load_catalog
from bench.crowd import CrowdSize, plan_crowd
from bench.personas import MENTOR_TOTP_SECRET, issue_credentials, plan_personas
from bench.plan import Person, Plan
from portfolio.models import MilestoneCheck, ProjectProgress, Review, Submission

SEED = 20_260_101
# Bump when the seeder's rows change, so that `make bench` re-seeds old databases.
SEED_VERSION = 4


@dataclass(frozen=True)
class Seeded:
    people: int
    ticks: int
    progress: int
    submissions: int
    reviews: int
    seconds: float


def seed(*, scale: float = 1.0, crowd: bool = True, seed: int = SEED, now=None) -> Seeded:
    """Add the benchmark personas and, with `crowd`, a crowd of `scale` × 40,000 learners to
    a database that holds the catalog. Meant for an empty database of its own (ids follow the
    largest ones present)."""
    started = time.monotonic()
    plan = Plan(rng=random.Random(seed), now=now or timezone.now())
    catalog = load_catalog()
    people = IdRange(User)
    plan.next_submission_id = IdRange(Submission).next()
    first_id = people.next()
    if crowd:
        size = CrowdSize.at(scale)
        plan_crowd(plan, catalog, size, first_id)
        first_id += size.mentors + size.learners
    plan_personas(plan, catalog, first_id)
    with transaction.atomic():
        _skip_learner_page_triggers()
        _write(plan)
        issue_credentials()
    return Seeded(
        people=len(plan.people),
        ticks=len(plan.ticks),
        progress=len(plan.progress),
        submissions=len(plan.submissions),
        reviews=len(plan.reviews),
        seconds=round(time.monotonic() - started, 1),
    )


def _skip_learner_page_triggers() -> None:
    """A million ticks would bump their learners' pages_version a million times (portfolio
    migration 0020): nobody has a cached page of a database being seeded."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL roadmap.bulk_load = 'on'")


def _write(plan: Plan) -> None:
    insert(User, Person.COLUMNS, (person.row() for person in plan.people))
    insert(
        EmailAddress,
        ["user_id", "email", "verified", "primary"],
        ((p.id, p.email, True, True) for p in plan.people),
    )
    mentors = Group.objects.get(name=MENTORS_GROUP)
    insert(User.groups.through, ["user_id", "group_id"], ((m, mentors.pk) for m in plan.mentor_ids))
    # Mentors must have a second factor before the review pages open (accounts.middleware).
    totp = {"secret": encrypt(MENTOR_TOTP_SECRET)}
    insert(
        Authenticator,
        ["user_id", "type", "data"],
        ((m, Authenticator.Type.TOTP, totp) for m in plan.mentor_ids),
    )
    insert(MilestoneCheck, ["user_id", "milestone_id", "checked_at"], plan.ticks)
    insert(
        ProjectProgress,
        ["user_id", "project_id", "started_at", "last_activity_at", "status", "celebrated_at"],
        (key + tuple(row) for key, row in plan.progress.items()),
    )
    insert(
        Submission,
        [
            *("id", "user_id", "project_id", "iteration", "repository_url", "write_up"),
            *("status", "submitted_at", "claimed_by_id", "claimed_at"),
        ],
        plan.submissions,
    )
    insert(
        Review,
        ["submission_id", "reviewer_id", "verdict", "comment", "rubric", "created_at"],
        plan.reviews,
    )
    reset_sequences([User, Submission])

"""Shared personas: a learner, another learner, a mentor and an admin, each able to sign in."""

import os
import socket
from importlib import import_module

import httpx
import pytest
from django.apps import apps
from django.contrib.auth.models import Group
from django.core.management import call_command
from django_tasks_db.models import DBTaskResult

from accounts.models import MENTORS_GROUP
from curriculum.cache import forget_cached_pages
from curriculum.importer import import_tracks, parse_track_file, shipped_track_files
from curriculum.kept_pages import forget_kept_pages
from tests.factories import UserFactory, add_two_factor
from tests.network import FakeNetwork


def server_database_url(name: str = "postgres") -> str:
    """DATABASE_URL's server with another database: `postgres` is always there, while the
    database DATABASE_URL names need not exist (pytest-django makes test_<name> from it)."""
    return f"{os.environ['DATABASE_URL'].rsplit('/', 1)[0]}/{name}"


@pytest.fixture
def learner(db):
    return UserFactory(username="lena", display_name="Lena Learner")


@pytest.fixture
def other_learner(db):
    return UserFactory(username="otto", display_name="Otto Other")


@pytest.fixture
def mentor(db):
    """A mentor with two-factor sign-in, as every mentor must have before reviewing."""
    user = UserFactory(username="mira", display_name="Mira Mentor")
    user.make_mentor()
    return add_two_factor(user)


@pytest.fixture
def other_mentor(mentor):
    user = UserFactory(username="max", display_name="Max Mentor")
    user.make_mentor()
    return add_two_factor(user)


@pytest.fixture
def site_admin(db):
    return add_two_factor(UserFactory(username="ada", is_staff=True, is_superuser=True))


@pytest.fixture(autouse=True)
def network(monkeypatch):
    """No test reaches the real network: httpx's transport and the resolver answer from a
    FakeNetwork, which knows nothing until a test tells it (see tests/network.py)."""
    fake = FakeNetwork()
    mock = httpx.MockTransport(fake.handle)
    monkeypatch.setattr(httpx.HTTPTransport, "handle_request", lambda _, r: mock.handle_request(r))
    monkeypatch.setattr(socket, "getaddrinfo", fake.getaddrinfo)
    return fake


@pytest.fixture(autouse=True)
def fresh_catalog_cache():
    """Each test starts with an empty page cache: the catalog version's token outlives the
    rolled-back transaction of the test before (the session's import committed it), and a
    rollback sends no signal, so the pages of that test's catalog would still be read."""
    forget_cached_pages()
    forget_kept_pages()


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    # PBKDF2 at full strength costs a second per test that signs someone in.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def restore_migrated_data():
    """Put back the rows data migrations create (the Mentors group and its permissions), with
    the migrations' own code: the flush that ends every live-server test removes them, and a
    test database kept by --reuse-db keeps that loss."""
    import_module("accounts.migrations.0002_mentors_group").create_mentors_group(apps, None)
    mentors = Group.objects.get(name=MENTORS_GROUP)
    for migration in [
        "curriculum.migrations.0003_mentor_permissions",
        "curriculum.migrations.0007_mentor_guidance_permissions",
        "portfolio.migrations.0003_mentor_review_permissions",
    ]:
        mentors.permissions.add(*import_module(migration).mentor_permissions(apps))


def run_queued_tasks() -> int:
    """Run the queued tasks as the worker would, inside the test's transaction (the worker
    itself, `db_worker`, needs a transactional test). Returns how many ran."""
    results = list(DBTaskResult.objects.ready().order_by("enqueued_at"))
    for result in results:
        arguments = result.args_kwargs
        result.set_successful(result.task.call(*arguments["args"], **arguments["kwargs"]))
    return len(results)


def import_shipped_catalog():
    import_tracks([parse_track_file(path) for path in shipped_track_files()])


@pytest.fixture
def worker_ready(transactional_db):
    """The worker closes database connections between tasks, which only works outside the
    test's wrapping transaction; a transactional test starts from a flushed database."""
    restore_migrated_data()
    import_shipped_catalog()


def run_worker():
    """The task worker itself (`db_worker`), until the queue is empty: for worker_ready tests."""
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Every test database holds the shipped catalog, as `make run` does. Tests run inside
    transactions, so what one test changes is gone for the next; browser journeys (which
    flush) restore it themselves."""
    with django_db_blocker.unblock():
        restore_migrated_data()
        import_shipped_catalog()

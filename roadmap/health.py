"""Is the database there? For /healthz, for telling an outage from a bug, and for failing fast
while it lasts."""

import threading
import time

import psycopg
from django.conf import settings
from django.db import DatabaseError, InterfaceError, OperationalError, connection
from django.http import HttpResponse
from django.template import loader

# Seconds a client is asked to wait before trying again during a database outage.
OUTAGE_RETRY_AFTER = 10


def database_answers() -> bool:
    """True when the database answers `SELECT 1` within HEALTHZ_DATABASE_TIMEOUT seconds.

    With PostgreSQL the connection comes from the pool the requests use, with this short
    timeout instead of the requests' own: a full pool is as unready as a stopped server, and
    neither may keep the load balancer waiting."""
    pool = connection.pool if connection.vendor == "postgresql" else None
    try:
        if pool is None:
            with connection.cursor() as cursor:
                cursor.execute("SELECT 1")
        else:
            pool.open()  # idempotent; the first request of a process opens it
            with pool.connection(timeout=settings.HEALTHZ_DATABASE_TIMEOUT) as pooled:
                pooled.execute("SELECT 1")
    except (DatabaseError, psycopg.Error):
        return False
    return True


def is_database_outage(error: BaseException | None) -> bool:
    """The database could not be reached (down, restarting, pool exhausted, connection lost),
    as opposed to a query that is wrong: the first is a 503 worth retrying, the second a bug."""
    return isinstance(error, OperationalError | InterfaceError | psycopg.OperationalError)


def outage_response() -> HttpResponse:
    """The 503 page: rendered without a request context, so without a database query."""
    response = HttpResponse(loader.render_to_string("503.html"), status=503)
    response["Retry-After"] = str(OUTAGE_RETRY_AFTER)
    response.database_outage = True
    return response


class OutageBreaker:
    """Remembers, per process, that the database was unreachable a moment ago.

    During an outage every request would wait DATABASE_POOL_TIMEOUT for a connection the pool
    cannot make, and with a few threads per process the requests queue behind each other
    (/healthz too): 6 s to fail, measured. While the breaker is open, requests get the 503
    page at once. When `hold` seconds have passed, one request goes through to try the
    database while the others keep failing fast; /healthz always tries, and closes the
    breaker as soon as the database answers."""

    def __init__(self, hold: float):
        self.hold = hold
        self._until = 0.0
        self._lock = threading.Lock()

    def open(self) -> None:
        with self._lock:
            self._until = time.monotonic() + self.hold

    def close(self) -> None:
        self._until = 0.0

    def should_fail_fast(self) -> bool:
        if not self._until:
            return False
        with self._lock:
            now = time.monotonic()
            if now < self._until:
                return True
            # This caller tries the database; the others wait for its answer no longer than a
            # request can take to fail.
            self._until = now + self.hold + settings.DATABASE_POOL_TIMEOUT
            return False


recent_outage = OutageBreaker(hold=2.0)

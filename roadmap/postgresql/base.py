"""Django's PostgreSQL backend with a connection pool that gets over a server restart at once.

A restart drops every pooled connection. psycopg_pool's check finds a dead one when a request
takes it, but then tries the next one only after its backoff (a second), and the next is dead
too: the first request of each process after a restart waited out its pool timeout and got the
503 page, and /healthz said 503 while the database was up. Here the first dead connection makes
the pool test all its idle connections at once and replace the dead ones, so that the request
waits only for a fresh connection (milliseconds).
"""

from django.db.backends.postgresql import base
from psycopg_pool import ConnectionPool


class DatabaseWrapper(base.DatabaseWrapper):
    @property
    def pool(self):
        pool = super().pool
        if pool is not None and not getattr(pool, "checks_all_when_one_fails", False):
            # psycopg_pool has no public setter for its check: it is given to the constructor,
            # which Django calls with ConnectionPool.check_connection (CONN_HEALTH_CHECKS).
            pool._check = checking_all_on_failure(pool)
            pool.checks_all_when_one_fails = True
        return pool


def checking_all_on_failure(pool: ConnectionPool):
    def check(connection) -> None:
        try:
            ConnectionPool.check_connection(connection)
        except Exception:
            pool.check()
            raise

    return check

"""gunicorn settings for production: `gunicorn roadmap.wsgi` reads this file from the project root.

Threaded workers share one psycopg connection pool per process (see DATABASES in settings),
so a slow request holds a thread and a pooled connection, not a whole process.
"""

import os

# The production server runs in production mode unless told otherwise.
os.environ.setdefault("DEBUG", "0")

bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
worker_class = "gthread"
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 20
keepalive = 5
# Workers fork from a master that has already imported Django: a worker recycled by
# max_requests serves again at once instead of after a 2-6 s import on a busy machine (measured
# in scripts/outage_test.py, where failing fast makes workers recycle mid-outage). Nothing
# opens a database connection at import time, so no connection is shared across the fork.
preload_app = True
# A worker is replaced after this many requests, a guard against slow leaks. At 2,000 the
# benchmark's load (about 1,400 req/s) replaced one every 2-4 s, each starting with cold
# in-process caches (templates, the catalog's rendered parts).
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "20000"))
max_requests_jitter = max_requests // 10
accesslog = "-"
errorlog = "-"
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")

"""Production settings plus one test-only route (see harness_urls): gunicorn behind Caddy in
test_proxy.py runs with these."""

from roadmap.settings import *  # noqa: F403

ROOT_URLCONF = "tests.deploy.harness_urls"

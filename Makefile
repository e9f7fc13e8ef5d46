# Everyday commands. `make run` and `make test` work on a fresh clone with only Python 3.11+
# and make: the first call creates .venv and installs the locked dependencies into it.

# Variables from .env (see .env.example), exported to every command below.
ifneq (,$(wildcard .env))
include .env
export
endif

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
UV_VERSION := 0.13.8
export UV_PROJECT_ENVIRONMENT := $(abspath $(VENV))
HOST ?= 127.0.0.1
PORT ?= 8000
# Links in the emails the worker sends lead to the address `make run` serves, unless .env or
# the environment says otherwise.
SITE_URL ?= http://$(if $(filter 0.0.0.0,$(HOST)),localhost,$(HOST)):$(PORT)
export SITE_URL

.PHONY: run worker periodic test bench install migrate catalog demo lint format clean outage-test proxy-test proxy-bench backup restore

# The task worker (emails) runs beside the development server and stops with it.
run: install migrate catalog demo
	$(BIN)/python manage.py db_worker & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

worker: install
	$(BIN)/python manage.py db_worker

# The periodic jobs, once (cron or the scheduler service runs them every few minutes).
periodic: install
	$(BIN)/python manage.py run_periodic_tasks

test: install
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# Seeds a big installation into PostgreSQL databases of its own and measures every key page
# against /healthz with the production server (see README "Performance"). BENCH_ARGS: --quick,
# --pages dashboard,queue, --databases big, --port 8100.
bench: install
	$(BIN)/python -m bench.run $(BENCH_ARGS)

install: $(VENV)/.installed

# Re-installs only when the lock file or pyproject.toml changed, so a second `make run` is fast.
$(VENV)/.installed: pyproject.toml uv.lock
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11) and "Roadmap needs Python 3.11 or newer")'
	test -x $(BIN)/uv || { $(PYTHON) -m venv $(VENV) && $(BIN)/pip install --quiet uv==$(UV_VERSION); }
	$(BIN)/uv sync --frozen --inexact --quiet
	touch $@

migrate: install
	$(BIN)/python manage.py migrate --no-input

# Adds shipped tracks the database doesn't have; tracks already there keep mentors' edits.
# `.venv/bin/python manage.py import_catalog` updates them from curriculum/catalog/ instead.
catalog: install
	$(BIN)/python manage.py import_catalog --missing

demo: install
	$(BIN)/python manage.py create_demo_accounts
	$(BIN)/python manage.py create_demo_progress

# Stops a throwaway PostgreSQL (port 5441) under load for 15 s and reports errors, how fast
# /healthz said 503, recovery time and acknowledged writes lost. About a minute; not in CI.
outage-test: install
	$(BIN)/python -m scripts.outage_test

# deploy/Caddyfile in front of gunicorn, for real (needs `apt-get install -y caddy`).
proxy-test: install
	$(BIN)/python -m pytest tests/deploy $(PYTEST_ARGS)

# Measures a page, a static file and an upload with and without Caddy (needs caddy and wrk).
proxy-bench: install
	$(BIN)/python -m scripts.proxy_bench

# The database (DATABASE_URL) and the uploads (MEDIA_ROOT), timestamped under backups/.
backup: install
	$(BIN)/python -m scripts.backup backup

# make restore BACKUP=backups/roadmap-<time>.dump [FORCE=1]: into DATABASE_URL and MEDIA_ROOT;
# refuses to overwrite data unless FORCE=1.
restore: install
	$(BIN)/python -m scripts.backup restore $(BACKUP) $(if $(FORCE),--force)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

clean:
	rm -rf $(VENV) staticfiles .pytest_cache test-artifacts .bench

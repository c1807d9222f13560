# CCR Hub — the front door. `make run` and `make test` are all a newcomer needs.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
PORT ?= 8000

# Tests run with DEBUG off, as production does, over plain HTTP (the test client).
TEST_VARS := SECRET_KEY=test-only-secret-key-not-for-production HTTPS=0
SQLITE_ENV := env -u DEBUG -u DATABASE_URL $(TEST_VARS)
POSTGRES_ENV := env -u DEBUG $(TEST_VARS)
# `check --deploy` with production-like settings.
DEPLOY_ENV := env -u DATABASE_URL DEBUG=0 HTTPS=1 ALLOWED_HOSTS=ccrhub.example.org \
	SECRET_KEY=deploy-check-3f9a7c1e5b2d8a4f6c0e9b7d1a3f5c7e9b2d4f6a8c0e1b3d5f7a9c2e4b6d8f0a
DEMO_ENV := DEBUG=1 CCRHUB_KEYRING_FILE=var/demo-keyring.json

.PHONY: help install run test test-sqlite test-postgres check lint typecheck browser bench clean

help:
	@echo "make run    — install, migrate, load the demo county, serve http://127.0.0.1:$(PORT) with the task worker"
	@echo "make test   — the whole test suite (SQLite; PostgreSQL too when DATABASE_URL is set)"
	@echo "make check  — lint, format, types, migrations, deploy check, tests on SQLite and PostgreSQL"

$(STAMP): pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -c constraints.txt -e '.[dev]'
	@touch $(STAMP)

install: $(STAMP)

run: install
	@mkdir -p var
	$(DEMO_ENV) $(BIN)/python manage.py ensure_demo_keyring
	$(DEMO_ENV) $(BIN)/python manage.py migrate --noinput
	$(DEMO_ENV) $(BIN)/python manage.py seed_demo --if-empty
	$(DEMO_ENV) $(BIN)/python manage.py demo_personas
	$(DEMO_ENV) $(BIN)/python manage.py clear_stale_imports
	@# The task worker (imports, e-mail and other background work) and the scheduler of
	@# periodic jobs run beside the server and stop with it.
	@$(DEMO_ENV) $(BIN)/python manage.py db_worker & worker=$$!; \
		$(DEMO_ENV) $(BIN)/python manage.py run_schedule & scheduler=$$!; \
		trap 'kill $$worker $$scheduler 2>/dev/null' EXIT INT TERM; \
		$(DEMO_ENV) $(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

# Browser tests drive Debian's Chromium; install it when missing and we are root.
browser:
	@if ! command -v chromium >/dev/null 2>&1 && [ "$$(id -u)" = "0" ]; then \
		echo "Installing Debian's chromium for the browser tests…"; \
		(apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium) \
			>/dev/null || echo "WARNING: could not install chromium; browser tests will skip"; \
	fi

# Test processes (pytest-xdist), each with its own test database; 0 runs in this one.
TEST_WORKERS ?= 2

# pytest's exit code 5 means no test ran: that is a failure, never a pass.
# $(1) the environment, $(2) the engine's name for the elapsed time.
define run_pytest
	started=$$(date +%s); \
	$(1) $(BIN)/pytest -n $(TEST_WORKERS) $(PYTEST_ARGS); rc=$$?; \
	echo "== tests on $(2) took $$(( $$(date +%s) - started )) s"; \
	if [ $$rc -eq 5 ]; then echo "FAILED: no tests ran"; exit 1; fi; exit $$rc
endef

test: install browser
	@if [ -n "$$DATABASE_URL" ]; then $(MAKE) --no-print-directory test-sqlite test-postgres; \
	else $(MAKE) --no-print-directory test-sqlite; fi

test-sqlite: install
	@echo "== tests on SQLite"
	@$(call run_pytest,$(SQLITE_ENV),SQLite)

test-postgres: install
	@echo "== tests on PostgreSQL"
	@test -n "$$DATABASE_URL" || (echo "DATABASE_URL is not set" && exit 1)
	@$(call run_pytest,$(POSTGRES_ENV),PostgreSQL)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: install
	$(SQLITE_ENV) $(BIN)/mypy ccrhub

check: lint typecheck browser
	@mkdir -p var
	$(SQLITE_ENV) $(BIN)/python manage.py makemigrations --check --dry-run
	$(DEPLOY_ENV) $(BIN)/python manage.py check --deploy --fail-level WARNING
	$(MAKE) --no-print-directory test

# Synthetic data at scale on PostgreSQL (database `bench`, recreated), then every figure
# side by side as one JSON document (docs/performance.md). BENCH_EVENTS sets the size.
bench: install
	@mkdir -p var
	$(BIN)/python bench/run.py

clean:
	rm -rf $(VENV) var

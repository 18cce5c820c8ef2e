# `make run` and `make test` work on a fresh machine: everything they need is installed here.
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
PYTEST := $(VENV)/bin/pytest
RUFF := $(VENV)/bin/ruff
# Debian packages: Chromium for the browser suite, Pango for WeasyPrint, fonts for PDFs.
DEBIAN_PACKAGES := chromium libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core
PROD_CHECK_ENV := DJANGO_SETTINGS_MODULE=config.production ALLOWED_HOSTS=plans.example.org \
	SECRET_KEY=check-deploy-only-$$(head -c 48 /dev/urandom | base64 | tr -dc 'a-zA-Z0-9')

.PHONY: run setup system-deps test lint lock audit test-sqlite test-postgres check-deploy test-browser bench load clean

run: setup
	$(PY) manage.py migrate --noinput
	$(PY) manage.py demo
	@echo "Serving on http://127.0.0.1:8000/ (Ctrl+C to stop)"
	$(PY) manage.py runserver 127.0.0.1:8000

setup: system-deps $(VENV)/.stamp node_modules/.stamp build/static/.stamp

system-deps:
	@missing=""; \
	command -v chromium >/dev/null || missing="$$missing chromium"; \
	ldconfig -p | grep -q 'libpango-1.0.so' || missing="$$missing libpango-1.0-0"; \
	ldconfig -p | grep -q 'libpangoft2-1.0.so' || missing="$$missing libpangoft2-1.0-0"; \
	[ -e /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || missing="$$missing fonts-dejavu-core"; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "Installing Debian packages:$$missing"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	  else \
	    echo "Please install these Debian packages:$$missing (sudo apt-get install$$missing)"; exit 1; \
	  fi; \
	fi

# What is installed is the lock files: every package, dependencies of dependencies included,
# at one version with its hashes, and pip refuses anything else (--require-hashes). People edit
# requirements.txt and requirements-dev.txt; `make lock` writes requirements.lock (production)
# and requirements-dev.lock (this, plus the tests' and tools') from them, asking PyPI itself
# so the hashes are those of every file PyPI has for each version. `make lint` fails when a
# pin in requirements*.txt is not in the lock files.
$(VENV)/.stamp: requirements.lock requirements-dev.lock
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --require-hashes -r requirements-dev.lock
	touch $@

PIP_TOOLS_VERSION := $(shell sed -n 's/^pip-tools==//p' requirements-dev.txt)
PIP_COMPILE := $(VENV)/bin/pip-compile --quiet --generate-hashes --allow-unsafe --strip-extras \
	--no-emit-index-url --no-emit-find-links --index-url https://pypi.org/simple

# Pins the lock files already hold are kept; `make lock LOCK_ARGS=--upgrade` moves every
# dependency of a dependency to its newest release (its own commit, with the audit run).
lock:
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	test -x $(VENV)/bin/pip-compile || $(PY) -m pip install --quiet pip-tools==$(PIP_TOOLS_VERSION)
	$(PIP_COMPILE) $(LOCK_ARGS) --output-file requirements.lock requirements.txt
	$(PIP_COMPILE) $(LOCK_ARGS) --constraint requirements.lock --output-file requirements-dev.lock requirements-dev.txt
	$(PY) scripts/check_lock.py

# Known vulnerabilities in the locked Python packages and the npm packages; a registry that
# cannot be reached is skipped with a message (policy: security/accepted-vulnerabilities.txt).
audit: $(VENV)/.stamp node_modules/.stamp
	$(PY) scripts/audit_dependencies.py

node_modules/.stamp: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

build/static/.stamp: node_modules/.stamp scripts/build-static.mjs $(wildcard static/scss/*.scss)
	npm run --silent build
	touch $@

test: setup lint audit test-sqlite test-postgres check-deploy test-browser

lint: $(VENV)/.stamp
	$(PY) scripts/check_lock.py
	$(RUFF) check .
	$(RUFF) format --check .

# Two workers (the machine has two cores); a file's tests stay on one worker.
PYTEST_PARALLEL := -n 2 --dist loadfile

# Coverage (lines and branches, pyproject.toml) is measured on the SQLite run only: the
# PostgreSQL run repeats the same tests, and measuring once keeps CI's time down.
test-sqlite: setup
	env -u DATABASE_URL $(PYTEST) --ignore=tests/browser -q $(PYTEST_PARALLEL) \
	  --cov --cov-report=term:skip-covered --cov-fail-under=93.8

test-postgres: setup
	@if [ -n "$$DATABASE_URL" ]; then \
	  echo "Test suite on PostgreSQL ($$DATABASE_URL)"; \
	  $(PYTEST) --ignore=tests/browser -q $(PYTEST_PARALLEL) --database-tests-only; \
	else \
	  echo "DATABASE_URL is not set: skipping the PostgreSQL run"; \
	fi

# The production settings' collectstatic (its manifest storage refuses a stylesheet or script
# that refers to a file the build did not make), then their checks against what it collected:
# without the manifest `check --deploy` fails, as it would on a server.
check-deploy: setup
	@collected=$$(mktemp -d) && trap 'rm -rf $$collected' EXIT && \
	  $(PROD_CHECK_ENV) STATIC_ROOT=$$collected $(PY) manage.py collectstatic --noinput -v0 && \
	  echo "collectstatic with the production settings: $$(find $$collected -type f | wc -l) files" && \
	  $(PROD_CHECK_ENV) STATIC_ROOT=$$collected $(PY) manage.py check --deploy --fail-level WARNING

# Two workers as well: each has its own live server, database and Chromium, and a page's round
# trip (test, browser, server) keeps one core busy at a time, so two files run in the time of one.
test-browser: setup
	env -u DATABASE_URL $(PYTEST) tests/browser -q $(PYTEST_PARALLEL)

bench: setup
	$(PY) -m bench $(BENCH_ARGS)

# 30 users for 60 s against gunicorn with the production settings on PostgreSQL (bench/load.py).
load: setup
	@test -n "$$DATABASE_URL" || { echo "Set DATABASE_URL=postgres://... (the load runs on PostgreSQL)"; exit 2; }
	$(PY) -m bench.load $(LOAD_ARGS)

clean:
	rm -rf build staticfiles .pytest_cache .coverage .coverage.*

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

.PHONY: run setup system-deps test lint test-sqlite test-postgres check-deploy test-browser bench clean

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

$(VENV)/.stamp: requirements.txt requirements-dev.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@

node_modules/.stamp: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

build/static/.stamp: node_modules/.stamp scripts/build-static.mjs $(wildcard static/scss/*.scss)
	npm run --silent build
	touch $@

test: setup lint test-sqlite test-postgres check-deploy test-browser

lint: $(VENV)/.stamp
	$(RUFF) check .
	$(RUFF) format --check .

# Two workers (the machine has two cores); a file's tests stay on one worker.
PYTEST_PARALLEL := -n 2 --dist loadfile

test-sqlite: setup
	env -u DATABASE_URL $(PYTEST) --ignore=tests/browser -q $(PYTEST_PARALLEL)

test-postgres: setup
	@if [ -n "$$DATABASE_URL" ]; then \
	  echo "Test suite on PostgreSQL ($$DATABASE_URL)"; \
	  $(PYTEST) --ignore=tests/browser -q $(PYTEST_PARALLEL); \
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

test-browser: setup
	env -u DATABASE_URL $(PYTEST) tests/browser -q

bench: setup
	$(PY) -m bench $(BENCH_ARGS)

clean:
	rm -rf build staticfiles .pytest_cache

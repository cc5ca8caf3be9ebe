# The two commands: `make run` serves the app with a demo survey link, `make test`
# runs every check CI runs. Everything else is a building block of those two.
# New targets: add them below and to `make help`; keep each recipe a few lines and
# move longer logic into scripts/.

SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
FLASK := $(VENV)/bin/flask --app survey_app
HOST ?= 127.0.0.1
PORT ?= 5000
# Parallel pytest workers; PYTEST_WORKERS=0 runs in one process.
PYTEST_WORKERS ?= 2
PYTEST_ARGS ?=

DEMO_QUESTIONNAIRE := questionnaires/kymenlaakso-region-image.yaml
DEMO_SLUG := kymenlaakso-region-image

.PHONY: help run test setup setup-dev translations db demo-link demo-data \
        system-packages lint typecheck pytest clean

help:
	@echo "make run       set up, open a demo survey link and serve on http://$(HOST):$(PORT)"
	@echo "make test      set up and run every check (lint, types, the whole test suite)"
	@echo "make demo-data add 300 synthetic responses to the demo survey (N=...)"
	@echo "make serve     serve with gunicorn (gunicorn.conf.py; GUNICORN_BIND, WEB_CONCURRENCY, DATABASE_URL)"
	@echo "make bench-themes  theme quality (NMI) against plain TF-IDF + k-means on labelled sets"
	@echo "make bench-analysis  time and memory of loading, themes, summaries and the report"
	@echo "make bench-text  preparing 100k open answers for the themes, and that it equals the reference"
	@echo "make bench-summary  facilitator summary: first render, cached re-render, live refresh"
	@echo "make bench-export  exports in every format and the survey page, 1k and 10k responses"
	@echo "make screenshots  the README's phone and projector screenshots (docs/screenshots/)"
	@echo "make bench-load N phones (default 300) answer at once, SQLite and PostgreSQL"
	@echo "make bench-request  CPU and SQL statements per survey page request, in process"
	@echo "make audit     Lighthouse phone scores of the survey pages and the summary (needs Node.js)"
	@echo "make clean     remove the virtual environment and caches (keeps instance/)"

# --- set-up ---------------------------------------------------------------------

# Stamp files: pip runs again only when a requirements file changes.
$(VENV)/.requirements: requirements.txt
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --disable-pip-version-check -r requirements.txt
	@touch $@

$(VENV)/.requirements-dev: requirements-dev.txt $(VENV)/.requirements
	$(PY) -m pip install -q --disable-pip-version-check -r requirements-dev.txt
	@touch $@

translations: $(VENV)/.requirements
	@if compgen -G "survey_app/translations/*/LC_MESSAGES/*.po" >/dev/null; then \
		$(VENV)/bin/pybabel -q compile -d survey_app/translations; \
	fi

db: $(VENV)/.requirements
	$(FLASK) db upgrade

setup: $(VENV)/.requirements translations db

setup-dev: setup $(VENV)/.requirements-dev

system-packages:
	@scripts/ensure-system-packages.sh

# --- run --------------------------------------------------------------------------

demo-link: setup
	PUBLIC_BASE_URL=$${PUBLIC_BASE_URL:-http://$(HOST):$(PORT)} $(FLASK) demo link $(DEMO_QUESTIONNAIRE) --slug $(DEMO_SLUG)

run: demo-link
	$(FLASK) run --host $(HOST) --port $(PORT)

N ?= 300
demo-data: demo-link
	$(FLASK) demo responses $(DEMO_SLUG) --n $(N)

# The production server; behind a reverse proxy see README "Running in production".
serve: setup
	$(VENV)/bin/gunicorn -c gunicorn.conf.py "survey_app:create_app()"

# --- test -------------------------------------------------------------------------

lint: $(VENV)/.requirements-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

typecheck: $(VENV)/.requirements-dev
	$(VENV)/bin/mypy

pytest: setup-dev system-packages
	$(PY) -m pytest $(if $(filter-out 0,$(PYTEST_WORKERS)),-n $(PYTEST_WORKERS)) $(PYTEST_ARGS)

# Every check runs even when an earlier one fails, so one CI run shows all problems;
# pytest runs last so its summary closes the output.
test: setup-dev system-packages
	@status=0; \
	$(MAKE) --no-print-directory lint || status=1; \
	$(MAKE) --no-print-directory typecheck || status=1; \
	$(MAKE) --no-print-directory pytest || status=1; \
	if [ $$status -ne 0 ]; then echo "make test: some checks failed (see above)." >&2; fi; \
	exit $$status

# --- benchmarks: each prints figures for the README; BENCH_ARGS passes options -------

.PHONY: bench-themes bench-analysis bench-text bench-summary bench-export screenshots
bench-themes: setup-dev
	$(PY) scripts/bench_themes.py $(BENCH_ARGS)

bench-analysis: setup-dev
	$(PY) scripts/bench_analysis.py $(BENCH_ARGS)

bench-text: setup-dev
	$(PY) scripts/bench_text.py $(BENCH_ARGS)

bench-summary: setup-dev
	$(PY) scripts/bench_summary.py $(BENCH_ARGS)

bench-export: setup-dev
	$(PY) scripts/bench_export.py $(BENCH_ARGS)

# The README's pictures, from the bundled questionnaire and synthetic answers.
screenshots: setup-dev system-packages
	$(PY) scripts/screenshots.py

# A hall of N phones against gunicorn on SQLite and a throw-away PostgreSQL, and a bare
# Flask + SQLAlchemy ceiling; BENCH_ARGS="--databases sqlite" for SQLite only.
.PHONY: serve bench-load
bench-load: setup-dev
	$(PY) scripts/bench_load.py --phones $(N) $(BENCH_ARGS)

# CPU per survey page request in process: steadier than bench-load on a busy machine.
.PHONY: bench-request
bench-request: setup-dev
	$(PY) scripts/bench_request.py $(BENCH_ARGS)

# --- audit (not part of `make test`: it needs Node.js and takes minutes) -------------

# Lighthouse from the committed lock file into audit/node_modules; again only when the
# lock file changes.
audit/node_modules/.installed: audit/package.json audit/package-lock.json
	@scripts/ensure-node.sh
	cd audit && npm ci --no-audit --no-fund --silent
	@touch $@

.PHONY: audit
audit: setup-dev audit/node_modules/.installed
	CHROME_PATH=$${CHROME_PATH:-/usr/bin/chromium} $(PY) scripts/audit.py $(AUDIT_ARGS)

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache test-artifacts

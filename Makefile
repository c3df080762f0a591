# ARMAC Portal. `make help` lists the targets.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
TEST_WORKERS ?= 2
export DEBUG ?= 1

.DEFAULT_GOAL := help
.PHONY: help venv run test lint format data check bench compare-output

help: ## List the targets
	@grep -hE '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-15s %s\n", $$1, $$2}'

$(VENV)/.installed: requirements.txt requirements-dev.txt
	@echo "==> Creating the virtual environment in $(VENV) and installing requirements"
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@

venv: $(VENV)/.installed ## Create the virtual environment and install every requirement

data: venv ## Migrate the database and load the source-cited records (safe to repeat)
	@echo "==> Migrating the database ($${DATABASE_URL:-SQLite file db.sqlite3})"
	$(PY) manage.py migrate --noinput
	@echo "==> Loading the records of the source documents"
	$(PY) manage.py load_portal_data

run: data ## Serve the portal with its data on http://127.0.0.1:$(PORT)
	@echo "==> Serving on http://127.0.0.1:$(PORT)/ (admin at /admin/)."
	@echo "    To sign in to the admin, first create a staff login: $(PY) manage.py createsuperuser"
	$(PY) manage.py runserver 127.0.0.1:$(PORT)

# --dist worksteal: each worker starts on one half of the tests in file order (a module's fixtures, a
# browser, the portal's records, are set up on one worker) and an idle worker takes half of the other's
# remaining queue. With the default `load`, what each worker would run was fixed early, and one worker
# finished 110 s before the other.
test: venv ## Run every test (SQLite by default; PostgreSQL when DATABASE_URL names one), on two workers
	@echo "==> Running the tests against $${DATABASE_URL:-SQLite} ($(TEST_WORKERS) workers)"
	$(PY) -m pytest -n $(TEST_WORKERS) --dist worksteal

lint: venv ## Lint and check formatting with ruff, then the import contracts (pyproject.toml) with import-linter
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports

format: venv ## Format the code with ruff
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

check: venv ## Django's system checks and the missing-migration check
	$(PY) manage.py check
	$(PY) manage.py makemigrations --check --dry-run
	@echo "==> Validating the export API's OpenAPI 3 schema"
	$(PY) manage.py spectacular --validate --fail-on-warn --file /dev/null

bench: venv ## Measure pages, API, search, CSV export and a load test at 100,000 events on PostgreSQL
	@echo "==> Benchmarking on $${BENCH_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/armac_bench} (see BENCHMARKS.md)"
	$(PY) bench/run.py

BEFORE ?=
AFTER ?= HEAD
COMPARE_OUT ?= compare-output.diff
compare-output: venv ## Compare two revisions' public pages, API, CSV and calendars (BEFORE=<rev> AFTER=<rev>; SQLite)
	@test -n "$(BEFORE)" || { echo "Usage: make compare-output BEFORE=<rev> [AFTER=<rev>] [COMPARE_OUT=file]"; exit 2; }
	$(PY) bench/compare_output.py --before "$(BEFORE)" --after "$(AFTER)" --out "$(COMPARE_OUT)"

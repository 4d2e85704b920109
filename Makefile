# Two commands on a fresh machine with Python 3.11+, make and git:
#   make run    set up everything and serve the site on http://127.0.0.1:8000
#   make test   set up everything and run the whole test suite
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000
PYTEST_ARGS ?= -n 2

.PHONY: run test setup lint format bench migrate seed browser messages clean locks

# requirements.lock: what the site needs to run (production installs only this one);
# requirements-dev.lock: that plus the tools to test, lint and seed. Both pinned with hashes,
# made from pyproject.toml by `make locks`. A lock newer than the stamp (a checkout, a rebase)
# calls pip only when the virtualenv lacks one of its pins (scripts/lock_satisfied.py): an
# unchanged set of versions is not reinstalled, a fresh machine gets everything.
LOCKS := requirements.lock requirements-dev.lock
$(STAMP): $(LOCKS)
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@$(BIN)/python scripts/lock_satisfied.py $(LOCKS) || { \
	  $(BIN)/python -m pip install --quiet --upgrade pip && \
	  $(BIN)/python -m pip install --quiet --require-hashes $(addprefix -r ,$(LOCKS)); }
	@touch $(STAMP)

setup: $(STAMP)

migrate: setup
	DEBUG=$${DEBUG:-1} $(BIN)/python manage.py migrate --noinput -v 0

seed: migrate
	DEBUG=$${DEBUG:-1} $(BIN)/python manage.py seed_demo

run: seed
	@echo "Club Chorus Pro : http://$(HOST):$(PORT)/  (arrêt : Ctrl+C)"
	@# The task worker (e-mails, ballots opening and closing) and its clock, the scheduler
	@# (periodic tasks, no cron needed), run beside the server and stop with it;
	@# scripts/supervise starts either again if it dies.
	DEBUG=$${DEBUG:-1} bash scripts/supervise $(BIN)/python manage.py db_worker --no-reload & worker=$$!; \
	DEBUG=$${DEBUG:-1} bash scripts/supervise $(BIN)/python manage.py run_scheduler & scheduler=$$!; \
	trap 'kill $$worker $$scheduler 2>/dev/null; wait $$worker $$scheduler 2>/dev/null' EXIT INT TERM; \
	DEBUG=$${DEBUG:-1} $(BIN)/daphne -b $(HOST) -p $(PORT) club.asgi:application

# Browser journeys need Chromium; as root we install Debian's, elsewhere they are skipped.
browser:
	@bash scripts/ensure-chromium

test: setup browser
	$(BIN)/python -m pytest -q $(PYTEST_ARGS)

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/djlint templates --lint --quiet
	@# The floors of the code (pyproject.toml [tool.importlinter], docs/architecture.md).
	$(BIN)/lint-imports
	@# No import circle between modules, imports inside functions included (issue 19).
	@out=$$($(BIN)/python scripts/import_report.py --cycles --strict) || { echo "$$out"; exit 1; }

format: setup
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

messages: setup
	DEBUG=1 $(BIN)/python manage.py makemessages -l en --no-obsolete --ignore=.venv --ignore=staticfiles --ignore=tests --ignore=bench --ignore=var
	DEBUG=1 $(BIN)/python manage.py compilemessages --ignore=.venv

bench: setup
	nice $(BIN)/python bench/run.py $(BENCH_ARGS)

# The production topology on this machine (docs/deploy.md): PostgreSQL, Redis, nginx,
# one Daphne process per core, the task worker; in a virtualenv of its own holding only
# requirements.lock, as production does.
.PHONY: prod-local
prod-local:
	bash scripts/prod-local

# After a change of dependencies in pyproject.toml: both locks again, versions kept where the
# new constraints allow (pip-tools, in a throwaway virtualenv). This machine's package indexes
# (pip.conf) stay out of the files.
PIP_COMPILE := var/pip-tools/bin/pip-compile pyproject.toml --generate-hashes --allow-unsafe \
  --strip-extras --no-header --quiet --no-emit-index-url --no-emit-find-links
locks:
	rm -rf var/pip-tools && $(PYTHON) -m venv var/pip-tools
	var/pip-tools/bin/pip install --quiet pip-tools
	$(PIP_COMPILE) -c requirements-dev.lock -o requirements.lock
	$(PIP_COMPILE) --extra dev -c requirements.lock -o requirements-dev.lock

clean:
	rm -rf $(VENV) staticfiles db.sqlite3 db.sqlite3-wal db.sqlite3-shm var

# Samenspel. `make run` runs the portal, `make test` runs every test. Both set up .venv first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
PYTEST_ARGS ?=

# Local runs and tests use development settings; production sets its own environment.
run test seed shell: export DEBUG ?= true

.PHONY: run test lint format translations messages seed shell check-deploy clean bench backup restore loadtest

$(VENV)/.installed: pyproject.toml requirements.lock
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -c requirements.lock -e '.[dev]'
	touch $@

run: $(VENV)/.installed translations
	$(BIN)/python manage.py run_portal --port $(PORT)

test: $(VENV)/.installed translations
	$(BIN)/python -m pytest $(PYTEST_ARGS)

translations: $(VENV)/.installed
	DEBUG=true $(BIN)/python manage.py compile_translations

# Extract new strings into the .po files (needs GNU gettext).
messages: $(VENV)/.installed
	DEBUG=true $(BIN)/python manage.py makemessages -l nl -l en --no-obsolete --ignore='.venv/*' --ignore='.data/*'

lint: $(VENV)/.installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(VENV)/.installed
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# Scale data set in its own database, key pages measured, bench/results.json written.
# BENCH_ARGS="--scale 0.1" for a quick run, "--fresh" to rebuild the data.
BENCH_ARGS ?=
bench: $(VENV)/.installed translations
	$(BIN)/python -m bench.run $(BENCH_ARGS)

# Locust on loopback against gunicorn, in the database samenspel_load; locust has its own venv.
# LOAD_ARGS="--users 50 --minutes 3" (the defaults), "--fresh" to rebuild the database.
LOAD_VENV := .venv-load
LOAD_ARGS ?=
$(LOAD_VENV)/.installed: load/requirements.txt
	test -x $(LOAD_VENV)/bin/python || $(PYTHON) -m venv $(LOAD_VENV)
	$(LOAD_VENV)/bin/python -m pip install -q --upgrade pip
	$(LOAD_VENV)/bin/python -m pip install -q -r load/requirements.txt
	touch $@
loadtest: $(VENV)/.installed $(LOAD_VENV)/.installed translations
	$(BIN)/python -m load.run $(LOAD_ARGS)

# The database and the private files in one archive under backups/; restore replaces both.
backup: $(VENV)/.installed
	$(BIN)/python manage.py backup
restore: $(VENV)/.installed
	@test -n "$(FILE)" || (echo "usage: make restore FILE=backups/samenspel-....tar.gz"; exit 2)
	$(BIN)/python manage.py restore "$(FILE)"

seed: $(VENV)/.installed
	$(BIN)/python manage.py migrate
	$(BIN)/python manage.py seed_demo

shell: $(VENV)/.installed
	$(BIN)/python manage.py shell

clean:
	rm -rf .data staticfiles

# `manage.py check --deploy` as production runs it (CI does the same).
check-deploy: $(VENV)/.installed
	DEBUG=false SECRET_KEY=check-deploy-$$(date +%s)-not-a-real-secret-but-long-enough-for-the-check \
	  ALLOWED_HOSTS=samenspel.example.org $(BIN)/python manage.py check --deploy --fail-level WARNING

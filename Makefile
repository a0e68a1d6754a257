# Samenspel. `make run` runs the portal, `make test` runs every test. Both set up .venv first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
PYTEST_ARGS ?=

# Local runs and tests use development settings; production sets its own environment.
run test seed shell: export DEBUG ?= true

.PHONY: run test lint format translations messages seed shell check-deploy clean

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

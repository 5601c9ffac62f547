# ITA Portal: `make run` serves the demo, `make test` runs the whole suite.
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
STAMP := $(VENV)/.installed
DEMO_PASSWORD ?=
# Where `make run` remembers the demo users' password between runs (untracked, mode 600).
DEMO_PASSWORD_FILE := .demo_password
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: install system-deps run migrate demo demo-reset messages test lint bench clean

install: system-deps $(STAMP) messages

system-deps:
	@bash .ci/system-deps.sh

$(STAMP): pyproject.toml
	@command -v $(PYTHON) >/dev/null || { echo "ต้องมี $(PYTHON)"; exit 1; }
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

messages: $(STAMP)
	$(PY) manage.py compilemessages --ignore=.venv --verbosity 0

migrate: install
	$(PY) manage.py migrate --noinput

# An existing demo (and its password) is kept; DEMO_PASSWORD=… sets a new password on it.
demo: migrate
	$(PY) manage.py load_demo --password-file $(DEMO_PASSWORD_FILE) $(if $(DEMO_PASSWORD),--password '$(DEMO_PASSWORD)')

# Load the demo anew: every edit made in it is lost, and the password is new unless given.
demo-reset: migrate
	$(PY) manage.py load_demo --reset --password-file $(DEMO_PASSWORD_FILE) $(if $(DEMO_PASSWORD),--password '$(DEMO_PASSWORD)')

run: demo
	@echo "เปิดเว็บที่ http://$(HOST):$(PORT)/ (ผู้ดูแลระบบ: http://$(HOST):$(PORT)/admin/)"
	DEBUG=$${DEBUG:-true} $(PY) manage.py runserver $(HOST):$(PORT)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(PY) manage.py makemigrations --check --dry-run
	$(BIN)/mypy indicators/scoring.py indicators/services.py indicators/selectors.py assessments/services.py assessments/selectors.py assessments/publishing.py actionplans/services.py actionplans/selectors.py committees/services.py committees/selectors.py ita_portal/lib/thai.py ita_portal/lib/pdf.py ita_portal/lib/forms.py ita_portal/lib/admin.py ita_portal/lib/search.py

test: lint
	$(BIN)/pytest $(PYTEST_ARGS)

bench: install
	$(PY) bench/run.py

clean:
	rm -rf $(VENV) db.sqlite3 $(DEMO_PASSWORD_FILE) .pytest_cache .ruff_cache .mypy_cache

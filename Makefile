# ITA Portal: `make run` serves the demo, `make test` runs the whole suite.
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
STAMP := $(VENV)/.installed
DEMO_PASSWORD ?=
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: install system-deps run migrate demo messages test lint bench clean

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

demo: migrate
	$(PY) manage.py load_demo $(if $(DEMO_PASSWORD),--password '$(DEMO_PASSWORD)')

run: demo
	@echo "เปิดเว็บที่ http://$(HOST):$(PORT)/ (ผู้ดูแลระบบ: http://$(HOST):$(PORT)/admin/)"
	DEBUG=$${DEBUG:-true} $(PY) manage.py runserver $(HOST):$(PORT)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(PY) manage.py makemigrations --check --dry-run
	$(BIN)/mypy indicators/scoring.py indicators/oit_scoring.py indicators/services.py indicators/selectors.py assessments/services.py assessments/selectors.py assessments/publishing.py actionplans/services.py actionplans/selectors.py committees/services.py committees/selectors.py oit/services.py oit/selectors.py oit/bulk_paste.py oit/tasks.py ita_portal/lib/thai.py ita_portal/lib/pdf.py ita_portal/lib/linkcheck.py

test: lint
	$(BIN)/pytest $(PYTEST_ARGS)

bench: install
	$(PY) bench/run.py

clean:
	rm -rf $(VENV) db.sqlite3 .pytest_cache .ruff_cache .mypy_cache

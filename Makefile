# ITA Portal: `make run` serves the demo, `make test` runs the whole suite.
# This Makefile is the developer's tool: it runs with DEBUG=true unless told otherwise.
# Production installs from requirements/prod.txt by the steps of docs/deploy.md.
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
STAMP := $(VENV)/.installed
LOCK_DEV := requirements/dev.txt
LOCK_PROD := requirements/prod.txt
DEMO_PASSWORD ?=
# Where `make run` remembers the demo users' password between runs (untracked, mode 600).
DEMO_PASSWORD_FILE := .demo_password
HOST ?= 127.0.0.1
PORT ?= 8000
export DEBUG ?= true
# The benchmarks measure production behaviour (DEBUG off) on their own throw-away databases.
BENCH_ENV := DEBUG=false ALLOW_SQLITE_IN_PRODUCTION=true SECURE_SSL_REDIRECT=false \
	ALLOWED_HOSTS=127.0.0.1,localhost,testserver \
	SECRET_KEY="$$($(PY) -c 'import secrets; print(secrets.token_urlsafe(50))')"

.PHONY: install system-deps run migrate demo demo-reset messages static build test lint audit lock bench clean release

install: system-deps $(STAMP) messages

system-deps:
	@bash .ci/system-deps.sh

# Exactly the locked versions, each checked against its hash, with any pip (deploy/install-lock).
$(STAMP): $(LOCK_DEV)
	@command -v $(PYTHON) >/dev/null || { echo "ต้องมี $(PYTHON)"; exit 1; }
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	deploy/install-lock $(VENV) $(LOCK_DEV)
	@touch $(STAMP)

# Rewrite both lock files from pyproject.toml (newest versions allowed by it).
lock:
	$(BIN)/uv pip compile pyproject.toml --extra prod --generate-hashes --universal \
		--python-version 3.11 --upgrade --quiet -o $(LOCK_PROD)
	$(BIN)/uv pip compile pyproject.toml --extra dev --generate-hashes --universal \
		--python-version 3.11 --upgrade --quiet -o $(LOCK_DEV)

messages: $(STAMP)
	$(PY) manage.py compilemessages --ignore=.venv --verbosity 0

# Static files compressed into STATIC_ROOT (staticfiles/), as production serves them.
static: $(STAMP)
	$(PY) manage.py collectstatic --noinput --verbosity 0

build: install static

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
	$(PY) manage.py runserver $(HOST):$(PORT)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(PY) manage.py makemigrations --check --dry-run
	$(BIN)/lint-imports --no-cache
	$(BIN)/mypy ita_portal indicators assessments actionplans committees oit reports supervision --exclude '/migrations/'
	python3 .ci/code_health.py

# Known vulnerabilities in both lock files (skipped, saying so, when the service is unreachable).
audit: install
	@bash .ci/pip-audit.sh

# The PDF readers the tests extract text with that are not Python packages: pdf.js (pdfjs-dist,
# run by node), exactly as tests/readers/package-lock.json pins it.
READERS := tests/readers
$(READERS)/node_modules/.installed: $(READERS)/package-lock.json
	@command -v npm >/dev/null || { echo "ต้องมี Node.js 20 และ npm (อ่านข้อความ PDF ด้วย pdf.js)"; exit 1; }
	cd $(READERS) && npm ci --no-audit --no-fund
	@touch $@

# PYTEST_WORKERS=2 runs the tests in 2 processes (pytest-xdist; each its own test database,
# cache folder and MEDIA_ROOT). Off (0) until a whole run with it has been seen green.
PYTEST_WORKERS ?= 0
test: lint audit $(READERS)/node_modules/.installed
	$(BIN)/pytest $(if $(filter-out 0,$(PYTEST_WORKERS)),-n $(PYTEST_WORKERS)) $(PYTEST_ARGS)

bench: install
	$(BENCH_ENV) $(PY) bench/run.py

# --- Releases (docs/deploy.md 2.7) ---
# make release VERSION=X.Y.Z: CHANGELOG.md's Unreleased section becomes X.Y.Z, pyproject.toml and
# ita_portal.__version__ say X.Y.Z, a commit tagged vX.Y.Z; then the next minor's .dev0 begins.
release:
	@test -n "$(VERSION)" || { echo "ใช้: make release VERSION=X.Y.Z"; exit 1; }
	@test -z "$$(git status --porcelain)" || { echo "มีการแก้ไขที่ยังไม่ commit: commit ก่อนออกรุ่น"; exit 1; }
	python3 .ci/release.py $(VERSION)
	git commit -q -am "Release $(VERSION)"
	git tag -a v$(VERSION) -m "ITA Portal $(VERSION)"
	python3 .ci/release.py --next
	git commit -q -am "Begin the version after $(VERSION)"
	@echo "ออกรุ่น $(VERSION) แล้ว (แท็ก v$(VERSION)): git push --follow-tags"
# --- end releases ---

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles $(DEMO_PASSWORD_FILE) .pytest_cache .ruff_cache .mypy_cache

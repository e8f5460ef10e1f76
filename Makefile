# Run `make help` for the list of targets.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# DEBUG off (the real error pages, WhiteNoise), with demo keys and plain http: t4c_socialcheck/settings_demo.py
DEMO_ENV := DJANGO_SETTINGS_MODULE=t4c_socialcheck.settings_demo

.DEFAULT_GOAL := help

.PHONY: help run test lint bench reset-demo-passwords setup audit-deps

help:  ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-22s %s\n", $$1, $$2}'

$(BIN)/.installed: requirements.txt requirements-dev.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	touch $@

setup: $(BIN)/.installed  ## Create the virtualenv, install pinned requirements, migrate and seed demo data
	$(DEMO_ENV) $(BIN)/python manage.py migrate --noinput
	$(DEMO_ENV) $(BIN)/python manage.py seed_demo

run: setup  ## Set everything up and serve the demo on http://127.0.0.1:8000 (SQLite, Celery eager)
	$(DEMO_ENV) $(BIN)/python manage.py runserver 127.0.0.1:8000

test: $(BIN)/.installed  ## Run the whole test suite (SQLite, eager Celery unless DATABASE_URL/REDIS_URL are set)
	$(BIN)/python -m pytest

lint: $(BIN)/.installed  ## ruff (lint and format), and a check that no migration is missing
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(DEMO_ENV) $(BIN)/python manage.py makemigrations --check --dry-run

reset-demo-passwords: $(BIN)/.installed  ## Give the demo users new passwords and print them
	$(DEMO_ENV) $(BIN)/python manage.py seed_demo --reset-passwords

bench: $(BIN)/.installed  ## Run the benchmarks against PostgreSQL and Redis (see README, "Benchmarks")
	bench/run

# --strict: a dependency the vulnerability service cannot look up fails the audit instead
# of being skipped (without it, an unreachable service reads as "No known vulnerabilities").
AUDIT_SERVICE ?= pypi
audit-deps: $(BIN)/.installed  ## Check the pinned requirements for known vulnerabilities (pip-audit; AUDIT_SERVICE=pypi or osv)
	$(BIN)/pip-audit --strict --progress-spinner off --vulnerability-service $(AUDIT_SERVICE) -r requirements.txt -r requirements-dev.txt

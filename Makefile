# Eenloket. The README names two targets: `make run` and `make test`.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
export EENLOKET_NODE_MODULES ?= $(CURDIR)/node_modules

.PHONY: run test lint typecheck schema bench eval lock install install-dev clean demo-large messages

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: requirements/lock-base.txt pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements/lock-base.txt
	$(BIN)/pip install --quiet --no-deps -e .
	touch $@

$(VENV)/.installed-dev: requirements/lock-dev.txt $(VENV)/.installed
	$(BIN)/pip install --quiet -r requirements/lock-dev.txt
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

install: $(VENV)/.installed node_modules/.installed
install-dev: $(VENV)/.installed-dev node_modules/.installed

## make run: install, migrate, load the demo into an empty database, start web + worker
run: install
	$(BIN)/eenloket run

## make test: quality gates and the whole suite (SQLite, PostgreSQL, browser)
test: install-dev
	bash scripts/test.sh

lint: install-dev
	$(BIN)/ruff check src bench
	$(BIN)/ruff format --check src bench

typecheck: install-dev
	$(BIN)/mypy

## the committed OpenAPI schema (docs/api/openapi.yaml) is regenerated from the code
schema: install-dev
	EENLOKET_DATA_DIR=$$(mktemp -d) $(BIN)/eenloket spectacular --file docs/api/openapi.yaml --validate --fail-on-warn

## make bench: every benchmark under bench/, summary in bench/results/latest.json
bench: install-dev
	$(BIN)/python bench/run.py

messages: install-dev
	cd src/eenloket && ../../$(BIN)/eenloket makemessages -l en --no-obsolete --ignore 'e2e/*' --ignore '*/tests/*' --ignore 'demo/*' && ../../$(BIN)/eenloket compilemessages -l en

lock: | $(BIN)/python
	$(BIN)/pip install --quiet uv
	$(BIN)/uv pip compile requirements/base.in -o requirements/lock-base.txt --python-version 3.11 -q
	$(BIN)/uv pip compile requirements/dev.in -o requirements/lock-dev.txt --python-version 3.11 -q

clean:
	rm -rf $(VENV) node_modules var test-artifacts

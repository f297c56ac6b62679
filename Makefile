# Keel — developer commands. `make help` lists them.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp

.DEFAULT_GOAL := help
.PHONY: help install test lint typecheck bench run clean

help: ## list the targets
	@grep -E '^[a-z]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-10s %s\n", $$1, $$2}'

$(BIN)/python:
	$(PY) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): $(BIN)/python pyproject.toml
	$(BIN)/python -m pip install --quiet -e '.[test]'
	@touch $(STAMP)

install: $(STAMP) ## create .venv and install Keel with its test extra

lint: $(STAMP) ## ruff over the packages and tests
	$(BIN)/ruff check --no-cache asgi_core framework openapi security testing tests benchmarks

typecheck: $(STAMP) ## mypy (strict on asgi_core)
	$(BIN)/mypy asgi_core framework openapi security testing

test: $(STAMP) lint ## ruff, then the whole suite
	$(BIN)/python -m pytest -q

$(VENV)/.bench-stamp: $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[test,bench]'
	@touch $@

bench: $(VENV)/.bench-stamp ## benchmarks (installs the bench extra: matplotlib, FastAPI, Litestar)
	$(BIN)/python -m benchmarks

run: $(STAMP) ## serve the showcase app
	$(BIN)/python -m framework run examples.showcase:app --reload

clean: ## remove the venv and caches
	rm -rf $(VENV) build *.egg-info .mypy_cache .ruff_cache .pytest_cache

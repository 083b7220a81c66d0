# BidDesk: `make run` opens the window, `make test` runs lint, types and tests.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DEV_STAMP := $(VENV)/.installed-dev

.PHONY: run test lint typecheck pytest bench screenshots clean wheel-test

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(DEV_STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP) $@

run: $(STAMP)
	$(BIN)/biddesk

lint: $(DEV_STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

# mypy reads the package `biddesk` through a link to the repository (see pyproject.toml).
typecheck: $(DEV_STAMP)
	mkdir -p .typing && ln -sfn .. .typing/biddesk
	$(BIN)/mypy

pytest: $(DEV_STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -q

test: lint typecheck pytest

# The wheel as a user installs it, in a fresh venv, run from another folder.
wheel-test:
	PYTHON=$(PYTHON) .ci/wheel-test

bench: $(DEV_STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m bench

# A fresh settings folder: the pictures show the window as a new user sees it.
screenshots: $(STAMP)
	XDG_CONFIG_HOME=$$(mktemp -d) QT_QPA_PLATFORM=offscreen $(BIN)/biddesk --demo --screenshot docs/window.png
	XDG_CONFIG_HOME=$$(mktemp -d) QT_QPA_PLATFORM=offscreen $(BIN)/python docs/screenshots.py docs

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache .typing build dist *.egg-info

# BidDesk: `make run` opens the window, `make test` runs lint, types and tests.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DEV_STAMP := $(VENV)/.installed-dev
DIST_STAMP := $(VENV)/.installed-dist

.PHONY: run test lint typecheck pytest bench screenshots clean wheel-test dist dist-test

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(DEV_STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP) $@

$(DIST_STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[dist]'
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

# The one-folder app bundle dist/BidDesk/ (PyInstaller, packaging/biddesk.spec). The spec
# finds the package through build/pyinstaller-path/biddesk, a link to the repository.
dist: $(DIST_STAMP)
	mkdir -p build/pyinstaller-path && ln -sfn ../.. build/pyinstaller-path/biddesk
	$(BIN)/pyinstaller --noconfirm --clean --log-level WARN --distpath dist \
		--workpath build/pyinstaller packaging/biddesk.spec
	@echo "dist: $$(du -sh dist/BidDesk | cut -f1) in dist/BidDesk/"

# The bundle run from a path with Japanese characters and a space (.ci/dist-test).
dist-test: dist
	.ci/dist-test

bench: $(DEV_STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m bench

# A fresh settings folder each: the pictures show the window as a new user sees it.
# On offscreen screens of a given size (docs/screens/*.json, the offscreen plugin's
# configfile), with settings of their own so no remembered window size leaks in.
screenshots: $(STAMP)
	XDG_CONFIG_HOME=$$(mktemp -d) QT_QPA_PLATFORM=offscreen:configfile=docs/screens/1920x1080.json \
		$(BIN)/biddesk --demo --screenshot docs/window.png
	XDG_CONFIG_HOME=$$(mktemp -d) QT_QPA_PLATFORM=offscreen:configfile=docs/screens/1280x720.json \
		$(BIN)/biddesk --demo --screenshot docs/window-1280x720.png
	XDG_CONFIG_HOME=$$(mktemp -d) QT_QPA_PLATFORM=offscreen $(BIN)/python docs/market_screenshot.py docs/market.png
	XDG_CONFIG_HOME=$$(mktemp -d) QT_QPA_PLATFORM=offscreen $(BIN)/python docs/screenshots.py docs

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache .typing build dist *.egg-info

# The two commands of the README: `make run` and `make test`. Each sets up what it needs.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: run test lint format po benchmarks screenshots clean

run: $(VENV)/.run-installed
	$(BIN)/python -m smartdesk

test: $(VENV)/.test-installed
	$(BIN)/ruff check smartdesk tests benchmarks
	$(BIN)/ruff format --check smartdesk tests benchmarks
	$(BIN)/mypy
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest

$(VENV)/.venv-created:
	$(PYTHON) -m venv $(VENV) || { sh scripts/system-deps.sh venv && rm -rf $(VENV) && $(PYTHON) -m venv $(VENV); }
	$(BIN)/python -m pip install -q --upgrade pip
	touch $@

$(VENV)/.run-installed: $(VENV)/.venv-created requirements.lock pyproject.toml scripts/system-deps.sh
	sh scripts/system-deps.sh run
	$(BIN)/pip install -q -r requirements.lock
	$(BIN)/pip install -q --no-deps -e .
	touch $@

$(VENV)/.test-installed: $(VENV)/.run-installed requirements-dev.lock
	sh scripts/system-deps.sh test
	$(BIN)/pip install -q -r requirements-dev.lock
	touch $@

lint: $(VENV)/.test-installed
	$(BIN)/ruff check smartdesk tests benchmarks

format: $(VENV)/.test-installed
	$(BIN)/ruff format smartdesk tests benchmarks
	$(BIN)/ruff check --fix smartdesk tests benchmarks

po: $(VENV)/.test-installed  ## extract strings and merge them into every catalog
	$(BIN)/pybabel extract -F babel.cfg -k N_ -k ngettext:1,2 -k pgettext:1c,2 --no-location --sort-output -o translations/smartdesk.pot smartdesk
	for l in fr nl de; do $(BIN)/pybabel update --no-fuzzy-matching -i translations/smartdesk.pot -d translations -D smartdesk -l $$l; done

benchmarks: $(VENV)/.test-installed
	for f in benchmarks/bench_*.py; do $(BIN)/python $$f || exit 1; done

screenshots: $(VENV)/.test-installed  ## every page and dialog with the demo data, to docs/screenshots/
	QT_QPA_PLATFORM=offscreen $(BIN)/python scripts/screenshots.py

clean:
	rm -rf $(VENV) build dist .pytest_cache .ruff_cache

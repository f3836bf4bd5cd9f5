# dyads — set-up, demo and tests. Needs only Python 3.11 and make; everything else comes from PyPI.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
DB     ?= sqlite:///dyads.db

.PHONY: install demo test test-fast bench clean

install: $(STAMP)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[test,postgres,parquet]"
	@touch $(STAMP)
	@echo "dyads installed: $(BIN)/dyads"

demo: install
	$(BIN)/dyads ingest dyads/samples --db $(DB)
	$(BIN)/dyads events --db $(DB) --format table
	@echo
	@echo "The sample articles and their events are stored in $(DB)."
	@echo "Browse them in a web browser:  $(BIN)/dyads serve --db $(DB)   then open http://127.0.0.1:8000/"
	@echo "or on the terminal:            $(BIN)/dyads events --db $(DB) --format table"

test: install
	$(BIN)/python -m pytest -q

test-fast: install
	$(BIN)/python -m pytest -q -m "not slow"

bench: install
	$(BIN)/python benchmarks/quality.py
	$(BIN)/python benchmarks/speed.py

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache

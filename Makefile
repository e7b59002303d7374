# tiercli — the two commands: `make demo` and `make test`. Both set themselves up.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test test-fast lint typecheck pytest sample-data bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	$(BIN)/python -m compileall -q src  # as a wheel install does (none under PYTHONDONTWRITEBYTECODE)
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/tiercli segment sample_data/trade_export.xlsx -o out/tiers_demo.xlsx
	$(BIN)/tiercli segment sample_data/trade_export.xlsx -o out/tiers_demo_en.xlsx --lang en -q
	@echo "English workbook → out/tiers_demo_en.xlsx"

test: $(STAMP) lint typecheck pytest

lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks scripts
	$(BIN)/ruff format --check src tests benchmarks scripts

typecheck: $(STAMP)
	$(BIN)/mypy

pytest: $(STAMP)
	$(BIN)/pytest

# Quick feedback while editing: lint, types and the tests not marked slow (make test runs all).
test-fast: $(STAMP) lint typecheck
	$(BIN)/pytest -m "not slow"

sample-data: $(STAMP)
	$(BIN)/python scripts/make_sample_data.py sample_data

bench: $(STAMP)
	$(BIN)/python -m compileall -q src  # edited modules' bytecode, so no run compiles them
	$(BIN)/python benchmarks/bench_segment.py

clean:
	rm -rf $(VENV) out .pytest_cache .mypy_cache .ruff_cache

# Two entry points a newcomer needs: `make demo` and `make test`. Both create .venv when missing.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
# Pin "now" so example outcomes never drift with the calendar.
export SOURCE_DATE_EPOCH ?= 1795478400

.PHONY: demo test lint typecheck schemas docs clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@

demo: $(VENV)/.installed
	@$(BIN)/ocp check examples/ --as-of 2026-11-24 || test $$? -eq 1

test: $(VENV)/.installed
	$(BIN)/python -m pytest
	$(BIN)/ruff check ocp_standards tests
	$(BIN)/mypy

lint: $(VENV)/.installed
	$(BIN)/ruff check ocp_standards tests
	$(BIN)/ruff format --check ocp_standards tests

typecheck: $(VENV)/.installed
	$(BIN)/mypy

schemas: $(VENV)/.installed
	$(BIN)/python -m ocp_standards.model.export_schemas

clean:
	rm -rf $(VENV) build dist *.egg-info .pytest_cache .mypy_cache .ruff_cache

docs: $(VENV)/.installed
	$(BIN)/python -m ocp_standards.docs_gen

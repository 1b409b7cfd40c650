# Two entry points a newcomer needs: `make demo` and `make test`. Both create .venv when missing.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
# Pin "now" so example outcomes never drift with the calendar.
export SOURCE_DATE_EPOCH ?= 1795478400

.PHONY: demo test lint typecheck schemas docs vocab bench clean profiles-lock

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@

# The demo exits 0 when it ran: some examples fail their gate on purpose (exit 1 is expected).
DEMO_AS_OF := 2026-11-24
demo: $(VENV)/.installed
	@echo "== Procurement: three vendor bids, judged with the procurement profile =="
	@$(BIN)/ocp check examples/procurement --profile procurement --as-of $(DEMO_AS_OF) \
		|| test $$? -eq 1
	@echo
	@echo "== Datasets: a well-published and a poorly-published city dataset, for the open data portal =="
	@$(BIN)/ocp check examples/datasets --profile open-data-publication --as-of $(DEMO_AS_OF) \
		|| test $$? -eq 1
	@echo
	@echo "== APIs: a good city 311 API and a poor vendor API, against ocp-exchange =="
	@$(BIN)/ocp check examples/apis --as-of $(DEMO_AS_OF) || test $$? -eq 1
	@echo
	@echo "== Submissions: a complete bid folder, and one whose claims do not hold =="
	@$(BIN)/ocp check examples/submissions --profile procurement --as-of $(DEMO_AS_OF) \
		|| test $$? -eq 1

# The whole suite, then the linters: a formatting slip or a type error fails CI like a test does.
test: $(VENV)/.installed
	$(BIN)/python -m pytest
	@$(MAKE) --no-print-directory lint

lint: $(VENV)/.installed
	$(BIN)/ruff check ocp_standards tests
	$(BIN)/ruff format --check ocp_standards tests
	$(BIN)/mypy

typecheck: $(VENV)/.installed
	$(BIN)/mypy

schemas: $(VENV)/.installed
	$(BIN)/python -m ocp_standards.model.export_schemas

clean:
	rm -rf $(VENV) build dist *.egg-info .pytest_cache .mypy_cache .ruff_cache

# Pinned vocabularies (licences, formats, frequencies, countries) from exact package versions and
# the dated files in standards/vocabularies/sources/; byte-identical on every run.
vocab: $(VENV)/.installed
	$(BIN)/python -m pip install --quiet -e '.[vocab]'
	$(BIN)/python -m ocp_standards.committee.vocab

# Freeze new bundled profile versions (profiles/NAME@VERSION.yaml) by recording their digests.
profiles-lock: $(VENV)/.installed
	$(BIN)/python -m ocp_standards.committee.profiles

docs: $(VENV)/.installed
	$(BIN)/python -m ocp_standards.committee.docs_gen

# Performance is measured, never asserted in tests: ocp vs frictionless vs pyarrow's bare parse.
BENCH_ROWS ?= 1000000
BENCH_ERRORS ?= 0.001
bench: $(VENV)/.installed
	$(BIN)/python benchmarks/run.py --rows $(BENCH_ROWS) --errors $(BENCH_ERRORS) --repeat 3

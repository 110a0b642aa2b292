# cscp_analysis: every target sets itself up. `make help` lists them.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
CYCLE ?= params/2016-sample-cycle.yaml

.DEFAULT_GOAL := help
.PHONY: help install report test lab validate bench lock browser clean

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -c constraints.txt -e ".[test,bench]"
	touch $(STAMP)

install: $(STAMP) ## create .venv and install the package with its pinned dependencies

report: $(STAMP) ## produce the sample audit cycle's reports under outputs/
	$(VENV)/bin/cscp-analysis run $(CYCLE)

test: $(STAMP) browser ## run the whole test suite (real notebooks, real browser)
	$(PY) -m pytest

validate: $(STAMP) ## validate every bundled sample audit
	@for a in 2016-06-cse 2016-06-mfh 2022-09-neglect; do $(VENV)/bin/cscp-analysis validate $$a || exit 1; done

lab: $(STAMP) ## open JupyterLab on the notebooks
	$(VENV)/bin/jupyter lab notebooks/

bench: $(STAMP) ## run the benchmarks (minutes; prints figures and ratios)
	$(PY) benchmarks/bench_missing.py
	$(PY) benchmarks/bench_batch.py
	$(PY) benchmarks/bench_large_report.py
	$(PY) benchmarks/bench_end_to_end.py

browser: ## make sure Debian's headless chromium is there for the browser tests
	@command -v chromium >/dev/null || { \
	  echo "installing Debian's chromium for the browser tests"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -q && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -q chromium; }

lock: $(STAMP) ## re-pin constraints.txt from the current environment
	$(PY) -m pip freeze --exclude-editable | grep -v '^-e' > constraints.txt

clean: ## remove generated outputs (never the inputs)
	rm -rf outputs/*/ .pytest_cache

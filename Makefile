# cscp_analysis: every target sets itself up. `make help` lists them.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
CYCLE ?= params/2016-sample-cycle.yaml
# The project's own Jupyter kernel, registered inside .venv; both notebooks name it in their
# metadata and the batch passes the same name to papermill (tests/e2e/test_jupyterlab.py checks).
KERNEL_NAME := cscp-analysis
KERNEL_DISPLAY := Python (cscp_analysis)
KERNELSPEC := $(VENV)/share/jupyter/kernels/$(KERNEL_NAME)/kernel.json
# JupyterLab at the project root (so data/ and params/ can be seen) opened on notebooks/;
# its kernels talk to it over CurveZMQ-encrypted sockets (the kernelspec ipykernel writes
# declares support), so no kernel warns that it runs over TCP without encryption.
LAB_OPTIONS := --ServerApp.root_dir=. --LabApp.default_url=/lab/tree/notebooks --KernelManager.transport_encryption=auto

.DEFAULT_GOAL := help
.PHONY: help install report test lab validate bench lock browser clean

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -c constraints.txt -e ".[test,bench]"
	touch $(STAMP)

# The kernelspec is its own target, so an existing .venv gains it without reinstalling.
$(KERNELSPEC): $(STAMP)
	$(PY) -m ipykernel install --sys-prefix --name $(KERNEL_NAME) --display-name "$(KERNEL_DISPLAY)"

install: $(STAMP) $(KERNELSPEC) ## create .venv, install the package with its pinned dependencies and register its Jupyter kernel

report: $(STAMP) $(KERNELSPEC) ## produce the sample audit cycle's reports under outputs/
	$(VENV)/bin/cscp-analysis run $(CYCLE)

test: $(STAMP) $(KERNELSPEC) browser ## run the whole test suite (real notebooks, real browser)
	$(PY) -m pytest

validate: $(STAMP) ## validate every bundled sample audit
	@for a in 2016-06-cse 2016-06-mfh 2022-09-neglect; do $(VENV)/bin/cscp-analysis validate $$a || exit 1; done

lab: $(STAMP) $(KERNELSPEC) ## open JupyterLab at the project root, on the notebooks
	$(VENV)/bin/jupyter lab $(LAB_OPTIONS)

bench: $(STAMP) ## run the benchmarks (minutes; prints figures and ratios)
	$(PY) benchmarks/bench_missing.py
	$(PY) benchmarks/bench_batch.py
	$(PY) benchmarks/bench_pdf.py
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

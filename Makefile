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
# How `browser` runs apt-get when not root (pdf-browser passes "sudo -n": no password prompt),
# and where pdf-browser keeps apt-get's output.
SUDO_CMD ?= sudo
CHROMIUM_LOG := $(VENV)/chromium-install.log
# JupyterLab at the project root (so data/ and params/ can be seen) opened on notebooks/;
# its kernels talk to it over CurveZMQ-encrypted sockets (the kernelspec ipykernel writes
# declares support), so no kernel warns that it runs over TCP without encryption.
LAB_OPTIONS := --ServerApp.root_dir=. --LabApp.default_url=/lab/tree/notebooks --KernelManager.transport_encryption=auto

.DEFAULT_GOAL := help
.PHONY: help install report test lab validate bench lock browser pdf-browser clean

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-12s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -c constraints.txt -e ".[test,bench]"
	touch $(STAMP)

# The kernelspec is its own target, so an existing .venv gains it without reinstalling.
$(KERNELSPEC): $(STAMP)
	$(PY) -m ipykernel install --sys-prefix --name $(KERNEL_NAME) --display-name "$(KERNEL_DISPLAY)"

install: $(STAMP) $(KERNELSPEC) ## create .venv, install the package with its pinned dependencies and register its Jupyter kernel

report: $(STAMP) $(KERNELSPEC) pdf-browser ## produce the sample audit cycle's reports under outputs/
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

browser: ## make sure Debian's headless chromium is there for the browser tests (installs it or fails)
	@command -v chromium >/dev/null || { \
	  echo "installing Debian's chromium for the browser tests"; \
	  SUDO=$$( [ "$$EUID" = 0 ] || echo $(SUDO_CMD) ); \
	  $$SUDO apt-get update -q && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -q chromium; }

# `make report`'s try at the same install, for the PDFs: never fails and never asks for a
# password (sudo -n). Without chromium (nor $CSCP_CHROMIUM) it says why in one line and the
# run goes on: it warns once and publishes the HTML reports without PDFs.
pdf-browser: ## try to install Debian's chromium for the reports' PDFs (never fails)
	@command -v chromium >/dev/null || [ -n "$$CSCP_CHROMIUM" ] || { \
	  why=""; \
	  if ! command -v apt-get >/dev/null; then why="no apt-get, not a Debian system"; \
	  elif [ "$$EUID" != 0 ] && ! sudo -n true 2>/dev/null; then why="not root and no passwordless sudo"; \
	  else echo "installing Debian's chromium for the reports' PDFs (log: $(CHROMIUM_LOG))"; \
	    $(MAKE) --no-print-directory -f $(firstword $(MAKEFILE_LIST)) browser SUDO_CMD="sudo -n" \
	      >$(CHROMIUM_LOG) 2>&1 || why="apt-get failed, offline? see $(CHROMIUM_LOG)"; fi; \
	  [ -z "$$why" ] || echo "Could not install chromium for the PDFs ($$why): the reports will be published without PDFs."; }

lock: $(STAMP) ## re-pin constraints.txt from the current environment
	$(PY) -m pip freeze --exclude-editable | grep -v '^-e' > constraints.txt

clean: ## remove generated outputs (never the inputs)
	rm -rf outputs/*/ .pytest_cache

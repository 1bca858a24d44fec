# SPDX-FileCopyrightText: 2026 The Open Source AI Lab Kit authors
# SPDX-License-Identifier: MIT
from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import settings

ROOT = Path(__file__).resolve().parent.parent

# Hypothesis explores new random examples on every local run; in CI (CI=true) the examples are
# derived from each test's name instead, so a landing never depends on the luck of the draw.
# A failure found locally is replayed from Hypothesis' example database and should become a test.
settings.register_profile("ci", derandomize=True, print_blob=True)
if os.environ.get("CI"):
    settings.load_profile("ci")


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT


# -- Lab 11's sandbox, for tests/test_contrib.py and tests/exercises/test_lab11.py ------------------

@pytest.fixture(scope="session")
def template(tmp_path_factory):
    """One sandbox built for the whole session; each test works on a copy of it (see ``sb``)."""
    from osai.contrib import Sandbox

    sandbox = Sandbox(tmp_path_factory.mktemp("template") / "sandbox")
    yield sandbox
    sandbox.cleanup()


@pytest.fixture
def sb(template, tmp_path):
    """A fresh sandbox: a copy of the session's template (a build runs about ten git commands)."""
    sandbox = template._copy_to(tmp_path / "sandbox")
    yield sandbox
    sandbox.cleanup()

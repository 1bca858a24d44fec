# SPDX-FileCopyrightText: 2026 The Open Source AI Lab Kit authors
# SPDX-License-Identifier: MIT
"""Shared helpers of the exercise tests, which mirror ``utils/osai/exercises/labNN.py``.

Fixtures:

- ``status(lab, qid, value)``: the status a check gives ``value``, printing nothing;
- ``evaluate(lab, qid, value)``: the whole :class:`~osai.checks.Result` (its ``detail`` is the message);
- ``solution_points(lab)``: ``{qid: points}`` read from the solution notebook's check cells, so that no
  test hard-codes how many exercises a lab has;
- ``hostile_values``: :data:`HOSTILE_VALUES`, the one set of hostile values (name -> factory).

- ``right_passes_and_wrong_fails(lab, qid, right, wrong)``: the one assertion every lab's answer table goes through.
- ``check_cell_output(lab, qid, **names)``: what the solution's check cell prints, its hidden tests included.

A lab's answer-table test is marked ``@pytest.mark.answer_table`` and takes ``qid``: it runs for every exercise of
the module's ``LAB`` except those with a test of their own named ``test_<qid>_right_passes_and_wrong_fails`` (what
``osai new-exercise`` appends) and those the marker lists (``answer_table(besides=("q5",))``). So the list of
exercises is read from the lab's verifiers, never typed, and a new exercise needs no edit of the table.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

from osai.checks import Result, load_lab

ROOT = Path(__file__).resolve().parents[2]
_OWN_PAIR_TEST = re.compile(r"test_(q\d+[a-z]?)_right_passes_and_wrong_fails")


def own_pair_tests(module) -> set[str]:
    """Exercises that a lab's test module tests on their own (``test_<qid>_right_passes_and_wrong_fails``)."""
    return {found[1] for name in vars(module) if (found := _OWN_PAIR_TEST.fullmatch(name))}


def pytest_configure(config):
    config.addinivalue_line("markers", "answer_table(besides=()): parametrize qid over the lab's exercises")


def pytest_generate_tests(metafunc):
    """``qid`` of an ``answer_table`` test: the module's lab's exercises less those tested on their own."""
    marker = metafunc.definition.get_closest_marker("answer_table")
    if marker is None:
        return
    module = metafunc.module
    besides = own_pair_tests(module) | set(marker.kwargs.get("besides", ()))
    metafunc.parametrize("qid", [q for q in sorted(load_lab(module.LAB).exercises) if q not in besides])


def _refuse(name):
    def method(self, *args, **kwargs):
        raise RuntimeError(name)

    return method


#: Every dunder a check might touch; each raises.
_DUNDERS = ("eq", "ne", "hash", "repr", "str", "bool", "len", "iter", "float", "int", "getattr",
            "lt", "gt", "le", "ge", "call")

#: A value whose every dunder a check might touch raises.
Hostile = type("Hostile", (), {f"__{name}__": _refuse(name) for name in _DUNDERS})


class HostileException(Exception):
    def __str__(self):
        raise RuntimeError("str of exception")


def _raises_hostile(*args, **kwargs):
    raise HostileException()


def _exits(*args, **kwargs):
    sys.exit(3)


def _returns_hostile(*args, **kwargs):
    return Hostile()


def _generator():
    yield from range(3)


def _self_containing():
    items: list = []
    items.append(items)
    return items


#: The one set of hostile values every exercise must survive: name -> factory (a fresh value per test).
HOSTILE_VALUES = {
    "hostile object": lambda: Hostile(),
    "hostile class": lambda: Hostile,
    "huge int": lambda: 10**5000,
    "huge float list": lambda: [1e308] * 10_000,
    "nan": lambda: float("nan"),
    "generator": _generator,
    "self-containing list": _self_containing,
    "function raising a hostile exception": lambda: _raises_hostile,
    "function calling sys.exit": lambda: _exits,
    "function returning a hostile object": lambda: _returns_hostile,
    "bytes": lambda: b"\x00\xff" * 100,
    "None": lambda: None,
    "empty string": lambda: "",
    "empty dict": lambda: {},
}


@pytest.fixture(scope="session")
def hostile_values():
    return HOSTILE_VALUES


@pytest.fixture(scope="session")
def evaluate():
    def evaluate(lab: str, qid: str, value) -> Result:
        return load_lab(lab).evaluate(qid, value)

    return evaluate


@pytest.fixture(scope="session")
def status(evaluate):
    def status(lab: str, qid: str, value) -> str:
        return evaluate(lab, qid, value).status

    return status


def points_in_solution(lab: str) -> dict[str, int]:
    """``{qid: points}`` from the nbgrader metadata of the check cells of solution ``lab``."""
    import nbformat

    path = next((ROOT / "solutions").glob(f"{lab}_*.ipynb"))
    cells = nbformat.read(path, as_version=4).cells
    return {c.metadata["nbgrader"]["grade_id"]: c.metadata["nbgrader"]["points"]
            for c in cells if "check" in c.metadata.get("tags", [])}


@pytest.fixture(scope="session")
def solution_points():
    return points_in_solution


@pytest.fixture(scope="session")
def right_passes_and_wrong_fails(evaluate):
    def assert_right_and_wrong(lab: str, qid: str, right, wrong) -> None:
        passed = evaluate(lab, qid, right)
        assert passed.status == "passed", passed.detail
        failed = evaluate(lab, qid, wrong)
        assert failed.status == "failed", failed.detail

    return assert_right_and_wrong


def _check_cell_sources(lab: str) -> dict[str, str]:
    """``{qid: source}`` of the check cells of solution ``lab``, hidden tests included."""
    import nbformat

    path = next((ROOT / "solutions").glob(f"{lab}_*.ipynb"))
    cells = nbformat.read(path, as_version=4).cells
    return {c.metadata["nbgrader"]["grade_id"]: c.source for c in cells if "check" in c.metadata.get("tags", [])}


@pytest.fixture(scope="session")
def check_cell_output():
    """``run(lab, qid, **names)``: what the solution's check cell of ``qid`` prints, hidden tests included,
    with ``names`` (the student's answer) bound as in the notebook; ``np`` and ``Path`` are there too."""
    import contextlib
    import io

    import numpy as np

    from osai.checks import for_lab

    def run(lab: str, qid: str, **names) -> str:
        check, _ = for_lab(lab)
        namespace = {"check": check, "np": np, "Path": Path, **names}
        printed = io.StringIO()
        with contextlib.redirect_stdout(printed):
            exec(compile(_check_cell_sources(lab)[qid], f"<check cell {lab} {qid}>", "exec"), namespace)
        return printed.getvalue()

    return run

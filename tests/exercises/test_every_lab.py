# SPDX-FileCopyrightText: 2026 The Open Source AI Lab Kit authors
# SPDX-License-Identifier: MIT
"""What every exercise of every lab must do: survive any value in one line, and say "not attempted" for ``...``.

The hostile-value grid lives here once, for all labs: one test per exercise, looping over the
shared hostile values, so that a new exercise is covered without writing anything.
"""

from __future__ import annotations

import contextlib
import io
import re
from pathlib import Path

import pytest

from osai.checks import available_labs, load_lab

ROOT = Path(__file__).resolve().parents[2]
ALL = [(number, qid) for number in available_labs() for qid in load_lab(number).exercises]


@pytest.mark.parametrize("number,qid", ALL, ids=[f"{n}-{q}" for n, q in ALL])
def test_no_exercise_raises_on_hostile_values(number, qid, hostile_values):
    lab = load_lab(number)
    for name, make in hostile_values.items():
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            result = lab.check(qid, make())
        line = out.getvalue()
        assert result.status == "failed" and result.points == 0, (name, line)
        assert line.count("\n") == 1 and line.endswith("\n"), (name, line)


@pytest.mark.parametrize("number", available_labs())
def test_ellipsis_and_an_unfinished_function_are_not_attempted(number):
    lab = load_lab(number)

    def unfinished(*args):
        raise NotImplementedError

    for qid in lab.exercises:
        assert lab.evaluate(qid, ...).status == "not_attempted", qid
        assert lab.evaluate(qid, unfinished).status in {"not_attempted", "failed"}, qid


@pytest.mark.parametrize("number", available_labs())
def test_exercises_match_the_solution_notebook(number, solution_points):
    lab = load_lab(number)
    assert {qid: e.points for qid, e in lab.exercises.items()} == solution_points(number)


def test_no_salt_is_typed_by_hand():
    """Salts are derived from lab and exercise (``ex.matches``); a typed "NN:qK" could silently be the wrong one."""
    for path in sorted((ROOT / "utils/osai/exercises").glob("lab*.py")):
        source = path.read_text(encoding="utf-8")
        assert not re.search(r'["\']\d\d:q\d', source), path.name
        assert f'ex = Exercises("{path.stem[3:]}")' in source, path.name

# SPDX-FileCopyrightText: 2026 The Open Source AI Lab Kit authors
# SPDX-License-Identifier: MIT
"""Lab 10, the capstone release review (``osai.exercises.lab10``): the solution's own answers pass."""

from __future__ import annotations

import io
import sys
from contextlib import redirect_stdout
from pathlib import Path

import pytest

from osai.capstone import release_folder
from tests.exercises.conftest import own_pair_tests

LAB = "10"


def _solution_namespace():
    """Run the solution notebook's code cells (without check cells) and return their globals."""
    import nbformat

    root = Path(__file__).resolve().parents[2]
    nb = nbformat.read(root / "solutions" / "10_capstone_release_review.ipynb", as_version=4)
    ns: dict = {"get_ipython": lambda: None}
    import matplotlib

    matplotlib.use("Agg")
    with redirect_stdout(io.StringIO()):
        for cell in nb.cells:
            if cell.cell_type == "code" and "check" not in cell.metadata.get("tags", []):
                exec(compile(cell.source, "<cell>", "exec"), ns)  # noqa: S102 - our own notebook
    return ns


ANSWERS = {"q1": "corrected", "q2": "openness", "q3": "license_review", "q4": "categories", "q5": "privacy",
           "q6": "contributions", "q7": "fixed_card", "q8": "review"}


@pytest.fixture(scope="module")
def solution():
    return _solution_namespace()


def test_every_exercise_passes_with_the_solution(solution, status, solution_points):
    assert set(ANSWERS) | own_pair_tests(sys.modules[__name__]) == set(solution_points(LAB))
    for qid, name in ANSWERS.items():
        assert status(LAB, qid, solution[name]) == "passed", qid


def test_plausible_wrong_answers_fail(solution, status):
    import copy
    import dataclasses

    from osai.openness import Release

    wrong = {
        "q1": Release("x", {k: v for k, v in solution["corrected"].components.items() if v and k != "data_card"}),
        "q2": {**solution["openness"], "osaid": True},
        "q3": {**solution["license_review"], "conflicts": []},
        "q4": {k: "public" for k in solution["categories"]},
        "q5": {**solution["privacy"], "k": 2},
        "q6": {k: -v for k, v in solution["contributions"].items()},
        "q7": (release_folder() / "README.md").read_text(),
        "q8": dataclasses.replace(copy.deepcopy(solution["review"]), pii={}),
    }
    for qid, value in wrong.items():
        assert status(LAB, qid, value) == "failed", qid

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
        assert re.search(rf'ex = Exercises\("{path.stem[3:]}"(, salt_lab="\d\d")?\)', source), path.name


def _raises_a_long_error(*args, **kwargs):
    raise ValueError("this learner function failed with a very long explanation " * 8 + "at the very end")


#: Plausible wrong answers of every kind an exercise takes: numbers, text, collections, dicts, functions.
PLAUSIBLE_WRONG = {
    "zero": lambda: 0,
    "one": lambda: 1,
    "negative": lambda: -1,
    "share": lambda: 0.5,
    "big number": lambda: 10**6,
    "bool": lambda: True,
    "license id": lambda: "MIT",
    "lower-case id": lambda: "mit",
    "long word": lambda: "x" * 400,
    "long sentence": lambda: " ".join(["word"] * 200),
    "empty list": lambda: [],
    "short list": lambda: [1, 2, 3],
    "list of words": lambda: ["open", "gated", "closed"],
    "long list": lambda: list(range(500)),
    "pair": lambda: ("open", "a reason"),
    "small dict": lambda: {"a": 1},
    "many keys": lambda: {f"component_number_{i}": ("open", "because") for i in range(60)},
    "function returning 0": lambda: (lambda *a, **k: 0),
    "function returning text": lambda: (lambda *a, **k: "x"),
    "function returning None": lambda: (lambda *a, **k: None),
    "function with a long error": lambda: _raises_a_long_error,
}


def _full_message(exercise, value) -> str | None:
    """What the verifier says before the check shortens it (None when it cannot be put into words)."""
    from osai.checks import Mismatch

    try:
        exercise.verify(value)
    except Mismatch as wrong:
        return str(wrong)
    except (KeyboardInterrupt, GeneratorExit):
        raise
    except BaseException as error:  # noqa: BLE001
        try:
            return f"{type(error).__name__}: {error} (expected {exercise.expected})"
        except BaseException:  # noqa: BLE001
            return None
    return ""


@pytest.mark.parametrize("number", available_labs())
def test_no_check_line_is_cut_inside_a_word(number, hostile_values):
    """Every check line stays one line; when shortened, only whole words leave, and short advice stays whole."""
    lab = load_lab(number)
    values = {**hostile_values, **PLAUSIBLE_WRONG}
    for qid, exercise in lab.exercises.items():
        for name, make in values.items():
            out = io.StringIO()
            with contextlib.redirect_stdout(out):
                result = lab.check(qid, make())
            line = out.getvalue()
            assert line.count("\n") == 1 and line.endswith("\n"), (qid, name, line)
            if result.status != "failed":
                continue
            pointer = f' Try hint("{qid}").'
            detail = result.detail[: -len(pointer)] if result.detail.endswith(pointer) else result.detail
            full = _full_message(exercise, make())
            if not full or "…" not in detail:
                continue
            words = " ".join(full.split()).split(" ")
            for word in detail.split(" "):
                whole = word in words or word.rstrip(".") in words or word + "." in words
                if whole or word.strip(",.;:()[]{}") == "…":  # a whole word, or the mark of words left out
                    continue
                # only a value longer than 40 characters may be cut, and it says so with "…"
                cut = word.rstrip(",.;:)]}'\"")
                assert cut.endswith("…") and any(len(w) > 40 and w.startswith(cut[:-1]) for w in words), \
                    (qid, name, word, detail)
            advice = re.split(r"(?<=[:;]) ", " ".join(full.split()))[-1].rstrip(".")
            if len(advice) <= 60 and not re.search(r"[\[\]{}'\"]", advice):  # prose after the last colon: the advice
                assert detail.rstrip(".").endswith(advice), (qid, name, advice, detail)


def _refused_after_check(number: str, qid: str, names: list[str]) -> bool:
    """Whether a code cell after the check cell of ``qid`` in solution ``number`` uses one of ``names``."""
    import nbformat

    path = next((ROOT / "solutions").glob(f"{number}_*.ipynb"))
    cells = [c for c in nbformat.read(path, as_version=4).cells if c.cell_type == "code"]
    checked = [i for i, c in enumerate(cells) if re.search(rf"check\(\s*['\"]{qid}['\"]", c.source)]
    return bool(checked) and any(re.search(rf"\b{name}\b", c.source) for c in cells[checked[0] + 1:] for name in names)


@pytest.mark.parametrize("number", available_labs())
def test_a_refusal_says_the_kit_compares_after_only_where_the_notebook_does(number):
    """``compared=True`` makes a refusal say "the kit's function is there to compare with after": it must be true."""
    for qid, exercise in load_lab(number).exercises.items():
        if exercise.compared:
            names = [dotted.rsplit(".", 1)[-1] for dotted in exercise.refuses]
            assert _refused_after_check(number, qid, names), (number, qid, names)

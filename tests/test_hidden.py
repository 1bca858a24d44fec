# SPDX-FileCopyrightText: 2026 The Open Source AI Lab Kit authors
# SPDX-License-Identifier: MIT
"""Hidden tests (``check.hidden``) and the guard of "write it yourself" exercises (``refuses=``)."""

from __future__ import annotations

import functools
import sys
from pathlib import Path

import nbformat
import pytest
from hypothesis import given
from hypothesis import strategies as st

from osai.checks import Exercises, Lab, as_function, available_labs, expect, for_lab, load_lab, run_hidden
from osai.checks.guard import refused_itself, resolve, watch
from osai.grading import graded_check_source

ROOT = Path(__file__).resolve().parent.parent


def _toy_lab(refuses=("osai.privacy.luhn_valid",)) -> Lab:
    ex = Exercises("98")

    @ex("q1", points=2, expects="a function luhn(number)", refuses=refuses)
    def _q1(luhn):
        from osai.privacy import luhn_valid

        luhn = as_function(luhn, "a function luhn(number)")
        for number in ("79927398713", "79927398710"):
            expect(luhn(number) == luhn_valid(number), f"luhn({number!r}) is wrong")  # the verifier may use the kit

    return Lab(ex.lab, dict(ex.items()))


def _own_luhn(number):
    text = number.replace(" ", "").replace("-", "")
    if not text or not (text.isascii() and text.isdigit()):
        return False
    digits = [int(c) for c in text]
    return sum(d if i % 2 == 0 else (2 * d - 9 if d > 4 else 2 * d) for i, d in enumerate(reversed(digits))) % 10 == 0


# ---------------------------------------------------------------------------------------------
# The guard


def test_the_verifier_may_call_the_kit_but_the_answer_may_not():
    from osai import privacy

    lab = _toy_lab()
    assert lab.evaluate("q1", _own_luhn).status == "passed"
    wrapped = functools.wraps(privacy.luhn_valid)(lambda n: privacy.luhn_valid(n))
    for delegating in (lambda n: privacy.luhn_valid(n), lambda n: [privacy.find_pii, privacy.luhn_valid][1](n)):
        result = lab.evaluate("q1", delegating)
        assert result.status == "failed" and "calls osai's luhn_valid" in result.detail
    for itself in (privacy.luhn_valid, functools.partial(privacy.luhn_valid), wrapped):
        assert lab.evaluate("q1", itself).detail.startswith("your answer is osai's luhn_valid itself;")


def test_a_delegating_answer_is_refused_even_when_it_also_raises():
    from osai import privacy

    def luhn(number):
        privacy.luhn_valid(number)
        raise KeyError(number)

    assert "calls osai's luhn_valid" in _toy_lab().evaluate("q1", luhn).detail


def test_the_previous_profiler_is_restored():
    calls = []

    def profiler(frame, event, arg):
        calls.append(event)

    sys.setprofile(profiler)
    try:
        _toy_lab().evaluate("q1", _own_luhn)
        assert sys.getprofile() is profiler
    finally:
        sys.setprofile(None)
    assert sys.getprofile() is None


def test_refuses_must_name_functions_that_exist():
    with pytest.raises(ValueError, match="dotted names"):
        Exercises("98")("q1", points=1, expects="x", refuses="osai.privacy.luhn_valid")
    with pytest.raises(ValueError, match="cannot be imported"):
        resolve("osai.privacy.not_there")
    with pytest.raises(ValueError, match="not a Python function"):
        resolve("osai.privacy.__name__")


def test_every_refused_name_of_every_lab_resolves():
    refused = {(lab, qid): e.refuses for lab in available_labs() for qid, e in load_lab(lab).exercises.items()
               if e.refuses}
    assert len(refused) >= 8
    for names in refused.values():
        assert all(resolve(name) for name in names)


def test_watch_sees_calls_only_while_the_function_runs_and_names_each_once():
    from osai.privacy import luhn_valid

    def twice(n):
        return luhn_valid(n) and luhn_valid(n)

    watched, seen = watch(twice, ("osai.privacy.luhn_valid",))
    luhn_valid("79927398713")
    assert seen == []
    assert watched("79927398713") is True and seen == ["luhn_valid"]
    assert refused_itself(twice, ("osai.privacy.luhn_valid",)) == []


# ---------------------------------------------------------------------------------------------
# Hidden cases


def test_hidden_prints_nothing_when_cases_pass_and_one_line_when_one_fails(capsys):
    check, _ = for_lab("04")
    check("q1", _own_luhn)
    assert check.hidden("q1", _own_luhn, [("a single digit", ("0",), True)]) is None
    assert capsys.readouterr().out == "✅ q1 passed (2/2)\n"
    result = check.hidden("q1", _own_luhn, [("a number with letters", ("79927398713x",), True)])
    assert capsys.readouterr().out == "❌ q1 failed: a hidden test did not pass (a number with letters)\n"
    assert result.status == "failed" and result.points == 0 and result.max_points == 2


def test_hidden_runs_only_after_the_visible_check_passed(capsys):
    check, _ = for_lab("04")
    assert check.hidden("q1", _own_luhn, [("anything", ("0",), False)]) is None  # not checked yet
    check("q1", lambda n: True)
    assert check.hidden("q1", lambda n: True, [("anything", ("0",), False)]) is None
    assert capsys.readouterr().out.count("\n") == 1  # the visible line only


def test_hidden_raises_under_nbgrader(monkeypatch, capsys):
    check, _ = for_lab("04")
    check("q1", _own_luhn)
    monkeypatch.setenv("NBGRADER_EXECUTION", "autograde")
    with pytest.raises(AssertionError, match="a number with letters"):
        check.hidden("q1", _own_luhn, [("a number with letters", ("79927398713x",), True)])


def test_run_hidden_names_the_kind_of_case_never_its_input():
    def noisy(x):
        print("debug")
        return {"a": [x, 2.0000000001]}

    assert run_hidden(noisy, [("a dict of lists", (1,), {"a": [1, 2]})]) is None
    assert run_hidden(lambda x: 1 / x, [("zero", (0,), 1)]) == "a hidden test did not pass (zero: ZeroDivisionError raised)"
    assert run_hidden(lambda x: x, [("a probe", lambda f: f(3) == 4)]) == "a hidden test did not pass (a probe)"
    assert run_hidden(3, [("x", (), 1)]) == "a hidden test did not pass (the answer is not a function)"
    assert run_hidden(lambda: True, [("a bool is not 1", (), 1)]) is not None
    with pytest.raises(ValueError, match="description, args, expected"):
        run_hidden(len, [("no expected value",)])


@given(st.one_of(st.integers(), st.floats(allow_nan=False), st.text(), st.none(), st.booleans(),
                 st.lists(st.integers()), st.dictionaries(st.text(), st.integers())))
def test_run_hidden_never_raises_whatever_the_function_returns(value):
    assert run_hidden(lambda: value, [("a case", (), value)]) is None
    run_hidden(lambda: value, [("a case", (), object())])


# ---------------------------------------------------------------------------------------------
# In the notebooks and the grade of record


def test_graded_source_runs_the_hidden_block_through_the_kernel():
    source = graded_check_source('check("q1", luhn)\ncheck.hidden("q1", luhn, [("a kind", ("0",), True)])', "04")
    assert source.splitlines()[-2:] == ["_osai_kernel_check('04', 'q1', lambda: luhn)",
                                        "_osai_kernel_check('04', 'q1', lambda: luhn, lambda: [('a kind', ('0',), True)])"]


def _check_cells(folder: str) -> dict[tuple[str, str], str]:
    cells = {}
    for path in sorted((ROOT / folder).glob("[0-9][0-9]_*.ipynb")):
        for cell in nbformat.read(path, as_version=4).cells:
            if "check" in cell.metadata.get("tags", []):
                cells[(path.name[:2], cell.metadata["nbgrader"]["grade_id"])] = cell.source
    return cells


def test_every_function_exercise_has_hidden_cases_in_the_solution_and_none_in_the_lab():
    solutions, labs = _check_cells("solutions"), _check_cells("labs")
    functions = [(lab, qid) for lab in available_labs() for qid, e in load_lab(lab).exercises.items()
                 if e.expected.startswith("a function")]
    assert len(functions) >= 14
    for key in functions:
        assert "# BEGIN HIDDEN TESTS" in solutions[key] and f'check.hidden("{key[1]}"' in solutions[key], key
    assert not any("check.hidden" in source or "HIDDEN" in source for source in labs.values())


def test_hidden_cases_live_in_the_solutions_only():
    package = ROOT / "utils" / "osai"
    for path in package.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        assert "digits from another script" not in text and "a numeric column" not in text, path

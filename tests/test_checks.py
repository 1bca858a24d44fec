# SPDX-FileCopyrightText: 2026 The Open Source AI Lab Kit authors
# SPDX-License-Identifier: MIT
"""The self-check API: one stable line, never raises, answers not in plain text."""

from __future__ import annotations

import contextlib
import io
import sys

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from osai import checks
from osai.checks import Exercise, Lab, Mismatch, Result, available_labs, canonical, expect, fingerprint, load_lab


def run(lab: Lab, qid, value) -> tuple[Result, str]:
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        result = lab.check(qid, value)
    return result, out.getvalue()


def toy_lab() -> Lab:
    def verify_value(value):
        expect(isinstance(value, int), "expected an int")
        expect(checks.matches(value, fingerprint(7, salt="t:q1"), salt="t:q1"), "not the number")

    def verify_function(func):
        expect(callable(func), "expected a function")
        expect(func(2) == 4, "double(2) should be 4")

    return Lab("99", {
        "q1": Exercise("q1", 2, verify_value, "an int", ("think of a week",)),
        "q2": Exercise("q2", 1, verify_function, "a function double(x)"),
    })


def test_line_for_each_status():
    lab = toy_lab()
    assert run(lab, "q1", 7)[1] == "✅ q1 passed (2/2)\n"
    assert run(lab, "q1", 8)[1] == '❌ q1 failed: not the number. Try hint("q1").\n'
    assert run(lab, "q1", ...)[1] == "⏳ q1 not attempted yet\n"
    assert run(lab, "q2", lambda x: x + x)[1] == "✅ q2 passed (1/1)\n"
    assert run(lab, "q2", lambda x: x)[1] == "❌ q2 failed: double(2) should be 4.\n"


def test_result_is_readable_by_the_grader():
    result, _ = run(toy_lab(), "q1", 7)
    assert (result.lab, result.qid, result.status, result.points, result.max_points) == ("99", "q1", "passed", 2, 2)
    assert result.passed
    failed, _ = run(toy_lab(), "q1", 1)
    assert (failed.status, failed.points) == ("failed", 0)


@pytest.mark.parametrize("mode", ["autograde", "validate", "Autograde "])
def test_under_nbgrader_a_check_that_does_not_pass_raises_after_its_line(monkeypatch, mode):
    # nbgrader scores a cell by whether it raises; NBGRADER_EXECUTION is set while it executes.
    monkeypatch.setenv("NBGRADER_EXECUTION", mode)
    lab = toy_lab()
    assert run(lab, "q1", 7)[0].passed
    for wrong in (8, ...):
        out = io.StringIO()
        with contextlib.redirect_stdout(out), pytest.raises(AssertionError) as raised:
            lab.check("q1", wrong)
        assert out.getvalue().count("\n") == 1 and str(raised.value) == out.getvalue().strip()


@pytest.mark.parametrize("mode", [None, "", "feedback", "1"])
def test_outside_nbgrader_grading_a_failed_check_never_raises(monkeypatch, mode):
    if mode is None:
        monkeypatch.delenv("NBGRADER_EXECUTION", raising=False)
    else:
        monkeypatch.setenv("NBGRADER_EXECUTION", mode)
    assert run(toy_lab(), "q1", 8)[0].status == "failed"


def test_function_placeholder_is_not_attempted():
    def placeholder(x):
        raise NotImplementedError

    result, line = run(toy_lab(), "q2", placeholder)
    assert result.status == "not_attempted"
    assert line == "⏳ q2 not attempted yet\n"


def test_exception_in_learner_code_is_reported_in_one_line():
    def broken(x):
        return {}["missing"]

    result, line = run(toy_lab(), "q2", broken)
    assert result.status == "failed"
    assert line.count("\n") == 1
    assert "KeyError" in line and "expected a function double(x)" in line


def test_unknown_exercise_lists_the_known_ones():
    result, line = run(toy_lab(), "q7", 1)
    assert result.status == "unknown"
    assert "expected one of: q1, q2" in line
    result, line = run(toy_lab(), None, 1)
    assert result.status == "unknown" and line.count("\n") == 1


def test_memory_addresses_never_reach_the_line():
    def verify(value):
        raise RuntimeError(f"bad object {object()!r}")

    lab = Lab("99", {"q1": Exercise("q1", 1, verify, "anything")})
    _, line = run(lab, "q1", 1)
    assert "0x…" in line
    assert not any(part.startswith("0x") and len(part) > 4 and part[2:].isalnum() for part in line.split())


def test_hints_advance_and_stop_at_the_last():
    lab = Lab("99", {"q1": Exercise("q1", 1, lambda v: None, "x", ("first", "second"))})
    with contextlib.redirect_stdout(io.StringIO()):
        shown = [lab.hint("q1") for _ in range(3)]
    assert shown[0] == "💡 q1 hint 1 of 2: first"
    assert shown[1] == "💡 q1 hint 2 of 2: second (that was the last hint)"
    assert shown[2] == shown[1]
    with contextlib.redirect_stdout(io.StringIO()):
        assert "no exercise" in lab.hint("q9")


def test_result_displays_nothing_in_ipython():
    result, _ = run(toy_lab(), "q1", 7)
    assert result._ipython_display_() is None


def test_exercise_definitions_are_validated():
    with pytest.raises(ValueError, match="look like 'q1'"):
        Exercise("question1", 1, lambda v: None, "x")
    with pytest.raises(ValueError, match="positive integer"):
        Exercise("q1", 0, lambda v: None, "x")


def test_load_lab_errors_name_the_labs_that_exist():
    with pytest.raises(ValueError, match="no exercises for lab 98; labs with exercises: 00"):
        load_lab(98)
    with pytest.raises(ValueError, match="expected a lab number"):
        load_lab("lab zero")


@given(st.text(max_size=30))
def test_normalize_lab_id_returns_two_digits_or_explains(text):
    try:
        number = checks.normalize_lab_id(text)
    except ValueError as error:
        assert "expected a lab number" in str(error)
    else:
        assert len(number) == 2 and number.isdigit()


# ---- fingerprints -------------------------------------------------------------------------------

@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=40))
def test_strings_compare_without_case_or_extra_spaces(text):
    assert canonical(f"  {text.upper()}  ") == canonical(" ".join(text.split()).upper())


@given(st.integers(min_value=-10**12, max_value=10**12))
def test_integers_and_their_floats_fingerprint_alike(n):
    assert fingerprint(n, salt="s") == fingerprint(float(n), salt="s")


def test_fingerprint_depends_on_salt_and_decimals():
    assert fingerprint(1, salt="a") != fingerprint(1, salt="b")
    assert fingerprint(0.1234, salt="a", decimals=2) == fingerprint(0.12, salt="a", decimals=2)
    assert fingerprint(0.1234, salt="a", decimals=3) != fingerprint(0.12, salt="a", decimals=3)


def test_numpy_values_fingerprint_like_python_values():
    np = pytest.importorskip("numpy")
    assert canonical(np.int64(5)) == canonical(5)
    assert canonical(np.array([1.0, 2.0])) == canonical([1, 2])
    assert canonical(np.bool_(True)) == canonical(True)


def test_unfingerprintable_values_do_not_match():
    assert checks.matches(object(), "0" * 64, salt="s") is False
    with pytest.raises(TypeError, match="cannot fingerprint"):
        canonical(object())


def test_answers_are_not_stored_in_plain_text(root):
    """The lab 00 answers (computed here from the data) must not appear in its definitions."""
    from osai.data import german_credit

    source = (root / "utils/osai/exercises/lab00.py").read_text()
    frame = german_credit()
    assert str(int((frame["credit_risk"] == "bad").sum())) not in source
    assert "< 0 DM" not in source


# ---- never raises ---------------------------------------------------------------------------------

class Hostile:
    """Every dunder a check might touch raises."""

    def __eq__(self, other):
        raise RuntimeError("eq")

    def __ne__(self, other):
        raise RuntimeError("ne")

    def __hash__(self):
        raise RuntimeError("hash")

    def __repr__(self):
        raise RuntimeError("repr")

    def __str__(self):
        raise RuntimeError("str")

    def __bool__(self):
        raise RuntimeError("bool")

    def __len__(self):
        raise RuntimeError("len")

    def __iter__(self):
        raise RuntimeError("iter")

    def __float__(self):
        raise RuntimeError("float")

    def __int__(self):
        raise RuntimeError("int")

    def __getattr__(self, name):
        raise RuntimeError(f"getattr {name}")

    def __lt__(self, other):
        raise RuntimeError("lt")

    def __gt__(self, other):
        raise RuntimeError("gt")

    def __le__(self, other):
        raise RuntimeError("le")

    def __ge__(self, other):
        raise RuntimeError("ge")


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
}


def _all_exercises():
    for number in available_labs():
        lab = load_lab(number)
        for qid in lab.exercises:
            yield number, qid


@pytest.mark.parametrize("name", sorted(HOSTILE_VALUES))
@pytest.mark.parametrize("number,qid", list(_all_exercises()))
def test_no_exercise_of_any_lab_raises_on_hostile_values(number, qid, name):
    lab = load_lab(number)
    result, line = run(lab, qid, HOSTILE_VALUES[name]())
    assert isinstance(result, Result)
    assert result.status in {"failed", "not_attempted"}
    assert line.count("\n") == 1 and line.endswith("\n")
    assert result.points == 0


json_like = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=10),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=5), children, max_size=4),
    max_leaves=15,
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(value=json_like)
def test_lab00_checks_never_raise_on_arbitrary_values(value):
    lab = load_lab("00")
    for qid in lab.exercises:
        result, line = run(lab, qid, value)
        assert line.count("\n") == 1
        assert result.status in {"failed", "not_attempted", "passed"}


def test_verifier_bug_still_gives_one_line():
    def verify(value):
        raise Mismatch(Hostile())  # a message that cannot be turned into text

    lab = Lab("99", {"q1": Exercise("q1", 1, verify, "x")})
    result, line = run(lab, "q1", 1)
    assert result.status == "failed" and line.count("\n") == 1

# SPDX-FileCopyrightText: 2026 The Open Source AI Lab Kit authors
# SPDX-License-Identifier: MIT
"""Lab 00, Orientation (``osai.exercises.lab00``)."""

from __future__ import annotations

import contextlib
import io

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from osai.checks import load_lab

LAB = "00"


def bad_rate(frame, column, value):
    group = frame[frame[column] == value]
    if len(group) == 0:
        raise ValueError(f"no row has {column} == {value!r}")
    return float((group["credit_risk"] == "bad").mean())


@pytest.fixture(scope="module")
def answers():
    from osai._platform import detect_platform
    from osai.data import german_credit

    frame = german_credit()
    rates = {v: bad_rate(frame, "checking_status", v) for v in frame["checking_status"].unique()}
    worst = max(rates, key=rates.get)
    right = {
        "q1": detect_platform(),
        "q2": int((frame["credit_risk"] == "bad").sum()),
        "q3": bad_rate,
        "q4": worst,
    }
    wrong = {
        "q1": next(p for p in ("colab", "binder", "local") if p != detect_platform()),
        "q2": int((frame["credit_risk"] == "good").sum()),
        "q3": lambda frame, column, value: float((frame["credit_risk"] == "bad").mean()),
        "q4": min(rates, key=rates.get),
    }
    return right, wrong


@pytest.mark.answer_table(besides=("q5",))  # q5 loads the model: its own test below
def test_right_passes_and_wrong_fails(qid, answers, right_passes_and_wrong_fails):
    right, wrong = answers
    right_passes_and_wrong_fails(LAB, qid, right[qid], wrong[qid])


def test_q3_an_empty_group_must_raise(evaluate):
    def silent(frame, column, value):
        group = frame[frame[column] == value]
        return float((group["credit_risk"] == "bad").mean()) if len(group) else 0.0

    assert "should raise ValueError" in evaluate(LAB, "q3", silent).detail


def test_q5_counts_every_parameter_of_the_loaded_model(evaluate):
    from osai.data import load_minilm

    _, model = load_minilm()
    total = sum(p.numel() for p in model.parameters())
    assert evaluate(LAB, "q5", total).status == "passed"
    assert evaluate(LAB, "q5", total - 1).status == "failed"
    assert "millions" in evaluate(LAB, "q5", 1000).detail
    assert "got bool" in evaluate(LAB, "q5", True).detail


def test_answers_are_not_stored_in_plain_text(root):
    """The lab 00 answers (computed here from the data) must not appear in its definitions."""
    from osai.data import german_credit

    source = (root / "utils/osai/exercises/lab00.py").read_text()
    frame = german_credit()
    assert str(int((frame["credit_risk"] == "bad").sum())) not in source
    assert "< 0 DM" not in source


json_like = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=10),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=5), children, max_size=4),
    max_leaves=15,
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(value=json_like)
def test_checks_never_raise_on_arbitrary_values(value):
    lab = load_lab(LAB)
    for qid in lab.exercises:
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            result = lab.check(qid, value)
        assert out.getvalue().count("\n") == 1
        assert result.status in {"failed", "not_attempted", "passed"}


def test_q3_hidden_cases_catch_what_the_visible_ones_miss(check_cell_output):
    def text_compare(frame, column, value):  # right on every text column the check tries, wrong on numbers
        group = frame[frame[column] == str(value)]
        if len(group) == 0:
            raise ValueError(f"no row has {column} == {value!r}")
        return float((group["credit_risk"] == "bad").mean())

    assert check_cell_output(LAB, "q3", bad_rate=bad_rate) == "✅ q3 passed (2/2)\n"
    assert check_cell_output(LAB, "q3", bad_rate=text_compare).splitlines() == [
        "✅ q3 passed (2/2)", "❌ q3 failed: a hidden test did not pass (a numeric column: ValueError raised)"]

# SPDX-FileCopyrightText: 2026 The Open Source AI Lab Kit authors
# SPDX-License-Identifier: MIT
"""Lab 06, Explainability in credit (``osai.exercises.lab06``)."""

from __future__ import annotations

import numpy as np
import pytest

from osai import explain, finance

LAB = "06"


@pytest.fixture(scope="module")
def answers():
    X_train, X_test, y_train, y_test = finance.split_credit(seed=0)
    boost = finance.fit_boosting(X_train, y_train, seed=0)
    logit = finance.fit_logistic(X_train, y_train)
    background = X_train.sample(50, random_state=0)
    p = boost.predict_proba(X_test)[:, 1]
    expl = explain.explain_tabular(boost, X_test, background)
    declined = np.flatnonzero(p >= 0.5)
    row = int(declined[0])
    boost_reasons = [r.feature for r in explain.reason_codes(expl, row)]
    linear = explain.explain_tabular(logit, X_test, background)
    linear_reasons = [r.feature for r in explain.reason_codes(linear, row)]

    def to_probability(base, contributions):
        return 1 / (1 + np.exp(-(base + np.sum(contributions))))

    def fold(names, values):
        out = {}
        for n, v in zip(names, values):
            out[n.split("=")[0]] = out.get(n.split("=")[0], 0.0) + v
        return out

    right = {
        "q1": 1 / 6,
        "q2": int((p >= 1 / 6).sum()),
        "q3": to_probability,
        "q4": fold,
        "q5": [r.feature for r in explain.reason_codes(expl, int(declined[1]))],
        "q6": set(boost_reasons) & set(linear_reasons),
        "q7": "fell",
    }
    wrong = {
        "q1": 0.5,
        "q2": int((p >= 0.5).sum()),
        "q3": lambda base, contributions: base + np.sum(contributions),
        "q4": lambda names, values: {n: v for n, v in zip(names, values)},
        "q5": list(reversed(right["q5"])),
        "q6": set(boost_reasons) | set(linear_reasons),
        "q7": "profit",
    }
    return right, wrong


@pytest.mark.answer_table
def test_right_passes_and_wrong_fails(qid, answers, right_passes_and_wrong_fails):
    right, wrong = answers
    right_passes_and_wrong_fails(LAB, qid, right[qid], wrong[qid])


def test_misconceptions_are_named(evaluate, answers):
    right, wrong = answers
    assert "0.5 ignores the costs" in evaluate(LAB, "q1", 0.5).detail
    assert "that is the count at 0.5" in evaluate(LAB, "q2", wrong["q2"]).detail
    assert "that is the union" in evaluate(LAB, "q6", wrong["q6"]).detail
    assert "order them from the strongest" in evaluate(LAB, "q5", wrong["q5"]).detail


def test_function_exercises_have_hidden_cases(check_cell_output, evaluate):
    def to_probability(base, contributions):
        return 1 / (1 + np.exp(-(base + np.sum(contributions))))

    def array_only(base, contributions):  # .sum() works on the arrays the check gives, not on a list
        return 1 / (1 + np.exp(-(base + contributions.sum())))

    assert check_cell_output(LAB, "q3", to_probability=to_probability) == "✅ q3 passed (2/2)\n"
    assert check_cell_output(LAB, "q3", to_probability=array_only).splitlines()[1:] == [
        "❌ q3 failed: a hidden test did not pass (contributions as a plain list: AttributeError raised)"]

    def fold(names, values):
        out = {}
        for n, v in zip(names, values):
            out[n.split("=", 1)[0]] = out.get(n.split("=", 1)[0], 0.0) + float(v)
        return out

    def runs(names, values):  # itertools.groupby sums runs: right while an attribute's columns are adjacent
        import itertools

        pairs = zip(names, values)
        return {key: sum(float(v) for _, v in group)
                for key, group in itertools.groupby(pairs, key=lambda pair: pair[0].split("=", 1)[0])}

    assert check_cell_output(LAB, "q4", fold=fold) == "✅ q4 passed (2/2)\n"
    assert check_cell_output(LAB, "q4", fold=runs).splitlines()[1:] == [
        "❌ q4 failed: a hidden test did not pass (columns of one attribute that are not next to each other)"]

    def delegating(names, values):
        import shap

        folded = explain.group_one_hot(shap.Explanation(values=np.asarray(values, dtype=float), feature_names=list(names)))
        return dict(zip(folded.feature_names, np.asarray(folded.values, dtype=float)))

    assert "calls osai's group_one_hot" in evaluate(LAB, "q4", delegating).detail

# SPDX-FileCopyrightText: 2026 The Open Source AI Lab Kit authors
# SPDX-License-Identifier: MIT
"""Lab 07, Fairness and fraud (``osai.exercises.lab07``)."""

from __future__ import annotations

import numpy as np
import pytest

from osai import fairness

LAB = "07"


@pytest.fixture(scope="module")
def answers():
    from sklearn.ensemble import GradientBoostingClassifier

    from osai import explain, finance
    from osai.data import german_credit

    X_train, X_test, y_train, y_test = finance.split_credit(seed=0)
    p_bad = finance.fit_logistic(X_train, y_train).predict_proba(X_test)[:, 1]
    people = german_credit().loc[X_test.index]
    sex = people["personal_status_sex"].str.split(":").str[0].to_numpy()
    age = np.where(people["age_years"] < 25, "young", "older")
    good = 1 - y_test.to_numpy()
    approved = (p_bad < 1 / 6).astype(int)
    rates = {g: approved[sex == g].mean() for g in set(sex)}
    tprs = {g: approved[(age == g) & (good == 1)].mean() for g in set(age)}
    cuts = fairness.group_thresholds(p_bad, age, approved.mean())
    after = fairness.approvals(p_bad, cuts, age)

    def loss(decisions):
        return 5 * ((good == 0) & (decisions == 1)).sum() + ((good == 1) & (decisions == 0)).sum()

    stream = finance.make_transactions(20000, fraud_rate=0.01, seed=7)
    features = list(finance.FRAUD_FEATURES)
    train, test = stream.iloc[:14000], stream.iloc[14000:]
    detector = GradientBoostingClassifier(n_estimators=100, max_depth=3, random_state=0).fit(train[features], train["is_fraud"])
    p = detector.predict_proba(test[features])[:, 1]
    y = test["is_fraud"].to_numpy()
    amount = test["amount"].to_numpy()
    flags = p * amount > 5.0
    policy = 5.0 * flags.sum() + amount[(y == 1) & ~flags].sum()
    alerts = test[p >= 0.5]
    top = int(np.argmax(p[p >= 0.5]))
    values = explain.explain_tabular(detector, alerts[features].iloc[[top]], train[features].sample(100, random_state=0)).values[0]

    def ppv(b, t, f):
        return b * t / (b * t + (1 - b) * f)

    def precision_at_k(y_true, scores, k):
        if not 1 <= k <= len(scores):
            raise ValueError("k")
        order = np.argsort(-np.asarray(scores), kind="stable")[:k]
        return float(np.asarray(y_true)[order].mean())

    right = {
        "q1": min(rates.values()) / max(rates.values()),
        "q2": abs(tprs["young"] - tprs["older"]),
        "q3": float(loss(after) - loss(approved)),
        "q4": ppv,
        "q5": float((y == 0).mean()),
        "q6": precision_at_k,
        "q7": float(policy),
        "q8": features[int(np.argmax(values))],
    }
    wrong = {
        "q1": max(rates.values()) / min(rates.values()),
        "q2": abs(approved[age == "young"].mean() - approved[age == "older"].mean()),
        "q3": float(loss(approved) - loss(after)),
        "q4": lambda b, t, f: t / (t + f),
        "q5": float(y.mean()),
        "q6": lambda y_true, scores, k: float(np.mean(y_true)),
        "q7": float(5.0 * (p >= 0.5).sum() + amount[(y == 1) & (p < 0.5)].sum()),
        "q8": features[int(np.argmin(values))],
    }
    return right, wrong


@pytest.mark.answer_table
def test_right_passes_and_wrong_fails(qid, answers, right_passes_and_wrong_fails):
    right, wrong = answers
    right_passes_and_wrong_fails(LAB, qid, right[qid], wrong[qid])


def test_misconceptions_are_named(evaluate, answers):
    right, wrong = answers
    assert "not the other way round" in evaluate(LAB, "q1", wrong["q1"]).detail
    assert "equal opportunity compares TPRs" in evaluate(LAB, "q2", wrong["q2"]).detail
    assert "after minus before" in evaluate(LAB, "q3", wrong["q3"]).detail
    assert "speaks most *against* fraud" in evaluate(LAB, "q8", wrong["q8"]).detail


def test_function_exercises_have_hidden_cases(check_cell_output, evaluate):
    def ppv(b, t, f):
        return b * t / (b * t + (1 - b) * f)

    def no_false_positives_shortcut(b, t, f):  # right when the TPR is 1, as in the check's case
        return t if f == 0 else ppv(b, t, f)

    assert check_cell_output(LAB, "q4", ppv=ppv) == "✅ q4 passed (2/2)\n"
    assert check_cell_output(LAB, "q4", ppv=no_false_positives_shortcut).splitlines()[1:] == [
        "❌ q4 failed: a hidden test did not pass (a detector without false positives)"]
    assert "calls osai's ppv_from_rates" in evaluate(LAB, "q4", lambda b, t, f: fairness.ppv_from_rates(b, t, f)).detail

    def precision_at_k(y_true, scores, k):
        y_true, scores = np.asarray(y_true), np.asarray(scores, dtype=float)
        if not 1 <= k <= len(scores):
            raise ValueError(f"k must be between 1 and {len(scores)}")
        return float(y_true[np.argsort(-scores, kind="stable")[:k]].mean())

    def zero_or_too_many(y_true, scores, k):  # refuses the k = 0 and k = n + 1 the check tries, not k = -1
        if k == 0 or k > len(scores):
            raise ValueError("k out of range")
        y_true, scores = np.asarray(y_true), np.asarray(scores, dtype=float)
        return float(y_true[np.argsort(-scores, kind="stable")[:k]].mean())

    assert check_cell_output(LAB, "q6", precision_at_k=precision_at_k) == "✅ q6 passed (2/2)\n"
    assert check_cell_output(LAB, "q6", precision_at_k=zero_or_too_many).splitlines()[1:] == [
        "❌ q6 failed: a hidden test did not pass (a negative k)"]

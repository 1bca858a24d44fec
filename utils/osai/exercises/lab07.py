# SPDX-FileCopyrightText: 2026 The Open Source AI Lab Kit authors
# SPDX-License-Identifier: MIT
"""Exercises of Lab 07, Fairness and fraud. Answers are recomputed from the shipped data and the seeded stream."""

from __future__ import annotations

import functools
import math
from typing import Any

from osai.checks import Exercise, Mismatch, expect

LAB = "07"


@functools.cache
def _credit() -> dict[str, Any]:
    """The lab's credit decisions and groups, rebuilt the way the notebook builds them."""
    from osai import fairness, finance
    from osai.data import german_credit

    X_train, X_test, y_train, y_test = finance.split_credit(seed=0)
    p_bad = finance.fit_logistic(X_train, y_train).predict_proba(X_test)[:, 1]
    people = german_credit().loc[X_test.index]
    sex = fairness.sex_of(people["personal_status_sex"]).to_numpy()
    age = fairness.age_group(people["age_years"], cut=25).to_numpy()
    y_good = 1 - y_test.to_numpy()
    approved = fairness.approvals(p_bad, 1 / 6)
    cuts = fairness.group_thresholds(p_bad, age, float(approved.mean()))
    mitigated = fairness.approvals(p_bad, cuts, age)
    return {"p_bad": p_bad, "sex": sex, "age": age, "y_good": y_good, "approved": approved,
            "mitigated": mitigated}


@functools.cache
def _fraud() -> dict[str, Any]:
    """The lab's fraud detector, alerts and explanation, rebuilt the way the notebook builds them."""
    from sklearn.ensemble import GradientBoostingClassifier

    from osai import explain, finance

    stream = finance.make_transactions(20000, fraud_rate=0.01, seed=7)
    features = list(finance.FRAUD_FEATURES)
    split = int(len(stream) * 0.7)
    train_tx, test_tx = stream.iloc[:split], stream.iloc[split:]
    detector = GradientBoostingClassifier(n_estimators=100, max_depth=3, random_state=0)
    detector.fit(train_tx[features], train_tx["is_fraud"])
    p_fraud = detector.predict_proba(test_tx[features])[:, 1]
    alerts = test_tx[p_fraud >= 0.5]
    background = train_tx[features].sample(100, random_state=0)
    top = int(p_fraud[p_fraud >= 0.5].argmax())
    values = explain.explain_tabular(detector, alerts[features].iloc[[top]], background).values[0]
    return {"test_tx": test_tx, "p_fraud": p_fraud, "features": features, "top_values": values,
            "top_pattern": alerts["pattern"].iloc[top]}


def _number(answer: Any, what: str) -> float:
    expect(not isinstance(answer, bool) and (isinstance(answer, (int, float)) or hasattr(answer, "item")),
           f"expected {what}, got {type(answer).__name__}")
    try:
        value = float(answer)
    except (TypeError, ValueError):
        raise Mismatch(f"expected {what}") from None
    expect(math.isfinite(value), f"expected a finite number, got {value}")
    return value


def _q1(answer: Any) -> None:
    from osai.fairness import disparate_impact_ratio

    value = _number(answer, "a ratio between 0 and 1")
    expect(0 <= value <= 1, "the lowest rate over the highest is between 0 and 1")
    ref = _credit()
    want = disparate_impact_ratio(ref["approved"], ref["sex"])
    expect(abs(value - 1 / want) > 1e-6, "divide the lowest approval rate by the highest, not the other way round")
    expect(abs(value - want) < 1e-6, "not the ratio of the two sexes' approval rates")


def _q2(answer: Any) -> None:
    import numpy as np

    value = _number(answer, "a difference of two rates (float)")
    expect(value >= 0, "give the absolute difference (a number >= 0)")
    ref = _credit()
    good = ref["y_good"] == 1
    rates = {g: float(ref["approved"][good & (ref["age"] == g)].mean()) for g in sorted(set(ref["age"]))}
    selection = [float(ref["approved"][ref["age"] == g].mean()) for g in sorted(set(ref["age"]))]
    expect(abs(value - abs(selection[0] - selection[1])) > 1e-9 or np.isclose(*rates.values()),
           "that is the gap in approval rates; equal opportunity compares TPRs (approval among good applicants)")
    expect(abs(value - abs(max(rates.values()) - min(rates.values()))) < 1e-6, "not the gap between the two TPRs")


def _q3(answer: Any) -> None:
    from osai.fairness import mitigation_tradeoff

    value = _number(answer, "a number (a change in expected loss)")
    ref = _credit()
    table = mitigation_tradeoff(ref["y_good"], ref["approved"], ref["mitigated"], ref["age"])
    want = float(table.loc["after", "cost"] - table.loc["before", "cost"])
    expect(abs(value + want) > 1e-9 or want == 0, "after minus before, not before minus after")
    expect(abs(value - want) < 1e-6, "not the change in expected loss in tradeoff")


def _q4(ppv: Any) -> None:
    from osai.fairness import ppv_from_rates

    expect(callable(ppv), "expected a function ppv(base_rate, tpr, fpr)")
    cases = [(0.5, 0.8, 0.2), (0.7, 0.6, 0.15), (0.545, 0.6, 0.15), (0.3, 1.0, 0.0), (0.9, 0.5, 0.5)]
    for base, tpr, fpr in cases:
        got = _number(ppv(base, tpr, fpr), "a precision between 0 and 1")
        expect(abs(got - ppv_from_rates(base, tpr, fpr)) < 1e-9,
               f"ppv({base}, {tpr}, {fpr}) should be base*TPR / (base*TPR + (1-base)*FPR)")


def _q5(answer: Any) -> None:
    value = _number(answer, "an accuracy between 0 and 1")
    expect(0 <= value <= 1, "an accuracy is between 0 and 1 (a share, not a percentage)")
    y = _fraud()["test_tx"]["is_fraud"].to_numpy()
    expect(abs(value - float(y.mean())) > 1e-9, "that is the share of frauds; flagging nothing is right on every honest payment")
    expect(abs(value - float((y == 0).mean())) < 1e-9, "not the share of test payments that are honest")


def _q6(precision_at_k: Any) -> None:
    import numpy as np

    expect(callable(precision_at_k), "expected a function precision_at_k(y_true, scores, k)")
    y = np.array([0, 1, 0, 1, 0, 0])
    s = np.array([0.1, 0.9, 0.8, 0.4, 0.2, 0.3])
    expect(abs(_number(precision_at_k(y, s, 1), "a share") - 1.0) < 1e-9, "the single highest score is a fraud: precision 1")
    expect(abs(_number(precision_at_k(y, s, 2), "a share") - 0.5) < 1e-9, "of the top two scores (0.9, 0.8) one is a fraud")
    expect(abs(_number(precision_at_k(y, s, 4), "a share") - 0.5) < 1e-9, "of the top four, two are frauds")
    expect(abs(_number(precision_at_k(list(y), list(s), 6), "a share") - 2 / 6) < 1e-9, "k = all items gives the prevalence")
    for bad in (0, 7):
        try:
            precision_at_k(y, s, bad)
        except ValueError:
            continue
        raise Mismatch(f"k = {bad} is outside 1..{len(y)}: raise ValueError")
    ref = _fraud()
    yt = ref["test_tx"]["is_fraud"].to_numpy()
    want = float(yt[np.argsort(-ref["p_fraud"], kind="stable")[:50]].mean())
    expect(abs(_number(precision_at_k(yt, ref["p_fraud"], 50), "a share") - want) < 1e-9,
           "wrong precision at k = 50 on the fraud test set")


def _q7(answer: Any) -> None:
    from osai.finance import fraud_cost, fraud_flags

    value = _number(answer, "a total cost (a number)")
    ref = _fraud()
    y = ref["test_tx"]["is_fraud"].to_numpy()
    amount = ref["test_tx"]["amount"].to_numpy()
    at_half = fraud_cost(y, ref["p_fraud"] >= 0.5, amount, review_cost=5.0)
    expect(abs(value - at_half) > 1e-6, "that is the cost of flagging at p >= 0.5; use fraud_flags")
    want = fraud_cost(y, fraud_flags(ref["p_fraud"], amount, review_cost=5.0), amount, review_cost=5.0)
    expect(abs(value - want) < 0.01, "not the total cost of the cost-based flags")


def _q8(answer: Any) -> None:
    import numpy as np

    from osai.finance import FRAUD_FEATURES

    expect(isinstance(answer, str), f"expected a feature name (a string), got {type(answer).__name__}")
    expect(answer in FRAUD_FEATURES, f"expected one of the features {list(FRAUD_FEATURES)}")
    ref = _fraud()
    want = ref["features"][int(np.argmax(ref["top_values"]))]
    expect(answer != ref["features"][int(np.argmin(ref["top_values"]))] or answer == want,
           "that feature speaks most *against* fraud; take the largest positive contribution")
    expect(answer == want, "not the feature with the largest contribution for that alert")


EXERCISES = [
    Exercise("q1", 1, _q1, "a ratio (float)",
             ("Approval rate of a group: the mean of approved over its rows.",
              "fairness.disparate_impact_ratio(approved, sex)")),
    Exercise("q2", 2, _q2, "a float",
             ("by_age.by_group is a DataFrame with a 'tpr' column, one row per group.",
              "Take max minus min of that column.")),
    Exercise("q3", 2, _q3, "a number",
             ("tradeoff has rows 'before' and 'after' and a column 'cost'.",
              "tradeoff.loc['after', 'cost'] - tradeoff.loc['before', 'cost']")),
    Exercise("q4", 2, _q4, "a function ppv(base_rate, tpr, fpr) returning a float",
             ("True positives per applicant: base_rate * tpr. False positives: (1 - base_rate) * fpr.",
              "Precision is true positives over all positives predicted.")),
    Exercise("q5", 1, _q5, "a float between 0 and 1",
             ("Flagging nothing is correct exactly on the honest payments (y_fraud == 0).",)),
    Exercise("q6", 2, _q6, "a function precision_at_k(y_true, scores, k) returning a float",
             ("np.argsort(-scores) lists positions from the highest score.",
              "Take the first k positions, then the mean of y_true there; check k first.")),
    Exercise("q7", 2, _q7, "a number",
             ("flags = finance.fraud_flags(p_fraud, amount, review_cost=5.0)",
              "finance.fraud_cost(y_fraud, flags, amount, review_cost=5.0)")),
    Exercise("q8", 2, _q8, "a feature name",
             ("alert_expl.values[top_alert] holds one contribution per feature, in the order of features.",
              "features[int(np.argmax(...))]")),
]

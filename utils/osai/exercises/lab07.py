# SPDX-FileCopyrightText: 2026 The Open Source AI Lab Kit authors
# SPDX-License-Identifier: MIT
"""Exercises of Lab 07, Fairness and fraud. Answers are recomputed from the shipped data and the seeded stream."""

from __future__ import annotations

import functools
from typing import Any

from osai.checks import Exercises, Mismatch, as_function, as_instance, as_number, expect

ex = Exercises("07")


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


@ex("q1", points=1, expects="a ratio (float)",
    hints=("Approval rate of a group: the mean of approved over its rows.",
           "fairness.disparate_impact_ratio(approved, sex)"))
def _q1(answer: Any) -> None:
    from osai.fairness import disparate_impact_ratio

    value = as_number(answer, "a ratio between 0 and 1")
    if value > 1:  # the inverted ratio is the likely slip: name it before the range
        ref = _credit()
        want = disparate_impact_ratio(ref["approved"], ref["sex"])
        expect(abs(value - 1 / want) > 1e-6, "divide the lowest approval rate by the highest, not the other way round")
    expect(0 <= value <= 1, "the lowest rate over the highest is between 0 and 1")
    ref = _credit()
    want = disparate_impact_ratio(ref["approved"], ref["sex"])
    expect(abs(value - want) < 1e-6, "not the ratio of the two sexes' approval rates")


@ex("q2", points=2, expects="a float",
    hints=("by_age.by_group is a DataFrame with a 'tpr' column, one row per group.",
           "Take max minus min of that column."))
def _q2(answer: Any) -> None:
    import numpy as np

    value = as_number(answer, "a difference of two rates (float)")
    expect(value >= 0, "give the absolute difference (a number >= 0)")
    ref = _credit()
    good = ref["y_good"] == 1
    rates = {g: float(ref["approved"][good & (ref["age"] == g)].mean()) for g in sorted(set(ref["age"]))}
    selection = [float(ref["approved"][ref["age"] == g].mean()) for g in sorted(set(ref["age"]))]
    expect(abs(value - abs(selection[0] - selection[1])) > 1e-9 or np.isclose(*rates.values()),
           "that is the gap in approval rates; equal opportunity compares TPRs (approval among good applicants)")
    expect(abs(value - abs(max(rates.values()) - min(rates.values()))) < 1e-6, "not the gap between the two TPRs")


@ex("q3", points=2, expects="a number",
    hints=("tradeoff has rows 'before' and 'after' and a column 'cost'.",
           "tradeoff.loc['after', 'cost'] - tradeoff.loc['before', 'cost']"))
def _q3(answer: Any) -> None:
    from osai.fairness import mitigation_tradeoff

    value = as_number(answer, "a number (a change in expected loss)")
    ref = _credit()
    table = mitigation_tradeoff(ref["y_good"], ref["approved"], ref["mitigated"], ref["age"])
    want = float(table.loc["after", "cost"] - table.loc["before", "cost"])
    expect(abs(value + want) > 1e-9 or want == 0, "after minus before, not before minus after")
    expect(abs(value - want) < 1e-6, "not the change in expected loss in tradeoff")


@ex("q4", points=2, expects="a function ppv(base_rate, tpr, fpr) returning a float",
    refuses=('osai.fairness.ppv_from_rates',),
    hints=("True positives per applicant: base_rate * tpr. False positives: (1 - base_rate) * fpr.",
           "Precision is true positives over all positives predicted."))
def _q4(ppv: Any) -> None:
    from osai.fairness import ppv_from_rates

    ppv = as_function(ppv, "a function ppv(base_rate, tpr, fpr)")
    cases = [(0.5, 0.8, 0.2), (0.7, 0.6, 0.15), (0.545, 0.6, 0.15), (0.3, 1.0, 0.0), (0.9, 0.5, 0.5)]
    for base, tpr, fpr in cases:
        got = as_number(ppv(base, tpr, fpr), "a precision between 0 and 1")
        expect(abs(got - ppv_from_rates(base, tpr, fpr)) < 1e-9,
               f"ppv({base}, {tpr}, {fpr}) should be base*TPR / (base*TPR + (1-base)*FPR)")


@ex("q5", points=1, expects="a float between 0 and 1",
    hints=("Flagging nothing is correct exactly on the honest payments (y_fraud == 0).",))
def _q5(answer: Any) -> None:
    value = as_number(answer, "an accuracy between 0 and 1")
    expect(0 <= value <= 1, "an accuracy is between 0 and 1 (a share, not a percentage)")
    y = _fraud()["test_tx"]["is_fraud"].to_numpy()
    expect(abs(value - float(y.mean())) > 1e-9, "that is the share of frauds; flagging nothing is right on every honest payment")
    expect(abs(value - float((y == 0).mean())) < 1e-9, "not the share of test payments that are honest")


@ex("q6", points=2, expects="a function precision_at_k(y_true, scores, k) returning a float",
    hints=("np.argsort(-scores) lists positions from the highest score.",
           "Take the first k positions, then the mean of y_true there; check k first."))
def _q6(precision_at_k: Any) -> None:
    import numpy as np

    precision_at_k = as_function(precision_at_k, "a function precision_at_k(y_true, scores, k)")
    y = np.array([0, 1, 0, 1, 0, 0])
    s = np.array([0.1, 0.9, 0.8, 0.4, 0.2, 0.3])
    expect(abs(as_number(precision_at_k(y, s, 1), "a share") - 1.0) < 1e-9, "the single highest score is a fraud: precision 1")
    expect(abs(as_number(precision_at_k(y, s, 2), "a share") - 0.5) < 1e-9, "of the top two scores (0.9, 0.8) one is a fraud")
    expect(abs(as_number(precision_at_k(y, s, 4), "a share") - 0.5) < 1e-9, "of the top four, two are frauds")
    expect(abs(as_number(precision_at_k(list(y), list(s), 6), "a share") - 2 / 6) < 1e-9, "k = all items gives the prevalence")
    for bad in (0, 7):
        try:
            precision_at_k(y, s, bad)
        except ValueError:
            continue
        raise Mismatch(f"k = {bad} is outside 1..{len(y)}: raise ValueError")
    ref = _fraud()
    yt = ref["test_tx"]["is_fraud"].to_numpy()
    want = float(yt[np.argsort(-ref["p_fraud"], kind="stable")[:50]].mean())
    expect(abs(as_number(precision_at_k(yt, ref["p_fraud"], 50), "a share") - want) < 1e-9,
           "wrong precision at k = 50 on the fraud test set")


@ex("q7", points=2, expects="a number",
    hints=("flags = finance.fraud_flags(p_fraud, amount, review_cost=5.0)",
           "finance.fraud_cost(y_fraud, flags, amount, review_cost=5.0)"))
def _q7(answer: Any) -> None:
    from osai.finance import fraud_cost, fraud_flags

    value = as_number(answer, "a total cost (a number)")
    ref = _fraud()
    y = ref["test_tx"]["is_fraud"].to_numpy()
    amount = ref["test_tx"]["amount"].to_numpy()
    at_half = fraud_cost(y, ref["p_fraud"] >= 0.5, amount, review_cost=5.0)
    expect(abs(value - at_half) > 1e-6, "that is the cost of flagging at p >= 0.5; use fraud_flags")
    want = fraud_cost(y, fraud_flags(ref["p_fraud"], amount, review_cost=5.0), amount, review_cost=5.0)
    expect(abs(value - want) < 0.01, "not the total cost of the cost-based flags")


@ex("q8", points=2, expects="a feature name",
    hints=("alert_expl.values[top_alert] holds one contribution per feature, in the order of features.",
           "features[int(np.argmax(...))]"))
def _q8(answer: Any) -> None:
    import numpy as np

    from osai.finance import FRAUD_FEATURES

    answer = as_instance(answer, str, "a feature name (a string)")
    expect(answer in FRAUD_FEATURES, f"expected one of the features {list(FRAUD_FEATURES)}")
    ref = _fraud()
    want = ref["features"][int(np.argmax(ref["top_values"]))]
    expect(answer != ref["features"][int(np.argmin(ref["top_values"]))] or answer == want,
           "that feature speaks most *against* fraud; take the largest positive contribution")
    expect(answer == want, "not the feature with the largest contribution for that alert")

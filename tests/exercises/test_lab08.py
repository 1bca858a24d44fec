# SPDX-FileCopyrightText: 2026 The Open Source AI Lab Kit authors
# SPDX-License-Identifier: MIT
"""Lab 08, Fairness and fraud (``osai.exercises.lab08``)."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from osai import fairness
from osai.finance import FRAUD_FEATURES

LAB = "08"


@pytest.fixture(scope="module")
def answers():
    import shap
    from fairlearn.metrics import MetricFrame, false_positive_rate, selection_rate
    from sklearn.ensemble import GradientBoostingClassifier
    from sklearn.metrics import precision_score, recall_score

    from osai import finance
    from osai.data import german_credit

    X_train, X_test, y_train, y_test = finance.split_credit(seed=0)
    p_bad = finance.fit_logistic(X_train, y_train).predict_proba(X_test)[:, 1]
    people = german_credit().loc[X_test.index]
    age = np.where(people["age_years"] < 25, "under 25", "25 and over")
    good = 1 - y_test.to_numpy()
    approved = (p_bad < 1 / 6).astype(int)
    metrics = {"selection_rate": selection_rate, "tpr": recall_score, "fpr": false_positive_rate,
               "precision": precision_score}

    stream = finance.make_transactions(20000, fraud_rate=0.01, seed=7)
    features = list(finance.FRAUD_FEATURES)
    train, test = stream.iloc[:14000], stream.iloc[14000:]
    detector = GradientBoostingClassifier(n_estimators=100, max_depth=3, random_state=0).fit(train[features], train["is_fraud"])
    y = test["is_fraud"].to_numpy()
    background = train[features].sample(100, random_state=0)

    p = detector.predict_proba(test[features])[:, 1]
    alerts = test[p >= 0.5]
    expl = shap.TreeExplainer(detector, data=background, feature_perturbation="interventional")(alerts[features])
    values = expl.values

    def false_alarm_causes(pick, keep):
        counts = {}
        for row, pattern in zip(values, alerts["pattern"]):
            if keep(pattern):
                name = features[int(pick(row))]
                counts[name] = counts.get(name, 0) + 1
        return counts


    def fpr_for_precision(b, t, p):
        if not 0 < p < 1:
            raise ValueError("precision")
        return b * t * (1 - p) / (p * (1 - b))

    def precision_at_k(y_true, scores, k):
        if not 1 <= k <= len(scores):
            raise ValueError("k")
        order = np.argsort(-np.asarray(scores), kind="stable")[:k]
        return float(np.asarray(y_true)[order].mean())

    right = {
        "q1": MetricFrame(metrics=metrics, y_true=good, y_pred=approved, sensitive_features=age),
        "q2": {"25 and over": 0.15, "under 25": 0.21},
        "q3": fpr_for_precision,
        "q4": float((y == 0).mean()),
        "q5": precision_at_k,
        "q6": 5.0 / float(np.median(train["amount"])),
        "q7": {"pattern": "card_testing", "cause": "tx_last_hour"},
        "q8": (expl, false_alarm_causes(np.argmax, lambda pattern: pattern == "none")),
    }
    wrong = {
        "q1": MetricFrame(metrics=metrics, y_true=1 - good, y_pred=approved, sensitive_features=age),
        "q2": {"25 and over": 1 / 6, "under 25": 0.18},
        "q3": lambda b, t, p: b * t * (1 - p) / (p * (1 - b)),
        "q4": float(y.mean()),
        "q5": lambda y_true, scores, k: float(np.mean(y_true)),
        "q6": 0.6,
        "q7": {"pattern": "night_abroad", "cause": "hour"},
        "q8": (expl, false_alarm_causes(np.argmin, lambda pattern: pattern == "none")),
    }
    return right, wrong


@pytest.mark.answer_table
def test_right_passes_and_wrong_fails(qid, answers, right_passes_and_wrong_fails):
    right, wrong = answers
    right_passes_and_wrong_fails(LAB, qid, right[qid], wrong[qid])


def test_misconceptions_are_named(evaluate, answers):
    right, wrong = answers
    assert "y_true must be y_good" in evaluate(LAB, "q1", wrong["q1"]).detail
    assert "ratio 0.685 < 0.8" in evaluate(LAB, "q2", wrong["q2"]).detail
    assert "raise the cut of 'under 25'" in evaluate(LAB, "q2", wrong["q2"]).detail
    assert "raise the cut of '25 and over'" in evaluate(LAB, "q2", {"25 and over": 0.1, "under 25": 0.4}).detail
    assert "divides by zero" in evaluate(LAB, "q3", wrong["q3"]).detail
    assert "a missed fraud costs its amount" in evaluate(LAB, "q6", wrong["q6"]).detail
    assert "2 a.m. fits night_abroad" in evaluate(LAB, "q7", wrong["q7"]).detail
    assert "speaking most *against* fraud" in evaluate(LAB, "q8", wrong["q8"]).detail


def test_messages_name_the_mistake_made(evaluate):
    from fairlearn.metrics import MetricFrame

    from osai.exercises.lab08 import _credit

    ref = _credit()
    swapped = MetricFrame(metrics=_metrics(), y_true=ref["approved"], y_pred=ref["y_good"],
                          sensitive_features=ref["age"])
    assert "are swapped" in evaluate(LAB, "q1", swapped).detail
    assert "not p_bad" not in evaluate(LAB, "q1", swapped).detail
    too_far = evaluate(LAB, "q2", {"25 and over": 1 / 6, "under 25": 0.30}).detail
    assert "you moved the cut of 'under 25' too far" in too_far
    def by_all(y_true, scores, k):  # divides by every payment, not by the k reviewed
        return float(np.sum(np.asarray(y_true)[np.argsort(-np.asarray(scores))[:k]]) / len(y_true))

    assert "divide by k" in evaluate(LAB, "q5", by_all).detail
    online = evaluate(LAB, "q7", {"pattern": "card_testing", "cause": "online"}).detail
    assert "not the planted cause of card_testing" in online


def _metrics():
    from fairlearn.metrics import false_positive_rate, selection_rate
    from sklearn.metrics import precision_score, recall_score

    return {"selection_rate": selection_rate, "tpr": recall_score, "fpr": false_positive_rate,
            "precision": precision_score}


def test_q1_refuses_the_kit_and_the_wrong_groups(evaluate, answers):
    from osai.exercises.lab08 import _credit

    ref = _credit()
    kit = fairness.group_metrics(ref["y_good"], ref["approved"], ref["age"])
    assert "write the MetricFrame call yourself" in evaluate(LAB, "q1", kit).detail
    by_sex = fairness.group_metrics(ref["y_good"], ref["approved"], ref["sex"])
    assert "grouped by sex" in evaluate(LAB, "q1", by_sex).detail


def test_q2_accepts_every_pair_within_the_constraints(status, evaluate):
    for cuts in ({"25 and over": 0.15, "under 25": 0.21}, {"25 and over": 0.15, "under 25": 0.27},
                 {"25 and over": 1 / 6, "under 25": 0.25}):
        assert status(LAB, "q2", cuts) == "passed", cuts
    assert status(LAB, "q2", {"25 and over": 0.1, "under 25": 0.4}) == "failed"  # the older group now approved less
    assert "loss is 232 > 158" in evaluate(LAB, "q2", {"25 and over": 0.3, "under 25": 0.5}).detail


def test_q6_accepts_thresholds_under_capacity_cheaper_than_half(status):
    for threshold in (0.05, 0.12, 0.18, 0.3):
        assert status(LAB, "q6", threshold) == "passed", threshold
    assert status(LAB, "q6", 0.01) == "failed"  # 171 alerts, over capacity
    assert status(LAB, "q6", 0.5) == "failed"


def test_q8_names_the_wrong_rows(evaluate, answers):
    from collections import Counter

    from osai.exercises.lab08 import _alert_tops

    expl = answers[0]["q8"][0]
    tops = _alert_tops()
    every = Counter(tops["top"])
    frauds = Counter(t for t, p in zip(tops["top"], tops["pattern"]) if p != "none")
    assert "counts all 43 alerts" in evaluate(LAB, "q8", (expl, every)).detail
    assert "those are the frauds" in evaluate(LAB, "q8", (expl, frauds)).detail
    assert "add up to 10" in evaluate(LAB, "q8", (expl, {"hour": 5, "tx_last_hour": 3, "distance_km": 2})).detail
    assert "is not a feature" in evaluate(LAB, "q8", (expl, {"night": 11})).detail
    raw = {"account_age_days": 7, "distance_km": 4}  # argmax of alert_expl.data: the feature values, not their SHAP values
    assert "alert_expl.values" in evaluate(LAB, "q8", (expl, raw)).detail


def _explainer(**options):
    """A TreeExplainer of the lab's detector on the lab's 100 background payments, with shap's ``options``."""
    import shap

    from osai.exercises.lab08 import _fraud

    return shap.TreeExplainer(_fraud()["detector"], data=_background(), **options)


def _background():
    from osai import finance

    stream = finance.make_transactions(20000, fraud_rate=0.01, seed=7)
    return stream.iloc[:14000][list(finance.FRAUD_FEATURES)].sample(100, random_state=0)


def test_q8_checks_the_students_own_shap_call(evaluate, status, answers):
    import shap

    from osai import explain
    from osai.exercises.lab08 import _fraud

    expl, counts = answers[0]["q8"]
    ref = _fraud()
    alerts, features, test = ref["alerts"], ref["features"], ref["test_tx"]
    assert status(LAB, "q8", (..., ...)) == "not_attempted"
    assert status(LAB, "q8", counts) == "failed"  # the counts alone, as the check took them before
    assert "check the pair" in evaluate(LAB, "q8", counts).detail
    kit = explain.explain_tabular(ref["detector"], alerts[features], _background())
    assert "explain.explain_tabular" in evaluate(LAB, "q8", (kit, counts)).detail
    assert "not the shap.Explanation" in evaluate(LAB, "q8", (expl.values, counts)).detail
    interventional = _explainer(feature_perturbation="interventional")
    assert "every test payment" in evaluate(LAB, "q8", (interventional(test[features]), counts)).detail
    false_alarms = alerts[alerts["pattern"] == "none"]
    assert "then pick the false alarms" in evaluate(LAB, "q8", (interventional(false_alarms[features]), counts)).detail
    assert "are not the alerts" in evaluate(LAB, "q8", (interventional(test[features].iloc[:43]), counts)).detail
    probability = _explainer(feature_perturbation="interventional", model_output="probability")(alerts[features])
    assert "in probability" in evaluate(LAB, "q8", (probability, counts)).detail
    path_dependent = shap.TreeExplainer(ref["detector"])(alerts[features])  # no background: the trees' own cover
    assert "pass background_tx" in evaluate(LAB, "q8", (path_dependent, counts)).detail
    assert "now set false_alarm_causes" in evaluate(LAB, "q8", (expl, ...)).detail


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.dictionaries(st.sampled_from(FRAUD_FEATURES), st.integers(min_value=0, max_value=12), max_size=7))
def test_q8_passes_exactly_the_right_counts(evaluate, answers, counts):
    expl, right = answers[0]["q8"]
    result = evaluate(LAB, "q8", (expl, counts))
    assert result.status in ("passed", "failed")
    assert (result.status == "passed") == ({k: v for k, v in counts.items() if v} == right), (counts, result.detail)


def test_function_exercises_have_hidden_cases(check_cell_output, evaluate):
    def fpr_for_precision(b, t, p):
        if not 0 < p < 1:
            raise ValueError("precision")
        return b * t * (1 - p) / (p * (1 - b))

    def only_zero_refused(b, t, p):  # refuses the 0 and 1.5 the check tries, not a precision of exactly 1
        if p <= 0 or p > 1:
            raise ValueError("precision")
        return b * t * (1 - p) / (p * (1 - b))

    assert check_cell_output(LAB, "q3", fpr_for_precision=fpr_for_precision) == "✅ q3 passed (2/2)\n"
    assert check_cell_output(LAB, "q3", fpr_for_precision=only_zero_refused).splitlines()[1:] == [
        "❌ q3 failed: a hidden test did not pass (a precision of 1)"]
    assert "calls osai's ppv_from_rates" in evaluate(
        LAB, "q3", lambda b, t, p: fairness.ppv_from_rates(b, t, 0.1) * 0 + fpr_for_precision(b, t, p)).detail

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

    assert check_cell_output(LAB, "q5", precision_at_k=precision_at_k) == "✅ q5 passed (2/2)\n"
    assert check_cell_output(LAB, "q5", precision_at_k=zero_or_too_many).splitlines()[1:] == [
        "❌ q5 failed: a hidden test did not pass (a negative k)"]



def test_q5b_right_passes_and_wrong_fails(right_passes_and_wrong_fails, evaluate):
    from sklearn.ensemble import GradientBoostingClassifier
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import Pipeline
    from sklearn.preprocessing import StandardScaler

    from osai.exercises.lab08 import _fraud

    ref = _fraud()
    features, train, test = ref["features"], ref["train_tx"], ref["test_tx"]

    def pipe(model=None):
        return Pipeline([("scale", StandardScaler()), ("model", LogisticRegression(max_iter=1000) if model is None else model)])

    right = pipe().fit(train[features], train["is_fraud"])
    on_test = pipe().fit(test[features], test["is_fraud"])
    right_passes_and_wrong_fails(LAB, "q5b", right, on_test)
    assert "fitted on the test period" in evaluate(LAB, "q5b", on_test).detail
    balanced = pipe(LogisticRegression(max_iter=1000, class_weight="balanced")).fit(train[features], train["is_fraud"])
    assert evaluate(LAB, "q5b", balanced).status == "passed"  # class weights are the student's choice
    assert "not fitted yet" in evaluate(LAB, "q5b", pipe()).detail
    boosted = pipe(GradientBoostingClassifier(n_estimators=5)).fit(train[features], train["is_fraud"])
    assert "LogisticRegression" in evaluate(LAB, "q5b", boosted).detail
    assert "a scikit-learn Pipeline" in evaluate(LAB, "q5b", LogisticRegression()).detail

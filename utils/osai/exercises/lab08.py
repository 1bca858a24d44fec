# SPDX-FileCopyrightText: 2026 The Open Source AI Lab Kit authors
# SPDX-License-Identifier: MIT
"""Exercises of Lab 08, Fairness and fraud. Answers are recomputed from the shipped data and the seeded stream.

Judgement items (q2 thresholds, q6 alert threshold, q7 reading of an alert) accept every answer that
meets the stated constraints; the notebook then shows the kit's own choice beside the student's.
"""

from __future__ import annotations

import functools
from typing import Any

from osai.checks import Exercises, Mismatch, as_function, as_instance, as_mapping, as_number, expect

ex = Exercises("08", salt_lab="07")

#: q2: the disparate-impact ratio by age the student's thresholds must reach, and the loss they may cost.
MIN_RATIO, MAX_LOSS = 0.8, 158.0
#: q6: alerts the fraud team can review in the test period.
CAPACITY = 150
METRICS = ("selection_rate", "tpr", "fpr", "precision")


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
    return {"p_bad": p_bad, "sex": sex, "age": age, "y_good": y_good, "approved": approved}


@functools.cache
def _fraud() -> dict[str, Any]:
    """The lab's fraud detector and alerts, rebuilt the way the notebook builds them."""
    from sklearn.ensemble import GradientBoostingClassifier

    from osai import finance

    stream = finance.make_transactions(20000, fraud_rate=0.01, seed=7)
    features = list(finance.FRAUD_FEATURES)
    split = int(len(stream) * 0.7)
    train_tx, test_tx = stream.iloc[:split], stream.iloc[split:]
    detector = GradientBoostingClassifier(n_estimators=100, max_depth=3, random_state=0)
    detector.fit(train_tx[features], train_tx["is_fraud"])
    p_fraud = detector.predict_proba(test_tx[features])[:, 1]
    alerts = test_tx[p_fraud >= 0.5]
    top = int(p_fraud[p_fraud >= 0.5].argmax())
    return {"train_tx": train_tx, "test_tx": test_tx, "p_fraud": p_fraud, "features": features, "detector": detector,
            "alerts": alerts, "top_pattern": alerts["pattern"].iloc[top]}


def _by_group(frame: Any) -> Any:
    """``frame.by_group`` as a DataFrame with one column per metric, or :class:`Mismatch`."""
    import pandas as pd

    table = frame.by_group
    if isinstance(table, pd.Series):  # a single metric given without a dict
        raise Mismatch("give the four metrics as a dict {name: function}, one column each")
    return table


@ex("q1", points=3, expects="a fairlearn MetricFrame",
    hints=("A MetricFrame takes metrics (a dict name -> function), y_true, y_pred and sensitive_features.",
           "selection_rate and false_positive_rate come from fairlearn.metrics; the TPR is recall_score, the "
           "precision precision_score (sklearn.metrics).",
           "Code: MetricFrame(metrics={'selection_rate': selection_rate, 'tpr': recall_score, 'fpr': "
           "false_positive_rate, 'precision': precision_score}, y_true=..., y_pred=..., sensitive_features=...)"))
def _q1(frame: Any) -> None:
    import numpy as np
    from fairlearn.metrics import MetricFrame

    frame = as_instance(frame, MetricFrame, "a fairlearn MetricFrame (from fairlearn.metrics import MetricFrame)")
    table = _by_group(frame)
    ref = _credit()
    groups = {str(g) for g in table.index}
    if groups == set(ref["sex"]):
        raise Mismatch("this frame is grouped by sex; q1 asks for the age groups (sensitive_features=age)")
    expect(groups == set(ref["age"]), f"expected the age groups {sorted(set(ref['age']))} as sensitive feature, "
                                      f"got {sorted(groups)}")
    names = [str(c) for c in table.columns]
    expect("count" not in names or set(names) != set(METRICS) | {"count"},
           "that is the kit's group_metrics (it adds count): write the MetricFrame call yourself")
    missing = [m for m in METRICS if m not in names]
    if missing:
        raise Mismatch(f"no metric named {missing[0]!r}: name the metrics {list(METRICS)} in the dict")
    expect(len(names) == len(METRICS), f"expected exactly the four metrics {list(METRICS)}, got {names}")
    y, d, age = ref["y_good"], ref["approved"], ref["age"]
    for g in sorted(set(age)):
        rows = age == g
        want = {"selection_rate": d[rows].mean(), "tpr": d[rows & (y == 1)].mean(),
                "fpr": d[rows & (y == 0)].mean(), "precision": y[rows & (d == 1)].mean()}
        got = {m: float(table.loc[g, m]) for m in METRICS}
        if abs(got["selection_rate"] - y[rows].mean()) < 1e-9 and abs(got["selection_rate"] - want["selection_rate"]) > 1e-9:
            raise Mismatch("y_true and y_pred are swapped: y_true is the truth y_good, y_pred the decisions approved")
        expect(abs(got["selection_rate"] - want["selection_rate"]) < 1e-9,
               "wrong selection rate: y_pred must be the decisions approved (1 = approve)")
        if abs(got["tpr"] - d[rows & (y == 0)].mean()) < 1e-9 and abs(want["tpr"] - got["tpr"]) > 1e-9:
            raise Mismatch("y_true must be y_good (1 = repaid): with y_test (1 = bad) the 'tpr' is the "
                           "approval rate of bad applicants")
        for m in ("tpr", "fpr", "precision"):
            expect(bool(np.isclose(got[m], want[m])),
                   f"{m} of {g!r} is {got[m]:.3f}, expected {want[m]:.3f}: check which function you gave it")


@ex("q2", points=3, expects="a dict of two thresholds, one per age group",
    hints=("Approve when p_bad is below the group's cut: a higher cut approves more of that group.",
           "Keep the older group at 1/6 and raise the under-25 cut step by step; watch the ratio and the cost "
           "with fairness.mitigation_tradeoff(y_good, approved, fairness.approvals(p_bad, my_cuts, age), age).",
           "Code (one answer of many): {'25 and over': 0.15, 'under 25': 0.21}"))
def _q2(answer: Any) -> None:
    from osai import fairness

    ref = _credit()
    groups = sorted(set(ref["age"]))
    if isinstance(answer, (int, float)) and not isinstance(answer, bool):
        raise Mismatch(f"one number treats both groups alike; give a dict with one cut per group {groups}")
    cuts = as_mapping(answer, f"a dict with one threshold per group {groups}")
    expect(set(map(str, cuts)) == set(groups), f"expected the keys {groups}, got {sorted(map(str, cuts))}")
    cuts = {str(g): as_number(t, "a threshold on p(bad) between 0 and 1") for g, t in cuts.items()}
    expect(all(0 < t <= 1 for t in cuts.values()), "a threshold on p(bad) is between 0 and 1")
    mine = fairness.approvals(ref["p_bad"], cuts, ref["age"])
    table = fairness.mitigation_tradeoff(ref["y_good"], ref["approved"], mine, ref["age"])
    ratio, cost = float(table.loc["after", "disparate_impact_ratio"]), float(table.loc["after", "cost"])
    if ratio < MIN_RATIO:
        rates = {g: float(mine[ref["age"] == g].mean()) for g in groups}
        low = min(rates, key=rates.get)
        high = max(rates, key=rates.get)
        raise Mismatch(f"ratio {ratio:.3f} < {MIN_RATIO}: {low!r} approved at {rates[low]:.2f}, {high!r} at "
                       f"{rates[high]:.2f}; a higher cut approves more: raise the cut of {low!r}")
    bad_in = int(((ref["y_good"] == 0) & (mine == 1)).sum())
    good_out = int(((ref["y_good"] == 1) & (mine == 0)).sum())
    moved = [g for g in groups if abs(cuts[g] - 1 / 6) > 1e-3]
    advice = (f"you moved the cut of {moved[0]!r} too far: bring it back towards 1/6" if len(moved) == 1 else
              "move only the cut of the group approved less")
    expect(cost <= MAX_LOSS, f"ratio {ratio:.3f} reached, but the loss is {cost:.0f} > {MAX_LOSS:.0f} ({bad_in} bad "
                             f"approved at 5, {good_out} good declined at 1): {advice}")


@ex("q3", points=2, expects="a function fpr_for_precision(base_rate, tpr, precision) returning a float",
    refuses=("osai.fairness.ppv_from_rates",),
    hints=("Write precision = b*T / (b*T + (1-b)*F) and solve it for F.",
           "The derivation, which gives the answer away: P*(b*T + (1-b)*F) = b*T, so F = b*T*(1-P) / (P*(1-b)); check 0 < P < 1 first."))
def _q3(function: Any) -> None:
    from osai.fairness import ppv_from_rates

    function = as_function(function, "a function fpr_for_precision(base_rate, tpr, precision)")
    for base, tpr, fpr in ((0.5, 0.8, 0.2), (0.735, 0.6, 0.15), (0.545, 0.6, 0.05), (0.3, 0.9, 0.4)):
        precision = ppv_from_rates(base, tpr, fpr)
        got = as_number(function(base, tpr, precision), "a false positive rate")
        if abs(got - (1 - fpr)) < 1e-9 and abs(fpr - 0.5) > 1e-9:
            raise Mismatch(f"fpr_for_precision({base}, {tpr}, {precision:.4f}) gave 1 - FPR; solve for FPR itself")
        expect(abs(got - fpr) < 1e-9,
               f"fpr_for_precision({base}, {tpr}, {precision:.4f}) should be {fpr}, got {got:.4f}")
    for bad in (0, 1.5):
        try:
            function(0.5, 0.8, bad)
        except ValueError:
            continue
        except ZeroDivisionError:
            raise Mismatch(f"precision = {bad} divides by zero: raise ValueError before computing") from None
        raise Mismatch(f"precision = {bad} is not strictly between 0 and 1: raise ValueError")


@ex("q4", points=1, expects="a float between 0 and 1",
    hints=("Flagging nothing is correct exactly on the honest payments (y_fraud == 0).",))
def _q4(answer: Any) -> None:
    value = as_number(answer, "an accuracy between 0 and 1")
    expect(0 <= value <= 1, "an accuracy is between 0 and 1 (a share, not a percentage)")
    y = _fraud()["test_tx"]["is_fraud"].to_numpy()
    expect(abs(value - float(y.mean())) > 1e-9, "that is the share of frauds; flagging nothing is right on every honest payment")
    expect(abs(value - float((y == 0).mean())) < 1e-9, "not the share of test payments that are honest")


@ex("q5", points=2, expects="a function precision_at_k(y_true, scores, k) returning a float",
    hints=("np.argsort(-scores) lists positions from the highest score.",
           "Take the first k positions, then the mean of y_true there; check k first."))
def _q5(precision_at_k: Any) -> None:
    import numpy as np

    precision_at_k = as_function(precision_at_k, "a function precision_at_k(y_true, scores, k)")
    y = np.array([0, 1, 0, 1, 0, 0])
    s = np.array([0.1, 0.9, 0.8, 0.4, 0.2, 0.3])
    top1 = as_number(precision_at_k(y, s, 1), "a share")
    expect(abs(top1 - 1 / len(y)) > 1e-9, "divide by k, the number of payments reviewed, not by all payments")
    expect(abs(top1 - 1.0) < 1e-9, "the single highest score is a fraud: precision 1")
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


@ex("q6", points=2, expects="a probability threshold (float)",
    hints=("Flag when the expected loss of letting the payment through, p x amount, exceeds the review cost.",
           "For a payment of typical size (median about 27), that is p > 5 / 27.",
           "Code: my_threshold = 5.0 / float(np.median(train_tx['amount']))"))
def _q6(answer: Any) -> None:
    from osai.finance import fraud_cost

    value = as_number(answer, "a probability between 0 and 1")
    expect(0 < value < 1, f"a threshold on p_fraud is between 0 and 1 (exclusive), got {value:g}")
    ref = _fraud()
    y = ref["test_tx"]["is_fraud"].to_numpy()
    amount = ref["test_tx"]["amount"].to_numpy()
    flags = ref["p_fraud"] >= value
    cost, at_half = fraud_cost(y, flags, amount, review_cost=5.0), fraud_cost(y, ref["p_fraud"] >= 0.5, amount, review_cost=5.0)
    expect(int(flags.sum()) <= CAPACITY, f"{int(flags.sum())} alerts, more than the team's {CAPACITY}: raise the threshold")
    expect(value <= 0.5, f"above 0.5 you flag fewer payments than at 0.5 and miss more frauds (cost {cost:.0f}); "
                         "a missed fraud costs its amount, a review only 5")
    expect(value != 0.5, "that is the p >= 0.5 policy itself; what do a review and a missed fraud cost?")
    expect(cost < at_half, f"cost {cost:.2f}, not below flagging at 0.5 ({at_half:.2f})")


@ex("q7", points=2, expects='a dict {"pattern": ..., "cause": ...}',
    hints=("Compare the alert's values with the pattern means of section 4: which one stands far from 'none'?",
           "finance.FRAUD_PATTERNS lists the planted cause(s) of each pattern."))
def _q7(answer: Any) -> None:
    from osai.finance import FRAUD_FEATURES, FRAUD_PATTERNS

    reading = as_mapping(answer, 'a dict {"pattern": ..., "cause": ...}')
    expect(set(reading) == {"pattern", "cause"}, f'expected the keys "pattern" and "cause", got {sorted(map(str, reading))}')
    pattern, cause = reading["pattern"], reading["cause"]
    expect(pattern in FRAUD_PATTERNS, f"pattern must be one of {sorted(FRAUD_PATTERNS)}, got {pattern!r}")
    expect(cause in FRAUD_FEATURES, f"cause must be one of the features {list(FRAUD_FEATURES)}, got {cause!r}")
    truth = _fraud()["top_pattern"]
    if pattern != truth:
        raise Mismatch("2 a.m. fits night_abroad, but that pattern is far from home and abroad; look at distance_km, "
                       "foreign and tx_last_hour")
    expect(cause in FRAUD_PATTERNS[truth], f"{cause} is not the planted cause of {truth}: which value of the alert is "
                                           "many times the honest payments' mean ('none')?")


@functools.cache
def _alert_tops() -> dict[str, Any]:
    """The kit's explanation of every alert, with its top feature (largest and smallest contribution)."""
    import numpy as np

    from osai import explain, finance

    ref = _fraud()
    stream = finance.make_transactions(20000, fraud_rate=0.01, seed=7)
    background = stream.iloc[:int(len(stream) * 0.7)][ref["features"]].sample(100, random_state=0)
    expl = explain.explain_tabular(ref["detector"], ref["alerts"][ref["features"]], background)
    names = ref["features"]
    return {"pattern": ref["alerts"]["pattern"].to_numpy(), "values": expl.values,
            "base": float(np.ravel(expl.base_values)[0]), "data": ref["alerts"][names].to_numpy(dtype=float),
            "test": ref["test_tx"][names].to_numpy(dtype=float),
            "top": [names[int(np.argmax(row))] for row in expl.values],
            "bottom": [names[int(np.argmin(row))] for row in expl.values],
            "largest_value": [names[int(np.argmax(row))] for row in ref["alerts"][names].to_numpy(dtype=float)]}


def _count(names: list[str], keep: Any) -> dict[str, int]:
    from collections import Counter

    return dict(Counter(n for n, k in zip(names, keep) if k))


def _q8_explanation(expl: Any) -> None:
    """Raise :class:`Mismatch` naming the likely mistake unless ``expl`` is the student's own shap call on the alerts."""
    import numpy as np
    import shap

    from osai.explain import made_by_kit

    tops = _alert_tops()
    want = tops["values"]
    if isinstance(expl, np.ndarray):
        raise Mismatch("alert_expl is an array of values, not the shap.Explanation: keep what explainer(alerts[features]) "
                       "returns and read its .values where you need the numbers")
    expl = as_instance(expl, shap.Explanation, "a shap.Explanation as alert_expl (call the explainer on alerts[features])")
    if made_by_kit(expl):
        raise Mismatch("alert_expl comes from the kit's explain.explain_tabular: build shap.TreeExplainer yourself "
                       "and call it on alerts[features]")
    values = np.asarray(expl.values, dtype=float)
    if values.ndim == 1:
        raise Mismatch(f"alert_expl holds one row ({values.shape}); explain all {len(want)} alerts, alerts[features]")
    expect(values.ndim == 2 and values.shape[1] == want.shape[1],
           f"expected one value per alert and feature {want.shape}, got shape {values.shape}")
    rows = values.shape[0]
    if rows == len(tops["test"]):
        raise Mismatch(f"{rows} rows explained: that is every test payment; explain the {len(want)} alerts, alerts[features]")
    if rows == int((tops["pattern"] == "none").sum()):
        raise Mismatch(f"{rows} rows explained: explain all {len(want)} alerts, then pick the false alarms among them")
    expect(rows == len(want), f"{rows} rows explained: explain the {len(want)} alerts (p_fraud >= 0.5), alerts[features]")
    data = np.asarray(expl.data, dtype=float) if expl.data is not None else None
    if data is not None and data.shape == tops["data"].shape and not np.allclose(data, tops["data"]):
        raise Mismatch("these rows are not the alerts: explain alerts[features], the payments with p_fraud >= 0.5")
    base = np.ravel(np.asarray(expl.base_values, dtype=float))
    expect(base.size > 0, "alert_expl has no base values: keep the Explanation the explainer returns")
    if 0 <= base[0] <= 1 and tops["base"] < 0:
        raise Mismatch("these values are in probability (model_output='probability'); explain the model's raw output, "
                       "log-odds, shap's default for gradient boosting")
    expect(bool(np.allclose(base, tops["base"], atol=1e-6)),
           f"base value {base[0]:.3f}, expected {tops['base']:.3f}: pass background_tx as the explainer's data, "
           "with feature_perturbation='interventional'")
    expect(bool(np.allclose(values, want, atol=1e-6)),
           "not the values relative to background_tx: pass it as the explainer's data, with "
           "feature_perturbation='interventional'")


@ex("q8", points=3, expects="the pair (alert_expl, false_alarm_causes): a shap.Explanation and a dict feature -> count",
    hints=("Explain all the alerts with your own TreeExplainer, in log-odds. False alarms: alerts whose pattern is "
           "'none'; for each, the feature with the largest SHAP value.",
           "shap.TreeExplainer(detector, data=background_tx, feature_perturbation='interventional'), called on "
           "alerts[features], returns the Explanation; np.flatnonzero(alerts['pattern'].to_numpy() == 'none') gives "
           "the false alarms' rows in alert_expl.values; np.argmax of a row gives the position in features.",
           "Code (this hint shows the code): Counter(features[int(np.argmax(alert_expl.values[i]))] for i in "
           "false_alarms)"))
def _q8(answer: Any) -> None:
    from osai.finance import FRAUD_FEATURES

    if not isinstance(answer, tuple) or len(answer) != 2:
        raise Mismatch("check the pair: check(\"q8\", (alert_expl, false_alarm_causes))")
    expl, causes = answer
    if expl is Ellipsis and causes is Ellipsis:
        raise NotImplementedError
    if expl is Ellipsis:
        raise Mismatch("set alert_expl to your explainer's explanation of alerts[features]")
    _q8_explanation(expl)
    if causes is Ellipsis:
        raise Mismatch("alert_expl is right; now set false_alarm_causes, the count of false alarms by top feature")
    got = as_mapping(causes, "a dict from feature name to a count (collections.Counter works)")
    unknown = sorted(str(k) for k in got if k not in FRAUD_FEATURES)
    if unknown:
        raise Mismatch(f"{unknown[0]!r} is not a feature; keys are names from features")
    got = {k: as_number(v, "a count of alerts") for k, v in got.items() if v}
    tops = _alert_tops()
    honest = tops["pattern"] == "none"
    want = _count(tops["top"], honest)
    total = sum(got.values())
    if got == _count(tops["top"], [True] * len(honest)):
        raise Mismatch(f"that counts all {len(honest)} alerts; false alarms are those whose pattern is 'none'")
    if got == _count(tops["top"], ~honest):
        raise Mismatch("those are the frauds among the alerts; count the alerts whose pattern is 'none'")
    if got == _count(tops["bottom"], honest):
        raise Mismatch("that is the feature speaking most *against* fraud; take the largest positive contribution")
    if got == _count(tops["largest_value"], honest):
        raise Mismatch("that is each false alarm's largest feature value (alert_expl.data); its SHAP contributions are "
                       "alert_expl.values")
    expect(total == sum(want.values()), f"your counts add up to {total:g}; there are {sum(want.values())} false alarms")
    expect(got == want, "not the top feature of each false alarm: the position of the largest value of its row")



@ex("q5b", points=2, expects="a fitted scikit-learn Pipeline: a StandardScaler, then a LogisticRegression",
    hints=("Learn the scaling from the training payments only and replay it on the test period: a Pipeline does both.",
           "sklearn.pipeline.Pipeline takes (name, step) pairs: a StandardScaler, then a LogisticRegression; fit the "
           "whole pipeline on train_tx[features] and train_tx['is_fraud'].",
           "Code (this hint shows the code): Pipeline([('scale', StandardScaler()), ('model', "
           "LogisticRegression(max_iter=1000))]).fit(train_tx[features], train_tx['is_fraud'])"))
def _q5b(pipeline: Any) -> None:
    import numpy as np
    from sklearn.linear_model import LogisticRegression
    from sklearn.metrics import average_precision_score
    from sklearn.pipeline import Pipeline
    from sklearn.preprocessing import StandardScaler

    pipeline = as_instance(pipeline, Pipeline, "a scikit-learn Pipeline (from sklearn.pipeline import Pipeline)")
    expect(len(pipeline.steps) >= 2, "a pipeline of one step only: put a StandardScaler before the model")
    scaler, model = pipeline.steps[0][1], pipeline.steps[-1][1]
    expect(isinstance(scaler, StandardScaler), "the first step should scale the features: a StandardScaler")
    expect(isinstance(model, LogisticRegression), "the last step should be a LogisticRegression, the baseline you can read")
    expect(hasattr(scaler, "mean_") and hasattr(model, "coef_"),
           "the pipeline is not fitted yet: call .fit(train_tx[features], train_tx['is_fraud']) on it")
    ref = _fraud()
    features, train, test = ref["features"], ref["train_tx"], ref["test_tx"]
    expect(getattr(scaler, "n_features_in_", None) == len(features),
           f"fitted on {getattr(scaler, 'n_features_in_', '?')} columns, not the {len(features)} of features")
    expect([int(c) for c in model.classes_] == [0, 1] if len(model.classes_) == 2 else False,
           "the labels should be train_tx['is_fraud'] (0 = honest, 1 = fraud)")
    if not np.allclose(scaler.mean_, train[features].to_numpy(dtype=float).mean(axis=0)):
        expect(not np.allclose(scaler.mean_, test[features].to_numpy(dtype=float).mean(axis=0)),
               "the pipeline was fitted on the test period: fit it on train_tx only, or the test payments leak into it")
        raise Mismatch("the scaler was fitted on other rows than train_tx: fit the whole pipeline on train_tx[features]")
    y = test["is_fraud"].to_numpy()
    ap = float(average_precision_score(y, pipeline.predict_proba(test[features])[:, 1]))
    expect(ap > 5 * y.mean(), f"average precision {ap:.3f}, hardly above random ({y.mean():.4f}): check the model's settings")

# SPDX-FileCopyrightText: 2026 The Open Source AI Lab Kit authors
# SPDX-License-Identifier: MIT
"""osai.finance: credit encoding and costs, the synthetic fraud stream, the finance sentences."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from osai import finance
from osai.data import codebook, data_path, german_credit


def test_cost_matrix_is_the_codebook_one():
    book = codebook()["cost_matrix"]
    assert finance.CREDIT_COSTS.fn == book["bad_predicted_good"] == 5
    assert finance.CREDIT_COSTS.fp == book["good_predicted_bad"] == 1
    from osai.finance import CREDIT_COSTS

    assert CREDIT_COSTS is finance.CREDIT_COSTS and "CREDIT_COSTS" in finance.__all__
    assert finance.cost_threshold() == finance.cost_threshold(CREDIT_COSTS) == 1 / 6
    assert finance.expected_cost([1, 0], [0, 1]) == 6.0
    with pytest.raises(AttributeError, match="CREDIT_COST"):
        finance.CREDIT_COST
    with pytest.raises(TypeError, match="CostMatrix"):
        finance.expected_cost([1], [0], costs=(1, 5))


def test_importing_finance_reads_no_file():
    import subprocess
    import sys

    code = "import sys, osai.finance; print('osai.data' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip() == "False"


def test_credit_categories_are_public_and_the_widget_annotations_resolve():
    import typing

    import osai.widgets

    rows = finance.credit_categories()
    assert [name for name, _, _ in rows] == [a["name"] for a in codebook()["attributes"]]
    assert all((kind == "numeric") == (not categories) for _, kind, categories in rows)
    for name in ("license_chooser", "what_if_widget"):
        typing.get_type_hints(getattr(osai.widgets, name))


@pytest.mark.parametrize("bad", [{"fp": -1, "fn": 1}, {"fp": 0, "fn": 0}, {"fp": "1", "fn": 5}, {"fp": True, "fn": 5}])
def test_cost_matrix_rejects_bad_costs(bad):
    with pytest.raises(ValueError):
        finance.CostMatrix(**bad)


def test_encoding_round_trips_to_the_original_categories():
    frame = german_credit()
    X = finance.encode_credit(frame)
    assert list(X.columns) == finance.credit_columns()
    for attribute in codebook()["attributes"]:
        name = attribute["name"]
        if attribute["kind"] == "numeric":
            assert (X[name] == frame[name]).all()
        else:
            block = X[[c for c in X.columns if c.startswith(name + "=")]]
            assert (block.sum(axis=1) == 1).all(), name
            decoded = block.idxmax(axis=1).str.split("=", n=1).str[1]
            assert (decoded == frame[name]).all(), name


def test_encoding_one_row_gives_the_same_columns_as_the_whole_table():
    frame = german_credit()
    whole = finance.encode_credit(frame)
    one = finance.encode_credit(frame.iloc[[17]])
    pd.testing.assert_frame_equal(one, whole.iloc[[17]])


def test_encoding_unknown_category_suggests_the_nearest():
    frame = german_credit().head(1).copy()
    frame["housing"] = "owm"
    with pytest.raises(ValueError, match="did you mean 'own'"):
        finance.encode_credit(frame)
    with pytest.raises(KeyError, match="missing attribute column 'housing'"):
        finance.encode_credit(german_credit().drop(columns="housing"))
    with pytest.raises(TypeError):
        finance.encode_credit([1, 2, 3])


def test_credit_xy_drops_the_sensitive_attributes_by_default():
    X, y = finance.credit_xy()
    assert not any(c.split("=")[0] in finance.SENSITIVE for c in X.columns)
    marked = {a["name"] for a in codebook()["attributes"] if a.get("sensitive")}
    assert set(finance.SENSITIVE) == marked
    full, _ = finance.credit_xy(drop_sensitive=False)
    assert full.shape[1] > X.shape[1]
    assert (y == (german_credit()["credit_risk"] == "bad")).all()


def test_split_is_stratified_and_reproducible():
    a = finance.split_credit(seed=3)
    b = finance.split_credit(seed=3)
    assert list(a[1].index) == list(b[1].index)
    assert abs(a[3].mean() - 0.3) < 0.01 and abs(a[2].mean() - 0.3) < 0.01
    with pytest.raises(ValueError):
        finance.split_credit(test_size=1.5)


def test_cost_threshold_minimises_expected_cost_for_calibrated_scores():
    costs = finance.CostMatrix(fp=1, fn=5)
    t = finance.cost_threshold(costs)
    assert t == pytest.approx(1 / 6)
    for p in (0.1, 0.16, 0.17, 0.5):
        cost_positive = (1 - p) * costs.fp
        cost_negative = p * costs.fn
        assert (p >= t) == (cost_positive <= cost_negative)


def test_expected_cost_counts_each_error_with_its_cost():
    assert finance.expected_cost([1, 1, 0, 0], [0, 0, 0, 0]) == 10.0
    assert finance.expected_cost([1, 1, 0, 0], [1, 1, 1, 1]) == 2.0
    assert finance.expected_cost([True, False], [True, False]) == 0.0
    with pytest.raises(ValueError, match="only 0 and 1"):
        finance.expected_cost([2, 0], [0, 0])
    with pytest.raises(ValueError, match="length"):
        finance.expected_cost([1, 0], [1])


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 1), st.floats(0, 1)), min_size=1, max_size=40))
def test_best_threshold_is_never_worse_than_any_grid_threshold(pairs):
    y = [a for a, _ in pairs]
    s = [b for _, b in pairs]
    best = finance.best_threshold(y, s, grid=19)
    best_cost = finance.expected_cost(y, (np.array(s) >= best).astype(int))
    for i in range(19):
        t = (i + 1) / 20
        assert best_cost <= finance.expected_cost(y, (np.array(s) >= t).astype(int))


def test_baselines_beat_chance_and_the_cost_threshold_beats_one_half():
    from sklearn.metrics import roc_auc_score

    X_train, X_test, y_train, y_test = finance.split_credit()
    for model in (finance.fit_logistic(X_train, y_train), finance.fit_boosting(X_train, y_train)):
        p = model.predict_proba(X_test)[:, 1]
        assert roc_auc_score(y_test, p) > 0.7
        at_cost = finance.expected_cost(y_test, (p >= finance.cost_threshold()).astype(int))
        at_half = finance.expected_cost(y_test, (p >= 0.5).astype(int))
        assert at_cost < at_half


def test_transactions_are_reproducible_and_have_the_planted_truth():
    a = finance.make_transactions(3000, fraud_rate=0.02, seed=5)
    b = finance.make_transactions(3000, fraud_rate=0.02, seed=5)
    pd.testing.assert_frame_equal(a, b)
    assert not a.equals(finance.make_transactions(3000, fraud_rate=0.02, seed=6))
    assert list(a.columns) == list(finance.FRAUD_FEATURES) + ["is_fraud", "pattern"]
    assert int(a["is_fraud"].sum()) == 60
    assert ((a["pattern"] != "none") == (a["is_fraud"] == 1)).all()
    testing = a[a["pattern"] == "card_testing"]
    night = a[a["pattern"] == "night_abroad"]
    legit = a[a["pattern"] == "none"]
    assert testing["tx_last_hour"].min() >= 4 > legit["tx_last_hour"].quantile(0.95)
    assert night["foreign"].mean() > 0.5 > legit["foreign"].mean() and night["hour"].max() <= 5
    assert night["distance_km"].min() >= 150 > legit["distance_km"].median()
    assert set(finance.FRAUD_PATTERNS) == set(a["pattern"]) - {"none"}


def test_transactions_reject_bad_arguments():
    for kwargs in ({"n": 5}, {"n": 100.0}, {"fraud_rate": 0.9}, {"fraud_rate": -0.1}, {"seed": "x"}):
        with pytest.raises(ValueError):
            finance.make_transactions(**{"n": 100, **kwargs})
    assert finance.make_transactions(100, fraud_rate=0.0)["is_fraud"].sum() == 0


def test_fraud_flags_and_cost():
    flags = finance.fraud_flags([0.5, 0.5, 0.01], [20.0, 5.0, 10000.0], review_cost=5.0)
    assert flags.tolist() == [True, False, True]
    assert finance.fraud_cost([1, 0, 1], [False, False, False], [10.0, 3.0, 7.5]) == 17.5
    assert finance.fraud_cost([0, 0], [True, True], [10.0, 3.0], review_cost=2.0) == 4.0
    with pytest.raises(ValueError):
        finance.fraud_flags([0.1], [1.0, 2.0])


def test_sentences_ship_with_license_and_are_balanced():
    payload = json.loads(data_path("finance", "finance_sentences.json").read_text())
    assert payload["license"] == "CC-BY-4.0" and payload["source"]
    license_file = data_path("finance", "finance_sentences.json.license").read_text()
    assert "SPDX-" + "License-Identifier: CC-BY-4.0" in license_file  # split so REUSE does not read it
    frame = finance.finance_sentences()
    assert frame["text"].is_unique
    assert set(frame["label"]) == set(payload["labels"])
    assert frame["label"].value_counts().nunique() == 1


def test_sentence_classifier_refuses_to_predict_before_fit_and_bad_text():
    clf = finance.SentenceClassifier(tokenizer=None, model=None)
    with pytest.raises(RuntimeError, match="not trained"):
        clf.predict_proba(["x"])
    with pytest.raises(TypeError):
        finance.embed_sentences("one string", None, None)

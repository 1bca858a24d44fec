# SPDX-FileCopyrightText: 2026 The Open Source AI Lab Kit authors
# SPDX-License-Identifier: MIT
"""osai.explain: additivity in the right output space, one-hot folding, reason codes, text."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from sklearn.ensemble import GradientBoostingClassifier, RandomForestClassifier
from sklearn.linear_model import LogisticRegression
from sklearn.neighbors import KNeighborsClassifier

from osai import explain, finance


@pytest.fixture(scope="module")
def credit():
    X_train, X_test, y_train, y_test = finance.split_credit()
    return X_train, X_test.iloc[:40], y_train


@pytest.fixture(scope="module")
def background(credit):
    return credit[0].sample(30, random_state=0)


MODELS = {
    "logistic": lambda X, y: finance.fit_logistic(X, y),
    "boosting": lambda X, y: finance.fit_boosting(X, y),
    "forest": lambda X, y: RandomForestClassifier(n_estimators=20, max_depth=4, random_state=0).fit(X, y),
}


@pytest.mark.parametrize("kind", sorted(MODELS))
def test_additivity_holds_in_the_stated_space(credit, background, kind):
    X_train, X_test, y_train = credit
    model = MODELS[kind](X_train, y_train)
    explanation = explain.explain_tabular(model, X_test, background)
    assert explanation.values.shape == X_test.shape
    result = explain.check_additivity(explanation, model, X_test)
    assert result.space == ("probability" if kind == "forest" else "log-odds")
    assert result.rows == len(X_test) and result.max_gap < 1e-6
    folded = explain.group_one_hot(explanation)
    assert explain.check_additivity(folded, model, X_test).max_gap < 1e-6


def test_made_by_kit_tells_the_kits_explanation_from_shaps_own(credit, background):
    import shap

    X_train, X_test, y_train = credit
    model = finance.fit_boosting(X_train, y_train)
    kit = explain.explain_tabular(model, X_test, background)
    own = shap.TreeExplainer(model, data=background, feature_perturbation="interventional")(X_test)
    assert np.allclose(kit.values, own.values)  # the same numbers: only the mark tells them apart
    assert explain.made_by_kit(kit) == "osai.explain.explain_tabular"
    assert explain.made_by_kit(own) is None
    assert explain.made_by_kit(kit.values) is None and explain.made_by_kit(None) is None


def test_additivity_model_agnostic_path_is_probability_and_seeded():
    rng = np.random.default_rng(0)
    X = pd.DataFrame(rng.normal(size=(60, 3)), columns=["a", "b", "c"])
    y = (X["a"] + 0.5 * X["b"] > 0).astype(int)
    model = KNeighborsClassifier(5).fit(X, y)
    first = explain.explain_tabular(model, X.iloc[:4], X.iloc[:10], seed=1)
    second = explain.explain_tabular(model, X.iloc[:4], X.iloc[:10], seed=1)
    assert np.array_equal(first.values, second.values)
    assert explain.check_additivity(first, model, X.iloc[:4]).space == "probability"


def test_additivity_fails_loudly_in_the_wrong_space(credit, background):
    X_train, X_test, y_train = credit
    model = finance.fit_logistic(X_train, y_train)
    explanation = explain.explain_tabular(model, X_test, background)

    class ProbabilityOnly:  # same model, but its output read as a probability
        def predict_proba(self, X):
            return model.predict_proba(X)

    with pytest.raises(explain.AdditivityError, match="probability space"):
        explain.check_additivity(explanation, ProbabilityOnly(), X_test)
    shuffled = X_test.iloc[::-1]
    with pytest.raises(explain.AdditivityError, match="row"):
        explain.check_additivity(explanation, model, shuffled)


def test_group_one_hot_matches_shap_grouping_and_names_the_category(credit, background):
    X_train, X_test, y_train = credit
    model = finance.fit_logistic(X_train, y_train)
    explanation = explain.explain_tabular(model, X_test, background)
    folded = explain.group_one_hot(explanation)
    for j, group in enumerate(folded.feature_names):
        columns = [i for i, n in enumerate(explanation.feature_names) if n.split("=")[0] == group]
        assert np.allclose(folded.values[:, j], explanation.values[:, columns].sum(axis=1))
    from osai.data import german_credit

    original = german_credit().loc[X_test.index]
    j = list(folded.feature_names).index("housing")
    assert list(folded.data[:, j]) == list(original["housing"])
    j = list(folded.feature_names).index("duration_months")
    assert [float(v) for v in folded.data[:, j]] == [float(v) for v in original["duration_months"]]


def _hand_model(coef, intercept=0.0):
    """A logistic regression whose coefficients are set by hand: its SHAP values are known exactly."""
    X = pd.DataFrame([[0, 0, 0, 0], [1, 1, 1, 1]], columns=["a", "b", "c=x", "c=y"], dtype=float)
    model = LogisticRegression().fit(X, [0, 1])
    model.coef_ = np.array([coef], dtype=float)
    model.intercept_ = np.array([intercept])
    return model


def test_reason_codes_on_a_hand_made_model():
    # log-odds = 2a - 1b + 3(c=x) + 0.5(c=y); background: all zeros, so SHAP value = coef * x.
    model = _hand_model([2.0, -1.0, 3.0, 0.5])
    columns = ["a", "b", "c=x", "c=y"]
    background = pd.DataFrame([[0.0, 0.0, 0.0, 0.0]], columns=columns)
    applicant = pd.DataFrame([[1.0, 4.0, 1.0, 0.0]], columns=columns)
    explanation = explain.explain_tabular(model, applicant, background)
    assert np.allclose(explanation.values[0], [2.0, -4.0, 3.0, 0.0])
    statements = {"a": "Factor A", "b": "Factor B", "c": "Factor C"}
    reasons = explain.reason_codes(explanation, 0, k=4, statements=statements)
    assert [r.feature for r in reasons] == ["c", "a"]  # b helps the applicant: never a reason
    assert [str(r) for r in reasons] == ["Factor C: x", "Factor A: 1"]
    assert reasons[0].contribution == pytest.approx(3.0)
    assert [r.feature for r in explain.reason_codes(explanation, 0, k=1, statements=statements)] == ["c"]
    unknown = explain.reason_codes(explanation, 0, k=1, statements={"a": "Factor A"})
    assert unknown[0].statement.startswith("Other: c")


@pytest.mark.parametrize("k", [0, -1, 2.5, True, "4"])
def test_reason_codes_rejects_bad_k(k):
    model = _hand_model([1.0, 1.0, 1.0, 1.0])
    frame = pd.DataFrame([[1.0, 1.0, 1.0, 0.0]], columns=["a", "b", "c=x", "c=y"])
    explanation = explain.explain_tabular(model, frame, frame * 0)
    with pytest.raises(ValueError):
        explain.reason_codes(explanation, 0, k=k)
    with pytest.raises(IndexError):
        explain.reason_codes(explanation, 5)


def test_reason_codes_allow_more_than_four():
    model = _hand_model([1.0, 1.0, 1.0, 1.0])
    columns = ["a", "b", "c=x", "c=y"]
    frame = pd.DataFrame([[1.0, 1.0, 1.0, 0.0]], columns=columns)
    explanation = explain.explain_tabular(model, frame, frame * 0)
    reasons = explain.reason_codes(explanation, 0, k=10, statements={"a": "A", "b": "B", "c": "C"})
    assert [r.feature for r in reasons] == ["a", "b", "c"]  # ties break by name


def test_shipped_statements_cover_every_attribute():
    from osai.data import codebook

    statements = explain.reason_statements()
    assert set(statements) == {a["name"] for a in codebook()["attributes"]}
    assert all(isinstance(s, str) and s for s in statements.values())


def test_cutoff_background_takes_approved_rows_closest_to_the_cut():
    X = pd.DataFrame({"a": range(8)})
    p = [0.01, 0.15, 0.16, 0.17, 0.5, 0.05, 0.166, 0.9]
    picked = explain.cutoff_background(X, p, threshold=1 / 6, n=3)
    assert picked["a"].tolist() == [1, 2, 6]
    with pytest.raises(ValueError, match="no applicant is approved"):
        explain.cutoff_background(X, [0.9] * 8, threshold=0.5)
    with pytest.raises(ValueError):
        explain.cutoff_background(X, [0.1, 0.2], threshold=0.5)


def test_what_if_changes_with_the_applicant(credit, background):
    from osai.data import german_credit

    X_train, X_test, y_train = credit
    model = finance.fit_logistic(X_train, y_train)
    applicant = german_credit().drop(columns="credit_risk").loc[X_test.index[0]].to_dict()
    base = explain.what_if(model, applicant, background, threshold=1 / 6)
    longer = explain.what_if(model, {**applicant, "duration_months": 72}, background, threshold=1 / 6)
    assert 0 < base["p_bad"] < 1 and base["decision"] in {"approve", "decline"}
    assert longer["p_bad"] != base["p_bad"]
    assert all(r.contribution > 0 for r in longer["reasons"])
    with pytest.raises(ValueError, match="did you mean"):
        explain.what_if(model, {**applicant, "housing": "rnt"}, background, threshold=0.2)


@pytest.mark.slow  # shap's text explainer: several seconds even on one sentence
def test_explain_text_credits_the_word_that_drives_the_output():
    from osai.data import minilm_path
    from transformers import AutoTokenizer

    tokenizer = AutoTokenizer.from_pretrained(minilm_path(), local_files_only=True)

    class LossDetector:  # probability of "negative" is 0.9 when the word "loss" is present
        labels = ["negative", "other"]

        def __init__(self):
            self.tokenizer = tokenizer

        def __call__(self, texts):
            p = np.array([0.9 if "loss" in str(t).lower() else 0.2 for t in texts])
            return np.stack([p, 1 - p], axis=1)

    texts = ["The bank reported a loss this year."]
    explanation = explain.explain_text(LossDetector(), texts)
    row = explanation[0]
    tokens = [str(t).strip().lower() for t in row.data]
    negative = row.values[:, 0]
    assert tokens[int(np.argmax(negative))] == "loss"
    assert row.base_values[0] + negative.sum() == pytest.approx(0.9)
    with pytest.raises(TypeError):
        explain.explain_text(LossDetector(), "not a list")


def test_shaps_kernels_run_as_python_in_the_block_and_compiled_after():
    import shap  # noqa: F401 - loads the modules whose kernels the block swaps
    from shap.utils import _masked_model

    compiled, helper = _masked_model._init_masks, _masked_model.make_masks
    kernels = (("shap.utils._masked_model", "_init_masks"), ("shap.utils._masked_model", "make_masks"),
               ("no.such.module", "f"), ("shap.utils._masked_model", "no_such_name"))
    with pytest.raises(RuntimeError, match="inside"):
        with explain._plain_python(kernels):
            assert _masked_model._init_masks is compiled.py_func
            assert _masked_model.make_masks is helper  # not a numba function: left alone
            raise RuntimeError("inside")
    assert _masked_model._init_masks is compiled


def test_explanations_of_fraud_alerts_recover_the_planted_cause():
    stream = finance.make_transactions(6000, fraud_rate=0.03, seed=1)
    features = list(finance.FRAUD_FEATURES)
    train, test = stream.iloc[:4200], stream.iloc[4200:]
    model = GradientBoostingClassifier(n_estimators=60, max_depth=3, random_state=0).fit(train[features], train["is_fraud"])
    p = model.predict_proba(test[features])[:, 1]
    caught = test[(p >= 0.5) & (test["is_fraud"] == 1).to_numpy()]
    assert len(caught) >= 20
    expl = explain.explain_tabular(model, caught[features], train[features].sample(80, random_state=0))
    top = [features[int(np.argmax(v))] for v in expl.values]
    hits = [t in finance.FRAUD_PATTERNS[pattern] for t, pattern in zip(top, caught["pattern"])]
    assert np.mean(hits) >= 0.9
    # and a feature the generator never uses for fraud is never the top cause
    assert "account_age_days" not in top


def test_what_if_widget_is_a_thin_face_over_what_if(credit, background):
    from osai.data import german_credit
    from osai.widgets import what_if_widget

    X_train, X_test, y_train = credit
    model = finance.fit_logistic(X_train, y_train)
    applicant = german_credit().drop(columns="credit_risk").loc[X_test.index[0]].to_dict()
    box = what_if_widget(model, applicant, background, threshold=1 / 6)
    controls = [w for column in box.children[0].children for w in column.children]
    assert {c.description for c in controls} == set(applicant)
    duration = next(c for c in controls if c.description == "duration_months")
    duration.value = 72
    printed = box.children[1].value
    want = explain.what_if(model, {**applicant, "duration_months": 72}, background, threshold=1 / 6)
    assert f"p(bad) = {want['p_bad']:.3f}" in printed

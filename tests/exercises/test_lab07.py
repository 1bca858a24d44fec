# SPDX-FileCopyrightText: 2026 The Open Source AI Lab Kit authors
# SPDX-License-Identifier: MIT
"""Lab 07, Explainability in credit (``osai.exercises.lab07``)."""

from __future__ import annotations

import numpy as np
import pytest

from osai import explain, finance

LAB = "07"


def _fold(names, values):
    out = {}
    for n, v in zip(names, values):
        out[n.split("=", 1)[0]] = out.get(n.split("=", 1)[0], 0.0) + float(v)
    return out


def _whole_words(pieces, values):
    words, word, total = [], "", 0.0
    for i, (piece, value) in enumerate(zip(pieces, values)):
        word, total = word + piece, total + float(value)
        if piece[-1:].isspace() or i == len(pieces) - 1:
            if word.strip():
                words.append((word.strip(), total))
            word, total = "", 0.0
    return words


@pytest.fixture(scope="module")
def lab():
    import shap
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import Pipeline
    from sklearn.preprocessing import StandardScaler

    X_train, X_test, y_train, y_test = finance.split_credit(seed=0)
    boost = finance.fit_boosting(X_train, y_train, seed=0)
    background = X_train.sample(50, random_state=0)
    p = boost.predict_proba(X_test)[:, 1]
    expl = explain.explain_tabular(boost, X_test, background)
    declined = np.flatnonzero(p >= 1 / 6)
    row = int(declined[0])
    totals = _fold(expl[row].feature_names, expl[row].values)
    adverse = sorted((k for k, v in totals.items() if v > 0), key=lambda k: -totals[k])
    p_train = boost.predict_proba(X_train)[:, 1]

    def pipe():
        return Pipeline([("scale", StandardScaler()), ("model", LogisticRegression(max_iter=1000))])

    return dict(X_train=X_train, X_test=X_test, y_train=y_train, y_test=y_test, boost=boost, background=background,
                row=row, totals=totals, adverse=adverse, p_train=p_train, pipe=pipe, shap=shap)


@pytest.fixture(scope="module")
def answers(lab):
    X_train, X_test = lab["X_train"], lab["X_test"]
    p_train = lab["p_train"]
    right = {
        "q1": 1 / 6,
        "q2": lab["pipe"]().fit(X_train, lab["y_train"]),
        "q3": lab["shap"].TreeExplainer(lab["boost"], lab["background"], feature_perturbation="interventional")(X_test),
        "q4": lambda base, contributions: 1 / (1 + np.exp(-(base + np.sum(contributions)))),
        "q5": _fold,
        "q6": lab["adverse"][:4],
        "q7": X_train[(p_train < 1 / 6) & (p_train >= 1 / 6 - 0.05)],
        "q8": _whole_words,
    }
    wrong = {
        "q1": 0.5,
        "q2": lab["pipe"]().fit(X_test, lab["y_test"]),  # fitted on the test set
        "q3": lab["shap"].TreeExplainer(lab["boost"])(X_test),  # no background: tree-path-dependent values
        "q4": lambda base, contributions: base + np.sum(contributions),
        "q5": lambda names, values: {n: v for n, v in zip(names, values)},
        "q6": list(reversed(lab["adverse"][:4])),
        "q7": X_train[p_train >= 1 / 6],  # declined applicants
        "q8": lambda pieces, values: [(p.strip(), float(v)) for p, v in zip(pieces, values) if p.strip()],
    }
    return right, wrong


@pytest.mark.answer_table
def test_right_passes_and_wrong_fails(qid, answers, right_passes_and_wrong_fails):
    right, wrong = answers
    right_passes_and_wrong_fails(LAB, qid, right[qid], wrong[qid])


def test_misconceptions_are_named(evaluate, answers, lab):
    right, wrong = answers
    assert "0.5 ignores the costs" in evaluate(LAB, "q1", 0.5).detail
    assert "costs swapped" in evaluate(LAB, "q1", 5 / 6).detail
    assert "log-odds z itself" in evaluate(LAB, "q4", wrong["q4"]).detail
    assert "test set leaks" in evaluate(LAB, "q2", wrong["q2"]).detail
    assert "not fitted yet" in evaluate(LAB, "q2", lab["pipe"]()).detail
    assert "background" in evaluate(LAB, "q3", wrong["q3"]).detail
    assert "rows explained" in evaluate(LAB, "q3", lab["shap"].TreeExplainer(
        lab["boost"], lab["background"], feature_perturbation="interventional")(lab["X_train"])).detail
    assert "order them from the strongest" in evaluate(LAB, "q6", wrong["q6"]).detail
    kit = explain.explain_tabular(lab["boost"], lab["X_test"], lab["background"])
    assert "comes from the kit's explain.explain_tabular" in evaluate(LAB, "q3", kit).detail
    assert "not the shap.Explanation" in evaluate(LAB, "q3", np.asarray(right["q3"].values)).detail
    assert "lend" in evaluate(LAB, "q8", wrong["q8"]).detail


def test_messages_name_the_mistake_made(evaluate, lab):
    X_train = lab["X_train"]
    scaled = lab["pipe"]().fit((X_train - X_train.mean()) / X_train.std(), lab["y_train"])  # scaled twice
    assert "already scaled" in evaluate(LAB, "q2", scaled).detail
    assert "mind the sign" in evaluate(LAB, "q4", lambda b, c: 1 / (1 + np.exp(b + np.sum(c)))).detail
    assert "sum the contributions" in evaluate(LAB, "q4", lambda b, c: 1 / (1 + np.exp(-(b + c)))).detail
    last_only = lambda names, values: {n.split("=", 1)[0]: float(v) for n, v in zip(names, values)}  # noqa: E731
    assert "do not keep only one" in evaluate(LAB, "q5", last_only).detail
    absolute = lambda names, values: _fold(names, np.abs(np.asarray(values, dtype=float)))  # noqa: E731
    assert "keep the sign" in evaluate(LAB, "q5", absolute).detail

    def empty_last(pieces, values):  # closes a word on a space, then always appends the rest, even when empty
        words, word, total = [], "", 0.0
        for piece, value in zip(pieces, values):
            word, total = word + piece, total + float(value)
            if piece.endswith(" "):
                words.append((word.strip(), total))
                word, total = "", 0.0
        return [*words, (word.strip(), total)]

    assert "no empty word at the end" in evaluate(LAB, "q8", empty_last).detail


def test_q6_reasons_accept_any_defensible_number(status, evaluate, lab):
    adverse, totals = lab["adverse"], lab["totals"]
    for k in (1, 2, 3, 4):
        assert status(LAB, "q6", adverse[:k]) == "passed"
    assert "more than four" in evaluate(LAB, "q6", adverse[:5]).detail
    favourable = min(totals, key=totals.get)
    assert "towards 'good'" in evaluate(LAB, "q6", [adverse[0], favourable]).detail
    assert "not the 2 strongest" in evaluate(LAB, "q6", [adverse[0], adverse[3]]).detail
    assert "one-hot column" in evaluate(LAB, "q6", ["checking_status=< 0 DM"]).detail


def test_q7_both_reference_points_of_the_commentary_pass(status, evaluate, lab):
    X_train, p_train = lab["X_train"], lab["p_train"]
    assert status(LAB, "q7", lab["background"]) == "passed"  # all applicants, at random
    assert status(LAB, "q7", X_train) == "passed"
    assert status(LAB, "q7", explain.cutoff_background(X_train, p_train, threshold=1 / 6, n=50)) == "passed"
    assert "approved applicants, but not only" in evaluate(LAB, "q7", X_train[p_train < 1 / 6]).detail
    assert "declined applicants" in evaluate(LAB, "q7", X_train[p_train >= 1 / 6]).detail
    assert "rows of X_train" in evaluate(LAB, "q7", lab["X_test"].iloc[:50]).detail
    assert "20 to 1,000" in evaluate(LAB, "q7", X_train.iloc[:5]).detail


def test_function_exercises_have_hidden_cases(check_cell_output, evaluate):
    def to_probability(base, contributions):
        return 1 / (1 + np.exp(-(base + np.sum(contributions))))

    def array_only(base, contributions):  # .sum() works on the arrays the check gives, not on a list
        return 1 / (1 + np.exp(-(base + contributions.sum())))

    assert check_cell_output(LAB, "q4", to_probability=to_probability) == "✅ q4 passed (2/2)\n"
    assert check_cell_output(LAB, "q4", to_probability=array_only).splitlines()[1:] == [
        "❌ q4 failed: a hidden test did not pass (contributions as a plain list: AttributeError raised)"]

    def runs(names, values):  # itertools.groupby sums runs: right while an attribute's columns are adjacent
        import itertools

        pairs = zip(names, values)
        return {key: sum(float(v) for _, v in group)
                for key, group in itertools.groupby(pairs, key=lambda pair: pair[0].split("=", 1)[0])}

    assert check_cell_output(LAB, "q5", fold=_fold) == "✅ q5 passed (2/2)\n"
    assert check_cell_output(LAB, "q5", fold=runs).splitlines()[1:] == [
        "❌ q5 failed: a hidden test did not pass (columns of one attribute that are not next to each other)"]

    def delegating(names, values):
        import shap

        folded = explain.group_one_hot(shap.Explanation(values=np.asarray(values, dtype=float), feature_names=list(names)))
        return dict(zip(folded.feature_names, np.asarray(folded.values, dtype=float)))

    assert "calls osai's group_one_hot" in evaluate(LAB, "q5", delegating).detail

    def space_only(pieces, values):  # closes a word on a space only, so a newline joins two words
        words, word, total = [], "", 0.0
        for i, (piece, value) in enumerate(zip(pieces, values)):
            word, total = word + piece, total + float(value)
            if piece.endswith(" ") or i == len(pieces) - 1:
                if word.strip():
                    words.append((word.strip(), total))
                word, total = "", 0.0
        return words

    assert check_cell_output(LAB, "q8", whole_words=_whole_words) == "✅ q8 passed (2/2)\n"
    assert check_cell_output(LAB, "q8", whole_words=space_only).splitlines()[1:] == [
        "❌ q8 failed: a hidden test did not pass (a piece that ends with a newline)"]

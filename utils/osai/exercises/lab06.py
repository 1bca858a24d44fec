# SPDX-FileCopyrightText: 2026 The Open Source AI Lab Kit authors
# SPDX-License-Identifier: MIT
"""Exercises of Lab 06, Explainability in credit. Answers are recomputed from the shipped data or fingerprinted."""

from __future__ import annotations

import functools
import math
from typing import Any

from osai.checks import Exercises, as_function, as_instance, as_number, as_strings, expect

ex = Exercises("06")


@functools.cache
def _reference() -> dict[str, Any]:
    """The lab's models and explanations, rebuilt the way the notebook builds them (seeded)."""
    import numpy as np

    from osai import explain, finance

    X_train, X_test, y_train, y_test = finance.split_credit(seed=0)
    boost = finance.fit_boosting(X_train, y_train, seed=0)
    logit = finance.fit_logistic(X_train, y_train)
    background = X_train.sample(50, random_state=0)
    p_boost = boost.predict_proba(X_test)[:, 1]
    explanation = explain.explain_tabular(boost, X_test, background)
    declined = np.flatnonzero(p_boost >= 0.5)
    return {"X_test": X_test, "boost": boost, "logit": logit, "background": background,
            "p_boost": p_boost, "explanation": explanation, "declined": declined}


@ex("q1", points=1, expects="a probability (float)",
    hints=("Expected cost of approving: p * 5. Of declining: (1 - p) * 1.",
           "Solve p * 5 = (1 - p) for p, or call finance.cost_threshold(finance.CREDIT_COSTS)."))
def _q1(answer: Any) -> None:
    from osai.finance import CREDIT_COSTS

    value = as_number(answer, "a probability between 0 and 1")
    expect(0 < value < 1, "a threshold on a probability is between 0 and 1")
    expect(abs(value - 0.5) > 1e-9, "0.5 ignores the costs: approving a bad applicant costs five times more")
    want = CREDIT_COSTS.fp / (CREDIT_COSTS.fp + CREDIT_COSTS.fn)
    expect(abs(value - 1 / 5) > 1e-9, "close: solve p * 5 >= (1 - p) * 1 for p, it is not 1/5")
    expect(abs(value - want) < 1e-6, "solve p * 5 >= (1 - p) * 1 for p")


@ex("q2", points=2, expects="a whole number",
    hints=("Compare p_boost with threshold: a boolean array.",
           "int((p_boost >= threshold).sum())"))
def _q2(answer: Any) -> None:
    value = as_number(answer, "a whole number of applicants")
    expect(value == int(value), "a count of applicants is a whole number")
    expect(0 <= value <= 300, "there are 300 applicants in the test set")
    ref = _reference()
    expect(int(value) != int((ref["p_boost"] >= 0.5).sum()), "that is the count at 0.5; use the cost-based threshold")
    expect(int(value) == int((ref["p_boost"] >= 1 / 6).sum()), "not the number with p_boost >= threshold")


@ex("q3", points=2, expects="a function to_probability(base_value, contributions) returning a float",
    hints=("The base value and the contributions are log-odds: add them first.",
           "The logistic function turns log-odds z into 1 / (1 + np.exp(-z))."))
def _q3(to_probability: Any) -> None:
    import numpy as np

    to_probability = as_function(to_probability, "a function to_probability(base_value, contributions)")
    got = as_number(to_probability(0.0, np.array([0.0, 0.0])), "a probability")
    expect(abs(got - 0.5) < 1e-9, "log-odds 0 is probability 0.5")
    got = as_number(to_probability(-1.0, np.array([0.5, 1.5])), "a probability")
    expect(abs(got - 1 / (1 + math.exp(-1.0))) < 1e-9,
           "add the contributions to the base value first, then apply 1 / (1 + exp(-z))")
    ref = _reference()
    row = int(ref["declined"][0])
    one = ref["explanation"][row]
    got = as_number(to_probability(float(one.base_values), np.asarray(one.values)), "a probability")
    expect(abs(got - float(ref["p_boost"][row])) < 1e-6, "on applicant row it should equal p_boost[row]")


@ex("q4", points=2, expects="a function fold(names, values) returning a dict",
    refuses=('osai.explain.group_one_hot',),
    hints=("name.split('=', 1)[0] gives the attribute of a column.",
           "Accumulate with totals[key] = totals.get(key, 0.0) + value."))
def _q4(fold: Any) -> None:
    import numpy as np

    from osai.explain import group_one_hot

    fold = as_function(fold, "a function fold(names, values)")
    got = fold(["a=x", "a=y", "b", "c=z"], [0.5, -0.25, 1.0, 2.0])
    got = as_instance(got, dict, "a dict from attribute to contribution")
    expect(set(got) == {"a", "b", "c"}, "the keys are the attribute names before the '='")
    expect(abs(float(got["a"]) - 0.25) < 1e-9, "sum the signed contributions of an attribute's columns")
    expect(abs(float(got["b"]) - 1.0) < 1e-9, "a column without '=' is its own attribute")
    ref = _reference()
    row = int(ref["declined"][0])
    one = ref["explanation"][row]
    got = fold(list(one.feature_names), np.asarray(one.values))
    folded = group_one_hot(one)
    want = dict(zip(folded.feature_names, np.asarray(folded.values, dtype=float)))
    expect(set(got) == set(want), "on the applicant, the keys should be the 17 attributes of the model")
    expect(all(abs(float(got[k]) - want[k]) < 1e-9 for k in want), "on the applicant, some sums differ from group_one_hot")


@ex("q5", points=2, expects="a list of four attribute names",
    hints=("explain.reason_codes(explanation, int(declined[1]), k=4) returns Reason objects.",
           "Each Reason has a .feature attribute; keep the order."))
def _q5(answer: Any) -> None:
    from osai.explain import reason_codes

    answer = as_instance(answer, (list, tuple), "a list of attribute names")
    expect(all(isinstance(a, str) for a in answer), "each reason is an attribute name (a string), e.g. 'housing'")
    expect(len(answer) == 4, "give the four principal reasons")
    expect(not any("=" in a for a in answer), "name the attribute, not a one-hot column")
    ref = _reference()
    want = [r.feature for r in reason_codes(ref["explanation"], int(ref["declined"][1]), k=4)]
    expect(sorted(answer) == sorted(want), "not the four strongest adverse attributes of applicant declined[1]")
    expect(list(answer) == want, "the right attributes, but order them from the strongest")


@ex("q6", points=2, expects="a set of attribute names",
    hints=("boost_reasons and linear_reasons are lists: turn them into sets.",
           "The & operator intersects two sets."))
def _q6(answer: Any) -> None:
    from osai.explain import explain_tabular, reason_codes

    answer = as_strings(as_instance(answer, (set, frozenset, list, tuple), "a set of attribute names"),
                        "a set of attribute names")
    ref = _reference()
    row = int(ref["declined"][0])
    boost = {r.feature for r in reason_codes(ref["explanation"], row, k=4)}
    linear_expl = explain_tabular(ref["logit"], ref["X_test"].iloc[[row]], ref["background"])
    linear = {r.feature for r in reason_codes(linear_expl, 0, k=4)}
    expect(set(answer) != boost | linear, "that is the union; keep only the attributes in both lists")
    expect(set(answer) == boost & linear, "not the attributes common to both models' top four reasons")


@ex("q7", points=2, expects="a word (string)",
    hints=("text_expl[0].values[:, negative] holds one contribution per token.",
           "np.argmax gives the position of the largest; look it up in words and .strip() it."))
def _q7(answer: Any) -> None:
    answer = as_instance(answer, str, "a word (a string)")
    expect(answer == answer.strip(), "strip the surrounding spaces from the word")
    expect(answer.strip() != "", "the word is not empty")
    expect(ex.matches(answer, "2b91d6df89100ee323cacdf57779390c45586737140440926ab985fb184bfd40"),
           "not the word with the largest contribution to 'negative'")

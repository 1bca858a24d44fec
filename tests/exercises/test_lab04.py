# SPDX-FileCopyrightText: 2026 The Open Source AI Lab Kit authors
# SPDX-License-Identifier: MIT
"""Lab 04, Privacy and openness (``osai.exercises.lab04``)."""

from __future__ import annotations

import pytest

from osai import privacy as P
from osai.checks import load_lab
from osai.exercises.lab04 import COMPONENTS, MESSAGES

LAB = "04"


def _attack(members, others):
    return float(max([0.0] + [sum(m >= t for m in members) / len(members) - sum(o >= t for o in others) / len(others)
                              for t in list(members) + list(others)]))


@pytest.fixture(scope="module")
def answers():
    from osai.data import german_credit

    messages = P.make_customer_messages(**MESSAGES)
    credit = german_credit()
    qis = list(P.german_credit_ladders())
    plan = {c: ("open", "no personal data in it at all") for c in COMPONENTS}
    plan.update(raw_customer_messages=("closed", "holds personal data of real customers"),
                redacted_messages=("gated", "redaction can miss unlisted personal data"),
                customer_table_k5=("closed", "attribute disclosure remains possible at k five"))
    right = {
        "q1": P.luhn_valid,
        "q2": [P.redact(m.text, names=m.names) for m in messages],
        "q3": int((credit.groupby(qis).size() == 1).sum()),
        "q4": {"age_years": [0, 25, 40, 60, 200], "personal_status_sex": "*", "job": "*", "housing": "*",
               "foreign_worker": "*"},
        "q5": P.least_generalization(credit, k=10).information_loss,
        "q6": _attack,
        "q7": plan,
    }
    wrong = {
        "q1": lambda number: len(number.replace(" ", "").replace("-", "")) == 16,
        "q2": [P.redact(m.text) for m in messages],  # names not passed: names stay visible
        "q3": int(len(credit.groupby(qis).size())),
        "q4": {"age_years": 10, "foreign_worker": "*"},
        "q5": P.least_generalization(credit, k=5).information_loss,
        "q6": lambda members, others: _attack(members, others) - 0.01,
        "q7": {**plan, "raw_customer_messages": ("gated", "researchers could use it under contract")},
    }
    return right, wrong


@pytest.mark.parametrize("qid", sorted(load_lab(LAB).exercises))
def test_right_passes_and_wrong_fails(qid, answers, evaluate):
    right, wrong = answers
    result = evaluate(LAB, qid, right[qid])
    assert result.status == "passed", result.detail
    assert evaluate(LAB, qid, wrong[qid]).status == "failed"


def test_misconceptions_are_named(evaluate, answers):
    right, wrong = answers
    assert "did you pass the names?" in evaluate(LAB, "q2", wrong["q2"]).detail
    assert "raw customer messages hold personal data" in evaluate(LAB, "q7", wrong["q7"]).detail
    assert "band it, do not suppress it" in evaluate(LAB, "q4", {**right["q4"], "age_years": "*"}).detail

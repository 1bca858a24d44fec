# SPDX-FileCopyrightText: 2026 The Open Source AI Lab Kit authors
# SPDX-License-Identifier: MIT
"""Lab 04, Privacy and openness (``osai.exercises.lab04``)."""

from __future__ import annotations

import pytest

from osai import privacy as P
from osai.checks import load_lab
from osai.exercises.lab04 import COMPONENTS, MESSAGES

LAB = "04"


def _luhn(number):
    """The Luhn check written out, as a student would (the kit's luhn_valid is refused by q1)."""
    digits = number.replace(" ", "").replace("-", "")
    if not digits or not (digits.isascii() and digits.isdigit()):
        return False
    total = sum(int(c) if i % 2 == 0 else (2 * int(c) - 9 if int(c) > 4 else 2 * int(c))
                for i, c in enumerate(reversed(digits)))
    return total % 10 == 0


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
        "q1": _luhn,
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


def test_q1_refuses_a_luhn_that_drops_any_non_digit(evaluate):
    def drops_everything_else(number):
        return _luhn("".join(ch for ch in number if ch.isdigit()) if number else number)

    detail = evaluate(LAB, "q1", drops_everything_else).detail
    assert "luhn('4539x1488/0343.6467') should be False: only spaces and hyphens may separate the digits" in detail

    def spaces_only(number):
        return "-" not in number and _luhn(number)

    assert "luhn('6081-9152-6107-1') should be True" in evaluate(LAB, "q1", spaces_only).detail  # the case and the expected value


def test_q2_a_different_mask_is_not_called_missing_names(evaluate):
    messages = P.make_customer_messages(**MESSAGES)
    stars = [P.redact(m.text, names=m.names, mask="*") for m in messages]
    detail = evaluate(LAB, "q2", stars).detail
    assert "with '*'" in detail and "'█'" in detail and "names" not in detail


def test_q4_one_or_two_age_bands_are_suppression(evaluate, answers):
    right, _ = answers
    for few in ([0, 200], 100, [0, 40, 200]):
        detail = evaluate(LAB, "q4", {**right["q4"], "age_years": few}).detail
        assert "keep at least 3" in detail and "suppression too" in detail, (few, detail)


def test_q6_messages_say_what_came_back_and_show_the_whole_case(evaluate):
    def with_abs(members, others):
        return float(max(abs(sum(m >= t for m in members) / len(members) - sum(o >= t for o in others) / len(others))
                         for t in list(members) + list(others)))

    detail = evaluate(LAB, "q6", with_abs).detail
    assert "should be 0.0, got 1" in detail and "not negative" not in detail

    def wrong_denominator(members, others):
        return float(max([0.0] + [sum(m >= t for m in members) / len(members) - sum(o >= t for o in others) / len(members)
                                  for t in list(members) + list(others)]))

    detail = evaluate(LAB, "q6", wrong_denominator).detail
    assert "should be" in detail and "..." not in detail and "…" not in detail, detail


def test_q7_accepts_every_defensible_decision_and_leaves_the_reasons_to_the_instructor(evaluate, answers):
    right, _ = answers
    plan = dict(right["q7"])
    for weights in ("open", "gated", "closed"):
        assert evaluate(LAB, "q7", {**plan, "model_weights": (weights, "a reason")}).status == "passed"
    gibberish = {c: (decision, "asdf qwer zxcv uiop") for c, (decision, _) in plan.items()}
    assert evaluate(LAB, "q7", gibberish).status == "passed"  # the check does not grade reasons
    short = {c: (decision, "Synthetic.") for c, (decision, _) in plan.items()}
    assert evaluate(LAB, "q7", short).status == "passed"
    for blank in ("", "   ", "...", None):
        detail = evaluate(LAB, "q7", {**plan, "data_card": ("open", blank)}).detail
        assert "data_card: write the reason" in detail and "instructor grades the reasons" in detail
    detail = evaluate(LAB, "q7", {**{k: v for k, v in plan.items() if k != "model_weights"},
                                  "model_weight": ("open", "x")}).detail
    assert "'model_weight' is not a component: did you mean 'model_weights'?" in detail


def test_function_exercises_have_hidden_cases(check_cell_output):
    def any_digits(number):  # str.isdigit and int() accept digits of every script
        digits = number.replace(" ", "").replace("-", "")
        if not digits or not digits.isdigit():
            return False
        return _luhn(str(int(digits)).zfill(len(digits)))

    assert check_cell_output(LAB, "q1", luhn=_luhn) == "✅ q1 passed (2/2)\n"
    assert check_cell_output(LAB, "q1", luhn=any_digits).splitlines()[1:] == [
        "❌ q1 failed: a hidden test did not pass (digits from another script)"]

    def grid(members, others):  # thresholds 0.00, 0.01, ..., 1.00: enough for the check's scores, not for others
        return float(max([0.0] + [sum(m >= t / 100 for m in members) / len(members)
                                  - sum(o >= t / 100 for o in others) / len(others) for t in range(101)]))

    assert check_cell_output(LAB, "q6", attack_advantage=_attack) == "✅ q6 passed (2/2)\n"
    assert check_cell_output(LAB, "q6", attack_advantage=grid).splitlines()[1:] == [
        "❌ q6 failed: a hidden test did not pass (whole-number scores)"]


def test_delegating_to_the_kit_is_refused_under_any_name(evaluate):
    import functools

    from osai.privacy import luhn_valid as is_card

    def luhn(number):
        return P.luhn_valid(number)

    assert evaluate(LAB, "q1", luhn).detail == (
        "your luhn calls osai's luhn_valid; this exercise asks you to write it yourself (the kit's function is "
        'there to compare with after). Try hint("q1").')
    assert "calls osai's luhn_valid" in evaluate(LAB, "q1", lambda number: is_card(number)).detail
    for itself in (P.luhn_valid, is_card, functools.partial(is_card)):
        assert evaluate(LAB, "q1", itself).detail.startswith("your answer is osai's luhn_valid itself;")
    assert "your function calls osai's threshold_advantage" in evaluate(
        LAB, "q6", lambda m, o: P.threshold_advantage(m, o)[0]).detail

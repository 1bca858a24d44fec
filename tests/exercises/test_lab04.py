# SPDX-FileCopyrightText: 2026 The Open Source AI Lab Kit authors
# SPDX-License-Identifier: MIT
"""Lab 04, Privacy and openness (``osai.exercises.lab04``)."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from osai import privacy as P
from osai.exercises.lab04 import COMPONENTS, MESSAGES, RELEASES

LAB = "04"
ROOT = Path(__file__).resolve().parents[2]


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
    plan = {c: "open" for c in COMPONENTS}
    plan.update(raw_customer_messages="closed", redacted_messages="gated", customer_table_k5="closed")
    right = {
        "q1": _luhn,
        "q2": [P.redact(m.text, names=m.names) for m in messages],
        "q3": int((credit.groupby(qis).size() == 1).sum()),
        "q4": {"age_years": [0, 25, 40, 60, 200], "personal_status_sex": P.german_credit_ladders()["personal_status_sex"][1],
               "job": "*", "housing": "*", "foreign_worker": "*"},
        "q5": _precision_recall,
        "q8": _iban_ok,
        "q6": _attack,
        "q7": plan,
    }
    wrong = {
        "q1": lambda number: len(number.replace(" ", "").replace("-", "")) == 16,
        "q2": [P.redact(m.text) for m in messages],  # names not passed: names stay visible
        "q3": int(len(credit.groupby(qis).size())),
        "q4": {"age_years": 10, "foreign_worker": "*"},
        "q5": lambda truth, found: tuple(reversed(_precision_recall(truth, found))),
        "q8": lambda iban: _iban_ok(iban.replace(" ", "")[:-1] + "0"),
        "q6": lambda members, others: _attack(members, others) - 0.01,
        "q7": {**plan, "raw_customer_messages": "gated"},
    }
    return right, wrong


def _precision_recall(truth, found):
    """Precision and recall over (kind, start, end) findings, written out as a student would."""
    truth, found = set(map(tuple, truth)), set(map(tuple, found))
    right = len(truth & found)
    return (right / len(found) if found else 1.0, right / len(truth) if truth else 1.0)


def _iban_ok(iban):
    """The IBAN check written out, as a student would (the kit's iban_valid is refused by q8)."""
    import re

    compact = iban.replace(" ", "").upper()
    if not re.fullmatch(r"[A-Z]{2}[0-9]{2}[A-Z0-9]{11,30}", compact):
        return False
    return int("".join(str(int(char, 36)) for char in compact[4:] + compact[:4])) % 97 == 1


def test_q8_checks_the_shape_and_runs_hidden_cases(evaluate, check_cell_output):
    def no_shape(iban):  # the remainder alone
        compact = iban.replace(" ", "").upper()
        try:
            return int("".join(str(int(c, 36)) for c in compact[4:] + compact[:4])) % 97 == 1
        except ValueError:
            return False

    assert "an IBAN starts with two letters" in evaluate(LAB, "q8", no_shape).detail
    assert "calls osai's iban_valid" in evaluate(LAB, "q8", lambda iban: P.iban_valid(iban)).detail
    assert check_cell_output(LAB, "q8", iban_ok=_iban_ok) == "✅ q8 passed (2/2)\n"

    def upper_only(iban):  # forgets to upper-case: lower-case IBANs fail
        import re

        compact = iban.replace(" ", "")
        if not re.fullmatch(r"[A-Z]{2}[0-9]{2}[A-Z0-9]{11,30}", compact):
            return False
        return int("".join(str(int(c, 36)) for c in compact[4:] + compact[:4])) % 97 == 1

    assert check_cell_output(LAB, "q8", iban_ok=upper_only).splitlines()[1:] == [
        "❌ q8 failed: a hidden test did not pass (an IBAN in lower case)"]


def test_q4_has_an_information_loss_budget(evaluate):
    ladders = P.german_credit_ladders()
    rules = {"age_years": [0, 30, 45, 200], "personal_status_sex": "*", "job": "*", "housing": "*", "foreign_worker": "*"}
    detail = evaluate(LAB, "q4", rules).detail  # k = 201, three age bands, but 84% of the information gone
    assert "remove 84% of the quasi-identifiers' information; the budget is 75%" in detail
    assert evaluate(LAB, "q4", {**rules, "personal_status_sex": ladders["personal_status_sex"][1]}).status == "passed"


def test_q5_measures_precision_and_recall(evaluate, check_cell_output):
    swapped = evaluate(LAB, "q5", lambda t, f: tuple(reversed(_precision_recall(t, f)))).detail
    assert "swapped" in swapped
    overlap = evaluate(LAB, "q5", lambda t, f: (1.0, len({x[0] for x in t} & {x[0] for x in f}) / len(t))).detail
    assert overlap.startswith("expected")
    assert "calls osai's detection_scores" in evaluate(
        LAB, "q5", lambda t, f: P.detection_scores(t, f)).detail
    assert check_cell_output(LAB, "q5", precision_recall=_precision_recall) == "✅ q5 passed (2/2)\n"

    def no_duplicates(truth, found):  # counts a finding reported twice twice
        right = sum(1 for x in found if x in truth)
        return (right / len(found) if found else 1.0, right / len(truth) if truth else 1.0)

    assert check_cell_output(LAB, "q5", precision_recall=no_duplicates).splitlines()[1:] == [
        "❌ q5 failed: a hidden test did not pass (the same finding reported twice)"]


@pytest.mark.answer_table
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
    for few in ([0, 200], 100):
        detail = evaluate(LAB, "q4", {**right["q4"], "age_years": few}).detail
        assert "leaves 1 band(s)" in detail and "keep at least 3" in detail and "suppression too" in detail, detail
    detail = evaluate(LAB, "q4", {**right["q4"], "age_years": [0, 40, 200]}).detail
    assert "leaves 2 band(s)" in detail and "almost as much as suppressing it" in detail and "single" not in detail


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
    assert "FPR by the number of non-members" in detail and "got 0.0000" in detail, detail


def test_q7_accepts_every_defensible_decision_and_sends_the_reasons_to_w1(evaluate, answers):
    right, _ = answers
    plan = dict(right["q7"])
    for weights in ("open", "gated", "closed"):
        assert evaluate(LAB, "q7", {**plan, "model_weights": weights}).status == "passed"
    for table in ("gated", "closed"):
        assert evaluate(LAB, "q7", {**plan, "customer_table_k5": table, "redacted_messages": table}).status == "passed"
    detail = evaluate(LAB, "q7", {**plan, "data_card": ("open", "describes the data")}).detail
    assert "data_card: give the decision alone" in detail and "written answer w1" in detail
    assert "decision must be one of open, gated, closed" in evaluate(LAB, "q7", {**plan, "data_card": "public"}).detail
    detail = evaluate(LAB, "q7", {**{k: v for k, v in plan.items() if k != "model_weights"},
                                  "model_weight": "open"}).detail
    assert "'model_weight' is not a component: did you mean 'model_weights'?" in detail


def _cells(folder: str) -> list:
    import nbformat

    path = next((ROOT / folder).glob(f"{LAB}_*.ipynb"))
    return nbformat.read(path, as_version=4).cells


def test_w1_is_a_written_answer_with_its_rubric_and_self_check_and_the_lab_shows_only_the_placeholder():
    from osai.written import PLACEHOLDER, written_questions

    solution = _cells("solutions")
    (w1,) = written_questions({"cells": solution}, "solutions/04")
    assert (w1.qid, w1.points, w1.rubric.points) == ("w1", 3, 3)
    assert w1.words[0] <= len(w1.model_answer.split()) <= w1.words[1]
    lab = _cells("labs")
    index = next(i for i, c in enumerate(lab) if c.get("id") == "w1")
    assert lab[index].source == PLACEHOLDER and lab[index].metadata["nbgrader"]["points"] == 3
    assert lab[index + 1].source == 'check("w1")' and lab[index + 1].metadata["tags"] == ["nbval-ignore-output"]
    assert not any("Rubric" in c.source or c.get("id") == "w1-rubric" for c in lab)
    stored = next(c for c in solution if c.get("id") == "w1-check").outputs  # build-labs --execute names the notebook
    assert stored[0]["text"].startswith("📝 w1 answered (") and stored[0]["text"].endswith("(3 points)\n")


@pytest.mark.parametrize("folder, line", [
    ("labs", "📝 w1 not answered yet (as last saved): write in the cell above, then save (3 points, graded by your "
             "instructor)\n"),
    ("solutions", "📝 w1 answered ("),
])
def test_the_w1_self_check_reads_the_saved_lab(monkeypatch, folder, line, capsys):
    from osai.checks import load_lab

    monkeypatch.setenv("OSAI_NOTEBOOK", str(next((ROOT / folder).glob(f"{LAB}_*.ipynb"))))
    monkeypatch.setenv("NBGRADER_EXECUTION", "autograde")  # never raises: a written answer is not auto-graded
    result = load_lab(LAB).check("w1")
    assert capsys.readouterr().out.startswith(line) and result.status == "written"
    assert load_lab(LAB).next_hint("w1").startswith("💡 w1: a written answer")
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
        "your luhn calls osai's luhn_valid; this exercise asks you to write it yourself: the point is to see how it "
        'works. Try hint("q1").')
    assert "calls osai's luhn_valid" in evaluate(LAB, "q1", lambda number: is_card(number)).detail
    for itself in (P.luhn_valid, is_card, functools.partial(is_card)):
        assert evaluate(LAB, "q1", itself).detail.startswith("your answer is osai's luhn_valid itself;")
    assert "your function calls osai's threshold_advantage" in evaluate(
        LAB, "q6", lambda m, o: P.threshold_advantage(m, o)[0]).detail


def test_q9_right_passes_and_wrong_fails(right_passes_and_wrong_fails):
    """A consistent prediction passes; a label API predicted to leak nothing fails."""
    right_passes_and_wrong_fails(LAB, "q9", {"weights": 0.4, "scores_api": 0.4, "labels_api": 0.2},
                                 {"weights": 0.4, "scores_api": 0.4, "labels_api": 0.0})


def test_q3_counting_the_groups_is_named(evaluate, answers):
    from osai.data import german_credit

    groups = len(german_credit().groupby(list(P.german_credit_ladders())).size())
    detail = evaluate(LAB, "q3", groups).detail
    assert f"{groups} is the number of distinct combinations (groups)" in detail and "size 1" in detail


def test_q8_placeholder_is_not_attempted_like_the_other_functions(evaluate):
    def iban_ok(iban):
        raise NotImplementedError

    assert evaluate(LAB, "q8", iban_ok).status == "not_attempted"
    assert "raised KeyError" in evaluate(LAB, "q8", lambda iban: {}[iban]).detail


def test_q7_gated_code_is_wrong_for_lack_of_personal_data_and_the_spelling_is_named(evaluate, answers):
    right, _ = answers
    detail = evaluate(LAB, "q7", {**right["q7"], "training_code": "gated"}).detail
    assert "training code holds no personal data" in detail
    detail = evaluate(LAB, "q7", {**right["q7"], "model_weights": "Open"}).detail
    assert "(lower case), got 'Open'" in detail


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.fixed_dictionaries({r: st.floats(min_value=-0.5, max_value=1.5, allow_nan=False) for r in RELEASES}))
def test_q9_accepts_exactly_the_predictions_each_release_allows(evaluate, prediction):
    w, s, l = (prediction[r] for r in RELEASES)
    defensible = all(0 <= v <= 1 for v in (w, s, l)) and w >= s >= l > 0
    result = evaluate(LAB, "q9", prediction)
    assert (result.status == "passed") == defensible, (prediction, result.detail)
    assert result.status in ("passed", "failed")


def test_q9_messages_name_what_each_release_lets_an_attacker_compute(evaluate):
    details = [evaluate(LAB, "q9", guess).detail for guess in (
        {"weights": 0.1, "scores_api": 0.3, "labels_api": 0.1},
        {"weights": 0.3, "scores_api": 0.1, "labels_api": 0.2},
        {"weights": 0.3, "scores_api": 0.3, "labels_api": 0})]
    assert "can run the model and read its scores" in details[0]
    assert "the label is the class with the highest score" in details[1]
    assert "a label still says whether the model is right on a row" in details[2]
    assert not any("…" in detail for detail in details), details  # whole, not shortened to fit the line
    assert "predict an advantage for labels_api" in evaluate(LAB, "q9", {"weights": 0.3, "scores_api": 0.3}).detail
    assert "'weigths' is not a release" in evaluate(
        LAB, "q9", {"weigths": 0.3, "scores_api": 0.3, "labels_api": 0.1}).detail
    assert "between 0 and 1" in evaluate(LAB, "q9", {"weights": 35, "scores_api": 0.3, "labels_api": 0.1}).detail
    assert evaluate(LAB, "q9", ...).status == "not_attempted"


def test_the_precision_recall_comparison_passes_findings_as_the_prompt_describes_them(capsys):
    """q5-compare hands (kind, start, end) triples to the student's function, so one that unpacks them runs."""
    code = {c.get("id"): c.source for c in _cells("solutions")}

    def precision_recall(truth, found):
        true = {(kind, start, end) for kind, start, end in truth}
        right = sum((kind, start, end) in true for kind, start, end in found)
        return (right / len(found) if found else 1.0, right / len(truth) if truth else 1.0)

    namespace = {"precision_recall": precision_recall}
    for cell in ("messages", "detect", "q5-compare"):
        exec(code[cell], namespace)  # noqa: S102 - the kit's own solution cells
    assert "shape-only IBANs: yours precision 0.608 recall 1.000" in capsys.readouterr().out


def test_q1_doubling_from_the_left_is_named(evaluate):
    def from_the_left(number):
        digits = number.replace(" ", "").replace("-", "")
        if not digits or not digits.isdigit():
            return False
        return sum(int(c) if i % 2 == 0 else (2 * int(c) - 9 if int(c) > 4 else 2 * int(c))
                   for i, c in enumerate(digits)) % 10 == 0

    assert "counting from the right" in evaluate(LAB, "q1", from_the_left).detail


def test_q4_says_how_many_applicants_are_still_exposed(evaluate, answers):
    right, _ = answers
    detail = evaluate(LAB, "q4", {**right["q4"], "job": None}).detail
    assert detail.startswith("your rules reach k = ") and "applicant(s) are still in groups of fewer than 5" in detail

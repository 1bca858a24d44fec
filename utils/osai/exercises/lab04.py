# SPDX-FileCopyrightText: 2026 The Open Source AI Lab Kit authors
# SPDX-License-Identifier: MIT
"""Exercises of Lab 04, Privacy and openness. Answers are stored as salted fingerprints or recomputed."""

from __future__ import annotations

from typing import Any

from osai.checks import Exercises, Mismatch, as_function, as_instance, as_int, as_mapping, as_number, expect
from osai.checks.validators import as_decisions, rethink

ex = Exercises("04")

#: The messages the lab works on (the check regenerates them).
MESSAGES = {"n": 200, "seed": 4}
#: The components of the hybrid-release decision in exercise q7.
COMPONENTS = ("pii_detector_code", "training_code", "message_generator", "raw_customer_messages",
              "redacted_messages", "customer_table_k5", "model_weights", "data_card")
DECISIONS = ("open", "gated", "closed")
#: Exercise q4 keeps some information about age: at least this many age bands that hold applicants.
MIN_AGE_BANDS = 3
#: Exercise q4's information-loss budget: the rules may remove at most this share of the quasi-identifiers'
#: entropy (``osai.privacy.information_loss``).
LOSS_BUDGET = 0.75


@ex("q1", points=2, expects="a function luhn(number) -> bool",
    refuses=('osai.privacy.luhn_valid',),
    hints=("Drop spaces and hyphens first; any other character that is not a digit means False.",
           "From the right, double every second digit; subtract 9 from results above 9; the sum must end in 0."))
def _q1(luhn: Any) -> None:
    from osai.privacy import luhn_valid

    luhn = as_function(luhn, "a function luhn(number) -> bool")
    for known, want in (("4539 1488 0343 6467", True), ("4539 1488 0343 6468", False), ("79927398713", True)):
        got = luhn(known)
        expect(isinstance(got, bool), f"luhn({known!r}) should return True or False, got {type(got).__name__}")
        expect(got == want, f"luhn({known!r}) should be {want}: double every second digit counting from the right, "
               "so the last digit (the check digit) is never doubled")
    import random

    rng = random.Random(404)
    for _ in range(300):
        number = "".join(rng.choice("0123456789") for _ in range(rng.randint(12, 19)))
        shown = rng.choice(["", " ", "-"]).join(number[i:i + 4] for i in range(0, len(number), 4))
        want = luhn_valid(shown)
        expect(luhn(shown) == want, f"luhn({shown!r}) should be {want}")
    for odd in ("", "abcd", "4539 1488 0343 646x"):
        expect(luhn(odd) is False, f"luhn({odd!r}) should be False: it is not a card number")
    # The digits of these pass the Luhn check: only the characters between them make them invalid.
    for odd in ("4539x1488/0343.6467", "4539_1488_0343_6467", "4539.1488.0343.6467", "4539 1488 0343 6467!"):
        expect(luhn(odd) is False,
               f"luhn({odd!r}) should be False: only spaces and hyphens may separate the digits")


@ex("q2", points=2, expects="a list of redacted strings, one per message",
    hints=("redact(message.text, names=message.names) for each message.",))
def _q2(redacted_texts: Any) -> None:
    from osai.privacy import make_customer_messages

    redacted_texts = as_instance(redacted_texts, (list, tuple), "a list of strings")
    messages = make_customer_messages(**MESSAGES)
    expect(len(redacted_texts) == len(messages), f"expected one text per message ({len(messages)}), got {len(redacted_texts)}")
    for i, (message, text) in enumerate(zip(messages, redacted_texts)):
        expect(isinstance(text, str), f"text {i} is not a string")
        expect(len(text) == len(message.text), f"text {i} changed length: redaction must keep offsets")
        kind_at = {j: f.kind for f in message.truth for j in range(f.start, f.end)}
        for j, (a, b) in enumerate(zip(message.text, text)):
            if j in kind_at:
                if b == a:
                    names = " (did you pass the names?)" if kind_at[j] == "name" else ""
                    raise Mismatch(f"text {i} still shows personal data ({kind_at[j]}) at position {j}{names}")
                expect(b == "█", f"text {i} masks position {j} with {b!r}: redaction masks each character with '█'")
            else:
                expect(a == b, f"text {i} changed a character that is not personal data, at position {j}")


@ex("q3", points=1, expects="a whole number",
    hints=("group_sizes, printed above, holds one size per combination; an applicant is unique when their "
           "combination's group holds that applicant alone.",
           "Compare group_sizes with 1 and count the True values."))
def _q3(n_unique: Any) -> None:
    from osai.data import german_credit
    from osai.privacy import german_credit_ladders

    n_unique = as_int(n_unique, "a whole number")
    expect(0 <= n_unique <= 1000, "there are 1,000 applicants")
    sizes = german_credit().groupby(list(german_credit_ladders())).size()
    expect(n_unique != len(sizes), f"{n_unique} is the number of distinct combinations (groups); count the applicants "
           "who are alone in their group (groups of size 1)")
    expect(ex.matches(n_unique, "e1497a026169f991ef161f451446f23501566f91debde8a7b93e4b79da2d206d"),
           "not the number of applicants whose combination of the five quasi-identifiers is unique")


@ex("q4", points=2, expects="a dict of generalisation rules",
    hints=("Start with age in a few wide bands, e.g. [0, 25, 40, 60, 200]; information_loss(credit, "
           "generalize(credit, my_rules), qis) measures what your rules cost.",
           "Few applicants are not foreign workers, and job and housing split the age bands further: keep only "
           "the sex of personal_status_sex (level 1 of its ladder) and suppress ('*') each column that still "
           "makes groups smaller than 5; check k_anonymity after each change."))
def _q4(my_rules: Any) -> None:
    from osai.data import german_credit
    from osai.privacy import generalize, german_credit_ladders, k_anonymity

    my_rules = as_mapping(my_rules, "a dict of rules")
    qis = list(german_credit_ladders())
    expect(set(my_rules) <= set(qis), f"rules may only name the quasi-identifiers {', '.join(qis)}")
    expect(my_rules.get("age_years") not in ("*",), "keep some information about age: band it, do not suppress it")
    expect(my_rules.get("age_years") is not None, "age alone makes many applicants unique: band it")
    table = generalize(german_credit(), my_rules)
    bands = table["age_years"].nunique()
    expect(bands >= MIN_AGE_BANDS, f"your age rule leaves {bands} band(s) with applicants in them; keep at least "
           f"{MIN_AGE_BANDS}: " + ("a single band for all ages is suppression too" if bands <= 1 else
                                  "fewer bands hide age almost as much as suppressing it"))
    k = k_anonymity(table, qis)
    if k < 5:
        sizes = table.groupby(qis).size()
        exposed = int(sizes[sizes < 5].sum())
        raise Mismatch(f"your rules reach k = {k}; the target is k >= 5: {exposed} applicant(s) are still in groups "
                       "of fewer than 5; find the column that splits them")
    from osai.privacy import information_loss

    loss = information_loss(german_credit(), table, qis)
    expect(loss <= LOSS_BUDGET, f"your rules remove {loss:.0%} of the quasi-identifiers' information; the budget is "
           f"{LOSS_BUDGET:.0%}: suppress less (keep the sex, or narrower age bands) and check k again")


@ex("q5", points=2, expects="a function precision_recall(truth, found) -> (precision, recall)",
    refuses=("osai.privacy.detection_scores",), compared=True,
    hints=("A finding is right only when it is exactly a true one: same kind, start and end. Precision divides the "
           "right findings by all findings, recall by all true ones.",
           "Turn both into sets of tuples; len(set(truth) & set(found)) counts the right findings. With nothing "
           "found precision is 1.0; with nothing to find recall is 1.0."))
def _q5(precision_recall: Any) -> None:
    precision_recall = as_function(precision_recall, "a function precision_recall(truth, found)")
    truth = [("iban", 0, 22), ("card", 30, 49), ("name", 60, 70)]
    cases = [
        (truth, truth, (1.0, 1.0), "every true finding found, nothing else"),
        (truth, truth[:2], (1.0, 2 / 3), "two of three found: recall is 2/3, precision stays 1.0"),
        (truth, [*truth, ("card", 80, 99)], (0.75, 1.0), "one false alarm among four findings: precision 3/4"),
        (truth, [("iban", 0, 21), ("card", 30, 49)], (0.5, 1 / 3), "a span one character short is not a right finding"),
        (truth, [("card", 0, 22)], (0.0, 0.0), "the right span with the wrong kind is not a right finding"),
        (truth, [], (1.0, 0.0), "nothing found: precision is 1.0 (no false alarm), recall 0.0"),
    ]
    for true, found, want, why in cases:
        try:
            got = precision_recall(list(true), list(found))
        except ZeroDivisionError:
            raise Mismatch(f"division by zero with {len(true)} true and {len(found)} found findings: {why}") from None
        expect(isinstance(got, tuple) and len(got) == 2, f"return a pair (precision, recall), got {type(got).__name__}")
        p, r = (as_number(v, "a number") for v in got)
        if abs(p - want[1]) < 1e-9 and abs(r - want[0]) < 1e-9 and want[0] != want[1]:
            raise Mismatch(f"precision and recall are swapped ({why}): return (precision, recall)")
        expect(abs(p - want[0]) < 1e-9 and abs(r - want[1]) < 1e-9,
               f"expected {tuple(round(w, 3) for w in want)}, got ({p:.3g}, {r:.3g}): {why}")


@ex("q6", points=2, expects="a function attack_advantage(member_scores, nonmember_scores) -> float",
    refuses=('osai.privacy.threshold_advantage',), compared=True,
    hints=("Try every score that occurs as the threshold t; guess 'member' when score >= t.",
           "TPR = share of members at or above t; FPR = share of non-members at or above t; keep the best TPR - FPR, at least 0."))
def _q6(attack_advantage: Any) -> None:
    from osai.privacy import threshold_advantage

    attack_advantage = as_function(attack_advantage, "a function attack_advantage(members, others)")
    got = as_number(attack_advantage([0.9, 0.8], [0.7, 0.95]), "a float")
    expect(abs(got - 0.5) < 1e-9, "with members [0.9, 0.8] and others [0.7, 0.95], the best threshold (0.8) gives "
           f"1.0 - 0.5 = 0.5, got {got:.3g}")
    got = as_number(attack_advantage([0.1], [0.9]), "a float")
    expect(abs(got) < 1e-9, f"attack_advantage([0.1], [0.9]) should be 0.0, got {got:.3g}: no threshold does better "
           "than chance there (TPR - FPR is 0 or negative at every threshold)")
    import random

    rng = random.Random(44)
    cases = [([round(rng.random(), 2) for _ in range(rng.randint(1, 6))],
              [round(rng.random(), 2) for _ in range(rng.randint(1, 6))]) for _ in range(60)]
    for members, others in sorted(cases, key=lambda case: len(case[0]) + len(case[1])):  # smallest case first
        want = threshold_advantage(members, others)[0]
        got = as_number(attack_advantage(members, others), "a float")
        cause = ""
        if len(members) != len(others) and abs(got - _one_denominator(members, others)) < 1e-9:
            cause = ": TPR divides by the number of members, FPR by the number of non-members"
        expect(abs(got - want) < 1e-9,
               f"attack_advantage({members}, {others}) should be {want:.4f}, got {got:.4f}{cause}")


def _one_denominator(members: list[float], others: list[float]) -> float:
    """The advantage computed with the members' count as both rates' denominator (a likely mistake in q6).

    >>> _one_denominator([0.62], [0.92, 0.06, 0.07])
    0.0
    """
    rates = [(sum(m >= t for m in members) - sum(o >= t for o in others)) / len(members) for t in {*members, *others}]
    return float(max([0.0, *rates]))


#: Per component, the decisions that can be defended with this lab's measurements, and why others cannot.
_DEFENSIBLE = {
    "raw_customer_messages": ({"closed"}, "raw customer messages hold personal data: they cannot be released"),
    "pii_detector_code": ({"open"}, "code that holds no personal data can be opened (and OSAID requires the code)"),
    "training_code": ({"open"}, "training code holds no personal data: nothing to protect by gating it, and "
                                "OSAID requires the complete training code"),
    "message_generator": ({"open"}, "the synthetic generator holds no real person's data: open it"),
    "data_card": ({"open"}, "OSAID requires data information: the description of unshareable data is what you can open"),
    "redacted_messages": ({"gated", "closed"}, "redaction misses what the detector does not know (unlisted names, free text): not fully open"),
    "customer_table_k5": ({"gated", "closed"}, "k = 5 still lets an attacker learn a group's shared attributes: not fully open"),
    # A small measured leak makes open or gated weights defensible, and keeping them closed is the cautious choice.
    "model_weights": (set(DECISIONS), ""),
}
@ex("q7", points=2, expects='a dict component -> decision ("open", "gated" or "closed")',
    hints=("Ask of each component: does it contain personal data, and can it be re-identified?",
           "OSAID requires code and data information; it does not require the raw data."))
def _q7(release_plan: Any) -> None:
    release_plan = as_decisions(release_plan, COMPONENTS, "a dict component -> decision", fold=str, order="letters",
                                unknown=_not_a_component, missing=_no_decision, decide=_decision)
    wrong = [c for c, (allowed, _) in _DEFENSIBLE.items() if release_plan[c] not in allowed]
    rethink(wrong, "{n} decision(s) to rethink; first: {why}", why={c: why for c, (_, why) in _DEFENSIBLE.items()})


def _not_a_component(unknown: list[Any], missing: list[str]) -> str:
    """What q7 says of a key that is no component: the component it likely misspells, if any."""
    import difflib

    name = sorted(str(c) for c in unknown)[0]
    close = difflib.get_close_matches(name, missing, n=1)
    return f"{name!r} is not a component" + (f": did you mean {close[0]!r}?" if close else
                                             ": use the names of the table above")


def _no_decision(missing: list[str]) -> str:
    """What q7 says of components without a decision: the first, and how many others."""
    others = f" and {len(missing) - 1} other component(s) of the table above" if len(missing) > 1 else ""
    return f"the plan has no decision for {missing[0]}{others}"


def _decision(component: str, decision: Any) -> str:
    """A component's release decision, or :class:`Mismatch`: reasons belong in the written answer."""
    if isinstance(decision, (tuple, list)):
        raise Mismatch(f"{component}: give the decision alone, one of {', '.join(DECISIONS)}; your reasons go "
                       "in the written answer w1 below")
    expect(isinstance(decision, str) and decision in DECISIONS,
           f"{component}: decision must be one of {', '.join(DECISIONS)} (lower case), got {decision!r}")
    return decision


@ex("q8", points=2, expects="a function iban_ok(iban) -> bool",
    refuses=("osai.privacy.iban_valid",),
    hints=("Two checks: the shape (two letters, two digits, 11 to 30 letters or digits) and the remainder of a "
           "big number modulo 97, which must be 1.",
           "This hint shows code: drop the spaces and upper-case first; compact[4:] + compact[:4] moves the head to the end; int(char, 36) "
           "turns '7' into 7 and 'A' into 10; Python's int has no size limit."))
def _q8(iban_ok: Any) -> None:
    from osai.privacy import iban_valid

    iban_ok = as_function(iban_ok, "a function iban_ok(iban) -> bool")
    for known, want, why in (("DE89 3704 0044 0532 0130 00", True, "the standard's German example"),
                             ("DE88 3704 0044 0532 0130 00", False, "one check digit changed"),
                             ("DE89370400440532013000", True, "the same IBAN without spaces"),
                             ("DE89 3704 0044 0532 0130 0", False, "one digit missing changes the remainder"),
                             ("89DE 3704 0044 0532 0130 00", False, "digits where the country code must be"),
                             ("DE89 3704 0044 0532 0130 00 !", False, "a character an IBAN never holds")):
        try:
            got = iban_ok(known)
        except NotImplementedError:
            raise  # the lab's placeholder: not attempted yet
        except Exception as error:  # noqa: BLE001 - the student's code: any error is reported in one line
            raise Mismatch(f"iban_ok({known!r}) raised {type(error).__name__}: a string that is not an IBAN "
                           "gets False, never an error") from None
        expect(isinstance(got, bool), f"iban_ok({known!r}) should return True or False, got {type(got).__name__}")
        expect(got == want, f"iban_ok({known!r}) should be {want}: {why}")
    body = "370400440532013000"
    digits_first = f"12{98 - int(body + '1200') % 97:02d}{body}"  # passes mod 97, but '12' is no country code
    expect(iban_ok(digits_first) is False, f"iban_ok({digits_first!r}) should be False: it passes mod 97, but an IBAN "
           "starts with two letters: check the shape first")
    import random

    rng = random.Random(408)
    for _ in range(200):
        body = "".join(rng.choice("0123456789") for _ in range(18))
        check_digits = 98 - int(body + "131400") % 97  # DE is 13 14, with 00 for the check digits
        valid = f"DE{check_digits:02d}{body}"
        shown = " ".join(valid[i:i + 4] for i in range(0, len(valid), 4))
        for candidate in (shown, shown[:-1] + str((int(shown[-1]) + 1) % 10)):
            want = iban_valid(candidate)
            expect(iban_ok(candidate) == want, f"iban_ok({candidate!r}) should be {want}")


#: The releases of the over-fitted tree whose membership leak exercise q9 asks the student to predict, from the
#: release that gives an attacker the most (the weights: run the model) to the least (the predicted label only).
RELEASES = ("weights", "scores_api", "labels_api")


@ex("q9", points=1, expects='a dict {"weights": a, "scores_api": b, "labels_api": c} of numbers from 0 to 1',
    hints=("Ask what each release lets an attacker compute: with the weights you can run the model yourself; "
           "from the scores you can read the label (the class with the highest score).",
           "So a prediction can rank the releases weights >= scores_api >= labels_api; and a label still says "
           "whether the model is right on a row, which an over-fitted model is on every row it memorised."))
def _q9(leak_prediction: Any) -> None:
    guess = as_decisions(leak_prediction, RELEASES, 'a dict {"weights": ..., "scores_api": ..., "labels_api": ...}',
                         fold=str, order="letters", unknown="{key!r} is not a release: use " + ", ".join(RELEASES),
                         missing="predict an advantage for {missing} too", decide=_advantage)
    expect(guess["weights"] >= guess["scores_api"],
           f"weights {guess['weights']:g} < scores_api {guess['scores_api']:g}: whoever has the weights can run the "
           "model and read its scores, so the weights leak at least what the score API leaks")
    expect(guess["scores_api"] >= guess["labels_api"],
           f"scores_api {guess['scores_api']:g} < labels_api {guess['labels_api']:g}: the label is the class with "
           "the highest score, so a score API leaks at least what a label API leaks")
    expect(guess["labels_api"] > 0,
           "labels_api 0: a label still says whether the model is right on a row, and an over-fitted model is "
           "right on every row it memorised")


def _advantage(release: str, value: Any) -> float:
    """A predicted advantage, a number from 0 to 1, or :class:`Mismatch` naming the release."""
    value = as_number(value, f"a number from 0 to 1 for {release}")
    expect(0 <= value <= 1, f"{release}: an advantage (TPR - FPR of the best threshold) lies between 0 and 1, "
           f"got {value:g}")
    return value

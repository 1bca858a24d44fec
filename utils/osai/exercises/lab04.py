# SPDX-FileCopyrightText: 2026 The Open Source AI Lab Kit authors
# SPDX-License-Identifier: MIT
"""Exercises of Lab 04, Privacy and openness. Answers are stored as salted fingerprints or recomputed."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from osai.checks import Exercise, Mismatch, expect, matches

LAB = "04"

#: The messages the lab works on (the check regenerates them).
MESSAGES = {"n": 200, "seed": 4}
#: The components of the hybrid-release decision in exercise q7.
COMPONENTS = ("pii_detector_code", "training_code", "message_generator", "raw_customer_messages",
              "redacted_messages", "customer_table_k5", "model_weights", "data_card")
DECISIONS = ("open", "gated", "closed")


def _q1(luhn: Any) -> None:
    from osai.privacy import luhn_valid

    expect(callable(luhn), f"expected a function luhn(number) -> bool, got {type(luhn).__name__}")
    for known, want in (("4539 1488 0343 6467", True), ("4539 1488 0343 6468", False), ("79927398713", True)):
        got = luhn(known)
        expect(isinstance(got, bool), f"luhn({known!r}) should return True or False, got {type(got).__name__}")
        expect(got == want, f"luhn({known!r}) should be {want}")
    import random

    rng = random.Random(404)
    for _ in range(300):
        number = "".join(rng.choice("0123456789") for _ in range(rng.randint(12, 19)))
        shown = rng.choice(["", " ", "-"]).join(number[i:i + 4] for i in range(0, len(number), 4))
        expect(luhn(shown) == luhn_valid(shown), f"wrong answer for {shown!r}")
    for odd in ("", "abcd", "4539 1488 0343 646x"):
        expect(luhn(odd) is False, f"luhn({odd!r}) should be False: it is not a card number")


def _q2(redacted_texts: Any) -> None:
    from osai.privacy import make_customer_messages

    expect(isinstance(redacted_texts, (list, tuple)), f"expected a list of strings, got {type(redacted_texts).__name__}")
    messages = make_customer_messages(**MESSAGES)
    expect(len(redacted_texts) == len(messages), f"expected one text per message ({len(messages)}), got {len(redacted_texts)}")
    for i, (message, text) in enumerate(zip(messages, redacted_texts)):
        expect(isinstance(text, str), f"text {i} is not a string")
        expect(len(text) == len(message.text), f"text {i} changed length: redaction must keep offsets")
        masked = {j for f in message.truth for j in range(f.start, f.end)}
        for j, (a, b) in enumerate(zip(message.text, text)):
            if j in masked:
                expect(b == "█", f"text {i} still shows personal data at position {j} (did you pass the names?)")
            else:
                expect(a == b, f"text {i} changed a character that is not personal data, at position {j}")


def _q3(n_unique: Any) -> None:
    expect(not isinstance(n_unique, bool) and (isinstance(n_unique, int) or hasattr(n_unique, "item")),
           f"expected a whole number, got {type(n_unique).__name__}")
    expect(0 <= n_unique <= 1000, "there are 1,000 applicants")
    expect(matches(int(n_unique), "e1497a026169f991ef161f451446f23501566f91debde8a7b93e4b79da2d206d", "04:q3"),
           "not the number of applicants whose combination of the five quasi-identifiers is unique")


def _q4(my_rules: Any) -> None:
    from osai.data import german_credit
    from osai.privacy import generalize, german_credit_ladders, k_anonymity

    expect(isinstance(my_rules, Mapping), f"expected a dict of rules, got {type(my_rules).__name__}")
    qis = list(german_credit_ladders())
    expect(set(my_rules) <= set(qis), f"rules may only name the quasi-identifiers {', '.join(qis)}")
    expect(my_rules.get("age_years") not in ("*",), "keep some information about age: band it, do not suppress it")
    expect(my_rules.get("age_years") is not None, "age alone makes many applicants unique: band it")
    k = k_anonymity(generalize(german_credit(), my_rules), qis)
    expect(k >= 5, f"your rules reach k = {k}; the target is k >= 5")


def _q5(loss_k10: Any) -> None:
    from osai.data import german_credit
    from osai.privacy import least_generalization

    expect(not isinstance(loss_k10, bool) and (isinstance(loss_k10, (int, float)) or hasattr(loss_k10, "item")),
           f"expected a number between 0 and 1, got {type(loss_k10).__name__}")
    value = float(loss_k10)
    expect(value == value and 0 <= value <= 1, "information loss is a share between 0 and 1")
    want = least_generalization(german_credit(), k=10).information_loss
    expect(abs(value - want) < 0.001, "not the information loss of the least generalisation that reaches k = 10")


def _q6(attack_advantage: Any) -> None:
    from osai.privacy import threshold_advantage

    expect(callable(attack_advantage), f"expected a function attack_advantage(members, others), got {type(attack_advantage).__name__}")
    got = attack_advantage([0.9, 0.8], [0.7, 0.95])
    expect(isinstance(got, float) or hasattr(got, "item"), f"expected a float, got {type(got).__name__}")
    expect(abs(float(got) - 0.5) < 1e-9, "with members [0.9, 0.8] and others [0.7, 0.95], the best threshold (0.8) gives 1.0 - 0.5 = 0.5")
    expect(abs(float(attack_advantage([0.1], [0.9]))) < 1e-9, "when no threshold helps, the advantage is 0.0, not negative")
    import random

    rng = random.Random(44)
    for _ in range(40):
        members = [round(rng.random(), 2) for _ in range(rng.randint(1, 15))]
        others = [round(rng.random(), 2) for _ in range(rng.randint(1, 15))]
        want = threshold_advantage(members, others)[0]
        expect(abs(float(attack_advantage(members, others)) - want) < 1e-9,
               f"wrong advantage for members={members[:3]}..., others={others[:3]}...")


_MUST = {
    "raw_customer_messages": ({"closed"}, "raw customer messages hold personal data: they cannot be released"),
    "pii_detector_code": ({"open"}, "code that holds no personal data can be opened (and OSAID requires the code)"),
    "training_code": ({"open"}, "OSAID requires the complete training code"),
    "message_generator": ({"open"}, "the synthetic generator holds no real person's data: open it"),
    "data_card": ({"open"}, "OSAID requires data information: the description of unshareable data is what you can open"),
    "redacted_messages": ({"gated", "closed"}, "redaction misses what the detector does not know (unlisted names, free text): not fully open"),
    "customer_table_k5": ({"gated", "closed"}, "k = 5 still lets an attacker learn a group's shared attributes: not fully open"),
    "model_weights": ({"open", "gated"}, "weights of a regularised model with a small measured membership advantage can be released, openly or under conditions"),
}


def _q7(release_plan: Any) -> None:
    expect(isinstance(release_plan, Mapping), f"expected a dict component -> (decision, reason), got {type(release_plan).__name__}")
    expect(set(release_plan) == set(COMPONENTS), f"expected exactly the components {', '.join(COMPONENTS)}")
    for component, entry in release_plan.items():
        expect(isinstance(entry, tuple) and len(entry) == 2, f"{component}: expected a tuple (decision, reason)")
        decision, reason = entry
        expect(isinstance(decision, str) and decision in DECISIONS, f"{component}: decision must be one of {', '.join(DECISIONS)}")
        expect(isinstance(reason, str) and len(reason.split()) >= 4, f"{component}: give a reason of a few words")
    wrong = [c for c, (allowed, _) in _MUST.items() if release_plan[c][0] not in allowed]
    if wrong:
        raise Mismatch(f"{len(wrong)} decision(s) to rethink; first: {_MUST[wrong[0]][1]}")


EXERCISES = [
    Exercise("q1", 2, _q1, "a function luhn(number) -> bool",
             ("Drop spaces and dashes first; anything else that is not a digit means False.",
              "From the right, double every second digit; subtract 9 from results above 9; the sum must end in 0.")),
    Exercise("q2", 2, _q2, "a list of redacted strings, one per message",
             ("redact(message.text, names=message.names) for each message.",)),
    Exercise("q3", 1, _q3, "a whole number",
             ("credit.groupby(qis).size() gives the size of each group.", "Count the groups of size 1.")),
    Exercise("q4", 2, _q4, "a dict of generalisation rules",
             ("Start with age in a few wide bands, e.g. [0, 25, 40, 60, 200].",
              "Few applicants are not foreign workers: that column makes small groups; suppress it with '*'.")),
    Exercise("q5", 1, _q5, "a float between 0 and 1",
             ("least_generalization(credit, k=10) returns an object with information_loss.",)),
    Exercise("q6", 2, _q6, "a function attack_advantage(member_scores, nonmember_scores) -> float",
             ("Try every score that occurs as the threshold t; guess 'member' when score >= t.",
              "TPR = share of members at or above t; FPR = share of non-members at or above t; keep the best TPR - FPR, at least 0.")),
    Exercise("q7", 2, _q7, "a dict component -> (decision, reason)",
             ("Ask of each component: does it contain personal data, and can it be re-identified?",
              "OSAID requires code and data information; it does not require the raw data.")),
]

# SPDX-FileCopyrightText: 2026 The Open Source AI Lab Kit authors
# SPDX-License-Identifier: MIT
"""The checks that take a dict of decisions (labs 00, 01, 03 and 04) say, word for word, what they said before
they shared ``as_decisions`` and ``rethink``: each bad answer in :data:`BAD` gets the status and message that
:data:`RECORDED` holds, recorded from the verifiers as they were written before."""

from __future__ import annotations

import pytest

CLAIMS = {"a": True, "b": False, "c": False, "d": True, "e": False}
CLAUSES = {"a": "use", "b": "study", "c": "share", "d": "use", "e": "use"}
VERDICTS = {"Heron-1B": True, "Kestrel-7B": False, "Lark-3B": False, "Wren-2B": True}
CLASSES = {"Heron-1B": 2, "Kestrel-7B": None, "Lark-3B": 3, "Wren-2B": None}
SCENARIOS = {"A": "open", "B": "public", "C": "obtainable", "D": "unshareable", "E": "obtainable"}
SOURCES = {"Reddit comments 2015-2018": "public", "S2ORC": "open", "MS MARCO": "public", "Stack Exchange": "open",
           "Quora question triplets": "public"}
PLAN = {"pii_detector_code": "open", "training_code": "open", "message_generator": "open",
        "raw_customer_messages": "closed", "redacted_messages": "gated", "customer_table_k5": "closed",
        "model_weights": "open", "data_card": "open"}
LEAKS = {"weights": 0.6, "scores_api": 0.5, "labels_api": 0.4}


def _without(answer: dict, *keys: str) -> dict:
    return {k: v for k, v in answer.items() if k not in keys}


def _reversed(answer: dict) -> dict:
    return dict(reversed(answer.items()))


#: (lab, exercise, answer): wrong types, unknown and missing keys, keys typed twice or in another case or order,
#: bad decisions (two of them, in an order other than the exercise's), wrong decisions (one and several), right answers.
BAD = [
    *[("00", "q1", answer) for answer in (
        None, [("a", True)], "abcde", {}, {"a": True}, {"e": False, "c": True}, {**CLAIMS, "f": True},
        {"g": True, "f": True, "a": True}, {1: True, **CLAIMS},
        {" A ": True, "B": False, "c": False, "D": True, "e": False},
        {**CLAIMS, "a": "yes"}, {**CLAIMS, "c": 1, "e": "no"}, {"e": "no", **_without(CLAIMS, "e"), "c": 1},
        {**CLAIMS, "a": None}, {**CLAIMS, "b": True}, {**CLAIMS, "b": True, "c": True, "e": True},
        {k: not v for k, v in CLAIMS.items()}, {**CLAIMS, "A": False}, {"f": True}, _reversed(CLAIMS), CLAIMS)],
    *[("01", "q1", answer) for answer in (
        None, "use", {}, {"a": "use"}, {"d": "use", "b": "use"}, {**CLAUSES, "f": "use"}, {"z": 1, "f": 2},
        {**CLAUSES, "A": "share"}, {**CLAUSES, "a": 3}, {**CLAUSES, "c": "distribute"},
        {"e": 3, **_without(CLAUSES, "e"), "b": "distribute"}, {**CLAUSES, "b": "use"},
        {**CLAUSES, "a": "share", "b": "use"}, {k.upper(): f" {v.upper()} " for k, v in CLAUSES.items()},
        _reversed(CLAUSES), CLAUSES)],
    *[("01", qid, answer) for qid, right in (("q6", VERDICTS), ("q7", CLASSES)) for answer in (
        None, [], {}, {"Heron-1B": right["Heron-1B"]}, {"Lark-3B": right["Lark-3B"], "Heron-1B": right["Heron-1B"]},
        {**right, "Robin": True}, {"Zed": 1, "Robin": 2, **right}, {"x" * 50: True, **right}, {1: True},
        {f" {k.upper()} ": v for k, v in right.items()}, {**right, "heron-1b": "yes"},
        {**right, "Heron-1B": "yes"}, {"Wren-2B": 1.5, **_without(right, "Wren-2B"), "Heron-1B": "yes"},
        {**right, "Heron-1B": "II"}, {**right, "Lark-3B": 4}, {**right, "Lark-3B": "x" * 200},
        {**right, "Lark-3B": True},
        {**right, "Kestrel-7B": True}, {**right, "Lark-3B": None}, {**right, "Kestrel-7B": 1, "Lark-3B": None},
        {**right, "Kestrel-7B": True, "Lark-3B": True, "Heron-1B": False}, {**right, "Wren-2B": False},
        _reversed(right), right)],
    *[("03", "q1", answer) for answer in (
        None, {}, {"A": "open"}, {**SCENARIOS, "F": "open"}, {k.lower(): v for k, v in SCENARIOS.items()},
        {1: "open", **SCENARIOS}, {**SCENARIOS, "A": "secret"}, {**SCENARIOS, "A": 3},
        {"E": 3, **_without(SCENARIOS, "E"), "A": "secret"}, {**SCENARIOS, "B": "open"}, {**SCENARIOS, "E": "public"},
        {**SCENARIOS, "A": "public"}, {**SCENARIOS, "A": "public", "C": "open"},
        {**SCENARIOS, "A": "public", "C": "open", "D": "open"}, {k: f" {v.upper()} " for k, v in SCENARIOS.items()},
        _reversed(SCENARIOS), SCENARIOS)],
    *[("03", "q3", answer) for answer in (
        None, {}, {"S2ORC": "open"}, _without(SOURCES, "S2ORC"), {**SOURCES, "Common Crawl": "open"},
        {**SOURCES, "S2ORC": "secret"}, {**_without(SOURCES, "S2ORC"), "Reddit comments 2015-2018": "bogus"},
        {**SOURCES, "Stack Exchange": "public"}, {**SOURCES, "Reddit comments 2015-2018": "open", "Common Crawl": "x"},
        {f"  {k.upper()} ": v for k, v in SOURCES.items()}, {**SOURCES, "MS MARCO": "obtainable"}, SOURCES)],
    *[("04", "q7", answer) for answer in (
        None, {}, {"pii_detector_code": "open"}, _without(PLAN, "data_card"),
        _without(PLAN, "data_card", "training_code"),
        {**_without(PLAN, "model_weights"), "model_weight": "open"}, {**PLAN, "zzz": "open"},
        {**PLAN, "zz": 1, "aa": 2}, {**PLAN, 7: "open"}, {**PLAN, "data_card": ("open", "describes the data")},
        {**PLAN, "data_card": "public"}, {**PLAN, "model_weights": "Open"},
        {"data_card": "public", **_without(PLAN, "data_card"), "training_code": ["open"]},
        {**PLAN, "raw_customer_messages": "gated"}, {**PLAN, "raw_customer_messages": "open", "training_code": "gated"},
        {**PLAN, "model_weights": "closed"}, _reversed(PLAN), PLAN)],
    *[("04", "q9", answer) for answer in (
        None, {}, {"weights": 0.3, "scores_api": 0.3}, {"labels_api": 0.1}, {"weigths": 0.3, "scores_api": 0.3,
                                                                             "labels_api": 0.1},
        {**LEAKS, "zz": 1, "aa": 2}, {**LEAKS, "weights": 35}, {**LEAKS, "weights": "high"},
        {"labels_api": "x", "weights": 2, "scores_api": 0.3}, {**LEAKS, "scores_api": True},
        {**LEAKS, "weights": 0.1}, {**LEAKS, "labels_api": 0.55}, {**LEAKS, "labels_api": 0}, _reversed(LEAKS), LEAKS)],
]

#: (status, message) of each answer of :data:`BAD`, in the same order.
RECORDED: list[tuple[str, str]] = [
    ('failed', 'expected a dict such as {"a": True, "b": False, ...}, got NoneType. Try hint("q1").'),
    ('failed', 'expected a dict such as {"a": True, "b": False, ...}, got list. Try hint("q1").'),
    ('failed', 'expected a dict such as {"a": True, "b": False, ...}, got str. Try hint("q1").'),
    ('failed', 'decide every claim: no decision yet for a, b, c, d, e. Try hint("q1").'),
    ('failed', 'decide every claim: no decision yet for b, c, d, e. Try hint("q1").'),
    ('failed', 'decide every claim: no decision yet for a, b, d. Try hint("q1").'),
    ('failed', '\'f\' is not a claim: the claims are a, b, c, d and e. Try hint("q1").'),
    ('failed', '\'f\' is not a claim: the claims are a, b, c, d and e. Try hint("q1").'),
    ('failed', '\'1\' is not a claim: the claims are a, b, c, d and e. Try hint("q1").'),
    ('passed', ''),
    ('failed', 'claim a: decide with True (supported) or False (not supported), got str. Try hint("q1").'),
    ('failed', 'claim c: decide with True (supported) or False (not supported), got int. Try hint("q1").'),
    ('failed', 'claim e: decide with True (supported) or False (not supported), got str. Try hint("q1").'),
    ('failed', 'claim a: decide with True (supported) or False (not supported), got NoneType. Try hint("q1").'),
    ('failed',
     '1 of 5 claims to rethink: claim b: reread section 3: what does credit_risk record, and is that an observed '
     'outcome? Try hint("q1").'),
    ('failed',
     '3 of 5 claims to rethink; first, claim b: reread section 3: what does credit_risk record, and is that an '
     'observed outcome? Try hint("q1").'),
    ('failed',
     "5 of 5 claims to rethink; first, claim a: count the ratings: what share of credit_risk is 'bad'? Try "
     'hint("q1").'),
    ('failed',
     '1 of 5 claims to rethink: claim a: count the ratings: what share of credit_risk is \'bad\'? Try hint("q1").'),
    ('failed', '\'f\' is not a claim: the claims are a, b, c, d and e. Try hint("q1").'),
    ('passed', ''),
    ('passed', ''),
    ('failed', 'expected a dict such as {"a": "use", ...}, got NoneType. Try hint("q1").'),
    ('failed', 'expected a dict such as {"a": "use", ...}, got str. Try hint("q1").'),
    ('failed', 'decide every clause: no freedom yet for a, b, c, d, e. Try hint("q1").'),
    ('failed', 'decide every clause: no freedom yet for b, c, d, e. Try hint("q1").'),
    ('failed', 'decide every clause: no freedom yet for a, c, e. Try hint("q1").'),
    ('failed', '\'f\' is not a clause: the clauses are a, b, c, d and e. Try hint("q1").'),
    ('failed', '\'f\' is not a clause: the clauses are a, b, c, d and e. Try hint("q1").'),
    ('failed',
     '1 of 5 clauses to rethink; first, clause a: the clause forbids a purpose: which freedom promises any purpose '
     'without asking? Try hint("q1").'),
    ('failed',
     'clause a: choose the one freedom you would defend first, as a string (use, study, modify, share); got int. Try '
     'hint("q1").'),
    ('failed',
     'clause c: \'distribute\' is not one of the four freedoms (use, study, modify, share). Try hint("q1").'),
    ('failed',
     'clause b: \'distribute\' is not one of the four freedoms (use, study, modify, share). Try hint("q1").'),
    ('failed',
     '1 of 5 clauses to rethink; first, clause b: nothing is forbidden here, but something is missing: which freedoms '
     'need the preferred form to make modifications? Try hint("q1").'),
    ('failed',
     '2 of 5 clauses to rethink; first, clause a: the clause forbids a purpose: which freedom promises any purpose '
     'without asking? Try hint("q1").'),
    ('passed', ''),
    ('passed', ''),
    ('passed', ''),
    ('failed', 'expected a dict from each release name to True or False, got NoneType. Try hint("q6").'),
    ('failed', 'expected a dict from each release name to True or False, got list. Try hint("q6").'),
    ('failed', 'decide every release: nothing yet for Heron-1B, Kestrel-7B, Lark-3B, Wren-2B. Try hint("q6").'),
    ('failed', 'decide every release: nothing yet for Kestrel-7B, Lark-3B, Wren-2B. Try hint("q6").'),
    ('failed', 'decide every release: nothing yet for Kestrel-7B, Wren-2B. Try hint("q6").'),
    ('failed', '\'Robin\' is not one of the four releases: Heron-1B, Kestrel-7B, Lark-3B, Wren-2B. Try hint("q6").'),
    ('failed', '\'Zed\' is not one of the four releases: Heron-1B, Kestrel-7B, Lark-3B, Wren-2B. Try hint("q6").'),
    ('failed',
     "'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxx' is not one of the four releases: Heron-1B, Kestrel-7B, Lark-3B, Wren-2B. Try "
     'hint("q6").'),
    ('failed', '\'1\' is not one of the four releases: Heron-1B, Kestrel-7B, Lark-3B, Wren-2B. Try hint("q6").'),
    ('passed', ''),
    ('failed', 'Heron-1B: decide with True (meets OSAID) or False, got str. Try hint("q6").'),
    ('failed', 'Heron-1B: decide with True (meets OSAID) or False, got str. Try hint("q6").'),
    ('failed', 'Wren-2B: decide with True (meets OSAID) or False, got float. Try hint("q6").'),
    ('failed', 'Heron-1B: decide with True (meets OSAID) or False, got str. Try hint("q6").'),
    ('failed', 'Lark-3B: decide with True (meets OSAID) or False, got int. Try hint("q6").'),
    ('failed', 'Lark-3B: decide with True (meets OSAID) or False, got str. Try hint("q6").'),
    ('failed',
     '1 verdict to rethink: Lark-3B: which code did it release? OSAID asks for the code used to train the system too. '
     'Try hint("q6").'),
    ('failed',
     '1 verdict to rethink: Kestrel-7B: read the license of its weights: does it let you use them for any purpose? '
     'Try hint("q6").'),
    ('failed', 'Lark-3B: decide with True (meets OSAID) or False, got NoneType. Try hint("q6").'),
    ('failed', 'Kestrel-7B: decide with True (meets OSAID) or False, got int. Try hint("q6").'),
    ('failed',
     '3 verdicts to rethink; first, Heron-1B: go through the code list and the three elements: is anything OSAID '
     'requires missing or restricted? Try hint("q6").'),
    ('passed', ''),
    ('passed', ''),
    ('passed', ''),
    ('failed', 'expected a dict from each release name to 1, 2, 3 or None, got NoneType. Try hint("q7").'),
    ('failed', 'expected a dict from each release name to 1, 2, 3 or None, got list. Try hint("q7").'),
    ('failed', 'decide every release: nothing yet for Heron-1B, Kestrel-7B, Lark-3B, Wren-2B. Try hint("q7").'),
    ('failed', 'decide every release: nothing yet for Kestrel-7B, Lark-3B, Wren-2B. Try hint("q7").'),
    ('failed', 'decide every release: nothing yet for Kestrel-7B, Wren-2B. Try hint("q7").'),
    ('failed', '\'Robin\' is not one of the four releases: Heron-1B, Kestrel-7B, Lark-3B, Wren-2B. Try hint("q7").'),
    ('failed', '\'Zed\' is not one of the four releases: Heron-1B, Kestrel-7B, Lark-3B, Wren-2B. Try hint("q7").'),
    ('failed',
     "'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxx' is not one of the four releases: Heron-1B, Kestrel-7B, Lark-3B, Wren-2B. Try "
     'hint("q7").'),
    ('failed', '\'1\' is not one of the four releases: Heron-1B, Kestrel-7B, Lark-3B, Wren-2B. Try hint("q7").'),
    ('passed', ''),
    ('failed', 'Heron-1B: a class is 1, 2, 3 or None, got \'yes\'. Try hint("q7").'),
    ('failed', 'Heron-1B: a class is 1, 2, 3 or None, got \'yes\'. Try hint("q7").'),
    ('failed', 'Wren-2B: a class is 1, 2, 3 or None, got 1.5. Try hint("q7").'),
    ('failed', 'Heron-1B: write the class as a number (1, 2 or 3), not a Roman numeral. Try hint("q7").'),
    ('failed', 'Lark-3B: a class is 1, 2, 3 or None, got 4. Try hint("q7").'),
    ('failed',
     'Lark-3B: a class is 1, 2, 3 or None, got '
     '\'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx. Try hint("q7").'),
    ('failed', 'Lark-3B: a class is 1, 2, 3 or None, got True. Try hint("q7").'),
    ('failed', 'Kestrel-7B: a class is 1, 2, 3 or None, got True. Try hint("q7").'),
    ('failed',
     '1 class to rethink: Lark-3B: Class III does not need training code: check its six required components. Try '
     'hint("q7").'),
    ('failed',
     '2 classes to rethink; first, Kestrel-7B: Class III needs the final parameters under an open license: are they? '
     'Try hint("q7").'),
    ('failed', 'Heron-1B: a class is 1, 2, 3 or None, got False. Try hint("q7").'),
    ('failed', 'Wren-2B: a class is 1, 2, 3 or None, got False. Try hint("q7").'),
    ('passed', ''),
    ('passed', ''),
    ('failed', 'expected a dict such as {\'A\': \'open\', ...}, got NoneType. Try hint("q1").'),
    ('failed', 'expected exactly the keys \'A\' to \'E\', one per scenario. Try hint("q1").'),
    ('failed', 'expected exactly the keys \'A\' to \'E\', one per scenario. Try hint("q1").'),
    ('failed', 'expected exactly the keys \'A\' to \'E\', one per scenario. Try hint("q1").'),
    ('failed', 'expected exactly the keys \'A\' to \'E\', one per scenario. Try hint("q1").'),
    ('failed', 'expected exactly the keys \'A\' to \'E\', one per scenario. Try hint("q1").'),
    ('failed', 'A: expected one of open, public, obtainable, unshareable, got \'secret\'. Try hint("q1").'),
    ('failed', 'A: expected one of open, public, obtainable, unshareable, got 3. Try hint("q1").'),
    ('failed', 'E: expected one of open, public, obtainable, unshareable, got 3. Try hint("q1").'),
    ('failed', 'being free to read is not a license to re-share: the forum\'s terms forbid copying. Try hint("q1").'),
    ('failed',
     'a corpus you must sign an agreement for is had only on conditions, not free to inspect. Try hint("q1").'),
    ('failed', '1 of the 5 scenarios is not in the right category. Try hint("q1").'),
    ('failed', '2 of the 5 scenarios are not in the right category. Try hint("q1").'),
    ('failed', '3 of the 5 scenarios are not in the right category. Try hint("q1").'),
    ('passed', ''),
    ('passed', ''),
    ('passed', ''),
    ('failed', 'expected a dict such as {\'S2ORC\': \'open\', ...}, got NoneType. Try hint("q3").'),
    ('failed', 'give a category for \'Reddit comments 2015-2018\' (use the names as in the prompt). Try hint("q3").'),
    ('failed', 'give a category for \'Reddit comments 2015-2018\' (use the names as in the prompt). Try hint("q3").'),
    ('failed', 'give a category for \'S2ORC\' (use the names as in the prompt). Try hint("q3").'),
    ('failed', 'classify only the five sources of the prompt. Try hint("q3").'),
    ('failed', 'S2ORC: expected one of open, public, obtainable, unshareable, got \'secret\'. Try hint("q3").'),
    ('failed',
     "Reddit comments 2015-2018: expected one of open, public, obtainable, unshareable, got 'bogus'. Try "
     'hint("q3").'),
    ('failed',
     "Stack Exchange: the dump itself is CC BY-SA 4.0; a derived mirror's NC tag does not change the source's "
     'license. Try hint("q3").'),
    ('failed', 'Reddit comments: no license was found, and unknown rights are not open. Try hint("q3").'),
    ('passed', ''),
    ('passed', ''),
    ('passed', ''),
    ('failed', 'expected a dict component -> decision, got NoneType. Try hint("q7").'),
    ('failed',
     'the plan has no decision for pii_detector_code and 7 other component(s) of the table above. Try hint("q7").'),
    ('failed',
     'the plan has no decision for training_code and 6 other component(s) of the table above. Try hint("q7").'),
    ('failed', 'the plan has no decision for data_card. Try hint("q7").'),
    ('failed',
     'the plan has no decision for training_code and 1 other component(s) of the table above. Try hint("q7").'),
    ('failed', '\'model_weight\' is not a component: did you mean \'model_weights\'? Try hint("q7").'),
    ('failed', '\'zzz\' is not a component: use the names of the table above. Try hint("q7").'),
    ('failed', '\'aa\' is not a component: use the names of the table above. Try hint("q7").'),
    ('failed', '\'7\' is not a component: use the names of the table above. Try hint("q7").'),
    ('failed',
     'data_card: give the decision alone, one of open, gated, closed; your reasons go in the written answer w1 below. '
     'Try hint("q7").'),
    ('failed', 'data_card: decision must be one of open, gated, closed (lower case), got \'public\'. Try hint("q7").'),
    ('failed',
     'model_weights: decision must be one of open, gated, closed (lower case), got \'Open\'. Try hint("q7").'),
    ('failed',
     'training_code: give the decision alone, one of open, gated, closed; your reasons go in the written answer w1 '
     'below. Try hint("q7").'),
    ('failed',
     '1 decision(s) to rethink; first: raw customer messages hold personal data: they cannot be released. Try '
     'hint("q7").'),
    ('failed',
     '2 decision(s) to rethink; first: raw customer messages hold personal data: they cannot be released. Try '
     'hint("q7").'),
    ('passed', ''),
    ('passed', ''),
    ('passed', ''),
    ('failed',
     'expected a dict {"weights": ..., "scores_api": ..., "labels_api": ...}, got NoneType. Try hint("q9").'),
    ('failed', 'predict an advantage for weights, scores_api, labels_api too. Try hint("q9").'),
    ('failed', 'predict an advantage for labels_api too. Try hint("q9").'),
    ('failed', 'predict an advantage for weights, scores_api too. Try hint("q9").'),
    ('failed', '\'weigths\' is not a release: use weights, scores_api, labels_api. Try hint("q9").'),
    ('failed', '\'aa\' is not a release: use weights, scores_api, labels_api. Try hint("q9").'),
    ('failed',
     'weights: an advantage (TPR - FPR of the best threshold) lies between 0 and 1, got 35. Try hint("q9").'),
    ('failed', 'expected a number from 0 to 1 for weights, got str. Try hint("q9").'),
    ('failed', 'weights: an advantage (TPR - FPR of the best threshold) lies between 0 and 1, got 2. Try hint("q9").'),
    ('failed', 'expected a number from 0 to 1 for scores_api, got bool. Try hint("q9").'),
    ('failed',
     'weights 0.1 < scores_api 0.5: whoever has the weights can run the model and read its scores, so the weights '
     'leak at least what the score API leaks. Try hint("q9").'),
    ('failed',
     'scores_api 0.5 < labels_api 0.55: the label is the class with the highest score, so a score API leaks at least '
     'what a label API leaks. Try hint("q9").'),
    ('failed',
     'labels_api 0: a label still says whether the model is right on a row, and an over-fitted model is right on '
     'every row it memorised. Try hint("q9").'),
    ('passed', ''),
    ('passed', ''),
]


def test_every_bad_answer_has_its_recorded_message():
    assert len(RECORDED) == len(BAD)


@pytest.mark.parametrize(("case", "recorded"), list(zip(BAD, RECORDED)),
                         ids=[f"{lab}-{qid}-{i}" for i, (lab, qid, _) in enumerate(BAD)])
def test_the_message_is_word_for_word_the_recorded_one(evaluate, case, recorded):
    lab, qid, answer = case
    result = evaluate(lab, qid, answer)
    assert (result.status, result.detail) == recorded, (lab, qid, answer)

# SPDX-FileCopyrightText: 2026 The Open Source AI Lab Kit authors
# SPDX-License-Identifier: MIT
"""Tests of osai.privacy: detectors (with independent checksums), redaction, k-anonymity, membership."""

from __future__ import annotations

import itertools
import math
from collections import Counter

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from osai import privacy as P

# ---------------------------------------------------------------- independent reference checksums


def ref_luhn_check_digit(body: str) -> str:
    """The digit that makes body + digit pass Luhn, computed the textbook way (not P's code)."""
    doubled = []
    for position, char in enumerate(reversed(body)):
        value = int(char) * (2 if position % 2 == 0 else 1)  # rightmost body digit is doubled
        doubled.append(value // 10 + value % 10)
    return str((10 - sum(doubled) % 10) % 10)


def ref_iban(country: str, bban: str) -> str:
    numeric = "".join(str(ord(c) - 55) if c.isalpha() else c for c in bban + country + "00")
    return f"{country}{98 - int(numeric) % 97:02d}{bban}"


def spaced(s: str, sep: str = " ", size: int = 4) -> str:
    return sep.join(s[i:i + size] for i in range(0, len(s), size))


digits = st.text(alphabet="0123456789", min_size=1)
NOISE = st.text(alphabet="äöüßéçñøåÆЖ中文 ,.!?;:()", max_size=30)


@settings(deadline=None)
@given(st.text(alphabet="0123456789", min_size=12, max_size=18), st.sampled_from(["", " ", "-"]))
def test_luhn_valid_numbers_pass_with_any_separator(body, sep):
    number = body + ref_luhn_check_digit(body)
    assert P.luhn_valid(number) and P.luhn_valid(spaced(number, sep))


@settings(deadline=None)
@given(st.text(alphabet="0123456789", min_size=12, max_size=18), st.data())
def test_luhn_detects_every_single_digit_error(body, data):
    number = body + ref_luhn_check_digit(body)
    i = data.draw(st.integers(0, len(number) - 1))
    new = data.draw(st.sampled_from([d for d in "0123456789" if d != number[i]]))
    assert not P.luhn_valid(number[:i] + new + number[i + 1:])


@settings(deadline=None)
@given(st.text(max_size=25))
def test_luhn_never_crashes(text):
    assert P.luhn_valid(text) in (True, False)


def test_luhn_rejects_non_ascii_digits_and_non_strings():
    assert not P.luhn_valid("٤٥٣٩١٤٨٨٠٣٤٣٦٤٦٧")  # Arabic-Indic digits
    assert not P.luhn_valid("")
    with pytest.raises(TypeError):
        P.luhn_valid(4539148803436467)


countries = st.sampled_from(["DE", "FR", "NL", "GB", "IT", "AT"])
bbans = st.text(alphabet="0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ", min_size=11, max_size=30)


@settings(deadline=None)
@given(countries, bbans)
def test_iban_valid_with_and_without_spaces(country, bban):
    iban = ref_iban(country, bban)
    assert P.iban_valid(iban) and P.iban_valid(spaced(iban)) and P.iban_valid(iban.lower())


@settings(deadline=None)
@given(countries, bbans, st.data())
def test_iban_detects_single_character_errors(country, bban, data):
    iban = ref_iban(country, bban)
    i = data.draw(st.integers(2, len(iban) - 1))
    assume(iban[i].isdigit())
    new = data.draw(st.sampled_from([d for d in "0123456789" if d != iban[i]]))
    assert not P.iban_valid(iban[:i] + new + iban[i + 1:])


def test_iban_known_examples():
    assert P.iban_valid("DE89 3704 0044 0532 0130 00")  # the standard German example
    assert P.iban_valid("GB82 WEST 1234 5698 7654 32")  # the standard British example
    assert not P.iban_valid("DE89 3704")
    assert not P.iban_valid("DE89 3704 0044 0532 0130 00 12345678901234567")


# ---------------------------------------------------------------- find_pii


@settings(deadline=None)
@given(NOISE, NOISE, countries, st.text(alphabet="0123456789", min_size=18, max_size=18), st.booleans())
def test_find_iban_in_unicode_text(before, after, country, bban, with_spaces):
    iban = ref_iban(country, bban)
    shown = spaced(iban) if with_spaces else iban
    text = f"{before} {shown} {after}"
    found = [f for f in P.find_pii(text) if f.kind == "iban"]
    start = len(before) + 1
    assert found == [P.Finding(start, start + len(shown), "iban", shown)]


@settings(deadline=None)
@given(NOISE, NOISE, st.text(alphabet="0123456789", min_size=15, max_size=15), st.sampled_from(["", " ", "-"]))
def test_find_card_in_unicode_text(before, after, body, sep):
    number = spaced(body + ref_luhn_check_digit(body), sep)
    text = f"{before} {number} {after}"
    found = [f for f in P.find_pii(text) if f.kind == "card"]
    assert [(f.start, f.text) for f in found] == [(len(before) + 1, number)]


@settings(deadline=None)
@given(st.text(alphabet="0123456789", min_size=15, max_size=15), st.data())
def test_random_16_digit_number_that_fails_luhn_is_not_a_card(body, data):
    wrong = data.draw(st.sampled_from([d for d in "0123456789" if d != ref_luhn_check_digit(body)]))
    text = f"Reference {spaced(body + wrong)} for your transfer."
    assert not [f for f in P.find_pii(text) if f.kind == "card"]


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=200), st.lists(st.text(min_size=1, max_size=8), max_size=3))
def test_findings_never_overlap_and_point_at_their_text(text, names):
    found = P.find_pii(text, names=names)
    assert found == sorted(found)
    for a, b in itertools.pairwise(found):
        assert a.end <= b.start
    for f in found:
        assert text[f.start:f.end] == f.text and f.kind in P.KINDS and f.end > f.start


def test_overlap_priority_iban_beats_card_and_phone():
    iban = "DE89 3704 0044 0532 0130 00"
    assert [f.kind for f in P.find_pii(f"IBAN {iban}.")] == ["iban"]


def test_kinds_examples():
    text = ("Zoë Yılmaz (geb. 29.02.1988) wrote from zoe.yilmaz@example.de, tel. +49 (0)30 123 4567; "
            "Annabel is not Anna. Paid on 03.05.2024, amount 1500.00.")
    found = {(f.kind, f.text) for f in P.find_pii(text, names=["Zoë Yılmaz", "Anna"])}
    assert found == {("name", "Zoë Yılmaz"), ("date_of_birth", "29.02.1988"), ("email", "zoe.yilmaz@example.de"),
                     ("phone", "+49 (0)30 123 4567"), ("name", "Anna")}


def test_date_of_birth_needs_a_cue_and_a_real_date():
    assert not P.find_pii("Transfer on 12.03.1985 failed")
    assert not P.find_pii("born 31.02.1990")
    assert [f.text for f in P.find_pii("date of birth: 1985-03-12")] == ["1985-03-12"]
    assert [f.text for f in P.find_pii("I was born 4 July 1976.")] == ["4 July 1976"]


def test_longest_name_wins():
    found = P.find_pii("Anna Maria Schmidt called", names=["Anna", "Anna Maria Schmidt"])
    assert [f.text for f in found] == ["Anna Maria Schmidt"]


def test_find_pii_bad_input():
    with pytest.raises(TypeError, match="names=\\['Anna Schmidt'\\]"):
        P.find_pii("x", names="Anna Schmidt")
    with pytest.raises(ValueError, match="did you mean 'email'"):
        P.find_pii("x", kinds=["emails"])
    with pytest.raises(TypeError):
        P.find_pii(None)


# ---------------------------------------------------------------- redact


@settings(max_examples=40, deadline=None)
@given(st.integers(0, 10_000), st.sampled_from([P.KINDS, ("card", "iban"), ("email",)]))
def test_redact_keeps_offsets_and_removes_what_it_should(seed, kinds):
    for message in P.make_customer_messages(4, seed=seed):
        out = P.redact(message.text, kinds=kinds, names=message.names)
        assert len(out) == len(message.text)
        masked = {i for f in message.truth if f.kind in kinds for i in range(f.start, f.end)}
        for i, (a, b) in enumerate(zip(message.text, out)):
            assert (b == "█") if i in masked else (a == b)
        assert not P.find_pii(out, names=message.names, kinds=kinds)


@settings(deadline=None)
@given(st.text(max_size=120))
def test_redact_any_text_same_length(text):
    out = P.redact(text, mask="#")
    assert len(out) == len(text)
    assert not P.find_pii(out)


def test_redact_with_given_findings_and_bad_input():
    text = "abc def"
    assert P.redact(text, findings=[P.Finding(4, 7, "name", "def")]) == "abc ███"
    with pytest.raises(ValueError, match="outside the text"):
        P.redact(text, findings=[P.Finding(4, 70, "name", "def")])
    with pytest.raises(ValueError, match="single character"):
        P.redact(text, mask="**")


# ---------------------------------------------------------------- generator and scores


def test_generator_deterministic_and_truthful():
    a, b = P.make_customer_messages(30, seed=7), P.make_customer_messages(30, seed=7)
    assert a == b and a != P.make_customer_messages(30, seed=8)
    kinds = Counter(f.kind for m in a for f in m.truth)
    assert set(kinds) <= set(P.KINDS) and len(kinds) >= 5
    for m in a:
        assert all(m.text[f.start:f.end] == f.text for f in m.truth)
    with pytest.raises(ValueError):
        P.make_customer_messages(-1)
    with pytest.raises(TypeError):
        P.make_customer_messages(3, seed="x")


def test_scores_perfect_for_find_pii_and_lower_for_a_naive_regex():
    import re

    messages = P.make_customer_messages(300, seed=3)
    assert P.detection_scores(messages)["all"] == pytest.approx(
        {**P.detection_scores(messages)["all"], "precision": 1.0, "recall": 1.0})

    def naive(text, names):
        return [P.Finding(m.start(), m.end(), "card", m.group()) for m in re.finditer(r"\d{4}[ -]?\d{4}[ -]?\d{4}[ -]?\d{4}", text)]

    card = P.detection_scores(messages, detector=naive, kinds=["card"])["card"]
    assert card["recall"] > 0.9 and card["precision"] < 0.9  # Luhn-failing numbers and IBAN digits fool it


# ---------------------------------------------------------------- k-anonymity


tables = st.integers(1, 40).flatmap(lambda n: st.tuples(
    st.lists(st.sampled_from([1, 2, 3, None]), min_size=n, max_size=n),
    st.lists(st.sampled_from(["a", "b", "ü"]), min_size=n, max_size=n),
    st.lists(st.integers(18, 80), min_size=n, max_size=n)))


@settings(max_examples=60, deadline=None)
@given(tables)
def test_k_anonymity_matches_brute_force(columns):
    import pandas as pd

    x, y, age = columns
    frame = pd.DataFrame({"x": x, "y": y, "age": age})
    for qis in (["x"], ["y", "age"], ["x", "y", "age"]):
        rows = list(zip(*(dict(x=x, y=y, age=age)[c] for c in qis)))
        assert P.k_anonymity(frame, qis) == min(Counter(rows).values())


def test_k_anonymity_bad_input():
    import pandas as pd

    frame = pd.DataFrame({"age": [1]})
    with pytest.raises(KeyError, match="did you mean 'age'"):
        P.k_anonymity(frame, ["ag"])
    with pytest.raises(ValueError, match="empty"):
        P.k_anonymity(frame.iloc[:0], ["age"])
    with pytest.raises(ValueError, match="at least one"):
        P.k_anonymity(frame, [])


@settings(max_examples=60, deadline=None)
@given(tables)
def test_generalize_never_lowers_k(columns):
    import pandas as pd

    x, y, age = columns
    frame = pd.DataFrame({"x": x, "y": y, "age": age})
    base = P.k_anonymity(frame, ["y", "age"])
    for rules in ({"age": 10}, {"age": [0, 30, 50, 200]}, {"y": {"a": "ab", "b": "ab"}}, {"age": "*", "y": "*"}):
        assert P.k_anonymity(P.generalize(frame, rules), ["y", "age"]) >= base
    assert P.k_anonymity(P.generalize(frame, {"age": "*", "y": "*"}), ["y", "age"]) == len(frame)


def test_generalize_labels_and_bad_rules():
    import pandas as pd

    frame = pd.DataFrame({"age": [19, 25, 61, 75]})
    assert P.generalize(frame, {"age": [0, 25, 60, 200]})["age"].tolist() == ["0-24", "25-59", "60+", "60+"]
    assert P.generalize(frame, {"age": 10})["age"].tolist() == ["10-19", "20-29", "60-69", "70-79"]
    assert frame["age"].tolist() == [19, 25, 61, 75]  # the input is not changed
    for bad in ("x", 0, True, [3, 1], object()):
        with pytest.raises((ValueError, TypeError)):
            P.generalize(frame, {"age": bad})
    with pytest.raises(KeyError):
        P.generalize(frame, {"agee": 10})


def test_least_generalization_is_least_by_brute_force():
    import pandas as pd

    rng = __import__("random").Random(0)
    frame = pd.DataFrame({"age": [rng.randint(18, 80) for _ in range(60)],
                          "sex": [rng.choice("fm") for _ in range(60)],
                          "job": [rng.choice(["a", "b", "c"]) for _ in range(60)]})
    ladders = {"age": [None, 10, [0, 40, 200], "*"], "sex": [None, "*"], "job": [None, {"a": "ab", "b": "ab"}, "*"]}
    for k in (2, 4, 8):
        result = P.least_generalization(frame, k, ladders)
        assert result.k >= k
        applied = P.generalize(frame, result.rules)
        assert P.k_anonymity(applied, list(ladders)) == result.k
        # no combination with a smaller information loss (entropy lost, computed here) reaches k
        def bits(values):
            counts = Counter(map(str, values)).values()
            return -sum(c / len(frame) * math.log2(c / len(frame)) for c in counts)

        base = {c: bits(frame[c]) for c in ladders}
        for levels in itertools.product(*(range(len(v)) for v in ladders.values())):
            rules = {c: ladders[c][lv] for c, lv in zip(ladders, levels)}
            applied = P.generalize(frame, rules)
            if P.k_anonymity(applied, list(ladders)) >= k:
                loss = sum(base[c] - bits(applied[c]) for c in ladders) / sum(base.values())
                assert result.information_loss <= loss + 1e-4


def test_least_generalization_on_german_credit():
    from osai.data import german_credit

    frame = german_credit()
    qis = list(P.german_credit_ladders())
    assert P.k_anonymity(frame, qis) == 1
    result = P.least_generalization(frame, 5)
    assert result.k >= 5 and 0 < result.information_loss < 1
    assert P.k_anonymity(P.generalize(frame, result.rules), qis) == result.k
    with pytest.raises(ValueError, match="larger than the table"):
        P.least_generalization(frame, 1001)
    with pytest.raises(ValueError):
        P.least_generalization(frame, 0)


# ---------------------------------------------------------------- membership inference


@settings(deadline=None)
@given(st.lists(st.floats(0, 1), min_size=1, max_size=20), st.lists(st.floats(0, 1), min_size=1, max_size=20))
def test_threshold_advantage_matches_brute_force(members, others):
    best = max([0.0] + [sum(m >= t for m in members) / len(members) - sum(o >= t for o in others) / len(others)
                        for t in members + others])
    assert P.threshold_advantage(members, others)[0] == pytest.approx(best)


def test_threshold_advantage_bad_input():
    with pytest.raises(ValueError):
        P.threshold_advantage([], [0.5])
    with pytest.raises(ValueError):
        P.threshold_advantage([float("nan")], [0.5])


def test_overfitted_model_leaks_more_than_a_regularised_one():
    import numpy as np
    from sklearn.linear_model import LogisticRegression
    from sklearn.tree import DecisionTreeClassifier

    rng = np.random.default_rng(0)
    X = rng.normal(size=(400, 5))
    y = (X[:, 0] + rng.normal(scale=1.5, size=400) > 0).astype(int)
    train, holdout = (X[:200], y[:200]), (X[200:], y[200:])
    deep = DecisionTreeClassifier(random_state=0).fit(*train)
    simple = LogisticRegression(C=0.1).fit(*train)
    a_deep = P.membership_advantage(deep, train, holdout)
    a_simple = P.membership_advantage(simple, train, holdout)
    assert a_deep.advantage > 0.3 > a_simple.advantage
    assert a_deep.train_confidence == pytest.approx(1.0)
    with pytest.raises(ValueError, match="not one of the model's classes"):
        P.membership_advantage(deep, train, (X[:2], np.array([5, 5])))
    with pytest.raises(TypeError):
        P.membership_advantage(object(), train, holdout)


def _check_digits(country: str, bban: str) -> int:
    digits = "".join(str(int(c, 36)) for c in bban + country + "00")
    return 98 - int(digits) % 97


def test_check_digits_00_and_01_are_never_valid():
    """00 and 01 pass the bare mod-97 test exactly when 97 and 98 do; ISO 13616 allows 02-98 only."""
    found = {}
    for n in range(10**17, 10**17 + 5000):
        code = _check_digits("DE", str(n))
        if code in (97, 98) and code not in found:
            found[code] = str(n)
    assert set(found) == {97, 98}
    for code, bban in found.items():
        assert P.iban_valid(f"DE{code}{bban}")
        assert not P.iban_valid(f"DE{code - 97:02d}{bban}")


def test_generator_seed_165_has_no_false_iban():
    for message in P.make_customer_messages(4, seed=165):
        found = sorted((f.start, f.end, f.kind) for f in P.find_pii(message.text, names=message.names))
        assert found == sorted((f.start, f.end, f.kind) for f in message.truth)


@given(st.lists(st.integers(min_value=19, max_value=75), min_size=1, max_size=6, unique=True))
@settings(max_examples=25, deadline=None)
def test_information_loss_lies_between_nothing_and_everything(cuts):
    from osai.data import german_credit
    from osai.privacy import generalize, information_loss

    credit = german_credit()
    edges = [0, *sorted(cuts), 200]
    banded = information_loss(credit, generalize(credit, {"age_years": edges}), ["age_years"])
    coarser = information_loss(credit, generalize(credit, {"age_years": [0, *sorted(cuts)[:1], 200]}), ["age_years"])
    assert 0.0 < banded <= coarser <= 1.0  # fewer bands never keep more information (one band keeps none)
    assert information_loss(credit, credit, ["age_years", "job"]) == 0.0
    with pytest.raises((KeyError, ValueError)):
        information_loss(credit, credit, ["no_such_column"])


@pytest.mark.parametrize("text, address", [
    ("Write to o'brien+loans@bank.co.uk today.", "o'brien+loans@bank.co.uk"),  # an apostrophe inside a word
    ("Her address is 'ana.lima@example.org'.", "ana.lima@example.org"),  # quotes around it are not part of it
    ("ops{team}@example.com", "ops{team}@example.com"),  # RFC 5322 atext
])
def test_email_local_parts_follow_rfc_5322_atext(text, address):
    from osai.privacy import find_pii

    assert [f.text for f in find_pii(text) if f.kind == "email"] == [address]

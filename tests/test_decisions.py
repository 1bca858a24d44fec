# SPDX-FileCopyrightText: 2026 The Open Source AI Lab Kit authors
# SPDX-License-Identifier: MIT
"""``as_decisions`` and ``rethink`` (``osai.checks.validators``): a dict of lettered decisions, read and judged."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from osai.checks import Mismatch
from osai.checks.validators import as_decisions, fold_key, rethink

LETTERS = "abcde"
ASK = {"missing": "decide every claim: no decision yet for {missing}",
       "unknown": "{key!r} is not a claim: the claims are a, b, c, d and e"}


def _mismatch(call, *args, **kwargs) -> str:
    with pytest.raises(Mismatch) as raised:
        call(*args, **kwargs)
    text = str(raised.value)
    assert "\n" not in text
    return text


def _verdict(letter, value):
    if not isinstance(value, bool):
        raise Mismatch(f"claim {letter}: decide with True or False, got {type(value).__name__}")
    return value


decisions = st.dictionaries(st.sampled_from(LETTERS), st.booleans())


@given(decisions, st.sampled_from([str.upper, str.lower, lambda k: f"  {k} ", lambda k: f"{k.upper()}\t"]))
def test_keys_are_matched_in_any_case_and_spacing_and_missing_letters_are_named_in_order(answer, spell):
    typed = {spell(k): v for k, v in answer.items()}
    missing = [k for k in LETTERS if k not in answer]
    if missing:
        assert _mismatch(as_decisions, typed, LETTERS, "a dict", **ASK) == \
            f"decide every claim: no decision yet for {', '.join(missing)}"
    else:
        assert as_decisions(typed, LETTERS, "a dict", **ASK) == answer


@given(decisions, st.lists(st.text(min_size=1, max_size=6).filter(lambda k: fold_key(k) not in LETTERS),
                           min_size=1, max_size=3))
def test_an_unknown_key_is_named_before_any_missing_letter(answer, strays):
    typed = {**answer, **dict.fromkeys(strays, True)}
    first = sorted(fold_key(k) for k in strays)[0]
    assert _mismatch(as_decisions, typed, LETTERS, "a dict", **ASK) == \
        f"{first!r} is not a claim: the claims are a, b, c, d and e"


@given(st.one_of(st.none(), st.integers(), st.text(), st.lists(st.tuples(st.sampled_from(LETTERS), st.booleans()))))
def test_anything_but_a_dict_is_refused_with_what_was_expected(value):
    assert _mismatch(as_decisions, value, LETTERS, 'a dict such as {"a": True}', **ASK).startswith(
        'expected a dict such as {"a": True}, got ')


@given(st.permutations(LETTERS), st.lists(st.sampled_from(LETTERS), min_size=2, max_size=5, unique=True))
def test_decide_runs_in_the_learners_order_or_the_letters_order(order, bad):
    answer = {k: ("yes" if k in bad else True) for k in order}
    first_given = next(k for k in order if k in bad)
    first_listed = next(k for k in LETTERS if k in bad)
    assert _mismatch(as_decisions, answer, LETTERS, "a dict", decide=_verdict, **ASK).startswith(f"claim {first_given}:")
    assert _mismatch(as_decisions, answer, LETTERS, "a dict", decide=_verdict, order="letters", **ASK).startswith(
        f"claim {first_listed}:")


@given(st.permutations(LETTERS))
def test_the_decisions_come_back_in_the_order_asked_for(order):
    answer = {k: True for k in order}
    assert list(as_decisions(answer, LETTERS, "a dict", **ASK)) == list(order)
    assert list(as_decisions(answer, LETTERS, "a dict", order="letters", **ASK)) == list(LETTERS)


def test_decide_gives_the_plain_form_and_a_key_typed_twice_keeps_its_last_decision():
    got = as_decisions({"a": " Use ", "A": "SHARE", "b": "use"}, "ab", "a dict", decide=lambda _, v: v.strip().lower(),
                       **ASK)
    assert got == {"a": "share", "b": "use"} and list(got) == ["a", "b"]


def test_messages_may_be_functions_of_the_keys_as_given_and_of_the_letters_not_decided():
    names = ["Heron-1B", "Kestrel-7B"]
    unknown = lambda keys, missing: f"{keys[0]!r} is not a release ({len(missing)} undecided)"  # noqa: E731
    missing = lambda letters: f"nothing yet for {letters[0]} and {len(letters) - 1} more"  # noqa: E731
    assert _mismatch(as_decisions, {"Zed": 1, "Robin": 2}, names, "a dict", unknown=unknown, missing=missing) == \
        "'Zed' is not a release (2 undecided)"
    assert _mismatch(as_decisions, {}, names, "a dict", unknown=unknown, missing=missing) == \
        "nothing yet for Heron-1B and 1 more"
    assert as_decisions({"heron-1b ": True, "KESTREL-7B": False}, names, "a dict", unknown=unknown, missing=missing) == \
        {"Heron-1B": True, "Kestrel-7B": False}


def test_an_exact_fold_takes_only_the_keys_as_written():
    exact = {"fold": str, "unknown": "expected exactly the keys 'A' to 'B'", "missing": "expected exactly the keys"}
    assert as_decisions({"A": 1, "B": 2}, "AB", "a dict", **exact) == {"A": 1, "B": 2}
    assert _mismatch(as_decisions, {"a": 1, "B": 2}, "AB", "a dict", **exact) == "expected exactly the keys 'A' to 'B'"


@pytest.mark.parametrize(("letters", "order"), [([], "given"), (["a", 1], "given"), ("ab", "sorted")])
def test_bad_arguments_raise_a_clear_error(letters, order):
    with pytest.raises(ValueError, match="letters must be|order must be"):
        as_decisions({}, letters, "a dict", order=order, **ASK)


@given(st.lists(st.sampled_from(LETTERS), max_size=5, unique=True))
def test_rethink_counts_the_wrong_decisions_and_names_the_first(wrong):
    why = {k: f"reread {k}" for k in LETTERS}
    one, many = "1 claim to rethink: {first}: {why}", "{n} claims to rethink; first, {first}: {why}"
    if not wrong:
        assert rethink(wrong, one, many, why=why) is None
    elif len(wrong) == 1:
        assert _mismatch(rethink, wrong, one, many, why=why) == f"1 claim to rethink: {wrong[0]}: reread {wrong[0]}"
    else:
        assert _mismatch(rethink, wrong, one, many, why=why) == \
            f"{len(wrong)} claims to rethink; first, {wrong[0]}: reread {wrong[0]}"
        assert _mismatch(rethink, wrong, "{n} to rethink") == f"{len(wrong)} to rethink"  # one template for any count

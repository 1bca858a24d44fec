# SPDX-FileCopyrightText: 2026 The Open Source AI Lab Kit authors
# SPDX-License-Identifier: MIT
"""Validators: one vocabulary for the verifiers' type guards, and :class:`Mismatch`, the wrong answer.

Each ``as_*`` returns the value (or its plain Python form) when it has the expected type, and raises
:class:`Mismatch` with a one-line message saying what was expected and what was got. Import them
from :mod:`osai.checks`. :func:`as_decisions` reads a dict of decisions, one per lettered claim or named item
(unknown and missing keys, each decision's type), and :func:`rethink` counts the wrong ones and names the first
(import these two from :mod:`osai.checks.validators`).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any, Literal

from osai.checks.text import safe_repr

__all__ = ["Mismatch", "as_decisions", "as_function", "as_instance", "as_int", "as_mapping", "as_number", "as_strings",
           "expect", "fold_key", "rethink"]


class Mismatch(Exception):
    """Raised by an exercise's verifier when the answer is wrong; its message is shown to the learner."""


# Raised to the learner through the package's public name (tracebacks say osai.checks.Mismatch).
Mismatch.__module__ = "osai.checks"


def expect(condition: object, message: str) -> None:
    """Raise :class:`Mismatch` with ``message`` unless ``condition`` is true.

    >>> expect(1 + 1 == 2, "arithmetic is broken")
    >>> expect(False, "expected a positive number")
    Traceback (most recent call last):
    ...
    osai.checks.Mismatch: expected a positive number
    """
    if not condition:
        raise Mismatch(message)


def _kind(value: object) -> str:
    """The type name of ``value``, for "got ..." (never raises)."""
    try:
        return type(value).__name__
    except BaseException:  # noqa: BLE001 - a hostile metaclass must not escape
        return "object"


def as_number(value: Any, what: str) -> float:
    """``value`` as a finite float, or :class:`Mismatch` saying ``expected <what>, got ...``.

    Takes ``int``, ``float`` and NumPy (or other ``.item()``) scalars; refuses ``bool`` (True is not
    a number of anything), strings, and ``nan`` or infinities.

    >>> as_number(3, "a share between 0 and 1")
    3.0
    >>> as_number(True, "a share between 0 and 1")
    Traceback (most recent call last):
    ...
    osai.checks.Mismatch: expected a share between 0 and 1, got bool
    >>> as_number(float("nan"), "a probability")
    Traceback (most recent call last):
    ...
    osai.checks.Mismatch: expected a probability, got nan
    """
    if isinstance(value, (bool, str, bytes)) or not (isinstance(value, (int, float)) or hasattr(value, "item")):
        raise Mismatch(f"expected {what}, got {_kind(value)}")
    try:
        number = float(value)
    except (TypeError, ValueError, OverflowError):
        raise Mismatch(f"expected {what}, got {_kind(value)}") from None
    if not math.isfinite(number):
        raise Mismatch(f"expected {what}, got {number!r}")
    return number


def as_int(value: Any, what: str) -> int:
    """``value`` as an ``int``, or :class:`Mismatch`: takes Python and NumPy integers, refuses ``bool`` and floats.

    >>> as_int(7, "a whole number")
    7
    >>> as_int(7.0, "a whole number")
    Traceback (most recent call last):
    ...
    osai.checks.Mismatch: expected a whole number, got float
    """
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if not isinstance(value, (bool, str, bytes, float)) and hasattr(value, "item"):
        try:
            item = value.item()
        except (TypeError, ValueError):
            item = None
        if isinstance(item, int) and not isinstance(item, bool):
            return item
    raise Mismatch(f"expected {what}, got {_kind(value)}")


def as_strings(value: Any, what: str) -> list[str]:
    """The items of a list, tuple, set or other collection of strings, or :class:`Mismatch`.

    A single string, bytes or a dict is refused: ``"MIT"`` is not a list of one license.

    >>> sorted(as_strings({"use", "study"}, "a set of words"))
    ['study', 'use']
    >>> as_strings("use", "a set of words")
    Traceback (most recent call last):
    ...
    osai.checks.Mismatch: expected a set of words, got str
    >>> as_strings(["use", 3], "a set of words")
    Traceback (most recent call last):
    ...
    osai.checks.Mismatch: expected a set of words: 3 is not a string
    """
    if isinstance(value, (str, bytes, Mapping)) or not isinstance(value, Iterable):
        raise Mismatch(f"expected {what}, got {_kind(value)}")
    items = list(value)
    for item in items:
        if not isinstance(item, str):
            raise Mismatch(f"expected {what}: {safe_repr(item, 30)} is not a string")
    return items


def as_function(value: Any, what: str) -> Callable[..., Any]:
    """``value`` if it can be called, or :class:`Mismatch`; ``what`` names the function and its arguments.

    >>> as_function(len, "a function size(x)") is len
    True
    >>> as_function(3, "a function size(x)")
    Traceback (most recent call last):
    ...
    osai.checks.Mismatch: expected a function size(x), got int
    """
    if not callable(value):
        raise Mismatch(f"expected {what}, got {_kind(value)}")
    return value


def as_mapping(value: Any, what: str) -> Mapping:
    """``value`` if it is a dict (any ``Mapping``), or :class:`Mismatch`.

    >>> as_mapping({"a": 1}, "a dict of rules")
    {'a': 1}
    >>> as_mapping([("a", 1)], "a dict of rules")
    Traceback (most recent call last):
    ...
    osai.checks.Mismatch: expected a dict of rules, got list
    """
    if not isinstance(value, Mapping):
        raise Mismatch(f"expected {what}, got {_kind(value)}")
    return value


def as_instance(value: Any, kind: type | tuple[type, ...], what: str) -> Any:
    """``value`` if it is an instance of ``kind``, or :class:`Mismatch`.

    >>> as_instance((1, 2), (tuple, list), "a pair (a, b)")
    (1, 2)
    >>> as_instance(None, (tuple, list), "a pair (a, b)")
    Traceback (most recent call last):
    ...
    osai.checks.Mismatch: expected a pair (a, b), got NoneType
    """
    if not isinstance(value, kind):
        raise Mismatch(f"expected {what}, got {_kind(value)}")
    return value


def fold_key(key: Any) -> str:
    """A decision's key as the learner may type it: ``str``, without outer spaces, lower case.

    >>> fold_key(" B ")
    'b'
    """
    return str(key).strip().lower()


def _message(template: str | Callable[..., str], *args: Any, **fields: Any) -> str:
    """``template`` filled with ``fields`` (``str.format``), or ``template(*args)`` when it is a function."""
    return template.format(**fields) if isinstance(template, str) else template(*args)


def as_decisions(value: Any, letters: Iterable[str], what: str, *,
                 missing: str | Callable[[list[str]], str],
                 unknown: str | Callable[[list[Any], list[str]], str],
                 decide: Callable[[str, Any], Any] | None = None,
                 fold: Callable[[Any], str] = fold_key,
                 order: Literal["given", "letters"] = "given") -> dict[str, Any]:
    """The learner's decisions, one per item of ``letters``, or :class:`Mismatch` naming the first problem.

    ``value`` must be a dict (else ``expected <what>, got ...``). Its keys are matched to ``letters`` (the
    letters or names of the items, in the order the exercise lists them) after
    ``fold`` (by default :func:`fold_key`: ``"A "`` is ``"a"``); for a key typed twice the last decision counts.
    Then, in this order, the one-line problems:

    - a key that is no letter: ``unknown``, a ``str.format`` template of ``{key}`` (the first such key in
      sorted order, folded), or a function of (those keys as given, in the learner's order; the letters not
      decided yet) returning the message;
    - letters not decided: ``missing``, a template of ``{missing}`` (their list, "b, c") or a function of that list;
    - each decision, in the learner's order or, with ``order="letters"``, in the order of ``letters``:
      ``decide(letter, decision)`` returns the decision in plain form or raises :class:`Mismatch`.

    Returns ``{letter: decision}`` in that same order.

    >>> ask = dict(missing="decide every claim: no decision yet for {missing}", unknown="{key!r} is not a claim")
    >>> as_decisions({"A ": True, "b": False}, "ab", "a dict of claims", **ask)
    {'a': True, 'b': False}
    >>> as_decisions({"a": True}, "abc", "a dict of claims", **ask)
    Traceback (most recent call last):
    ...
    osai.checks.Mismatch: decide every claim: no decision yet for b, c
    >>> as_decisions({"a": True, "z": False}, "ab", "a dict of claims", **ask)
    Traceback (most recent call last):
    ...
    osai.checks.Mismatch: 'z' is not a claim
    """
    letters = list(letters)
    if not letters or not all(isinstance(letter, str) for letter in letters):
        raise ValueError(f"letters must be a non-empty sequence of strings, got {letters!r}")
    if order not in ("given", "letters"):
        raise ValueError(f"order must be 'given' or 'letters', got {order!r}")
    decisions = as_mapping(value, what)
    by_fold = {fold(letter): letter for letter in letters}
    got: dict[str, Any] = {}
    strays: list[Any] = []
    for key, decision in decisions.items():
        letter = by_fold.get(fold(key))
        if letter is None:
            strays.append(key)
        else:
            got[letter] = decision
    undecided = [letter for letter in letters if letter not in got]
    if strays:
        raise Mismatch(_message(unknown, strays, undecided, key=sorted(fold(key) for key in strays)[0]))
    if undecided:
        raise Mismatch(_message(missing, undecided, missing=", ".join(undecided)))
    if order == "letters":
        got = {letter: got[letter] for letter in letters}
    if decide is not None:
        got = {letter: decide(letter, decision) for letter, decision in got.items()}
    return got


def rethink(wrong: Sequence[str], one: str, many: str | None = None, why: Mapping[str, str] | None = None) -> None:
    """:class:`Mismatch` counting the ``wrong`` decisions and naming the first, or nothing when none is wrong.

    ``one`` (one wrong decision) and ``many`` (more; ``one`` when not given) are ``str.format`` templates of
    ``{n}`` (how many), ``{first}`` (the first wrong letter) and ``{why}`` (``why[first]``: what to reread,
    never the answer).

    >>> rethink([], "1 claim to rethink")
    >>> rethink(["b", "d"], "1 of 5 claims to rethink: claim {first}: {why}",
    ...         "{n} of 5 claims to rethink; first, claim {first}: {why}", why={"b": "reread section 3"})
    Traceback (most recent call last):
    ...
    osai.checks.Mismatch: 2 of 5 claims to rethink; first, claim b: reread section 3
    """
    if not wrong:
        return
    first = wrong[0]
    template = one if len(wrong) == 1 or many is None else many
    raise Mismatch(template.format(n=len(wrong), first=first, why=(why or {}).get(first, "")))

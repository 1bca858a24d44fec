# SPDX-FileCopyrightText: 2026 The Open Source AI Lab Kit authors
# SPDX-License-Identifier: MIT
"""Validators: one vocabulary for the verifiers' type guards, and :class:`Mismatch`, the wrong answer.

Each ``as_*`` returns the value (or its plain Python form) when it has the expected type, and raises
:class:`Mismatch` with a one-line message saying what was expected and what was got. Import them
from :mod:`osai.checks`.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from osai.checks.text import safe_repr

__all__ = ["Mismatch", "as_function", "as_instance", "as_int", "as_mapping", "as_number", "as_strings", "expect"]


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

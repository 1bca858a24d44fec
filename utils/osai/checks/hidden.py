# SPDX-FileCopyrightText: 2026 The Open Source AI Lab Kit authors
# SPDX-License-Identifier: MIT
"""Hidden tests: ``check.hidden("q1", luhn, cases)`` in a solution's check cell, run by the grade of record.

A solution's check cell may end with a block that the lab never shows (``build-labs`` strips it) and
that ``osai grade`` runs, because grading restores the check cells from ``solutions/``::

    check("q1", luhn)
    # BEGIN HIDDEN TESTS
    check.hidden("q1", luhn, [
        ("a number with dashes", ("4539-1488-0343-6467",), True),
        ("a single zero", ("0",), True),
    ])
    # END HIDDEN TESTS

Each case is ``(description, args, expected)``: ``args`` is the tuple of arguments (a value that is not a
tuple is the one argument), ``expected`` is the value the function must return (numbers are compared
to 1e-9, containers item by item), an exception class it must raise, or a one-argument predicate that
the returned value must satisfy. A case may also be ``(description, probe)``, where ``probe(function)``
returns whether the function behaves. The description names the *kind* of case, never its input: it
is all the student reads about a hidden case.

When every case passes, nothing is printed, so the check cell's output stays the visible line. The
first case that fails prints one line, ``❌ q1 failed: a hidden test did not pass (a number with
dashes)``; under nbgrader's autograde it raises :class:`AssertionError` like a failing check. Nothing
runs when the visible check did not pass: its line already says what is wrong. The cases live in the
solution notebook only, never in the package.

Import these names from :mod:`osai.checks`.

>>> run_hidden(abs, [("a negative number", (-2,), 2), ("zero", 0, 0)]) is None
True
>>> run_hidden(abs, [("a negative number", (-2,), -2)])
'a hidden test did not pass (a negative number)'
>>> run_hidden(int, [("text", ("x",), ValueError), ("a float", (2.5,), lambda got: got == 2)]) is None
True
"""

from __future__ import annotations

import contextlib
import io
import math
from collections.abc import Callable, Mapping, Sequence
from typing import Any

__all__ = ["Check", "hidden_detail", "run_hidden"]


def hidden_detail(description: str, error: BaseException | None = None) -> str:
    """The detail of a failed hidden case: its kind, and the kind of error it raised, never its input.

    >>> hidden_detail("an empty string", KeyError("x"))
    'a hidden test did not pass (an empty string: KeyError raised)'
    """
    if error is None:
        return f"a hidden test did not pass ({description})"
    return f"a hidden test did not pass ({description}: {type(error).__name__} raised)"


def _same(got: Any, want: Any) -> bool:
    """Whether a returned value is the expected one: numbers to 1e-9, containers item by item."""
    if hasattr(got, "tolist") and not isinstance(got, (str, bytes)):
        got = got.tolist()
    if isinstance(want, bool) or want is None:
        return got is want or (isinstance(got, bool) and got == want)
    if isinstance(want, (int, float)):
        if isinstance(got, bool) or not isinstance(got, (int, float)):
            return False
        return math.isclose(float(got), float(want), rel_tol=1e-9, abs_tol=1e-9)
    if isinstance(want, str):
        return isinstance(got, str) and got.strip() == want.strip()
    if isinstance(want, Mapping):
        return (isinstance(got, Mapping) and set(got) == set(want)
                and all(_same(got[key], value) for key, value in want.items()))
    if isinstance(want, (set, frozenset)):
        return isinstance(got, (set, frozenset, list, tuple)) and set(got) == want
    if isinstance(want, (list, tuple)):
        return (isinstance(got, (list, tuple)) and len(got) == len(want)
                and all(_same(a, b) for a, b in zip(got, want)))
    return bool(got == want)


def _case_passes(function: Callable[..., Any], case: Sequence[Any]) -> bool:
    """Run one case; raises what the function raised, unless the case expects that exception."""
    if len(case) == 2:
        return bool(case[1](function))
    _, args, want = case
    args = args if isinstance(args, tuple) else (args,)
    if isinstance(want, type) and issubclass(want, BaseException):
        try:
            function(*args)
        except want:
            return True
        return False
    got = function(*args)
    if callable(want) and not isinstance(want, type):
        return bool(want(got))
    return _same(got, want)


def run_hidden(function: Callable[..., Any], cases: Sequence[Sequence[Any]]) -> str | None:
    """Run the hidden ``cases`` on ``function``; ``None`` when all pass, else the detail of the first failure.

    What the function prints is discarded; an exception it raises fails its case (and is named).
    """
    if not callable(function):
        return "a hidden test did not pass (the answer is not a function)"
    for case in cases:
        if not isinstance(case, (tuple, list)) or len(case) not in (2, 3) or not isinstance(case[0], str):
            raise ValueError(f"a hidden case is (description, args, expected) or (description, probe), got {case!r}")
        sink = io.StringIO()
        try:
            with contextlib.redirect_stdout(sink), contextlib.redirect_stderr(sink):
                passed = _case_passes(function, case)
        except (KeyboardInterrupt, GeneratorExit):
            raise
        except BaseException as error:  # noqa: BLE001 - the learner's code may raise anything
            return hidden_detail(case[0], error)
        if not passed:
            return hidden_detail(case[0])
    return None


class Check:
    """The ``check`` of a lab's set-up cell: ``check(qid, value)``, and ``check.hidden(qid, function, cases)``.

    >>> from osai.checks import load_lab
    >>> check = Check(load_lab("00"))
    >>> check.hidden("q3", len, [("an empty list", ([],), 0)]) is None  # q3 has not passed: nothing runs
    True
    """

    def __init__(self, lab: Any) -> None:
        # as a bound ``Lab.check``: the Lab it belongs to, and the name the grader expects of an untouched check
        self.__self__, self.__qualname__ = lab, "Lab.check"

    def __call__(self, qid: str, value: Any = Ellipsis) -> Any:
        return self.__self__.check(qid, value)

    def hidden(self, qid: str, function: Any, cases: Sequence[Sequence[Any]]) -> Any:
        """Run hidden ``cases`` on ``function`` for exercise ``qid`` (see :mod:`osai.checks.hidden`)."""
        return self.__self__.hidden(qid, function, cases)

    def __repr__(self) -> str:
        return f"<check of lab {self.__self__.lab}>"


Check.__module__ = "osai.checks"

# SPDX-FileCopyrightText: 2026 The Open Source AI Lab Kit authors
# SPDX-License-Identifier: MIT
"""Self-checks for the labs: ``check("q1", answer)`` and ``hint("q1")``.

A lab's set-up cell binds the two functions to that lab::

    from osai.checks import for_lab
    check, hint = for_lab("00")

``check`` prints exactly one line, the same on every run, and returns a :class:`Result`:

- ``✅ q1 passed (1/1)``
- ``❌ q1 failed: <what is wrong>. Try hint("q1").``
- ``⏳ q1 not attempted yet``

It never raises, whatever the value: an exception inside the learner's code, or a value that cannot
be compared, is reported in that one line. A long message is shortened in the middle, between words
(:func:`shorten`), so its start and its end (often the expected value) stay, and the pointer to the
hints is never cut. ``hint`` prints the next hint and returns nothing, so a notebook shows it once. The one exception is grading by nbgrader (``nbgrader
autograde`` or ``validate``, which set ``NBGRADER_EXECUTION``): nbgrader scores a cell by whether it
raises, so there a check that did not pass raises ``AssertionError`` after printing its line.

Expected answers are not stored in plain text: the exercise definitions (``osai.exercises.labNN``)
keep a salted SHA-256 fingerprint of the answer, check a property the answer must have, or recompute
it from the shipped data.

A lab's verifiers are declared on an :class:`Exercises` registry, which keeps each exercise's points,
expected-value text and hints beside its verifier and derives each fingerprint's salt from the lab and
the exercise id. They share one vocabulary of validators (:func:`as_number`, :func:`as_int`,
:func:`as_strings`, :func:`as_function`, :func:`as_mapping`, :func:`as_instance`) that raise
:class:`Mismatch` with a one-line message saying what was expected and what was got.
"""

from __future__ import annotations

import contextvars
import functools
import hashlib
import importlib
import math
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

__all__ = [
    "Exercise",
    "Exercises",
    "Lab",
    "Mismatch",
    "Result",
    "STATUS_SYMBOLS",
    "as_function",
    "as_instance",
    "as_int",
    "as_mapping",
    "as_number",
    "as_strings",
    "canonical",
    "expect",
    "fingerprint",
    "for_lab",
    "load_lab",
    "matches",
    "normalize_lab_id",
    "safe_repr",
    "shorten",
]

#: What each status prints first. The word after the symbol carries the meaning too.
STATUS_SYMBOLS = {
    "passed": "✅",
    "failed": "❌",
    "not_attempted": "⏳",
    "unknown": "❓",
}

_ADDRESS = re.compile(r"0x[0-9a-fA-F]{4,}")
_MAX_DETAIL = 160


class Mismatch(Exception):
    """Raised by an exercise's verifier when the answer is wrong; its message is shown to the learner."""


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


def safe_repr(value: object, limit: int = 60) -> str:
    """A short ``repr`` that never raises and hides memory addresses.

    >>> safe_repr("x" * 100, limit=10)
    "'xxxxxx..."
    >>> class Bad:
    ...     def __repr__(self): raise RuntimeError("no")
    >>> safe_repr(Bad())
    '<Bad object>'
    """
    try:
        text = repr(value)
    except BaseException:  # noqa: BLE001 - a hostile __repr__ must not escape
        try:
            text = f"<{type(value).__name__} object>"
        except BaseException:  # noqa: BLE001
            text = "<object>"
    text = _ADDRESS.sub("0x…", text)
    if len(text) > limit:
        text = text[: max(limit - 3, 1)] + "..."
    return text


def _one_line(text: object) -> str:
    """``text`` on one line, without memory addresses (not shortened: :func:`shorten` does that)."""
    return _ADDRESS.sub("0x…", " ".join(str(text)[:20_000].split()))


#: What :func:`shorten` puts where it left words out.
GAP = " … "


def shorten(text: object, limit: int = _MAX_DETAIL) -> str:
    """``text`` on one line of at most ``limit`` characters, shortened in the middle, between words.

    The start (what is wrong) and the end (often the expected value or an example) are kept whole;
    words are left out of the middle and replaced by `` … ``. Only a single word longer than half
    the line (a long value, never a word of prose) is itself cut, and then ends with ``…``.

    >>> shorten("a short message")
    'a short message'
    >>> shorten("the branch name is not in lower case with hyphens, e.g. 'fix/card-license'", limit=50)
    "the branch name is not … e.g. 'fix/card-license'"
    >>> shorten("x" * 30, limit=10)
    'xxxxxxxxx…'
    """
    text = _one_line(text)
    if len(text) <= limit:
        return text
    words = text.split(" ")
    if len(words) == 1:
        return text[: limit - 1] + "…"
    budget = max(limit - len(GAP), 2)
    if len(words[0]) > budget // 2:  # a first word longer than half the line is a value: cut it
        words[0] = words[0][: max(budget // 2 - 1, 1)] + "…"

    def width(part: list[str]) -> int:
        return len(" ".join(part))

    head: list[str] = []
    while len(head) < len(words) and width(head + [words[len(head)]]) <= budget // 2:
        head.append(words[len(head)])
    tail: list[str] = []
    while len(head) + len(tail) < len(words) and width(head) + width([words[-len(tail) - 1]] + tail) <= budget:
        tail.insert(0, words[-len(tail) - 1])
    while len(head) + len(tail) < len(words) and width(head + [words[len(head)]]) + width(tail) <= budget:
        head.append(words[len(head)])
    if len(head) + len(tail) == len(words):
        return " ".join(head + tail)[:limit]
    if not tail:  # the last word alone does not fit: it is a value, cut it
        room = budget - width(head) - 1
        return (" ".join(head) + GAP + (words[-1][:room] + "…" if room > 1 else "")).rstrip()
    return " ".join(head) + GAP + " ".join(tail)


# ---- validators: one vocabulary for the verifiers' type guards -----------------------------------

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


def canonical(value: Any, decimals: int | None = None) -> str:
    """A stable text form of an answer, used for fingerprints.

    Strings are compared without case and surrounding or repeated spaces; numbers are compared as
    numbers (``3 == 3.0``), rounded to ``decimals`` places when given; lists and tuples keep their
    order; sets and dict keys do not. NumPy scalars and arrays are treated as Python numbers and lists.

    >>> canonical("  Apache-2.0 ") == canonical("apache-2.0")
    True
    >>> canonical(3) == canonical(3.0)
    True
    >>> canonical(0.12345, decimals=2)
    'n:0.12'
    >>> canonical({"b": 1, "a": [1, 2]})
    'd:{s:a=l:[n:1,n:2],s:b=n:1}'
    """
    if value is None:
        return "none"
    if isinstance(value, bool):
        return f"b:{value}"
    if hasattr(value, "tolist") and not isinstance(value, (str, bytes)):
        value = value.tolist()  # numpy / pandas / torch values
        if isinstance(value, bool):
            return f"b:{value}"
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        number = float(value) if isinstance(value, float) else value
        if isinstance(number, float):
            if math.isnan(number):
                return "n:nan"
            if math.isinf(number):
                return "n:inf" if number > 0 else "n:-inf"
            if decimals is not None:
                return f"n:{round(number, decimals):.{decimals}f}"
            if number.is_integer():
                return f"n:{int(number)}"
            return f"n:{number!r}"
        if decimals is not None:
            return f"n:{number:.{decimals}f}" if abs(number) < 10**15 else f"n:{number}"
        return f"n:{number}"
    if isinstance(value, str):
        return "s:" + " ".join(value.split()).casefold()
    if isinstance(value, Mapping):
        items = sorted(f"{canonical(k, decimals)}={canonical(v, decimals)}" for k, v in value.items())
        return "d:{" + ",".join(items) + "}"
    if isinstance(value, (set, frozenset)):
        return "set:{" + ",".join(sorted(canonical(v, decimals) for v in value)) + "}"
    if isinstance(value, (list, tuple)):
        return "l:[" + ",".join(canonical(v, decimals) for v in value) + "]"
    raise TypeError(f"cannot fingerprint a value of type {type(value).__name__}")


def fingerprint(value: Any, salt: str, decimals: int | None = None) -> str:
    """The salted SHA-256 of :func:`canonical` ``(value)``: how exercise answers are stored.

    >>> fingerprint("MIT", salt="00:q9") == fingerprint(" mit", salt="00:q9")
    True
    >>> len(fingerprint(42, salt="00:q9"))
    64
    """
    return hashlib.sha256(f"{salt}|{canonical(value, decimals)}".encode()).hexdigest()


def matches(value: Any, digest: str, salt: str, decimals: int | None = None) -> bool:
    """Whether ``value`` has the stored fingerprint ``digest``; ``False`` for values that cannot be fingerprinted.

    >>> matches(42, fingerprint(42, salt="s"), salt="s")
    True
    >>> matches(object(), "00", salt="s")
    False
    """
    try:
        return fingerprint(value, salt, decimals) == digest
    except Exception:  # noqa: BLE001 - a value that cannot be fingerprinted is simply not the answer
        return False


@dataclass(frozen=True)
class Exercise:
    """One exercise of a lab.

    ``verify(value)`` returns ``None`` when the answer is right and raises :class:`Mismatch` (or any
    exception) when it is not; ``expected`` says in a few words what kind of value the exercise takes,
    for the message shown when the value cannot be used at all.
    """

    qid: str
    points: int
    verify: Callable[[Any], object]
    expected: str
    hints: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if not re.fullmatch(r"q\d+[a-z]?", self.qid):
            raise ValueError(f"exercise id must look like 'q1' or 'q2b', got {self.qid!r}")
        if not isinstance(self.points, int) or self.points < 1:
            raise ValueError(f"points of {self.qid} must be a positive integer, got {self.points!r}")


#: The lab and exercise id of the verifier that is running, so that :meth:`Exercises.matches` knows its salt.
_RUNNING: contextvars.ContextVar[tuple[str, str] | None] = contextvars.ContextVar("osai_running_exercise",
                                                                                 default=None)


class Exercises:
    """The exercises of one lab, each declared with its metadata right above its verifier.

    The salt of every fingerprint is derived from the lab and the exercise id (``"05:q3"``), never
    typed, so a verifier copied to another exercise cannot silently compare against the wrong salt.

    >>> ex = Exercises("99")
    >>> @ex("q1", points=2, expects="a whole number", hints=("Count them.",))
    ... def _q1(answer):
    ...     expect(ex.matches(as_int(answer, "a whole number"), DIGEST), "not the count")
    >>> DIGEST = ex.fingerprint(7, "q1")
    >>> lab = Lab(ex.lab, dict(ex.items()))
    >>> lab.evaluate("q1", 7).status, lab.evaluate("q1", 8).detail
    ('passed', 'not the count. Try hint("q1").')
    >>> ex.salt("q1"), [e.points for e in ex]
    ('99:q1', [2])
    """

    def __init__(self, lab: object) -> None:
        self.lab = normalize_lab_id(lab)
        self._table: dict[str, Exercise] = {}

    def __call__(self, qid: str, *, points: int, expects: str,
                 hints: tuple[str, ...] = ()) -> Callable[[Callable[[Any], object]], Callable[[Any], object]]:
        """Register the decorated verifier as exercise ``qid``; the function itself is returned unchanged."""

        def register(verify: Callable[[Any], object]) -> Callable[[Any], object]:
            if qid in self._table:
                raise ValueError(f"exercise {qid} of lab {self.lab} is defined twice")
            self._table[qid] = Exercise(qid, points, self._bound(qid, verify), expects, tuple(hints))
            return verify

        return register

    def _bound(self, qid: str, verify: Callable[[Any], object]) -> Callable[[Any], object]:
        @functools.wraps(verify)
        def running(value: Any) -> object:
            token = _RUNNING.set((self.lab, qid))
            try:
                return verify(value)
            finally:
                _RUNNING.reset(token)

        return running

    def salt(self, qid: str, part: str = "") -> str:
        """The salt of exercise ``qid`` (``part`` tells apart several fingerprints of one exercise)."""
        return f"{self.lab}:{qid}{part}"

    def _qid(self, qid: str | None) -> str:
        if qid is None:
            running = _RUNNING.get()
            qid = running[1] if running is not None and running[0] == self.lab else None
        if qid not in self._table:
            raise ValueError(f"no exercise {qid!r} in lab {self.lab}: give qid= outside a verifier")
        return qid

    def matches(self, value: Any, digest: str, *, part: str = "", qid: str | None = None,
                decimals: int | None = None) -> bool:
        """Whether ``value`` has the stored fingerprint ``digest`` under the running exercise's salt.

        ``qid`` names another exercise of this lab whose answer this one reuses.
        """
        return matches(value, digest, self.salt(self._qid(qid), part), decimals)

    def fingerprint(self, value: Any, qid: str, part: str = "", decimals: int | None = None) -> str:
        """The digest to store for answer ``value`` of exercise ``qid``: how a lab's author makes one."""
        return fingerprint(value, self.salt(self._qid(qid), part), decimals)

    def items(self) -> Iterable[tuple[str, Exercise]]:
        return self._table.items()

    def __iter__(self):
        return iter(self._table.values())

    def __len__(self) -> int:
        return len(self._table)

    def __repr__(self) -> str:
        return f"Exercises({self.lab!r}: {', '.join(self._table) or 'none'})"


@dataclass(frozen=True)
class Result:
    """What a check found. ``line`` is exactly what :func:`check` printed."""

    lab: str
    qid: str
    status: str
    points: int
    max_points: int
    detail: str = ""

    @property
    def passed(self) -> bool:
        return self.status == "passed"

    @property
    def line(self) -> str:
        symbol = STATUS_SYMBOLS.get(self.status, "❓")
        if self.status == "passed":
            return f"{symbol} {self.qid} passed ({self.points}/{self.max_points})"
        if self.status == "not_attempted":
            return f"{symbol} {self.qid} not attempted yet"
        if self.status == "unknown":
            return f"{symbol} {self.qid}: {self.detail}"
        return f"{symbol} {self.qid} failed: {self.detail}"

    def _ipython_display_(self) -> None:
        """Show nothing when a check is the last line of a cell: the line was printed already."""


def normalize_lab_id(lab: object) -> str:
    """Turn ``0``, ``"0"``, ``"00"`` or ``"00_orientation"`` into ``"00"``.

    >>> normalize_lab_id("07_fairness_and_fraud")
    '07'
    >>> normalize_lab_id(3)
    '03'
    """
    if isinstance(lab, bool):
        raise ValueError(f"expected a lab number such as '00' or 3, got {lab!r}")
    if isinstance(lab, int) and 0 <= lab <= 99:
        return f"{lab:02d}"
    if isinstance(lab, str):
        found = re.match(r"^\s*(\d{1,2})(?:_\w*)?(?:\.ipynb)?\s*$", lab)
        if found:
            return f"{int(found.group(1)):02d}"
    raise ValueError(f"expected a lab number such as '00', 3 or '03_data_categories', got {safe_repr(lab)}")


@dataclass
class Lab:
    """The exercises of one lab, with the hint state of this session."""

    lab: str
    exercises: dict[str, Exercise]
    _hints_shown: dict[str, int] = field(default_factory=dict, repr=False)
    results: dict[str, Result] = field(default_factory=dict, repr=False)

    def _unknown(self, qid: object) -> Result:
        known = ", ".join(self.exercises) or "none"
        shown = qid if isinstance(qid, str) and len(qid) < 20 else safe_repr(qid, 20)
        return Result(self.lab, str(shown), "unknown", 0, 0,
                      f"no exercise {safe_repr(qid, 20)} in lab {self.lab}; expected one of: {known}")

    def evaluate(self, qid: str, value: Any) -> Result:
        """Check ``value`` against exercise ``qid`` without printing anything."""
        exercise = self.exercises.get(qid) if isinstance(qid, str) else None
        if exercise is None:
            return self._unknown(qid)
        base = dict(lab=self.lab, qid=qid, max_points=exercise.points)
        if value is Ellipsis:
            return Result(status="not_attempted", points=0, **base)
        try:
            exercise.verify(value)
        except NotImplementedError:
            return Result(status="not_attempted", points=0, **base)
        except Mismatch as wrong:
            return Result(status="failed", points=0, detail=self._with_hint(qid, str(wrong)), **base)
        except (KeyboardInterrupt, GeneratorExit):
            raise
        except BaseException as error:  # noqa: BLE001 - the learner's code may raise anything
            try:
                what = f"{type(error).__name__}: {_one_line(error)}" if str(error) else type(error).__name__
            except BaseException:  # noqa: BLE001 - even str(error) may be hostile
                what = "an exception"
            return Result(status="failed", points=0,
                          detail=self._with_hint(qid, f"{what} (expected {exercise.expected})"), **base)
        return Result(status="passed", points=exercise.points, **base)

    def _with_hint(self, qid: str, detail: str) -> str:
        """The detail shortened to one line (:func:`shorten`), then the pointer to the hints, never cut."""
        detail = shorten(detail)
        if detail.endswith(".") and not detail.endswith(".."):
            detail = detail[:-1]
        end = "" if detail.endswith(("?", "!", "…", "...")) else "."
        if self.exercises[qid].hints:
            return f'{detail}{end} Try hint("{qid}").'
        return f"{detail}{end}"

    def check(self, qid: str, value: Any = Ellipsis) -> Result:
        """Check an answer, print one line, return the :class:`Result`.

        Never raises, except under nbgrader's autograde or validate: there a check that did not
        pass raises ``AssertionError`` so that nbgrader scores its cell 0.
        """
        try:
            result = self.evaluate(qid, value)
        except (KeyboardInterrupt, GeneratorExit):
            raise
        except BaseException:  # noqa: BLE001 - last line of defence: a check never crashes a notebook
            result = Result(self.lab, str(qid)[:20], "failed", 0, 0, "the check could not run on this value.")
        self.results[result.qid] = result
        _emit(result.line)
        if not result.passed and _nbgrader_grading():
            raise AssertionError(result.line)
        return result

    def next_hint(self, qid: str) -> str:
        """The text of the next hint for ``qid``, without printing it (what :meth:`hint` prints)."""
        exercise = self.exercises.get(qid) if isinstance(qid, str) else None
        if exercise is None:
            return self._unknown(qid).line
        if not exercise.hints:
            return f"💡 {qid}: no hints for this exercise; reread the text above it."
        shown = self._hints_shown.get(qid, 0)
        index = min(shown, len(exercise.hints) - 1)
        self._hints_shown[qid] = shown + 1
        more = "" if index < len(exercise.hints) - 1 else " (that was the last hint)"
        return f"💡 {qid} hint {index + 1} of {len(exercise.hints)}: {exercise.hints[index]}{more}"

    def hint(self, qid: str) -> None:
        """Print the next hint for ``qid`` (hints never reveal the answer).

        It returns ``None``, so a notebook shows the hint once, not a second time as the cell's value;
        :meth:`next_hint` gives the same text without printing it.
        """
        _emit(self.next_hint(qid))

    @property
    def max_points(self) -> int:
        return sum(e.points for e in self.exercises.values())


def _nbgrader_grading() -> bool:
    """Whether nbgrader is grading this kernel (it sets ``NBGRADER_EXECUTION`` while it executes)."""
    import os

    return os.environ.get("NBGRADER_EXECUTION", "").strip().lower() in {"autograde", "validate"}


def _emit(line: str) -> None:
    """Write one line in a single write, so a notebook never stores it as two output chunks."""
    import sys

    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def _collect(exercises: Iterable[Exercise]) -> dict[str, Exercise]:
    table: dict[str, Exercise] = {}
    for exercise in exercises:
        if exercise.qid in table:
            raise ValueError(f"exercise {exercise.qid} is defined twice")
        table[exercise.qid] = exercise
    return table


def load_lab(lab: object) -> Lab:
    """Load the exercise definitions of a lab: the registry ``ex`` of module ``osai.exercises.labNN``.

    That module name is a plugin naming rule (see :mod:`osai.exercises`): the registry must be made
    for the same lab number, since every fingerprint's salt is derived from it.

    >>> load_lab("00").lab
    '00'
    >>> load_lab("99")
    Traceback (most recent call last):
    ...
    ValueError: no exercises for lab 99; labs with exercises: ...
    """
    number = normalize_lab_id(lab)
    try:
        module = importlib.import_module(f"osai.exercises.lab{number}")
    except ModuleNotFoundError as missing:
        if missing.name != f"osai.exercises.lab{number}":
            raise
        raise ValueError(f"no exercises for lab {number}; labs with exercises: {', '.join(available_labs())}") from None
    registry = getattr(module, "ex", None)
    if not isinstance(registry, Exercises) or registry.lab != number:
        raise ValueError(f"osai.exercises.lab{number} must define ex = Exercises({number!r}), "
                         f"got {safe_repr(registry)}")
    return Lab(number, _collect(registry))


def available_labs() -> list[str]:
    """Lab numbers that have exercise definitions."""
    from importlib import resources

    names = [p.name for p in resources.files("osai.exercises").iterdir()]
    return sorted(n[3:5] for n in names if re.fullmatch(r"lab\d\d\.py", n))


def for_lab(lab: object) -> tuple[Callable[..., Result], Callable[[str], None]]:
    """Return ``(check, hint)`` bound to one lab: the first line of every lab's set-up cell.

    ``hint`` prints the next hint and returns nothing, so a notebook shows it once.

    >>> check, hint = for_lab("00")
    >>> check("q1", ...).status
    ⏳ q1 not attempted yet
    'not_attempted'
    >>> hint("q9")
    ❓ q9: no exercise 'q9' in lab 00; expected one of: q1, q2, q3, q4, q5
    """
    loaded = load_lab(lab)
    return loaded.check, loaded.hint

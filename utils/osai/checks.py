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
be compared, is reported in that one line. The one exception is grading by nbgrader (``nbgrader
autograde`` or ``validate``, which set ``NBGRADER_EXECUTION``): nbgrader scores a cell by whether it
raises, so there a check that did not pass raises ``AssertionError`` after printing its line.

Expected answers are not stored in plain text: the exercise definitions (``osai.exercises.labNN``)
keep a salted SHA-256 fingerprint of the answer, check a property the answer must have, or recompute
it from the shipped data.
"""

from __future__ import annotations

import hashlib
import importlib
import math
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

__all__ = [
    "Exercise",
    "Lab",
    "Mismatch",
    "Result",
    "STATUS_SYMBOLS",
    "canonical",
    "expect",
    "fingerprint",
    "for_lab",
    "load_lab",
    "matches",
    "normalize_lab_id",
    "safe_repr",
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


def _one_line(text: str) -> str:
    text = _ADDRESS.sub("0x…", " ".join(str(text).split()))
    return text if len(text) <= _MAX_DETAIL else text[: _MAX_DETAIL - 3] + "..."


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
            return Result(status="failed", points=0, detail=self._with_hint(qid, _one_line(wrong)), **base)
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
        detail = detail.rstrip(". ")
        if self.exercises[qid].hints:
            return f'{detail}. Try hint("{qid}").'
        return f"{detail}."

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

    def hint(self, qid: str) -> str:
        """Print and return the next hint for ``qid`` (hints never reveal the answer)."""
        exercise = self.exercises.get(qid) if isinstance(qid, str) else None
        if exercise is None:
            text = self._unknown(qid).line
        elif not exercise.hints:
            text = f"💡 {qid}: no hints for this exercise; reread the text above it."
        else:
            shown = self._hints_shown.get(qid, 0)
            index = min(shown, len(exercise.hints) - 1)
            self._hints_shown[qid] = shown + 1
            more = "" if index < len(exercise.hints) - 1 else " (that was the last hint)"
            text = f"💡 {qid} hint {index + 1} of {len(exercise.hints)}: {exercise.hints[index]}{more}"
        _emit(text)
        return text

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
    """Load the exercise definitions of a lab (``osai.exercises.labNN``).

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
    return Lab(number, _collect(module.EXERCISES))


def available_labs() -> list[str]:
    """Lab numbers that have exercise definitions."""
    from importlib import resources

    names = [p.name for p in resources.files("osai.exercises").iterdir()]
    return sorted(n[3:5] for n in names if re.fullmatch(r"lab\d\d\.py", n))


def for_lab(lab: object) -> tuple[Callable[..., Result], Callable[[str], str]]:
    """Return ``(check, hint)`` bound to one lab: the first line of every lab's set-up cell.

    >>> check, hint = for_lab("00")
    >>> check("q1", ...).status
    ⏳ q1 not attempted yet
    'not_attempted'
    """
    loaded = load_lab(lab)
    return loaded.check, loaded.hint

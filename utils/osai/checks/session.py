# SPDX-FileCopyrightText: 2026 The Open Source AI Lab Kit authors
# SPDX-License-Identifier: MIT
"""The check/hint API of a lab: :func:`for_lab`, :class:`Lab` and the one-line :class:`Result`.

:func:`load_lab` imports ``osai.exercises.labNN`` and takes its :class:`~osai.checks.Exercises`
registry; a :class:`Lab` checks answers against it and prints one line per check. Import these names
from :mod:`osai.checks`.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from osai.checks.registry import Exercise, Exercises, normalize_lab_id
from osai.checks.text import _one_line, safe_repr, shorten
from osai.checks.validators import Mismatch

__all__ = ["STATUS_SYMBOLS", "Lab", "Result", "available_labs", "for_lab", "load_lab"]

#: What each status prints first. The word after the symbol carries the meaning too.
STATUS_SYMBOLS = {
    "passed": "✅",
    "failed": "❌",
    "not_attempted": "⏳",
    "unknown": "❓",
    "written": "📝",
}


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
        if self.status == "written":  # a written answer: the detail is the whole line (osai.checks.written)
            return f"{symbol} {self.detail}"
        return f"{symbol} {self.qid} failed: {self.detail}"

    def _ipython_display_(self) -> None:
        """Show nothing when a check is the last line of a cell: the line was printed already."""


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
        """Check ``value`` against exercise ``qid`` without printing anything.

        For a written question (``"w1"``) ``value`` is ignored: see :meth:`check`.
        """
        exercise = self.exercises.get(qid) if isinstance(qid, str) else None
        if exercise is None and _is_written_id(qid):
            from osai.checks.written import written_status

            line, points = written_status(qid)
            return Result(self.lab, qid, "written", 0, points or 0, line)
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

        ``check("q1", answer)`` checks exercise q1. ``check("w1")`` only reports on written answer w1 (a
        markdown cell), as the notebook was last saved: whether it is written and how long; your
        instructor grades it, so it earns nothing here and never raises.

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
        if not result.passed and result.status != "written" and _nbgrader_grading():
            raise AssertionError(result.line)
        return result

    def evaluate_hidden(self, qid: str, function: Any, cases: Any, before: str = "passed") -> Result | None:
        """The failed :class:`Result` of the first hidden case of ``cases`` that ``function`` fails, else ``None``.

        Nothing runs (``None``) unless ``before``, the status of the visible check, is ``"passed"``: a
        failing visible check already says what is wrong. See :mod:`osai.checks.hidden`.
        """
        from osai.checks.hidden import run_hidden

        exercise = self.exercises.get(qid) if isinstance(qid, str) else None
        if exercise is None or before != "passed":
            return None
        try:
            detail = run_hidden(function, cases)
        except (KeyboardInterrupt, GeneratorExit):
            raise
        except BaseException as error:  # noqa: BLE001 - a check never crashes a notebook
            detail = f"the hidden tests could not run ({type(error).__name__})"
        return None if detail is None else Result(self.lab, qid, "failed", 0, exercise.points, detail)

    def hidden(self, qid: str, function: Any, cases: Any) -> Result | None:
        """Run the hidden ``cases`` of ``qid`` on ``function`` after its visible check (``check.hidden(...)``).

        Prints nothing and returns ``None`` when they all pass or when the visible check of ``qid`` did not
        pass in this session; else prints one line naming the kind of case that failed and returns its
        :class:`Result` (and raises ``AssertionError`` under nbgrader's autograde, as :meth:`check` does).
        """
        before = self.results.get(qid)
        result = self.evaluate_hidden(qid, function, cases, before.status if before is not None else "not run")
        if result is None:
            return None
        self.results[qid] = result
        _emit(result.line)
        if _nbgrader_grading():
            raise AssertionError(result.line)
        return result

    def next_hint(self, qid: str) -> str:
        """The text of the next hint for ``qid``, without printing it (what :meth:`hint` prints)."""
        exercise = self.exercises.get(qid) if isinstance(qid, str) else None
        if exercise is None and _is_written_id(qid):
            from osai.checks.written import written_hint

            return written_hint(qid)
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


def _is_written_id(qid: object) -> bool:
    """Whether ``qid`` names a written question (``w1``): its self-check lives in :mod:`osai.checks.written`."""
    return isinstance(qid, str) and re.fullmatch(r"w\d+", qid) is not None


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
    from osai.checks.hidden import Check

    loaded = load_lab(lab)
    return Check(loaded), loaded.hint


# Both are used through the package's public name, and a grader that finds Lab patched in the learner's
# kernel says "osai.checks was modified". Doctest finds their docstrings' examples in osai.checks.
Result.__module__ = Lab.__module__ = "osai.checks"

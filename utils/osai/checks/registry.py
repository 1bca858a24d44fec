# SPDX-FileCopyrightText: 2026 The Open Source AI Lab Kit authors
# SPDX-License-Identifier: MIT
"""The :class:`Exercises` registry of a lab and the salted fingerprints that store its answers.

A lab's module ``osai.exercises.labNN`` declares each verifier on ``ex = Exercises("NN")`` with its
points, expected-value text and hints; the salt of every fingerprint derives from the lab and the
exercise id. Import these names from :mod:`osai.checks`.
"""

from __future__ import annotations

import contextvars
import functools
import hashlib
import math
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from osai.checks.text import safe_repr

__all__ = ["Exercise", "Exercises", "canonical", "fingerprint", "matches", "normalize_lab_id"]


def normalize_lab_id(lab: object) -> str:
    """Turn ``0``, ``"0"``, ``"00"`` or ``"00_orientation"`` into ``"00"``.

    >>> normalize_lab_id("08_fairness_and_fraud")
    '08'
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
    #: Dotted names of the kit's functions that a "write it yourself" answer may not call (see :mod:`osai.checks.guard`).
    refuses: tuple[str, ...] = ()
    #: Whether the notebook compares the learner's function with the refused kit function after the check.
    compared: bool = False

    def __post_init__(self) -> None:
        if not re.fullmatch(r"q\d+[a-z]?", self.qid):
            raise ValueError(f"exercise id must look like 'q1' or 'q2b', got {self.qid!r}")
        if not isinstance(self.points, int) or self.points < 1:
            raise ValueError(f"points of {self.qid} must be a positive integer, got {self.points!r}")


def _guarded(verify: Callable[[Any], object], value: Any, refuses: tuple[str, ...], compared: bool = False) -> object:
    """Run ``verify`` on ``value`` watched for calls of the refused functions; such a call fails the answer.

    ``compared``: the notebook compares the answer with the kit's function after, and the refusal says so."""
    from osai.checks.guard import delegation_message, refused_itself, watch
    from osai.checks.validators import Mismatch

    itself = refused_itself(value, refuses)
    if itself:
        raise Mismatch(delegation_message(value, itself, itself=True, compared=compared))
    watched, seen = watch(value, refuses)
    try:
        outcome = verify(watched)
    except Exception:  # noqa: BLE001 - a delegating answer is refused whatever else went wrong
        if seen:
            raise Mismatch(delegation_message(value, seen, compared=compared)) from None
        raise
    if seen:
        raise Mismatch(delegation_message(value, seen, compared=compared))
    return outcome


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

    A renumbered lab keeps the number its fingerprints were made under, so its stored digests stay valid:

    >>> Exercises("21", salt_lab="20").salt("q1")
    '20:q1'
    """

    def __init__(self, lab: object, salt_lab: object = None) -> None:
        self.lab = normalize_lab_id(lab)
        self.salt_lab = self.lab if salt_lab is None else normalize_lab_id(salt_lab)
        self._table: dict[str, Exercise] = {}

    def __call__(self, qid: str, *, points: int, expects: str,
                 hints: tuple[str, ...] = (),
                 refuses: tuple[str, ...] = (),
                 compared: bool = False) -> Callable[[Callable[[Any], object]], Callable[[Any], object]]:
        """Register the decorated verifier as exercise ``qid``; the function itself is returned unchanged.

        ``refuses`` names the kit's implementations of a function the student must write themselves
        (``("osai.privacy.luhn_valid",)``, resolved when the check runs): an answer that calls one fails.
        ``compared=True`` declares that the notebook compares the student's function with the kit's after
        the check, so the refusal may say the kit's function is there for that; without it, it does not.
        """
        if isinstance(refuses, str) or not all(isinstance(r, str) and "." in r for r in refuses):
            raise ValueError(f"refuses= of {qid} takes a tuple of dotted names such as ('osai.privacy.luhn_valid',), "
                             f"got {refuses!r}")
        if not isinstance(compared, bool) or (compared and not refuses):
            raise ValueError(f"compared= of {qid} is True only beside refuses= (the kit's function the notebook "
                             f"compares with), got compared={compared!r} and refuses={refuses!r}")

        def register(verify: Callable[[Any], object]) -> Callable[[Any], object]:
            if qid in self._table:
                raise ValueError(f"exercise {qid} of lab {self.lab} is defined twice")
            self._table[qid] = Exercise(qid, points, self._bound(qid, verify, tuple(refuses), compared), expects,
                                        tuple(hints), tuple(refuses), compared)
            return verify

        return register

    def _bound(self, qid: str, verify: Callable[[Any], object], refuses: tuple[str, ...] = (),
               compared: bool = False) -> Callable[[Any], object]:
        @functools.wraps(verify)
        def running(value: Any) -> object:
            token = _RUNNING.set((self.lab, qid))
            try:
                if not refuses or not callable(value):
                    return verify(value)
                return _guarded(verify, value, refuses, compared)
            finally:
                _RUNNING.reset(token)

        return running

    def salt(self, qid: str, part: str = "") -> str:
        """The salt of exercise ``qid`` (``part`` tells apart several fingerprints of one exercise)."""
        return f"{self.salt_lab}:{qid}{part}"

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


# Both are used through the package's public name, osai.checks.Exercise and osai.checks.Exercises. Doctest
# then finds the class docstring's examples in osai.checks (run with its names) and a method's in neither
# module: keep examples in the class docstring.
Exercise.__module__ = Exercises.__module__ = "osai.checks"

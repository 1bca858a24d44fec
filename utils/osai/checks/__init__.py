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

``check("w1")`` reports on a written answer instead (``📝 w1 answered (87 words, as last saved): ...``), read from
the notebook file as last saved (:mod:`~osai.checks.written`); it earns nothing and never raises: the instructor
grades written answers.

A check never raises, whatever the value: an exception inside the learner's code, or a value that cannot
be compared, is reported in that one line. A long message is shortened between words (:func:`shorten`):
its start (what is wrong) and its end (the advice) stay, the middle of long lists and quoted values goes
first, and the pointer to the hints is never cut. ``hint`` prints the next hint and returns nothing, so a
notebook shows it once. The one exception is grading by nbgrader (``nbgrader autograde`` or ``validate``, which set ``NBGRADER_EXECUTION``): nbgrader scores a cell by whether it
raises, so there a check that did not pass raises ``AssertionError`` after printing its line.

Expected answers are not stored in plain text: the exercise definitions (``osai.exercises.labNN``)
keep a salted SHA-256 fingerprint of the answer, check a property the answer must have, or recompute
it from the shipped data.

A lab's verifiers are declared on an :class:`Exercises` registry, which keeps each exercise's points,
expected-value text and hints beside its verifier and derives each fingerprint's salt from the lab and
the exercise id. They share one vocabulary of validators (:func:`as_number`, :func:`as_int`,
:func:`as_strings`, :func:`as_function`, :func:`as_mapping`, :func:`as_instance`) that raise
:class:`Mismatch` with a one-line message saying what was expected and what was got.

``check.hidden(qid, function, cases)`` runs hidden cases, written in a solution's check cell only and
run by the grade of record (:mod:`~osai.checks.hidden`); ``refuses=`` on an exercise refuses a function
that calls the kit's own implementation of what it asks for (:mod:`~osai.checks.guard`).

The package has one module per concern, and every name above is imported from ``osai.checks``:
:mod:`~osai.checks.text` (short, safe one-line text), :mod:`~osai.checks.validators` (:class:`Mismatch`
and the ``as_*`` guards), :mod:`~osai.checks.registry` (:class:`Exercises` and the fingerprints) and
:mod:`~osai.checks.session` (:func:`for_lab`, :class:`Lab`, :class:`Result`). A graded check of
``osai grade`` drops every ``osai.checks*`` and ``osai.exercises*`` module and imports ``osai.checks``
afresh: since this file imports each submodule, they all come back together, and the lab modules
imported after them use the same fresh :class:`Exercises` class as :func:`load_lab`.
"""

from osai.checks.registry import Exercise, Exercises, canonical, fingerprint, matches, normalize_lab_id
from osai.checks.hidden import Check, run_hidden
from osai.checks.session import STATUS_SYMBOLS, Lab, Result, available_labs, for_lab, load_lab
from osai.checks.text import GAP, safe_repr, shorten  # GAP and available_labs: importable, not in __all__
from osai.checks.validators import (
    Mismatch,
    as_function,
    as_instance,
    as_int,
    as_mapping,
    as_number,
    as_strings,
    expect,
)

__all__ = [
    "Check",
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
    "run_hidden",
    "safe_repr",
    "shorten",
]

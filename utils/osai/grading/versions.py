# SPDX-FileCopyrightText: 2026 The Open Source AI Lab Kit authors
# SPDX-License-Identifier: MIT
"""Submissions made from an older version of a lab: where each check goes, what the submission never had.

A lab changes during a term: an exercise is added, removed or moved. A student's notebook keeps the
cells of the version it was made from, and its version (``metadata.osai.version``, written by
``osai build-labs``; see :func:`osai.build.lab_version`). The grader then

- puts each reference check right after the student's answer cell for that exercise (the cell with
  id ``qN-answer``, else nbgrader ``grade_id`` ``qN-answer``): :func:`check_position`;
- does not run a check whose exercise the submission never had: it is ``not_in_version``, 0 of its
  points, flagged and never blamed on the student: :func:`absent_exercises`, :func:`not_in_version`;
- names the checks of exercises since removed from the lab without calling them extra copies:
  :func:`removed_checks`;
- says whether the submission was made from the current lab or an older one: :func:`version_status`.

>>> answer_id("q3")
'q3-answer'
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import Any

from osai.build import LAB_METADATA, lab_version, tags
from osai.grading.model import CheckResult, Reference

__all__ = ["NOT_IN_VERSION", "absent_exercises", "answer_id", "answer_index", "check_position", "recorded_version",
           "reference_version", "removed_checks", "version_status", "not_in_version"]

#: The status of a check whose exercise the submission's version of the lab did not have.
NOT_IN_VERSION = "not_in_version"


def answer_id(qid: str) -> str:
    """The id (and nbgrader ``grade_id``) of exercise ``qid``'s answer cell, by the kit's convention.

    >>> answer_id("q10")
    'q10-answer'
    """
    return f"{qid}-answer"


def _grade_id(cell: Any) -> str | None:
    meta = cell.get("metadata", {}).get("nbgrader", {})
    found = meta.get("grade_id") if isinstance(meta, dict) else None
    return found if isinstance(found, str) else None


def answer_index(cells: Sequence[Any], qid: str) -> int | None:
    """The index of the student's answer cell for ``qid`` in ``cells``: by cell id, then by nbgrader grade_id.

    >>> answer_index([{"id": "x", "metadata": {"nbgrader": {"grade_id": "q1-answer"}}}], "q1")
    0
    >>> answer_index([{"id": "x", "metadata": {}}], "q1") is None
    True
    """
    wanted = answer_id(qid)
    for match in (lambda c: c.get("id") == wanted, lambda c: _grade_id(c) == wanted):
        found = next((index for index, cell in enumerate(cells) if match(cell)), None)
        if found is not None:
            return found
    return None


def check_position(kept: Sequence[Any], anchors: dict[int, int], qid: str, check_index: int,
                   reference: Reference) -> int | None:
    """Where the check ``qid`` goes in the student's cells ``kept`` (insert before that index), or ``None``.

    After the student's answer cell, and after the cells that follow it there and are either the
    student's own (not in the reference) or come between the answer and the check in the reference
    (``anchors``: student index → reference index), so that a check still sees a helper cell of the
    lab or of the student. ``None`` when the submission has no answer cell for ``qid`` (the caller
    falls back to the reference position).

    >>> cells = [{"id": "q1-answer"}, {"id": "other"}]
    >>> ref = Reference("99", "99_x.ipynb", [{"id": "q1-answer"}, {"id": "q1-check"}, {"id": "other"}], [])
    >>> check_position(cells, {0: 0, 1: 2}, "q1", 1, ref)
    1
    """
    found = answer_index(kept, qid)
    if found is None:
        return None
    start = anchors.get(found)
    if start is None:
        start = next((i for i, c in enumerate(reference.cells) if c.get("id") == answer_id(qid)), check_index)
    position = found + 1
    while position < len(kept) and (anchors.get(position) is None or start < anchors[position] < check_index):
        position += 1
    return position


def _mentions(cell: Any, qid: str, cell_id: str) -> bool:
    """Whether a submitted cell belongs to exercise ``qid``: its answer cell or its check cell."""
    return (cell.get("id") in (cell_id, answer_id(qid)) or _grade_id(cell) in (qid, answer_id(qid))
            or ("check" in tags(cell) and f'check("{qid}"' in str(cell.get("source", ""))))


def recorded_version(nb: Any) -> str | None:
    """The lab version a notebook records (``metadata.osai.version``), or ``None``.

    >>> recorded_version({"metadata": {"osai": {"lab": "03", "version": "1a2b3c4d"}}}), recorded_version({})
    ('1a2b3c4d', None)
    """
    metadata = nb.get("metadata") if isinstance(nb, dict) else None
    found = metadata.get(LAB_METADATA) if isinstance(metadata, dict) else None
    version = found.get("version") if isinstance(found, dict) else None
    return version if isinstance(version, str) else None


def reference_version(reference: Reference) -> str:
    """The version of the solution the grader uses (computed from its cells, as ``osai build-labs`` does).

    >>> len(reference_version(Reference("99", "99_x.ipynb", [], [])))
    8
    """
    return lab_version({"cells": reference.cells})


def absent_exercises(nb: Any, reference: Reference) -> list[str]:
    """The reference checks whose exercise the submission never had (no answer cell, no check cell).

    Only for a notebook made from another version of the lab (its recorded version differs, or it
    records none) that has at least one of the lab's exercises: a student who deleted an exercise from
    the current lab, or a notebook without ids, is graded as usual.

    >>> ref = Reference("99", "99_x.ipynb", [], [])
    >>> absent_exercises({"cells": [], "metadata": {}}, ref)
    []
    """
    if recorded_version(nb) == reference_version(reference):
        return []
    cells = list(nb.get("cells", []))
    present = [spec.qid for spec in reference.checks if any(_mentions(c, spec.qid, spec.cell_id) for c in cells)]
    if not present:
        return []
    return [spec.qid for spec in reference.checks if spec.qid not in present]


_CHECK_ID = re.compile(r"^(q\d+|w\d+)-check$")


def removed_checks(cells: Iterable[Any], reference: Reference) -> list[str]:
    """The exercises of check cells in the submission that the lab no longer has (one entry per cell).

    >>> ref = Reference("99", "99_x.ipynb", [], [])
    >>> removed_checks([{"id": "q3-check", "metadata": {"tags": ["check"], "nbgrader": {"grade_id": "q3"}}}], ref)
    ['q3']
    """
    known = ({spec.qid for spec in reference.checks} | {spec.cell_id for spec in reference.checks}
             | {question.qid for question in reference.written})  # a written answer's self-check is not removed
    found = []
    for cell in cells:
        meta = cell.get("metadata", {}).get("nbgrader", {})
        graded = isinstance(meta, dict) and meta.get("grade") is True and not meta.get("solution")
        by_id = _CHECK_ID.match(str(cell.get("id", "")))
        if not ("check" in tags(cell) or graded or by_id):
            continue
        qid = _grade_id(cell) or (by_id.group(1) if by_id else None)
        if qid and qid not in known and cell.get("id") not in known:
            found.append(qid)
    return found


def version_status(nb: Any, reference: Reference, absent: Sequence[str] = (),
                   removed: Sequence[str] = ()) -> tuple[str, list[str]]:
    """``("current" | "older", notes)``: whether the submission was made from the lab the grader uses.

    Older when it records another version, or (when it records none) when it lacks an exercise, has a
    removed one, or has its answer cells in another order than the lab.

    >>> version_status({"cells": [], "metadata": {}}, Reference("99", "99_x.ipynb", [], []))
    ('current', [])
    """
    recorded, current = recorded_version(nb), reference_version(reference)
    cells = list(nb.get("cells", []))
    where = [answer_index(cells, spec.qid) for spec in reference.checks]
    order = [index for index in where if index is not None]
    moved = order != sorted(order)
    older = recorded != current if recorded is not None else bool(absent or removed or moved)
    if not older:
        return "current", []
    said = f"version {recorded}" if recorded else "an earlier version"
    notes = [f"this notebook was made from an older version of lab {reference.lab} ({said}; the lab is now "
             f"version {current}); it was graded on the exercises it has, each check placed after your answer"]
    if absent:
        notes.append(f"not in your version of the lab: {', '.join(absent)} (not held against you; "
                     "your instructor decides)")
    return "older", notes


def not_in_version(reference: Reference, qids: Iterable[str]) -> dict[str, CheckResult]:
    """The results of the checks the submission's version of the lab did not have: 0 of their points, flagged.

    >>> from osai.grading.model import CheckSpec
    >>> ref = Reference("99", "99_x.ipynb", [], [CheckSpec("q2", 2, "c", 1, 'check("q2", x)', ())])
    >>> not_in_version(ref, ["q2"])["q2"].status
    'not_in_version'
    """
    wanted = set(qids)
    return {spec.qid: CheckResult(spec.qid, 0, spec.points, NOT_IN_VERSION,
                                  "not in your version of the lab (it was added later). Flagged for review.")
            for spec in reference.checks if spec.qid in wanted}

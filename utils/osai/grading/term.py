# SPDX-FileCopyrightText: 2026 The Open Source AI Lab Kit authors
# SPDX-License-Identifier: MIT
"""A term gradebook: runs for different labs into the same output folder add up to one gradebook.

``osai grade --labs 02`` and later ``osai grade --labs 03`` into the same ``graded/`` keep lab 02's rows
and replace lab 03's (:func:`merge_rows`); ``summary.csv`` is made from the whole gradebook
(:func:`term_summary`): the points per lab, the total, then per lab its maximum, the submission's time
and SHA-256 and whether it was made from an older version of the lab. Each submission's time and
hash come from :func:`submission_facts`.

>>> header, rows = term_summary([{"student": "ana", "lab": "02", "points": "1", "max_points": "2"}])
>>> header[:4], rows[0]["lab02"], rows[0]["lab02_max"]
(['student', 'lab02', 'total', 'max_total'], 1, 2)
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from osai.grading.model import GradingError, SubmissionGrade

__all__ = ["LAB_COLUMNS", "merge_rows", "read_gradebook", "submission_facts", "term_summary"]

#: The columns ``summary.csv`` has for each lab after ``student``, the points per lab, ``total`` and ``max_total``.
LAB_COLUMNS = ("max", "submitted", "sha256", "version")


def submission_facts(path: Path, result: SubmissionGrade) -> bytes:
    """Read a submitted file; record its SHA-256 and its time (UTC, ISO 8601) in ``result``; return its bytes.

    >>> import tempfile
    >>> path = Path(tempfile.mkdtemp()) / "x.ipynb"; _ = path.write_bytes(b"{}")
    >>> g = SubmissionGrade("ana", "00", "x.ipynb", [])
    >>> submission_facts(path, g), g.sha256[:12]
    (b'{}', '44136fa355b3')
    """
    import hashlib
    from datetime import datetime, timezone

    data = Path(path).read_bytes()
    result.sha256 = hashlib.sha256(data).hexdigest()
    stamp = Path(path).stat().st_mtime
    result.submitted = datetime.fromtimestamp(stamp, timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    return data


def read_gradebook(path: Path | str) -> list[dict[str, str]]:
    """The rows of an existing ``gradebook.csv`` (none when there is no such file).

    Raises :class:`GradingError` when the file is not a gradebook (no ``student``, ``lab`` and
    ``points`` columns), so that it is never overwritten by mistake.

    >>> read_gradebook("/nonexistent/gradebook.csv")
    []
    """
    import csv

    path = Path(path)
    if not path.is_file():
        return []
    try:
        with open(path, encoding="utf-8", newline="") as handle:
            reader = csv.DictReader(handle)
            rows = list(reader)
            fields = set(reader.fieldnames or [])
    except (OSError, UnicodeDecodeError, csv.Error) as error:
        raise GradingError(f"{path} cannot be read as a gradebook ({error}); move it away and grade again") from None
    if not {"student", "lab", "check", "points", "max_points"} <= fields:
        raise GradingError(f"{path} is not a gradebook written by osai grade (expected the columns student, lab, "
                           "check, points, max_points); move it away and grade again")
    return rows


def merge_rows(old: Iterable[dict[str, Any]], new: Iterable[dict[str, Any]], graded_labs: Iterable[str],
               fields: Sequence[str] | None = None) -> list[dict[str, Any]]:
    """The term's gradebook rows: ``old`` rows of labs not in ``graded_labs``, and all ``new`` rows.

    Sorted by student then lab (each submission's rows keep their order); with ``fields``, every row has
    exactly those keys (missing ones empty), so an older gradebook with fewer columns still merges.

    >>> old = [{"student": "ana", "lab": "02", "check": "q1"}, {"student": "ana", "lab": "03", "check": "q1"}]
    >>> new = [{"student": "ana", "lab": "03", "check": "q9"}]
    >>> [(r["lab"], r["check"]) for r in merge_rows(old, new, ["03"])]
    [('02', 'q1'), ('03', 'q9')]
    """
    labs = set(graded_labs)
    kept = [{**r, "lab": _lab(r.get("lab"))} for r in old]  # "2" from a spreadsheet is lab "02"
    rows = [r for r in kept if r["lab"] not in labs] + [dict(r) for r in new]
    rows.sort(key=lambda r: (str(r.get("student", "")), str(r.get("lab", ""))))
    if fields is not None:
        rows = [{name: row.get(name, "") for name in fields} for row in rows]
    return rows


def _lab(value: Any) -> str:
    text = str(value if value is not None else "").strip()
    return text.zfill(2) if text.isdigit() and len(text) < 2 else text


def _number(value: Any) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return 0


#: A written question's check id (``w1``, ``w2``...): its rows are the instructor's, never in ``total``.
WRITTEN_ID = re.compile(r"w\d+")
#: The summary's columns about written answers, after ``max_total``, when the term has written questions.
WRITTEN_COLUMNS = ("written", "written_max", "written_to_grade")


def _points(value: Any) -> float:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return 0
    return int(number) if number.is_integer() else number


def _written_totals(rows: list[dict[str, Any]]) -> dict[str, tuple[float, float, float]]:
    """Per student: (written points graded, written points in all, written points still to grade)."""
    totals: dict[str, tuple[float, float, float]] = {}
    for row in rows:
        graded, most, waiting = totals.get(str(row["student"]), (0, 0, 0))
        empty = str(row.get("points") if row.get("points") is not None else "").strip() == ""
        most_here = _points(row.get("max_points"))
        totals[str(row["student"])] = (graded + (0 if empty else _points(row.get("points"))), most + most_here,
                                       waiting + (most_here if empty else 0))
    return totals


def term_summary(rows: Iterable[dict[str, Any]]) -> tuple[list[str], list[dict[str, Any]]]:
    """``(header, rows)`` of ``summary.csv`` from the term's gradebook rows: one row per student.

    The first columns are as before (``student``, ``labNN`` per lab, ``total``, ``max_total``); when the term
    has written questions (rows whose check is ``w1``, ``w2``...), ``written,written_max,written_to_grade``
    follow (graded by the instructor, never in ``total``; a row with empty points is still to grade); then, per
    lab, ``labNN_max`` (the lab's maximum), ``labNN_submitted`` and ``labNN_sha256`` (the graded file) and
    ``labNN_version`` (``current`` or ``older``). A lab a student has no row for counts 0 of its maximum.

    >>> rows = [{"student": "ana", "lab": "02", "points": 1, "max_points": 2, "sha256": "ab", "lab_version": "older"},
    ...         {"student": "bo", "lab": "03", "points": 3, "max_points": 3}]
    >>> header, summary = term_summary(rows)
    >>> header[:5], summary[0]["max_total"], summary[0]["lab02_version"]
    (['student', 'lab02', 'lab03', 'total', 'max_total'], 5, 'older')
    """
    rows = [r for r in rows if r.get("student") and r.get("lab")]  # a half-written row counts for nobody
    written_rows = [r for r in rows if WRITTEN_ID.fullmatch(str(r.get("check") or ""))]
    rows = [r for r in rows if not WRITTEN_ID.fullmatch(str(r.get("check") or ""))]
    written = _written_totals(written_rows)
    labs = sorted({str(r["lab"]) for r in rows})
    points: dict[tuple[str, str], int] = {}
    maxima: dict[tuple[str, str], int] = {}
    facts: dict[tuple[str, str], dict[str, str]] = {}
    for row in rows:
        key = (str(row["student"]), str(row["lab"]))
        points[key] = points.get(key, 0) + _number(row.get("points"))
        maxima[key] = maxima.get(key, 0) + _number(row.get("max_points"))
        facts.setdefault(key, {"submitted": str(row.get("submitted") or ""), "sha256": str(row.get("sha256") or ""),
                               "version": str(row.get("lab_version") or "")})
    lab_max = {lab: max((m for (_, l), m in maxima.items() if l == lab), default=0) for lab in labs}
    header = ["student", *[f"lab{lab}" for lab in labs], "total", "max_total",
              *(WRITTEN_COLUMNS if written else ()),
              *[f"lab{lab}_{column}" for lab in labs for column in LAB_COLUMNS]]
    summary = []
    for student in sorted({s for s, _ in points}):
        row: dict[str, Any] = {"student": student}
        for lab in labs:
            row[f"lab{lab}"] = points.get((student, lab), 0)
        row["total"] = sum(points.get((student, lab), 0) for lab in labs)
        row["max_total"] = sum(lab_max.values())
        if written:
            row.update(zip(WRITTEN_COLUMNS, written.get(student, (0, 0, 0))))
        for lab in labs:
            known = facts.get((student, lab), {})
            row[f"lab{lab}_max"] = lab_max[lab]
            for column in LAB_COLUMNS[1:]:
                row[f"lab{lab}_{column}"] = known.get(column, "")
        summary.append(row)
    return header, summary

# SPDX-FileCopyrightText: 2026 The Open Source AI Lab Kit authors
# SPDX-License-Identifier: MIT
"""Gradebook exports for Canvas and Moodle: ``osai grade --export canvas|moodle --roster ROSTER.csv``.

The roster maps each submission folder (``student``, as in ``gradebook.csv``) to the student's identity
in the LMS. The export is the LMS's own grade-import CSV, one column of points per lab:

- Canvas, "How do I import grades in the Gradebook?"
  (https://community.canvaslms.com/t5/Instructor-Guide/How-do-I-import-grades-in-the-Gradebook/ta-p/807):
  ``Student,ID,SIS User ID,SIS Login ID,Section``, then one column per assignment, and a second row
  ``Points Possible`` as in Canvas's own gradebook export. Roster columns: ``student`` and at least one of
  ``id``, ``sis_user_id``, ``sis_login_id`` (optional: ``name``, ``section``).
- Moodle, "Grade import" (https://docs.moodle.org/en/Grade_import): a column that identifies the user
  (mapped in Moodle's preview from "Email address" to ``useremail``, "Username" to ``username`` or
  "ID number" to ``useridnumber``), then one column per grade item. Roster columns: ``student`` and one of
  ``email``, ``username``, ``idnumber``.

A graded student missing from the roster, and a roster entry with no submission, are never dropped
silently: :func:`export_lms` returns them, and ``not_exported.csv`` lists them with the reason.

>>> roster = read_roster("student,email\\nana,ana@example.org\\n", "moodle")
>>> rows = [{"student": "ana", "lab": "00", "check": "q1", "points": "2", "max_points": "3"}]
>>> header, table, left = lms_table(rows, roster, "moodle")
>>> header, table, left
(['Email address', 'Lab 00'], [['ana@example.org', '2']], [])
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

__all__ = ["CANVAS_HEADER", "LMS_NAMES", "MOODLE_IDS", "NOT_EXPORTED_FIELDS", "LmsError", "RosterEntry",
           "export_lms", "lms_table", "read_roster"]

LMS_NAMES = ("canvas", "moodle")
#: The identity columns of Canvas's grade import, in order, before the assignment columns.
CANVAS_HEADER = ("Student", "ID", "SIS User ID", "SIS Login ID", "Section")
_CANVAS_IDS = ("id", "sis_user_id", "sis_login_id")
#: Moodle identifiers a roster may give (first present wins) → the column title Moodle's export uses.
MOODLE_IDS = {"email": "Email address", "username": "Username", "idnumber": "ID number"}
#: ``not_exported.csv``: who is not in the export, and why.
NOT_EXPORTED_FIELDS = ("student", "lms_identity", "why")


class LmsError(ValueError):
    """A roster that cannot be used (the message names the file, the row and what was expected)."""


LmsError.__module__ = "osai.grading"


@dataclass(frozen=True)
class RosterEntry:
    """One roster row: the submission folder and the student's identity columns in the LMS."""

    student: str
    identity: tuple[tuple[str, str], ...]
    row: int

    def get(self, key: str) -> str:
        """The identity column ``key`` (empty when not given)."""
        return dict(self.identity).get(key, "")


def read_roster(text: str, lms: str, source: str = "roster") -> list[RosterEntry]:
    """Parse a roster CSV for ``lms``; raise :class:`LmsError` naming the row when it cannot be used.

    Column names are case-insensitive (spaces count as ``_``). Refused: no ``student`` column, no identity
    column for the LMS, a row without a student or without an identity, a student or an identity given twice.

    >>> read_roster("student,id\\nana,1\\nana,2\\n", "canvas")
    Traceback (most recent call last):
    ...
    osai.grading.LmsError: roster, row 3: student 'ana' is already on row 2 (one row per submission folder)
    """
    if lms not in LMS_NAMES:
        raise LmsError(f"unknown LMS {lms!r}: expected one of {', '.join(LMS_NAMES)}")
    try:
        table = list(csv.reader(io.StringIO(text.lstrip("\ufeff"), newline="")))
    except csv.Error as error:
        raise LmsError(f"{source} is not a CSV file ({error})") from None
    if not table:
        raise LmsError(f"{source} is empty: expected a header row with student and the LMS's identity column(s)")
    header = [h.strip().lower().replace(" ", "_") for h in table[0]]
    wanted = _CANVAS_IDS if lms == "canvas" else tuple(MOODLE_IDS)
    if "student" not in header:
        raise LmsError(f"{source}, row 1: no 'student' column (the submission folder name); found {header}")
    given = [c for c in wanted if c in header]
    if not given:
        raise LmsError(f"{source}, row 1: no {lms} identity column; expected one of {', '.join(wanted)}; "
                       f"found {header}")
    if len(set(header)) != len(header):
        raise LmsError(f"{source}, row 1: a column is named twice: {header}")
    keep = [c for c in header if c in (*wanted, "name", "section")]
    if lms == "moodle":
        keep = [given[0]]
    entries: list[RosterEntry] = []
    seen_student: dict[str, int] = {}
    seen_identity: dict[tuple[str, str], int] = {}
    for number, cells in enumerate(table[1:], start=2):
        if not any(c.strip() for c in cells):
            continue
        if len(cells) > len(header):
            raise LmsError(f"{source}, row {number}: {len(cells)} cells for {len(header)} columns")
        values = dict(zip(header, [c.strip() for c in cells] + [""] * (len(header) - len(cells))))
        student = values["student"]
        if not student:
            raise LmsError(f"{source}, row {number}: no student (the submission folder name)")
        if student in seen_student:
            raise LmsError(f"{source}, row {number}: student {student!r} is already on row {seen_student[student]} "
                           "(one row per submission folder)")
        ids = [(c, values[c]) for c in given if values[c]]
        if lms == "moodle":
            ids = ids[:1] if ids and ids[0][0] == given[0] else []
        if not ids:
            raise LmsError(f"{source}, row {number}: student {student!r} has no {' or '.join(given[:1] if lms == 'moodle' else given)}")
        for key in ids:
            if key in seen_identity:
                raise LmsError(f"{source}, row {number}: {key[0]} {key[1]!r} is already on row {seen_identity[key]} "
                               "(two submission folders for one student)")
            seen_identity[key] = number
        seen_student[student] = number
        entries.append(RosterEntry(student, tuple((c, values[c]) for c in keep), number))
    return entries


def _points(value: float) -> str:
    return f"{value:g}" if float(value).is_integer() else f"{value:.2f}".rstrip("0")


def lms_table(rows: Iterable[Mapping[str, Any]], roster: Sequence[RosterEntry], lms: str,
              titles: Mapping[str, str] | None = None) -> tuple[list[str], list[list[str]], list[dict[str, str]]]:
    """``(header, rows, not exported)`` of the import CSV from the gradebook's rows.

    One column per lab (titled ``Lab NN`` unless ``titles`` says otherwise, e.g. Canvas's
    ``Lab 00 (1234)`` to fill an existing assignment), the student's points in it (a lab they did not
    hand in: 0, as in ``summary.csv``). Students are in roster order.

    >>> roster = read_roster("student,id,name\\nana,17,Ana Lima\\nbo,18,Bo\\n", "canvas")
    >>> header, table, left = lms_table([{"student": "ana", "lab": "00", "points": "1", "max_points": "2"}],
    ...                                 roster, "canvas")
    >>> header, table[:2], left
    (['Student', 'ID', 'SIS User ID', 'SIS Login ID', 'Section', 'Lab 00'], [['Points Possible', '', '', '', '', '2'], ['Ana Lima', '17', '', '', '', '1']], [{'student': 'bo', 'lms_identity': 'id=18', 'why': 'on the roster, but no submission was graded'}])
    """
    totals: dict[str, dict[str, float]] = {}
    maxima: dict[tuple[str, str], float] = {}
    for row in rows:
        student, lab = str(row.get("student", "")), str(row.get("lab", ""))
        mine = totals.setdefault(student, {})
        mine[lab] = mine.get(lab, 0.0) + float(row.get("points") or 0)
        maxima[(student, lab)] = maxima.get((student, lab), 0.0) + float(row.get("max_points") or 0)
    labs = sorted({lab for mine in totals.values() for lab in mine})
    columns = [(titles or {}).get(lab, f"Lab {lab}") for lab in labs]
    possible = [max((m for (_, lab_), m in maxima.items() if lab_ == lab), default=0.0) for lab in labs]
    on_roster = {e.student for e in roster}
    left = [{"student": s, "lms_identity": "", "why": "graded, but not on the roster"}
            for s in sorted(totals) if s not in on_roster]
    if lms == "canvas":
        header = [*CANVAS_HEADER, *columns]
        table = [["Points Possible", "", "", "", "", *[_points(p) for p in possible]]]
    else:
        key = next((k for k in MOODLE_IDS if roster and roster[0].get(k)), "email")
        header = [MOODLE_IDS[key], *columns]
        table = []
    for entry in roster:
        identity = ", ".join(f"{k}={v}" for k, v in entry.identity if k not in ("name", "section") and v)
        if entry.student not in totals:
            left.append({"student": entry.student, "lms_identity": identity,
                         "why": "on the roster, but no submission was graded"})
            continue
        points = [_points(totals[entry.student].get(lab, 0.0)) for lab in labs]
        if lms == "canvas":
            table.append([entry.get("name") or entry.student, entry.get("id"), entry.get("sis_user_id"),
                          entry.get("sis_login_id"), entry.get("section"), *points])
        else:
            table.append([entry.identity[0][1], *points])
    return header, table, left


def _csv(header: Sequence[str], rows: Iterable[Sequence[str]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue()


def export_lms(out: Path | str, lms: str, roster: Path | str, titles: Mapping[str, str] | None = None,
               text: str | None = None) -> tuple[Path, list[dict[str, str]]]:
    """Write ``out/<lms>_import.csv`` from ``out/gradebook.csv`` and ``out/not_exported.csv``; return
    ``(import file, not exported)``. A bad roster raises :class:`LmsError` before anything is written.
    ``text``, when given, is the roster's content already read (``roster`` then only names it).

    >>> import tempfile
    >>> out = Path(tempfile.mkdtemp())
    >>> _ = (out / "gradebook.csv").write_text("student,lab,check,points,max_points\\nana,00,q1,1,1\\n")
    >>> _ = (out / "roster.csv").write_text("student,username\\nana,alima\\nbo,bo\\n")
    >>> path, left = export_lms(out, "moodle", out / "roster.csv")
    >>> path.read_text().splitlines(), [r["student"] for r in left]
    (['Username,Lab 00', 'alima,1'], ['bo'])
    """
    out, roster = Path(out), Path(roster)
    try:
        text = roster.read_text(encoding="utf-8") if text is None else text
    except (OSError, UnicodeDecodeError) as error:
        raise LmsError(f"cannot read the roster {roster}: {error}") from None
    entries = read_roster(text, lms, str(roster))
    gradebook = out / "gradebook.csv"
    if not gradebook.is_file():
        raise LmsError(f"no gradebook at {gradebook}: run osai grade first")
    with open(gradebook, encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    header, table, left = lms_table(rows, entries, lms, titles)
    target = out / f"{lms}_import.csv"
    target.write_text(_csv(header, table), encoding="utf-8")
    (out / "not_exported.csv").write_text(_csv(NOT_EXPORTED_FIELDS, [[r[f] for f in NOT_EXPORTED_FIELDS]
                                                                     for r in left]), encoding="utf-8")
    return target, left

# SPDX-FileCopyrightText: 2026 The Open Source AI Lab Kit authors
# SPDX-License-Identifier: MIT
"""Step 9: the files an instructor reads: gradebook, summary, feedback per student and lab, JUnit XML.

Every file is stable: no times, no host names, so grading an unchanged class again writes the same bytes.

>>> GRADEBOOK_FIELDS[:7]
('student', 'lab', 'check', 'points', 'max_points', 'status', 'detail')
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from osai.grading.incidents import describe, review_reasons
from osai.grading.model import _CONTROL, CheckResult, SubmissionGrade  # noqa: F401 - CheckResult: for the doctests
from osai.grading.term import merge_rows, read_gradebook, term_summary

__all__ = ["GRADEBOOK_FIELDS", "SKIPPED_FIELDS", "WRITTEN_SUMMARY", "feedback_markdown", "gradebook_rows",
           "junit_report", "safe_name", "summary_rows", "write_reports"]

GRADEBOOK_FIELDS = ("student", "lab", "check", "points", "max_points", "status", "detail",
                    "source_file", "matched_by", "late", "attempt", "lms", "lms_id", "lms_name",
                    "lab_version", "submitted", "sha256", "review", "cells_stopped")
#: The summary's columns about written answers, after ``total`` and ``max_total`` (see :func:`summary_rows`).
WRITTEN_SUMMARY = ("written", "written_max", "written_to_grade")
#: ``skipped.csv``: every file of the submissions that was not graded, and why.
SKIPPED_FIELDS = ("path", "student", "why")


def _yes_no(value: bool | None) -> str:
    return "" if value is None else ("yes" if value else "no")


def gradebook_rows(grades: Iterable[SubmissionGrade]) -> list[dict[str, Any]]:
    """One row per student, lab and check (``student,lab,check,points,max_points,status,detail``, then
    where the notebook came from: ``source_file,matched_by,late,attempt,lms,lms_id,lms_name``, then
    ``lab_version`` (``current``, or ``older`` for a notebook made from an older version of the lab),
    ``submitted`` and ``sha256`` of the graded file, then, the same on every row of a submission, ``review``
    (why it needs a person, ``; ``-separated; empty: it does not) and ``cells_stopped`` (each cell grading
    stopped or skipped, `` | ``-separated)); each written question is a row too, its points empty
    until the instructor's scores are merged.

    >>> g = SubmissionGrade("ana", "00", "00_x.ipynb", [CheckResult("q1", 1, 1, "passed")])
    >>> gradebook_rows([g])[0]["status"]
    'passed'
    """
    from osai.grading.written import as_results

    rows = []
    for g in sorted(grades, key=lambda g: (g.student, g.lab)):
        review = "; ".join(review_reasons(g))
        stopped = " | ".join(describe(i) for i in g.incidents)
        for r in [*g.results, *as_results(g.written)]:  # written answers: points empty until graded
            o = g.origin
            rows.append({"student": g.student, "lab": g.lab, "check": r.qid, "points": r.points,
                         "max_points": r.max_points, "status": r.status, "detail": r.detail,
                         "source_file": o.file, "matched_by": o.matched_by, "late": _yes_no(o.late),
                         "attempt": "" if o.attempt is None else o.attempt, "lms": o.lms, "lms_id": o.lms_id,
                         "lms_name": o.lms_name, "lab_version": g.lab_version, "submitted": g.submitted,
                         "sha256": g.sha256, "review": review, "cells_stopped": stopped})
    return rows


def summary_rows(grades: Iterable[SubmissionGrade], labs: Sequence[str]) -> tuple[list[str], list[dict[str, Any]]]:
    """``(header, rows)``: one row per student, one column of points per lab, then the total; then the
    written answers when a lab has some (never in the total): points graded, in all, still to grade.

    >>> g = SubmissionGrade("ana", "00", "00_x.ipynb", [CheckResult("q1", 1, 2, "passed")])
    >>> summary_rows([g], ["00"])
    (['student', 'lab00', 'total', 'max_total'], [{'student': 'ana', 'lab00': 1, 'total': 1, 'max_total': 2}])
    """
    from osai.grading.written import written_summary

    grades = list(grades)
    written_labs = any(g.written for g in grades if g.lab in labs)  # the written columns only when there are some
    header = ["student", *[f"lab{lab}" for lab in labs], "total", "max_total",
              *(WRITTEN_SUMMARY if written_labs else ())]
    rows = []
    for student in sorted({g.student for g in grades}):
        mine = {g.lab: g for g in grades if g.student == student}
        row: dict[str, Any] = {"student": student}
        for lab in labs:
            row[f"lab{lab}"] = mine[lab].points if lab in mine else 0
        row["total"] = sum(g.points for g in mine.values() if g.lab in labs)
        row["max_total"] = sum(g.max_points for g in mine.values() if g.lab in labs)
        written = [written_summary(g) for g in mine.values() if g.lab in labs]
        row.update(zip(WRITTEN_SUMMARY if written_labs else (), (sum(w[i] for w in written) for i in range(3))))
        rows.append(row)
    return header, rows


_FEEDBACK_WORDS = {
    "passed": "✅ passed", "failed": "❌ failed", "not_attempted": "⏳ not attempted",
    "timeout": "⌛ time limit", "crashed": "💥 stopped", "error": "⚠️ not graded", "missing": "— missing",
    "not_in_version": "➖ not in your version",
}


def feedback_markdown(result: SubmissionGrade) -> str:
    """The feedback file of one student's lab: a table of checks, then notes. Never the answer.

    >>> g = SubmissionGrade("ana", "00", "00_x.ipynb", [CheckResult("q1", 0, 1, "failed", "not the number.")])
    >>> print(feedback_markdown(g).splitlines()[0])
    # Feedback: lab 00 (00_x.ipynb), ana
    """
    from osai.grading.written import written_feedback

    lines = [f"# Feedback: lab {result.lab} ({result.name}), {result.student}", ""]
    if result.origin.file:
        source = _CONTROL.sub("", result.origin.file)
        lines += [f"Graded file: `{source}` ({result.origin.matched_by}).", ""]
    lines += [f"**Score: {result.points} / {result.max_points}**", "",
             "| check | points | result | what the check found |", "|---|---|---|---|"]
    for r in result.results:
        detail = _CONTROL.sub("", r.detail).replace("|", "\\|").replace("\n", " ")
        lines.append(f"| {r.qid} | {r.points}/{r.max_points} | {_FEEDBACK_WORDS.get(r.status, r.status)} | {detail} |")
    lines += [""] + written_feedback(result) if result.written else []
    if result.incidents:
        lines += ["", "## Cells the grader stopped or skipped", "",
                  "The checks after these cells ran without what they should have done.", ""]
        lines += [f"- {_CONTROL.sub('', describe(i))}" for i in result.incidents]
    reasons = review_reasons(result)
    if reasons:
        lines += ["", "**Flagged for review by your instructor:** " + _CONTROL.sub("", "; ".join(reasons)) + "."]
    if result.notes:
        lines += ["", "## Notes from the grader", ""] + [f"- {n}" for n in result.notes]
    lines += ["", "Grading reran your notebook from the top in a fresh kernel with the original check cells. "
              "Restart the kernel and run all cells before you submit.", ""]
    return "\n".join(lines)


def junit_report(result: SubmissionGrade) -> str:
    """A JUnit XML report of one submission, one test case per check (stable: no times, no host).

    >>> g = SubmissionGrade("ana", "00", "00_x.ipynb", [CheckResult("q1", 0, 1, "failed", "no")])
    >>> 'failures="1"' in junit_report(g)
    True
    """
    import xml.etree.ElementTree as ET

    failures = sum(r.status in ("failed", "timeout", "crashed") for r in result.results)
    errors = sum(r.status in ("error", "missing") for r in result.results)
    skipped = sum(r.status in ("not_attempted", "not_in_version") for r in result.results)
    suites = ET.Element("testsuites")
    suite = ET.SubElement(suites, "testsuite", name=f"{result.student}/{result.name}",
                          tests=str(len(result.results)), failures=str(failures), errors=str(errors),
                          skipped=str(skipped))
    for r in result.results:
        case = ET.SubElement(suite, "testcase", classname=f"lab{result.lab}", name=r.qid)
        ET.SubElement(case, "properties").extend([
            ET.Element("property", name="points", value=str(r.points)),
            ET.Element("property", name="max_points", value=str(r.max_points))])
        detail = _CONTROL.sub("", r.detail)
        if r.status in ("failed", "timeout", "crashed"):
            ET.SubElement(case, "failure", message=detail, type=r.status)
        elif r.status in ("error", "missing"):
            ET.SubElement(case, "error", message=detail, type=r.status)
        elif r.status in ("not_attempted", "not_in_version"):
            ET.SubElement(case, "skipped", message="not attempted" if r.status == "not_attempted" else detail)
    ET.indent(suites)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(suites, encoding="unicode") + "\n"


def safe_name(text: str) -> str:
    """A file or folder name made from a student folder name (kept readable; no separators).

    >>> safe_name("Zoë O'Neil")
    "Zoë O'Neil"
    >>> safe_name("../x")
    '.._x'
    """
    cleaned = re.sub(r"[/\\\x00-\x1f]", "_", text).strip() or "_"
    return "_" + cleaned if cleaned in (".", "..") else cleaned


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.exists() and path.read_text(encoding="utf-8") == text:
        return
    path.write_text(text, encoding="utf-8")


def _csv_text(header: Sequence[str], rows: Iterable[dict[str, Any]]) -> str:
    import csv

    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(header), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue()


def write_reports(out: Path | str, grades: Sequence[SubmissionGrade], labs: Sequence[str],
                  skipped: Iterable[tuple[str, str, str]] = ()) -> list[Path]:
    """Write gradebook.csv, summary.csv, skipped.csv (``path,student,why`` of every file not graded),
    feedback/<student>/<lab>.md, junit/<student>/<lab>.xml and the class report, report.html
    (:mod:`~osai.grading.class_report`).

    A term gradebook: the rows of an existing gradebook.csv for labs not in ``labs`` are kept, and
    summary.csv covers every lab of the merged gradebook (see :mod:`osai.grading.term`).

    >>> import tempfile
    >>> g = SubmissionGrade("ana", "00", "00_x.ipynb", [CheckResult("q1", 1, 1, "passed")])
    >>> [p.name for p in write_reports(tempfile.mkdtemp(), [g], ["00"])]
    ['gradebook.csv', 'summary.csv', 'skipped.csv', '00_x.md', '00_x.xml', 'report.html']
    """
    out = Path(out)
    written = [out / "gradebook.csv", out / "summary.csv", out / "skipped.csv"]
    term = merge_rows(read_gradebook(written[0]), gradebook_rows(grades), labs, GRADEBOOK_FIELDS)
    _write(written[0], _csv_text(GRADEBOOK_FIELDS, term))
    _write(written[1], _csv_text(*term_summary(term)))
    _write(written[2], _csv_text(SKIPPED_FIELDS, [dict(zip(SKIPPED_FIELDS, row)) for row in sorted(skipped)]))
    for g in grades:
        stem = g.name[: -len(".ipynb")]
        for path, text in ((out / "feedback" / safe_name(g.student) / f"{stem}.md", feedback_markdown(g)),
                           (out / "junit" / safe_name(g.student) / f"{stem}.xml", junit_report(g))):
            _write(path, text)
            written.append(path)
    from osai.grading.class_report import write_class_report

    written.append(write_class_report(out))
    return written

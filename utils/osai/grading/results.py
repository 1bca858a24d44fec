# SPDX-FileCopyrightText: 2026 The Open Source AI Lab Kit authors
# SPDX-License-Identifier: MIT
"""Step 8: read what a run left (nbval's JUnit XML, the kernel's records) and score each check.

nbval decides the points: a check scores only when its cell printed the reference line. What the
check recorded in the kernel only explains a failure.

>>> {n: o.outcome for n, o in read_junit('<testsuite><testcase name="Cell 1"/></testsuite>').items()}
{1: 'passed'}
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

from osai.grading.model import CheckResult, CheckSpec, Reference, SubmissionGrade, _clip

__all__ = ["CellOutcome", "complete", "missing_grade", "not_graded", "read_junit", "read_records", "score"]


@dataclass(frozen=True)
class CellOutcome:
    """nbval's verdict on one code cell: ``passed``, ``failed``, ``skipped`` (not run: an earlier cell
    timed out or the kernel died) or ``stopped`` (this cell timed out or killed the kernel)."""

    outcome: str
    message: str = ""


def read_junit(text: str) -> dict[int, CellOutcome]:
    """nbval's JUnit XML → ``{code cell number: CellOutcome}``.

    >>> xml = ('<testsuites><testsuite><testcase classname="nb" name="Cell 1"/>'
    ...        '<testcase classname="nb" name="Cell 2"><failure message="Cell outputs differ"/></testcase>'
    ...        '</testsuite></testsuites>')
    >>> {n: o.outcome for n, o in read_junit(xml).items()}
    {1: 'passed', 2: 'failed'}
    """
    import xml.etree.ElementTree as ET

    if not text.strip():
        return {}
    try:
        root = ET.fromstring(text)
    except ET.ParseError:
        return {}
    outcomes: dict[int, CellOutcome] = {}
    for case in root.iter("testcase"):
        found = re.search(r"Cell (\d+)$", case.get("name", ""))
        if not found:
            continue
        number = int(found.group(1))
        outcome, message = "passed", ""
        for child in case:
            text_all = f"{child.get('message', '')}\n{child.text or ''}"
            if child.tag in ("failure", "error"):
                stopped = re.search(r"Timeout of [\d.]+ seconds exceeded|Kernel dead|Failed to interrupt|"
                                    r"Timed out waiting for idle kernel", text_all)
                outcome, message = ("stopped" if stopped else "failed"), text_all.strip()
            elif child.tag == "skipped":
                outcome, message = "skipped", text_all.strip()
        outcomes[number] = CellOutcome(outcome, message)
    return outcomes


def read_records(text: str) -> dict[str, dict[str, Any]]:
    """The lines ``kernel_check`` wrote (one JSON object per check run), last one per check wins.

    >>> read_records('{"qid": "q1", "status": "passed"}\\nnot json\\n')
    {'q1': {'qid': 'q1', 'status': 'passed'}}
    """
    records: dict[str, dict[str, Any]] = {}
    for line in text.splitlines():
        try:
            record = json.loads(line)
        except json.JSONDecodeError:
            continue
        if isinstance(record, dict) and isinstance(record.get("qid"), str):
            records[record["qid"]] = record
    return records


def _detail_from_nbval(message: str) -> str:
    lines = [" ".join(l.split()) for l in message.splitlines() if l.strip()]
    for line in lines:
        found = re.search(r"(\w*(?:Error|Exception|Timeout)\w*: .*)$", line)
        if found and not found.group(1).startswith("NbCellError"):
            return _clip(found.group(1))
    return "the check cell did not print the expected line"


_LOST_LINE = "the check passed but its line did not reach the notebook (was the output redirected?)."


def _status_from_nbval(outcome: CellOutcome) -> tuple[str, str] | None:
    """``(status, detail)`` when nbval alone decides: the line matched, or the cell stopped; else ``None``.

    >>> _status_from_nbval(CellOutcome("passed")), _status_from_nbval(CellOutcome("failed"))
    (('passed', ''), None)
    """
    if outcome.outcome == "passed":
        return "passed", ""
    if outcome.outcome == "stopped":
        return "crashed", "the check ran past the time limit or stopped the kernel."
    return None


def _status_from_record(record: dict[str, Any], message: str) -> tuple[str, str]:
    """``(status, detail)`` of a check whose line did not match: what the check recorded, else nbval's message.

    | recorded status | status | detail |
    |---|---|---|
    | ``not_attempted`` | ``not_attempted`` | not attempted. |
    | ``failed``, detail names ``CellTimeout`` | ``timeout`` | the recorded detail |
    | ``failed`` or ``unknown`` | ``failed`` | the recorded detail, or "wrong answer." |
    | ``passed`` (its line was lost) | ``failed`` | :data:`_LOST_LINE` (always flagged for review) |
    | none | ``timeout`` if nbval's message names ``CellTimeout``, else ``failed`` | the error nbval saw |

    >>> _status_from_record({"status": "failed", "detail": ""}, "")
    ('failed', 'wrong answer.')
    """
    status = record.get("status")
    detail = _clip(record.get("detail") or "")
    if status == "not_attempted":
        return "not_attempted", "not attempted."
    if status == "failed" and "CellTimeout" in detail:
        return "timeout", detail
    if status in ("failed", "unknown"):
        return "failed", detail or "wrong answer."
    if status == "passed":
        return "failed", _LOST_LINE
    return ("timeout" if "CellTimeout" in message else "failed"), _detail_from_nbval(message)


def score(reference: Reference, by_number: dict[int, str], outcomes: dict[int, CellOutcome],
          records: dict[str, dict[str, Any]]) -> tuple[dict[str, CheckResult], int | None]:
    """Grade the checks from nbval's outcomes; return ``({qid: result}, culprit)``.

    A check scores its points only when nbval passed its cell (the printed line matched the
    reference). ``records`` (what the check said, written in the kernel) only explain a failure.
    Checks that never ran are left out of the result; ``culprit`` is the code cell number that
    timed out or stopped the kernel (to be skipped in a new run), else ``None``.

    >>> ref = Reference("99", "99_toy.ipynb", [], [CheckSpec("q1", 2, "c", 1, 'check("q1", x)', ())])
    >>> score(ref, {2: "q1"}, {2: CellOutcome("passed")}, {})
    ({'q1': CheckResult(qid='q1', points=2, max_points=2, status='passed', detail='')}, None)
    """
    specs = {s.qid: s for s in reference.checks}
    culprit = next((n for n in sorted(outcomes) if outcomes[n].outcome == "stopped"), None)
    skipped = [n for n in sorted(outcomes) if outcomes[n].outcome == "skipped"]
    if culprit is None and skipped:  # a cell finished, but after nbval's own limit: later cells never ran
        culprit = skipped[0] - 1
    results: dict[str, CheckResult] = {}
    for number, qid in sorted(by_number.items()):
        outcome = outcomes.get(number)
        if outcome is None or outcome.outcome == "skipped" or (culprit is not None and number > culprit):
            continue
        record = records.get(qid, {})
        status, detail = _status_from_nbval(outcome) or _status_from_record(record, outcome.message)
        flags = record.get("flags") or []
        review = f" Flagged for review: {'; '.join(flags)}." if flags else ""
        if detail == _LOST_LINE and not review:
            review = " Flagged for review."
        points = specs[qid].points
        results[qid] = CheckResult(qid, points if status == "passed" else 0, points, status, (detail + review).strip())
    return results, culprit


def complete(found: dict[str, CheckResult], reference: Reference) -> list[CheckResult]:
    """One result per reference check, in order; a check that never ran is ``crashed``.

    >>> ref = Reference("99", "99_toy.ipynb", [], [CheckSpec("q1", 2, "c", 1, 'check("q1", x)', ())])
    >>> complete({}, ref)[0].status
    'crashed'
    """
    never_ran = ("not graded: the notebook stopped before this check "
                 "(time limit or kernel stopped in an earlier cell).")
    return [found.get(s.qid) or CheckResult(s.qid, 0, s.points, "crashed", never_ran) for s in reference.checks]


def not_graded(checks: list[CheckSpec], reason: str) -> list[CheckResult]:
    """Every check ``error``, 0 points, with ``reason`` (an unreadable notebook, a grader failure).

    >>> not_graded([CheckSpec("q1", 2, "c", 1, 'check("q1", x)', ())], "the file is empty")[0].detail
    'not graded: the file is empty.'
    """
    return [CheckResult(s.qid, 0, s.points, "error", f"not graded: {reason}.") for s in checks]


def missing_grade(student: str, reference: Reference) -> SubmissionGrade:
    """The grade of a lab a student did not hand in: every check ``missing``, 0 points.

    >>> ref = Reference("99", "99_toy.ipynb", [], [CheckSpec("q1", 2, "c", 1, 'check("q1", x)', ())])
    >>> missing_grade("ana", ref).results[0].status
    'missing'
    """
    return SubmissionGrade(student, reference.lab, reference.name,
                           [CheckResult(s.qid, 0, s.points, "missing", "no submission.") for s in reference.checks],
                           ["no submission for this lab"])

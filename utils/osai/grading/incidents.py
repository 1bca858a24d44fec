# SPDX-FileCopyrightText: 2026 The Open Source AI Lab Kit authors
# SPDX-License-Identifier: MIT
"""What grading did to a submission's cells: time limits, killed kernels, blocked exits, memory.

A cell that runs past the time limit, stops the kernel, tries to exit or runs out of memory does not
stop grading: the grader stops the cell (or skips it when the notebook is run again) and goes on.
Each such event is a :class:`CellIncident`, named in the feedback and the gradebook, and it flags
the submission for review (:func:`review_reasons`), because the checks after it ran without what that
cell should have done.

>>> describe(CellIncident(1, 3, 2, "loop", "while True: pass", "cpu_timeout", "stopped; the cells after it ran"))
'cell 2 (id loop: `while True: pass`): ran past the time limit (CPU time); grading: stopped; the cells after it ran'
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from osai.grading.model import SubmissionGrade, _clip

__all__ = ["KINDS", "CellIncident", "cell_incidents", "describe", "incident_from_dict", "review_reasons"]

#: What happened to a cell → the words the reports use.
KINDS = {
    "cpu_timeout": "ran past the time limit (CPU time)",
    "wall_timeout": "ran past the time limit (wall clock: it hung or slept)",
    "kernel_died": "stopped the kernel (the kernel died or stopped answering)",
    "exit": "tried to stop the kernel (os._exit, os.abort or sys.exit)",
    "memory": "ran out of memory (the kernel's memory limit)",
}
#: What grading did, per kind, when the kernel went on by itself (the stopped kinds say it in the run loop).
WENT_ON = {
    "cpu_timeout": "stopped at the limit; the cells after it ran",
    "exit": "the exit was blocked; the cells after it ran",
    "memory": "the cell stopped; the cells after it ran",
}
SKIPPED = "skipped on the rerun"

_ANSI = re.compile(r"(?:#x1B|\x1b)\[[0-9;]*[A-Za-z]")


@dataclass(frozen=True)
class CellIncident:
    """One cell of one submission that grading had to stop or skip.

    ``run`` is the nbval run (1, 2, ...), ``number`` nbval's code-cell number in the graded notebook
    (0 is the grader's set-up), ``position`` the cell's 1-based place among the submission's cells
    (``None`` for a check cell the grader restored), ``kind`` a key of :data:`KINDS`, ``action`` what
    grading did, ``check`` the check id when the cell is a check cell.
    """

    run: int
    number: int
    position: int | None
    cell_id: str
    first_line: str
    kind: str
    action: str
    check: str = ""


def classify(outcome: str, message: str) -> str | None:
    """The :data:`KINDS` key of a cell from nbval's verdict (``stopped``/``failed``) and message, else ``None``.

    >>> classify("failed", "CellTimeout: this cell used more than 1 s"), classify("failed", "ValueError: x")
    ('cpu_timeout', None)
    >>> classify("stopped", "Timeout of 12 seconds exceeded. Failed to interrupt kernel in 5 seconds")
    'kernel_died'
    """
    text = _ANSI.sub("", message)
    if outcome == "stopped":
        dead = re.search(r"Kernel dead|Kernel died|Failed to interrupt|Timed out waiting for idle kernel", text)
        return "kernel_died" if dead else "wall_timeout"
    if outcome != "failed":
        return None
    if "CellTimeout" in text:
        return "cpu_timeout"
    if "is disabled while grading (it would stop the kernel)" in text or re.search(r"\bSystemExit\b", text):
        return "exit"
    if re.search(r"\bMemoryError\b", text):
        return "memory"
    return None


def _first_line(source: str) -> str:
    lines = [line for line in str(source).splitlines() if line.strip()]
    return _clip(lines[0], 80) if lines else ""


def cell_incidents(run: int, outcomes: dict[int, Any], graded: Any, by_number: dict[int, str],
                   positions: dict[str, int]) -> list[CellIncident]:
    """The incidents of one run: every code cell whose nbval outcome :func:`classify` names.

    ``outcomes`` are :class:`~osai.grading.results.CellOutcome` by code-cell number, ``graded`` the
    notebook as run (before any cell is skipped), ``by_number`` the check cells, ``positions`` the
    1-based place of each cell id in the submission. A stopped cell gets the action
    :data:`SKIPPED`; the run loop corrects it when no rerun followed.

    >>> import nbformat
    >>> from osai.grading.results import CellOutcome
    >>> nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("setup", id="s"),
    ...                                      nbformat.v4.new_code_cell("while True:\\n  pass", id="loop")])
    >>> [i.kind for i in cell_incidents(1, {1: CellOutcome("failed", "CellTimeout: ...")}, nb, {}, {"loop": 4})]
    ['cpu_timeout']
    """
    code = [c for c in graded.cells if c.get("cell_type") == "code"]
    found = []
    for number, outcome in sorted(outcomes.items()):
        kind = classify(outcome.outcome, outcome.message)
        if kind is None or not 0 <= number < len(code):
            continue
        cell = code[number]
        cell_id = str(cell.get("id", ""))
        check = by_number.get(number, "")
        if check and kind != "kernel_died" and outcome.outcome == "failed":
            continue  # a check's own time limit or error is already its result
        first = f'check("{check}", ...)' if check else _first_line(cell.get("source", ""))
        found.append(CellIncident(run, number, positions.get(cell_id), cell_id, first, kind,
                                  SKIPPED if outcome.outcome == "stopped" else WENT_ON.get(kind, ""), check))
    return found


def describe(incident: CellIncident) -> str:
    """One line for the reports (student text cleaned of control characters).

    >>> describe(CellIncident(2, 5, None, "q3", 'check("q3", ...)', "kernel_died", "skipped on the rerun", "q3"))
    'check q3 (id q3): stopped the kernel (the kernel died or stopped answering); grading: skipped on the rerun'
    """
    where = f"check {incident.check}" if incident.check else (
        f"cell {incident.position}" if incident.position is not None else f"code cell {incident.number}")
    shown = "" if incident.check else f": `{_clip(incident.first_line, 80).replace('`', chr(39))}`"
    return (f"{where} (id {_clip(incident.cell_id, 64)}{shown}): {KINDS.get(incident.kind, incident.kind)}; "
            f"grading: {incident.action}")


def incident_from_dict(data: dict[str, Any]) -> CellIncident:
    """A :class:`CellIncident` from its ``dataclasses.asdict`` form (the grading cache).

    >>> incident_from_dict({"run": 1, "number": 2, "position": None, "cell_id": "x", "first_line": "",
    ...                     "kind": "exit", "action": "a"}).kind
    'exit'
    """
    return CellIncident(int(data["run"]), int(data["number"]),
                        None if data.get("position") is None else int(data["position"]), str(data["cell_id"]),
                        str(data["first_line"]), str(data["kind"]), str(data["action"]), str(data.get("check", "")))


# The notes of osai.grading.notebook.restore_checks that mean a check cell was not as handed out.
_TAMPERING = re.compile(r"^check cell \S+ .*\brestored\b|\bextra cop(?:y|ies)\b.*\bcheck cells?\b")


def review_reasons(grade: SubmissionGrade) -> list[str]:
    """Why a submission needs a person to look at it (empty: it does not), without repeats.

    Tampering (check cells restored or extra copies ignored, the kernel's signs of tampering), cells
    grading stopped or skipped (:class:`CellIncident`), and a grader that failed.

    >>> from osai.grading.model import CheckResult
    >>> g = SubmissionGrade("ana", "00", "00_x.ipynb", [CheckResult("q1", 1, 1, "passed")],
    ...                     ["check cell q1 had been edited; restored"])
    >>> review_reasons(g)
    ['check cells: check cell q1 had been edited; restored']
    """
    reasons: list[str] = []
    for note in grade.notes:
        if _TAMPERING.search(note):
            reasons.append(f"check cells: {note}")
        elif note.startswith("grader error:"):
            reasons.append(note)
    for result in grade.results:
        found = re.search(r"Flagged for review(?:: (.*?))?\.?$", result.detail)
        if found:
            reasons.append(f"tampering: {found.group(1) or 'a check passed but its line was lost'}")
        if result.status == "error" and "the grader failed" in result.detail:
            reasons.append("grader error")
    for incident in getattr(grade, "incidents", []):
        reasons.append(f"{KINDS.get(incident.kind, incident.kind)}: "
                       + (f"check {incident.check}" if incident.check else f"cell id {incident.cell_id}"))
    return list(dict.fromkeys(reasons))


def incident_kinds(grades: Iterable[SubmissionGrade]) -> dict[str, int]:
    """How many incidents of each kind a class had, in :data:`KINDS` order.

    >>> incident_kinds([])
    {}
    """
    counts: dict[str, int] = {}
    for grade in grades:
        for incident in getattr(grade, "incidents", []):
            counts[incident.kind] = counts.get(incident.kind, 0) + 1
    return {kind: counts[kind] for kind in KINDS if kind in counts}

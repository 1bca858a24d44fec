# SPDX-FileCopyrightText: 2026 The Open Source AI Lab Kit authors
# SPDX-License-Identifier: MIT
"""Evidence for a regrade request: which student cell really failed, and the notebook as graded.

nbval reports every code cell that raised, with its traceback, in its JUnit XML (one test per cell).
From that the grader

- finds the student cells that raised (:func:`failed_cells`);
- explains a check that could not find its answer by the cell that raised before it, e.g. the answer
  cell's ``NameError`` from a typo, instead of "run the cell that defines it" (:func:`explain`);
- keeps the notebook as graded, each failed cell with its first traceback and each check cell with its
  result, under ``<out>/executed/<student>/<lab>.ipynb`` (:func:`evidence_notebook`).

>>> clean_traceback("#x1B[31mNameError#x1B[39m: name 'x' is not defined")
"NameError: name 'x' is not defined"
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from osai.grading.model import CheckResult, _clip

__all__ = ["FailedCell", "clean_traceback", "error_line", "evidence_notebook", "evidence_path", "explain",
           "failed_cells", "failure_notes", "write_evidence"]

_ANSI = re.compile(r"(?:\x1b|#x1B)\[[0-9;]*[A-Za-z]")
_HEADER = ("Notebook cell execution failed",)
_STOPPED = "ran past the time limit or stopped the kernel"
#: Most characters of one traceback kept in the evidence notebook.
TRACEBACK_LIMIT = 20_000


@dataclass(frozen=True)
class FailedCell:
    """A student code cell that raised while graded: nbval's cell number, its id, the error and traceback."""

    number: int
    cell_id: str
    error: str
    traceback: str


def clean_traceback(message: str) -> str:
    """nbval's failure text without colour codes or its own header lines.

    >>> clean_traceback("Notebook cell execution failed\\nCell 3: boom")
    'Cell 3: boom'
    """
    lines = [_ANSI.sub("", line).rstrip() for line in message.splitlines()]
    return "\n".join(line for line in lines if line.strip() not in _HEADER).strip()


def error_line(message: str) -> str:
    """The last ``SomeError: what`` line of a traceback, on one line (or a short fallback).

    >>> error_line("Traceback\\n  x = y\\nNameError: name 'y' is not defined")
    "NameError: name 'y' is not defined"
    >>> error_line("")
    'an error'
    """
    found = re.findall(r"(?m)^\s*([A-Za-z_][\w.]*(?:Error|Exception|Timeout|Interrupt|Exit)\w*(?::.*)?)$",
                       clean_traceback(message))
    return _clip(found[-1], 200) if found else "an error"


def failed_cells(graded: Any, outcomes: dict[int, Any], by_number: dict[int, str]) -> list[FailedCell]:
    """The student code cells that raised or stopped (not the grader's first cell, not check cells).

    ``outcomes`` are nbval's :class:`~osai.grading.results.CellOutcome` per code cell number; the
    grader's first cell is number 0.

    >>> import nbformat
    >>> from osai.grading.results import CellOutcome
    >>> nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("setup"), nbformat.v4.new_code_cell("1/0")])
    >>> nb.cells[1].id = "a"
    >>> failed_cells(nb, {1: CellOutcome("failed", "ZeroDivisionError: division by zero")}, {})[0].error
    'ZeroDivisionError: division by zero'
    """
    code = [cell for cell in graded.cells if cell.get("cell_type") == "code"]
    found = []
    for number in sorted(outcomes):
        outcome = outcomes[number]
        if number == 0 or number in by_number or number >= len(code) or outcome.outcome not in ("failed", "stopped"):
            continue
        text = clean_traceback(outcome.message)
        error = error_line(text) if outcome.outcome == "failed" else _STOPPED
        found.append(FailedCell(number, str(code[number].get("id", "")), error, text[:TRACEBACK_LIMIT]))
    return found


def explain(results: dict[str, CheckResult], failed: Sequence[FailedCell],
            by_number: dict[int, str]) -> dict[str, CheckResult]:
    """``results`` where a check that found no answer (a ``NameError``) names the cell that really failed.

    That is the exercise's answer cell (``qN-answer``) when it raised, else the last cell that raised
    between the previous check and this one; a check with no such cell is left as it is. A check
    ``not_attempted`` whose answer cell raised says so too (the placeholder was left by an error).

    >>> bad = FailedCell(3, "q1-answer", "NameError: name 'splt' is not defined", "")
    >>> out = explain({"q1": CheckResult("q1", 0, 1, "failed", "name 'x' is not defined: run the cell ...")},
    ...               [bad], {4: "q1"})
    >>> out["q1"].detail
    "your cell q1-answer raised NameError: name 'splt' is not defined; fix that cell (the check found no answer)."
    """
    number_of = {qid: number for number, qid in by_number.items()}
    explained = dict(results)
    for qid, result in results.items():
        missing = result.status == "failed" and "is not defined" in result.detail
        if not (missing or result.status == "not_attempted") or qid not in number_of:
            continue
        number = number_of[qid]
        previous = max((n for n in by_number if n < number), default=0)
        before = [cell for cell in failed if previous < cell.number < number]
        culprit = next((c for c in before if c.cell_id == f"{qid}-answer"), before[-1] if before and missing else None)
        if culprit is not None:
            explained[qid] = replace(result, detail=f"your cell {culprit.cell_id} raised {culprit.error}; "
                                                    "fix that cell (the check found no answer).")
    return explained


def evidence_notebook(graded: Any, outcomes: dict[int, Any], by_number: dict[int, str],
                      results: dict[str, CheckResult]) -> Any:
    """The notebook as graded, for a regrade request: each student cell that raised carries its first
    traceback, each check cell its result, and a first markdown cell says what this file is.

    nbval does not keep the outputs of cells that ran fine, so those cells have none.

    >>> import nbformat
    >>> nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("setup"), nbformat.v4.new_code_cell("x")])
    >>> [c.cell_type for c in evidence_notebook(nb, {}, {1: "q1"}, {}).cells]
    ['markdown', 'code', 'code']
    """
    import copy

    import nbformat

    new = copy.deepcopy(graded)
    failed = {cell.number: cell for cell in failed_cells(graded, outcomes, by_number)}
    number = 0
    for cell in new.cells:
        if cell.get("cell_type") != "code":
            continue
        cell.outputs = []
        if number in failed:
            lines = failed[number].traceback.splitlines() or [failed[number].error]
            name, _, value = failed[number].error.partition(": ")
            cell.outputs = [nbformat.v4.new_output("error", ename=name, evalue=value, traceback=lines)]
        elif number in by_number and by_number[number] in results:
            result = results[by_number[number]]
            text = f"osai grade: {result.qid} {result.status} ({result.points}/{result.max_points})"
            cell.outputs = [nbformat.v4.new_output("stream", name="stdout",
                                                   text=text + (f": {result.detail}" if result.detail else "") + "\n")]
        number += 1
    intro = nbformat.v4.new_markdown_cell(
        "**osai grade: this notebook as it was graded.** The grader's first cell and the reference check cells "
        "were added; each student cell that raised shows its first traceback, each check cell its result. "
        "Cells that ran without error show no output (the grader does not keep it).")
    intro.id = "osai-grade-evidence"
    new.cells = [intro, *new.cells]
    return new


def failure_notes(graded: Any, outcomes: dict[int, Any], by_number: dict[int, str], limit: int = 10) -> list[str]:
    """One feedback note per student cell that raised (at most ``limit``), naming the cell and its error.

    >>> import nbformat
    >>> from osai.grading.results import CellOutcome
    >>> nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("setup"), nbformat.v4.new_code_cell("1/0")])
    >>> nb.cells[1].id = "q1-answer"
    >>> failure_notes(nb, {1: CellOutcome("failed", "ZeroDivisionError: division by zero")}, {})
    ['your cell q1-answer raised ZeroDivisionError: division by zero']
    """
    failed = failed_cells(graded, outcomes, by_number)
    notes = [f"your cell {cell.cell_id} {'raised ' if cell.error != _STOPPED else ''}{cell.error}"
             for cell in failed[:limit]]
    if len(failed) > limit:
        notes.append(f"{len(failed) - limit} more cell(s) raised an error")
    return notes


def evidence_path(out: Path | str, student_folder: str, name: str) -> Path:
    """Where the notebook as graded is kept: ``<out>/executed/<student>/<lab file>``.

    >>> evidence_path("graded", "ana", "00_x.ipynb").as_posix()
    'graded/executed/ana/00_x.ipynb'
    """
    return Path(out) / "executed" / student_folder / name


def write_evidence(path: Path | str, nb: Any) -> Path:
    """Write the notebook as graded to ``path`` (folders made as needed); return the path.

    >>> import nbformat, tempfile
    >>> write_evidence(Path(tempfile.mkdtemp()) / "a" / "x.ipynb", nbformat.v4.new_notebook()).is_file()
    True
    """
    import nbformat

    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(nbformat.writes(nb, version=4) + "\n", encoding="utf-8")
    return path

# SPDX-FileCopyrightText: 2026 The Open Source AI Lab Kit authors
# SPDX-License-Identifier: MIT
"""What the grading steps pass to each other: errors, :class:`GradeSettings` and frozen records.

>>> GradeSettings(timeout=5).backstop
20.0
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from osai.grading.incidents import CellIncident

__all__ = ["CheckResult", "CheckSpec", "GradeSettings", "GradingError", "NotebookError", "Origin", "Reference",
           "Submission", "SubmissionGrade"]


class GradingError(RuntimeError):
    """The grader itself cannot run (no solutions, an unwritable output folder, nbval missing)."""


class NotebookError(ValueError):
    """A submission that cannot be read as a notebook; the message says why, for the feedback."""


# Both are raised to the user through the package's public name (tracebacks say osai.grading.GradingError).
GradingError.__module__ = NotebookError.__module__ = "osai.grading"


@dataclass(frozen=True)
class Origin:
    """Where a graded notebook came from, for the gradebook: the file taken and why, and what the LMS said.

    ``file`` is the path inside the submissions (or the zip); ``late`` and ``attempt`` are ``None``
    when the layout does not say; ``lms`` is ``canvas``, ``moodle``, ``classroom`` or empty, and
    ``lms_id`` the student's id there (Canvas user id, Moodle participant id, GitHub username).
    """

    file: str = ""
    matched_by: str = ""
    late: bool | None = None
    attempt: int | None = None
    lms: str = ""
    lms_id: str = ""
    lms_name: str = ""


@dataclass(frozen=True)
class Submission:
    """One notebook to grade: ``root/<student>/<file>`` for lab ``lab`` (``"00"``)."""

    student: str
    lab: str
    name: str
    path: Path
    notes: tuple[str, ...] = ()
    origin: Origin = Origin()


@dataclass(frozen=True)
class CheckSpec:
    """One reference check cell of a solution notebook."""

    qid: str
    points: int
    cell_id: str
    index: int
    source: str
    outputs: tuple[dict[str, Any], ...]


@dataclass
class Reference:
    """A solution notebook seen by the grader: its cells and its check cells in order."""

    lab: str
    name: str
    cells: list[Any]
    checks: list[CheckSpec]
    lab_sources: dict[str, str] = field(default_factory=dict)
    written: list[Any] = field(default_factory=list)  # osai.written.WrittenQuestion: graded by the instructor

    @property
    def max_points(self) -> int:
        return sum(c.points for c in self.checks)


@dataclass(frozen=True)
class CheckResult:
    """The grade of one check of one submission (one gradebook row)."""

    qid: str
    points: int
    max_points: int
    status: str
    detail: str = ""


@dataclass
class SubmissionGrade:
    """Everything the reports need about one student's lab."""

    student: str
    lab: str
    name: str
    results: list[CheckResult]
    notes: list[str] = field(default_factory=list)
    runs: int = 0
    seconds: float = 0.0
    origin: Origin = Origin()
    written: list[Any] = field(default_factory=list)  # osai.grading.written.WrittenAnswer: never in points
    #: ``current`` or ``older`` (made from an older version of the lab); empty when not graded
    lab_version: str = ""
    #: the submitted file's time (UTC, ISO 8601) and SHA-256, for a term gradebook and regrade requests
    submitted: str = ""
    sha256: str = ""
    #: Cells grading stopped or skipped (time limit, kernel stopped, blocked exit, memory), in order.
    incidents: list[CellIncident] = field(default_factory=list)

    @property
    def points(self) -> int:
        return sum(r.points for r in self.results)

    @property
    def max_points(self) -> int:
        return sum(r.max_points for r in self.results)


@dataclass(frozen=True)
class GradeSettings:
    """How each submission runs: time limit per cell (s), kernel memory limit (MB), isolation.

    ``timeout`` is CPU time, measured inside the kernel, so that a busy grading machine (several
    submissions in parallel) does not fail slow but correct cells; a cell that sleeps or hangs in
    C code is stopped by nbval's wall-clock :attr:`backstop` instead.
    """

    timeout: float = 60.0
    memory_mb: int = 6144  # address space, not RSS: lab 07 (torch, shap, MiniLM) needs about 4 GB of it
    isolate: bool | None = None  # None: use Linux namespaces when the system allows them
    max_runs: int = 3
    output_limit: int = 1_000_000  # characters a cell may print before the rest is dropped

    @property
    def backstop(self) -> float:
        """nbval's own wall-clock cell timeout (s): for code that never returns to the interpreter."""
        return 2 * self.timeout + 10.0


def _short(error: BaseException, limit: int = 120) -> str:
    """An error message on one line, cut at ``limit`` characters."""
    text = " ".join(str(error).split())
    return text if len(text) <= limit else text[: limit - 3] + "..."


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _clip(text: str, limit: int = 200) -> str:
    """Text for a report: control characters dropped, on one line, cut at ``limit`` characters."""
    text = " ".join(_CONTROL.sub("", str(text)).split())
    return text if len(text) <= limit else text[: limit - 3] + "..."

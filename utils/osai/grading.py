# SPDX-FileCopyrightText: 2026 The Open Source AI Lab Kit authors
# SPDX-License-Identifier: MIT
"""Grade a class's notebooks through nbval: ``osai grade SUBMISSIONS``.

A pipeline of small steps, each a function that takes data and returns data:

1. :func:`find_submissions` - ``SUBMISSIONS/<student>/<NN_name>.ipynb``, one per student and lab;
2. :func:`load_references` - the check cells (id, points, source, reference output) of ``solutions/``;
3. :func:`load_notebook` - read a submission and repair what can be repaired (nbformat 3, no ids);
4. :func:`restore_checks` - put every reference check cell back at its reference position;
5. :func:`instrument` - add the grader's first cell (time limit per cell inside the kernel) and turn
   each check cell into a fresh, tamper-resistant check whose output nbval compares;
6. :func:`make_sandbox` - a fresh folder holding only that notebook;
7. :func:`run_nbval` - ``pytest --nbval-lax`` in a subprocess, in a kernel with a memory limit, with
   the instructor's folders hidden and the network off where the system allows it (Linux ``unshare``);
8. :func:`read_junit` and :func:`score` - each check cell is one nbval test; its outcome is the score;
9. :func:`gradebook_rows`, :func:`summary_rows`, :func:`feedback_markdown`, :func:`junit_report`,
   :func:`write_reports` - the files an instructor reads.

:func:`grade` runs them all for a whole class, in parallel. A submission on disk is never modified,
and this module never imports a content module: it works on notebooks and check ids only.
``kernel_setup`` and ``kernel_check`` are the two functions that run inside the student's kernel.
"""

from __future__ import annotations

import io
import json
import os
import re
import sys
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

__all__ = [
    "CheckResult",
    "CheckSpec",
    "GradeSettings",
    "GradingError",
    "NotebookError",
    "Reference",
    "Submission",
    "SubmissionGrade",
    "feedback_markdown",
    "find_submissions",
    "grade",
    "grade_submission",
    "gradebook_rows",
    "instrument",
    "isolation_available",
    "junit_report",
    "kernel_check",
    "kernel_setup",
    "load_notebook",
    "load_references",
    "solution_names",
    "make_sandbox",
    "read_junit",
    "restore_checks",
    "run_nbval",
    "score",
    "summary_rows",
    "write_reports",
]

GRADER_VERSION = "1"
STATUSES = ("passed", "failed", "not_attempted", "timeout", "crashed", "error", "missing")
GRADEBOOK_FIELDS = ("student", "lab", "check", "points", "max_points", "status", "detail")
#: Name of the file, inside the sandbox, where ``kernel_check`` records what each check found.
RECORD_FILE = ".osai-grade-checks.jsonl"
SANDBOX_NOTEBOOK = "submission.ipynb"
PRELUDE_ID = "osai-grade-setup"
#: Modules that every check drops and imports afresh (the check machinery, never content): the
#: check cell drops the first, ``kernel_check`` the others after looking for signs of tampering.
FRESH_MODULES = ("osai.grading", "osai.checks", "osai.exercises")
_STATE_MODULE = "_osai_grade_kernel_state"
_CHECK_LINE = re.compile(r"^(✅|❌|⏳|❓) (q\d+[a-z]?)\b ?(.*)$")


class GradingError(RuntimeError):
    """The grader itself cannot run (no solutions, an unwritable output folder, nbval missing)."""


class NotebookError(ValueError):
    """A submission that cannot be read as a notebook; the message says why, for the feedback."""


# --------------------------------------------------------------------------------------------------
# Data passed between the steps


@dataclass(frozen=True)
class Submission:
    """One notebook to grade: ``root/<student>/<file>`` for lab ``lab`` (``"00"``)."""

    student: str
    lab: str
    name: str
    path: Path
    notes: tuple[str, ...] = ()


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
    memory_mb: int = 6144  # address space, not RSS: lab 06 (torch, shap, MiniLM) needs about 4 GB of it
    isolate: bool | None = None  # None: use Linux namespaces when the system allows them
    max_runs: int = 3
    output_limit: int = 1_000_000  # characters a cell may print before the rest is dropped

    @property
    def backstop(self) -> float:
        """nbval's own wall-clock cell timeout (s): for code that never returns to the interpreter."""
        return 2 * self.timeout + 10.0


# --------------------------------------------------------------------------------------------------
# Step 1: find submissions


def lab_of(filename: str, labs: dict[str, str]) -> str | None:
    """The lab number a submitted file belongs to, or ``None``.

    ``labs`` maps lab numbers to reference notebook names. The exact name matches; so do copies
    such as ``00_orientation (1).ipynb`` or ``00_orientation-Copy1.ipynb``.

    >>> lab_of("00_orientation.ipynb", {"00": "00_orientation.ipynb"})
    '00'
    >>> lab_of("00_orientation-Copy1.ipynb", {"00": "00_orientation.ipynb"}) is None
    False
    >>> lab_of("notes.ipynb", {"00": "00_orientation.ipynb"}) is None
    True
    """
    if not filename.endswith(".ipynb"):
        return None
    for number, name in labs.items():
        stem = name[: -len(".ipynb")]
        if filename == name or (filename.startswith(stem) and not filename[len(stem):len(stem) + 1].isalnum()):
            return number
    return None


def find_submissions(root: Path | str, labs: dict[str, str]) -> list[Submission]:
    """One :class:`Submission` per student folder and lab, sorted by student then lab.

    A student folder is a folder directly under ``root`` (hidden folders and checkpoints are
    skipped; names with spaces or non-ASCII letters are fine). When a student has two notebooks for
    the same lab, the one with the exact lab name wins (else the newest), and a note says so.

    >>> find_submissions("/nonexistent", {"00": "00_orientation.ipynb"})
    Traceback (most recent call last):
    ...
    osai.grading.GradingError: submissions folder not found: /nonexistent (expected SUBMISSIONS/<student>/<NN_name>.ipynb)
    """
    root = Path(root)
    if not root.is_dir():
        raise GradingError(f"submissions folder not found: {root} (expected SUBMISSIONS/<student>/<NN_name>.ipynb)")
    found: list[Submission] = []
    for folder in sorted(p for p in root.iterdir() if p.is_dir() and not p.name.startswith(".")):
        by_lab: dict[str, list[Path]] = {}
        for path in sorted(folder.rglob("*.ipynb")):
            if any(part.startswith(".") for part in path.relative_to(folder).parts):
                continue
            number = lab_of(path.name, labs)
            if number is not None and path.is_file():
                by_lab.setdefault(number, []).append(path)
        for number in sorted(by_lab):
            candidates = by_lab[number]
            exact = [p for p in candidates if p.name == labs[number]]
            chosen = exact[0] if exact else max(candidates, key=lambda p: (p.stat().st_mtime, p.name))
            notes = ()
            if len(candidates) > 1:
                others = ", ".join(repr(str(p.relative_to(folder))) for p in candidates if p != chosen)
                why = "exact lab name" if exact else "newest"
                notes = (f"{len(candidates)} notebooks for lab {number}: graded "
                         f"{str(chosen.relative_to(folder))!r} ({why}), ignored {others}",)
            found.append(Submission(folder.name, number, labs[number], chosen, notes))
    return found


# --------------------------------------------------------------------------------------------------
# Step 2: reference check cells


def _tags(cell: Any) -> list[str]:
    tags = cell.get("metadata", {}).get("tags", [])
    return list(tags) if isinstance(tags, list) else []


def reference_from_notebook(nb: Any, name: str) -> Reference:
    """The :class:`Reference` of a solution notebook already read with nbformat.

    Raises :class:`GradingError` when the solution is unfit for grading (checks not run, no ids).
    """
    from osai.build import NOTEBOOK_NAME, make_lab, validate_solution

    match = NOTEBOOK_NAME.match(name)
    if not match:
        raise GradingError(f"solution name {name!r} is not NN_name.ipynb")
    problems = validate_solution(nb, f"solutions/{name}")
    if problems:
        raise GradingError("; ".join(problems))
    checks = []
    for index, cell in enumerate(nb.cells):
        if cell.cell_type != "code" or "check" not in _tags(cell):
            continue
        meta = cell.metadata["nbgrader"]
        outputs = tuple(_plain(o) for o in cell.get("outputs", []))
        if not outputs:
            raise GradingError(f"solutions/{name}, check {meta['grade_id']}: no reference output; "
                               "run osai build-labs --execute first")
        checks.append(CheckSpec(meta["grade_id"], int(meta["points"]), cell.id, index, cell.source, outputs))
    if not checks:
        raise GradingError(f"solutions/{name} has no check cells")
    lab = make_lab(nb, name=f"solutions/{name}")
    lab_sources = {c.id: c.source for c in lab.cells}
    return Reference(match.group(1), name, list(nb.cells), checks, lab_sources)


def solution_names(solutions_dir: Path | str, only: Iterable[str] | None = None) -> dict[str, str]:
    """``{lab number: notebook name}`` of the solutions (``NN_name.ipynb``), without reading them.

    >>> solution_names("/nonexistent")
    Traceback (most recent call last):
    ...
    osai.grading.GradingError: solutions folder not found: /nonexistent
    """
    from osai.build import BuildError, solution_notebooks

    solutions_dir = Path(solutions_dir)
    try:
        names = {p.name[:2]: p.name for p in solution_notebooks(solutions_dir)}
    except BuildError as error:
        raise GradingError(str(error)) from None
    if not names:
        raise GradingError(f"no solution notebooks (NN_name.ipynb) in {solutions_dir}")
    if only is not None:
        wanted = set(only)
        unknown = sorted(wanted - set(names))
        if unknown:
            raise GradingError(f"no solution for lab(s) {', '.join(unknown)} in {solutions_dir}; "
                               f"labs with solutions: {', '.join(names)}")
        names = {number: name for number, name in names.items() if number in wanted}
    return names


def load_references(solutions_dir: Path | str, only: Iterable[str] | None = None) -> dict[str, Reference]:
    """The solution notebooks of ``solutions_dir`` (all, or the labs in ``only``) as :class:`Reference`.

    >>> load_references("/nonexistent")
    Traceback (most recent call last):
    ...
    osai.grading.GradingError: solutions folder not found: /nonexistent
    """
    import nbformat

    solutions_dir = Path(solutions_dir)
    names = solution_names(solutions_dir, only)
    references = {}
    for name in names.values():
        path = solutions_dir / name
        try:
            nb = nbformat.read(path, as_version=4)
        except Exception as error:  # noqa: BLE001
            raise GradingError(f"{path}: not a readable notebook ({type(error).__name__}: {error})") from None
        references[path.name[:2]] = reference_from_notebook(nb, path.name)
    return references


def _plain(value: Any) -> Any:
    """NotebookNode → plain dicts and lists (JSON-ready)."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


# --------------------------------------------------------------------------------------------------
# Step 3: load and repair


def load_notebook(data: bytes | str | Path) -> tuple[Any, list[str]]:
    """Read a submitted notebook (bytes, text or a path) and repair it; return ``(nb, notes)``.

    nbformat 3 is converted; missing or duplicate cell ids are given fresh ones; outputs are dropped
    (the grader runs the notebook itself). What cannot be read raises :class:`NotebookError`.

    >>> load_notebook(b"")
    Traceback (most recent call last):
    ...
    osai.grading.NotebookError: the file is empty
    >>> nb, notes = load_notebook('{"cells": [], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}')
    >>> len(nb.cells), notes
    (0, [])
    """
    import warnings

    import nbformat

    if isinstance(data, Path):
        data = data.read_bytes()
    if isinstance(data, bytes):
        try:
            data = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise NotebookError("the file is not UTF-8 text, so not a notebook") from None
    if not data.strip():
        raise NotebookError("the file is empty")
    try:
        raw = json.loads(data)
    except json.JSONDecodeError as error:
        raise NotebookError(f"the file is not a notebook (not valid JSON: {error.msg} at line {error.lineno})") from None
    if not isinstance(raw, dict) or "nbformat" not in raw:
        raise NotebookError("the file is JSON but not a notebook (no 'nbformat' field)")
    notes: list[str] = []
    version = raw.get("nbformat")
    if version not in (3, 4):
        raise NotebookError(f"unsupported notebook format version {version!r} (expected 4, or 3 to convert)")
    try:
        with warnings.catch_warnings():  # nbformat warns about what is repaired below
            warnings.simplefilter("ignore")
            nb = nbformat.reads(data, as_version=4)
    except Exception as error:  # noqa: BLE001 - nbformat raises many kinds
        raise NotebookError(f"the notebook cannot be read ({type(error).__name__}: {_short(error)})") from None
    if version == 3:
        notes.append("notebook was in the old format 3; converted to format 4")
    if not isinstance(nb.get("cells"), list):
        raise NotebookError("the notebook has no list of cells")
    nb.nbformat, nb.nbformat_minor = 4, max(int(nb.get("nbformat_minor", 5) or 5), 5)
    seen: set[str] = set()
    repaired = 0
    cells = []
    for number, cell in enumerate(nb.cells):
        if not isinstance(cell, dict) or cell.get("cell_type") not in ("code", "markdown", "raw"):
            notes.append(f"cell {number} is not a code, markdown or raw cell; ignored")
            continue
        cell.setdefault("metadata", {})
        source = cell.get("source", "")
        cell["source"] = "".join(source) if isinstance(source, list) else str(source)
        cid = cell.get("id")
        if not isinstance(cid, str) or not re.fullmatch(r"[A-Za-z0-9_-]{1,64}", cid) or cid in seen:
            cid = f"osai-cell-{number}"
            while cid in seen:
                cid += "-x"
            cell["id"] = cid
            repaired += 1
        seen.add(cid)
        if cell["cell_type"] == "code":
            cell["outputs"], cell["execution_count"] = [], None
        else:
            cell.pop("outputs", None)
            cell.pop("execution_count", None)
        cells.append(cell)
    nb.cells = cells
    if repaired:
        notes.append(f"{repaired} cell(s) had no usable id; check cells were placed by matching text")
    return nb, notes


def _short(error: BaseException, limit: int = 120) -> str:
    text = " ".join(str(error).split())
    return text if len(text) <= limit else text[: limit - 3] + "..."


# --------------------------------------------------------------------------------------------------
# Step 4: restore the reference check cells


def _anchor_map(student_cells: Sequence[Any], reference: Reference) -> dict[int, int]:
    """Student cell index → reference cell index, by cell id or else by identical source."""
    ref_ids = {cell.get("id"): index for index, cell in enumerate(reference.cells)}
    by_source: dict[str, int] = {}
    for index, cell in enumerate(reference.cells):
        for text in (cell.get("source", ""), reference.lab_sources.get(cell.get("id"), None)):
            if text and text.strip():
                by_source.setdefault(text.strip(), index)
    mapping: dict[int, int] = {}
    used: set[int] = set()
    for index, cell in enumerate(student_cells):
        target = ref_ids.get(cell.get("id"))
        if target is None:
            target = by_source.get(str(cell.get("source", "")).strip())
        if target is not None and target not in used:
            mapping[index] = target
            used.add(target)
    return mapping


def _looks_like_check(cell: Any, reference: Reference) -> bool:
    ids = {c.cell_id for c in reference.checks}
    if cell.get("id") in ids:
        return True
    if "check" in _tags(cell):
        return True
    nbgrader = cell.get("metadata", {}).get("nbgrader", {})
    return isinstance(nbgrader, dict) and nbgrader.get("grade") is True and not nbgrader.get("solution")


def restore_checks(nb: Any, reference: Reference) -> tuple[Any, dict[int, str], list[str]]:
    """Put back every reference check cell; return ``(new_nb, {cell index: qid}, notes)``.

    The student's own copies of check cells (same id, tag ``check`` or nbgrader grade metadata;
    edited, moved, duplicated or turned into markdown) are removed; each reference check cell is
    inserted just before the first student cell that comes after it in the reference (matched by id
    or by identical text), else at the end. Any other student cell stays as it is, so a cell that
    only imitates a check is ordinary code and counts for nothing. ``nb`` is not modified.

    >>> import nbformat
    >>> answer = nbformat.v4.new_code_cell("x = 1"); answer.id = "a"
    >>> ref = Reference("99", "99_toy.ipynb", [answer, nbformat.v4.new_code_cell('check("q1", x)', id="c")],
    ...                 [CheckSpec("q1", 1, "c", 1, 'check("q1", x)', ({"output_type": "stream", "name": "stdout",
    ...                                                               "text": "✅ q1 passed (1/1)\\n"},))])
    >>> student = nbformat.v4.new_notebook(cells=[answer])  # the check cell was deleted
    >>> new, check_at, notes = restore_checks(student, ref)
    >>> [c.source for c in new.cells], check_at, notes
    (['x = 1', 'check("q1", x)'], {1: 'q1'}, ['check cell q1 was missing; restored'])
    """
    import copy

    import nbformat

    kept = [copy.deepcopy(c) for c in nb.cells if not _looks_like_check(c, reference)]
    dropped = len(nb.cells) - len(kept)
    anchors = _anchor_map(kept, reference)
    notes: list[str] = []
    student_ids = [c.get("id") for c in nb.cells]
    for spec in reference.checks:
        count = student_ids.count(spec.cell_id)
        same = [c for c in nb.cells if c.get("id") == spec.cell_id]
        if count == 0:
            notes.append(f"check cell {spec.qid} was missing; restored")
        elif same[0].get("cell_type") != "code":
            notes.append(f"check cell {spec.qid} had been turned into {same[0].get('cell_type')}; restored")
        elif str(same[0].get("source", "")).strip() != spec.source.strip():
            notes.append(f"check cell {spec.qid} had been edited; restored")
    extra = dropped - sum(1 for spec in reference.checks if spec.cell_id in student_ids)
    if extra > 0:
        notes.append(f"{extra} extra copy(ies) of check cells ignored")
    # Where each check goes: before the first kept cell whose reference index is after the check.
    insert_before: dict[int, list[CheckSpec]] = {}
    for spec in reference.checks:
        position = len(kept)
        for index in range(len(kept)):
            ref_index = anchors.get(index)
            if ref_index is not None and ref_index > spec.index:
                position = index
                break
        insert_before.setdefault(position, []).append(spec)
    cells: list[Any] = []
    check_at: dict[int, str] = {}
    for index in range(len(kept) + 1):
        for spec in insert_before.get(index, []):
            check_at[len(cells)] = spec.qid
            cells.append(_reference_check_cell(spec))
        if index < len(kept):
            cells.append(kept[index])
    new = nbformat.v4.new_notebook(metadata=copy.deepcopy(nb.get("metadata", {})))
    new.nbformat, new.nbformat_minor = 4, 5
    new.cells = cells
    return new, check_at, notes


def _reference_check_cell(spec: CheckSpec) -> Any:
    import nbformat

    cell = nbformat.v4.new_code_cell(source=spec.source)
    cell.id = spec.cell_id
    cell.metadata = {"tags": ["check"], "nbgrader": {"grade": True, "grade_id": spec.qid, "points": spec.points}}
    cell.outputs = [nbformat.from_dict(o) for o in spec.outputs]
    cell.execution_count = 1
    return cell


# --------------------------------------------------------------------------------------------------
# Step 5: instrument (the grader's first cell; fresh, tamper-resistant checks)


def graded_check_source(source: str, lab: str) -> str:
    """The code a check cell runs when graded: ``check("q1", x)`` becomes a fresh check of ``x``.

    The check machinery is dropped from ``sys.modules`` and imported again, so a student cell that
    patched ``osai.checks`` or redefined ``check`` cannot fake a pass.

    >>> print(graded_check_source('check("q1", platform)', "00").splitlines()[-1])
    _osai_kernel_check('00', 'q1', lambda: platform)
    """
    import ast

    tree = ast.parse(source)

    class Rewrite(ast.NodeTransformer):
        def visit_Call(self, node: ast.Call) -> ast.AST:  # noqa: N802 - ast API
            self.generic_visit(node)
            if (isinstance(node.func, ast.Name) and node.func.id == "check" and node.args
                    and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str)):
                value = node.args[1] if len(node.args) > 1 else ast.Constant(Ellipsis)
                thunk = ast.Lambda(args=ast.arguments(posonlyargs=[], args=[], kwonlyargs=[], kw_defaults=[],
                                                      defaults=[]), body=value)
                return ast.Call(func=ast.Name("_osai_kernel_check", ast.Load()),
                                args=[ast.Constant(lab), node.args[0], thunk], keywords=[])
            return node

    body = ast.unparse(ast.fix_missing_locations(Rewrite().visit(tree)))
    return "\n".join([
        "# osai grade: the reference check cell, run afresh (edits to this cell in a submission are not used)",
        "import sys as _osai_sys",
        f"for _osai_m in [m for m in list(_osai_sys.modules) if m.startswith({FRESH_MODULES[0]!r})]:",
        "    del _osai_sys.modules[_osai_m]",
        "from osai.grading import kernel_check as _osai_kernel_check",
        body,
    ])


def prelude_source(settings: GradeSettings) -> str:
    """The grader's first cell: arms a time limit for every cell inside the kernel.

    >>> "kernel_setup" in prelude_source(GradeSettings(timeout=5))
    True
    """
    return "\n".join([
        "# osai grade: grader set-up (a time limit per cell, kept references); not part of the lab",
        "from osai.grading import kernel_setup as _osai_kernel_setup",
        f"_osai_kernel_setup(timeout={float(settings.timeout)!r}, record={RECORD_FILE!r}, "
        f"output_limit={int(settings.output_limit)!r})",
        "del _osai_kernel_setup",
    ])


def instrument(nb: Any, check_at: dict[int, str], lab: str, settings: GradeSettings) -> tuple[Any, dict[int, str]]:
    """The notebook nbval runs, and ``{code cell number: qid}`` (nbval's ``Cell N`` numbering).

    Adds the grader's first cell, rewrites check cells with :func:`graded_check_source` and marks
    them ``nbval-check-output``; student cells lose any nbval markers so that only checks are compared.

    >>> import nbformat
    >>> nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("x = 1"),
    ...                                      nbformat.v4.new_code_cell('check("q1", x)')])
    >>> graded, by_number = instrument(nb, {1: "q1"}, "99", GradeSettings(timeout=5))
    >>> by_number, graded.cells[2].metadata["tags"]
    ({2: 'q1'}, ['nbval-check-output'])
    """
    import copy

    import nbformat

    new = copy.deepcopy(nb)
    prelude = nbformat.v4.new_code_cell(source=prelude_source(settings))
    prelude.id = PRELUDE_ID
    cells = [prelude]
    by_code_number: dict[int, str] = {}
    code_number = 1
    for index, cell in enumerate(new.cells):
        if index in check_at:
            cell.source = graded_check_source(cell.source, lab)
            cell.metadata["tags"] = ["nbval-check-output"]
            cell.execution_count = 1
            by_code_number[code_number] = check_at[index]
        elif cell.cell_type == "code":
            cell.metadata["tags"] = [t for t in _tags(cell) if not t.startswith("nbval") and t != "raises-exception"]
            cell.source = re.sub(r"(?m)^(\s*#\s*)NBVAL_", r"\1NO_NBVAL_", cell.source)
            cell.outputs, cell.execution_count = [], None
        if cell.cell_type == "code":
            code_number += 1
        cells.append(cell)
    new.cells = cells
    new.metadata["kernelspec"] = {"name": "osai-grade", "display_name": "osai grade", "language": "python"}
    return new, by_code_number


# --------------------------------------------------------------------------------------------------
# Step 6: sandbox, kernelspec


@dataclass(frozen=True)
class Sandbox:
    """A fresh folder for one run: ``box/`` (the kernel's world) and ``private/`` (the grader's)."""

    root: Path
    box: Path
    notebook: Path
    private: Path


def make_sandbox(nb: Any, parent: Path | str, memory_mb: int) -> Sandbox:
    """Write ``nb`` into a new folder under ``parent`` that holds nothing else, and a kernelspec.

    The kernelspec starts ipykernel with an address-space limit of ``memory_mb`` (``RLIMIT_AS``).

    >>> import nbformat, tempfile
    >>> box = make_sandbox(nbformat.v4.new_notebook(), tempfile.mkdtemp(), 512)
    >>> sorted(p.name for p in box.box.iterdir()), (box.private / "kernels" / "osai-grade" / "kernel.json").is_file()
    (['home', 'submission.ipynb', 'tmp'], True)
    >>> import shutil; shutil.rmtree(box.root.parent)
    """
    import tempfile

    import nbformat

    root = Path(tempfile.mkdtemp(prefix="run-", dir=parent))
    box, private = root / "box", root / "private"
    for folder in (box, box / "tmp", box / "home", private):
        folder.mkdir(parents=True)
    notebook = box / SANDBOX_NOTEBOOK
    nbformat.write(nb, notebook, version=4)
    spec = private / "kernels" / "osai-grade"
    spec.mkdir(parents=True)
    limit = int(memory_mb) * 1024 * 1024
    launcher = (
        "import resource, runpy, sys\n"
        f"resource.setrlimit(resource.RLIMIT_AS, ({limit}, {limit}))\n"
        "sys.argv = ['ipykernel_launcher'] + sys.argv[1:]\n"
        "runpy.run_module('ipykernel_launcher', run_name='__main__', alter_sys=True)\n"
    )
    (spec / "kernel.json").write_text(json.dumps({
        "argv": [sys.executable, "-c", launcher, "-f", "{connection_file}"],
        "display_name": "osai grade", "language": "python",
        "env": {"OSAI_GRADING": "1"},
    }), encoding="utf-8")
    return Sandbox(root, box, notebook, private)


# --------------------------------------------------------------------------------------------------
# Step 7: run nbval


_ISOLATION: bool | None = None


def isolation_available() -> bool:
    """Whether Linux namespaces (``unshare``) can hide folders and cut the network for each run.

    >>> isinstance(isolation_available(), bool)
    True
    """
    import shutil
    import subprocess

    global _ISOLATION
    if _ISOLATION is None:
        unshare = shutil.which("unshare")
        _ISOLATION = False
        if unshare and sys.platform.startswith("linux"):
            try:
                done = subprocess.run([unshare, "-rmnpf", "--kill-child", "--mount-proc", "true"],
                                      capture_output=True, timeout=20)
                _ISOLATION = done.returncode == 0
            except (OSError, subprocess.SubprocessError):
                _ISOLATION = False
    return _ISOLATION


# Runs as pid 1 of fresh user, mount, pid and network namespaces, with the sandbox's box/ as its
# working directory; argv: box, private, hidden..., "--", keep..., "--", command... Outside the
# system folders, everything that is not on the way to a kept path (Python, the packages) is hidden;
# so are the instructor's folders and the other sandboxes. All is read-only but the sandbox, and
# only loopback networking exists.
_NAMESPACE_SCRIPT = r"""
import ctypes, os, subprocess, sys
args = sys.argv[1:]
box, private = args.pop(0), args.pop(0)
cut = args.index("--"); hidden = args[:cut]; args = args[cut + 1:]
cut = args.index("--"); keep = args[:cut]; command = args[cut + 1:]
SYSTEM = {"usr", "lib", "lib32", "lib64", "libx32", "bin", "sbin", "etc", "dev", "proc", "sys", "opt",
          "var", "run", "boot", "snap", "nix"}
libc = ctypes.CDLL(None, use_errno=True)
libc.mount.argtypes = [ctypes.c_char_p, ctypes.c_char_p, ctypes.c_char_p, ctypes.c_ulong, ctypes.c_char_p]
RDONLY, NOSUID, NODEV, BIND = 1, 2, 4, 4096
def mount(source, target, fstype, flags, data):
    enc = lambda v: None if v is None else v.encode()
    return libc.mount(enc(source), enc(target), enc(fstype), flags, enc(data)) == 0
def hide(path, data="size=16k,mode=755", flags=RDONLY | NOSUID | NODEV):
    return mount("osai-hidden", path, "tmpfs", flags, data)
def hide_except(folder):
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return
    for entry in entries:
        path = entry.path
        if (folder == "/" and entry.name in SYSTEM) or path in keep:
            continue
        try:
            if entry.is_symlink():
                continue
            if entry.is_file():
                mount("/dev/null", path, None, BIND, None)  # reads as empty, writes vanish
                continue
            if not entry.is_dir():
                continue
        except OSError:
            continue
        if any(k.startswith(path + "/") for k in keep):
            hide_except(path)
        else:
            hide(path)
subprocess.run(["ip", "link", "set", "lo", "up"], capture_output=True)
mounts = []
with open("/proc/self/mountinfo") as info:
    for line in info:
        parts = line.split()
        point, fstype = parts[4], parts[parts.index("-") + 1]
        if fstype not in ("proc", "sysfs", "devtmpfs", "devpts", "mqueue", "cgroup", "cgroup2", "tmpfs") or point == "/tmp":
            mounts.append(point.encode().decode("unicode_escape"))
fds = {path: os.open(path, os.O_RDONLY | os.O_DIRECTORY) for path in (box, private)}
work = os.path.dirname(os.path.dirname(box))
keep.append(work)
hide_except("/")
for path in hidden:
    if os.path.isdir(path) and os.path.realpath(path) != "/":
        if any(k.startswith(path.rstrip("/") + "/") for k in keep):
            hide_except(path)  # e.g. a virtual environment inside the submissions folder stays usable
        else:
            hide(path)
if not hide(work, "size=64m,mode=700", NOSUID | NODEV):
    sys.exit("osai grade: could not mount the sandbox")
for path, fd in fds.items():
    os.makedirs(path)
    if not mount(f"/proc/self/fd/{fd}", path, None, BIND, None):
        sys.exit("osai grade: could not bind the sandbox")
    os.close(fd)
for point in sorted(set(mounts)):
    subprocess.run(["mount", "-o", "remount,bind,ro", point], capture_output=True)
os.chdir(box)
os.execvp(command[0], command)
"""


def _kept_paths(hidden: Sequence[Path]) -> list[str]:
    """Folders a kernel needs (Python, its packages, the osai package), never one holding a hidden folder."""
    import importlib.util
    import site

    spec = importlib.util.find_spec("osai")
    candidates = [sys.prefix, sys.base_prefix, sys.exec_prefix, sys.base_exec_prefix,
                  os.path.dirname(os.path.realpath(sys.executable)), os.path.dirname(sys.executable),
                  *site.getsitepackages(), *[p for p in sys.path if p and os.path.isdir(p)]]
    if spec is not None and spec.origin:
        candidates.append(os.path.dirname(os.path.dirname(spec.origin)))
    hidden_real = [os.path.realpath(h) for h in hidden]
    kept = []
    for candidate in candidates:
        for path in {os.path.abspath(candidate), os.path.realpath(candidate)}:
            if path in ("/", os.getcwd()) or any(h == path or h.startswith(path.rstrip("/") + "/")
                                                  for h in hidden_real):
                continue
            kept.append(path)
    return sorted(set(kept))


@dataclass(frozen=True)
class RunOutcome:
    """What one nbval run left: the JUnit XML text, its exit code, the tail of its output."""

    junit: str
    returncode: int
    output: str
    seconds: float


# How the grader starts pytest. jsonschema (under nbformat, under nbval) imports rfc3987_syntax
# when it is installed, and that import builds a grammar that takes over a second, once per
# submission; notebook schemas never check IRIs, so the grader's pytest goes without it.
_PYTEST_BOOT = ("import sys; sys.modules['rfc3987_syntax'] = None; import pytest; "
                "sys.exit(pytest.main(sys.argv[1:]))")


def run_nbval(sandbox: Sandbox, settings: GradeSettings, hidden: Sequence[Path] = ()) -> RunOutcome:
    """Run ``pytest --nbval-lax`` on the sandbox notebook in a subprocess and collect its JUnit XML.

    The working directory is the sandbox, ``HF_HUB_OFFLINE=1``, ``HOME`` and ``TMPDIR`` point inside
    it, and the kernel has the memory limit of the sandbox's kernelspec. With isolation (Linux
    namespaces), ``hidden`` folders (solutions, submissions, reports) are empty, other sandboxes are
    invisible, the rest of the file system is read-only and there is no network.
    """
    import shutil
    import subprocess

    junit_path = sandbox.private / "nbval.xml"
    env = {key: value for key, value in os.environ.items()
           if not key.startswith(("OSAI_", "JUPYTER", "PYTEST", "IPYTHON", "MPL"))}
    env.update({
        "HF_HUB_OFFLINE": "1", "HF_DATASETS_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1",
        "HOME": str(sandbox.box / "home"), "TMPDIR": str(sandbox.box / "tmp"),
        "JUPYTER_PATH": str(sandbox.private), "JUPYTER_RUNTIME_DIR": str(sandbox.box / "tmp"),
        "IPYTHONDIR": str(sandbox.box / "home" / ".ipython"), "MPLBACKEND": "Agg",
        "PYTHONDONTWRITEBYTECODE": "1", "PYTHONHASHSEED": "0",
        # Only nbval and pytest's own plugins: a plugin that reorders or reruns tests (randomly,
        # xdist, rerunfailures) has no place in grading, and loading every installed plugin costs
        # more than a second per submission.
        "PYTEST_DISABLE_PLUGIN_AUTOLOAD": "1",
        "NUMBA_CACHE_DIR": str(sandbox.box / "tmp" / "numba"),
        "HF_HOME": str(sandbox.box / "home" / ".cache" / "huggingface"),
    })
    mpl_cache = _matplotlib_cache()
    if mpl_cache:
        env["MPLCONFIGDIR"] = str(sandbox.box / "home" / ".mpl")
        shutil.copytree(mpl_cache, env["MPLCONFIGDIR"], dirs_exist_ok=True,
                        ignore=shutil.ignore_patterns("tex.cache"))
    (sandbox.private / "pytest.ini").write_text("[pytest]\naddopts =\n", encoding="utf-8")
    pytest_argv = [
        sys.executable, "-c", _PYTEST_BOOT, str(sandbox.notebook), "-p", "nbval.plugin", "--nbval-lax",
        f"--nbval-cell-timeout={settings.backstop:g}", "--nbval-kernel-name=osai-grade",
        "--nbval-kernel-startup-timeout=120",
        f"--junitxml={junit_path}", "-c", str(sandbox.private / "pytest.ini"),
        f"--rootdir={sandbox.box}", "-p", "no:cacheprovider", "-q", "--no-header", "-rN", "--tb=no",
    ]
    isolate = isolation_available() if settings.isolate is None else settings.isolate
    if isolate:
        argv = [shutil.which("unshare") or "unshare", "-rmnpf", "--kill-child", "--mount-proc",
                sys.executable, "-c", _NAMESPACE_SCRIPT, str(sandbox.box), str(sandbox.private),
                *[str(Path(h).resolve()) for h in hidden], "--", *_kept_paths(hidden), "--", *pytest_argv]
    else:
        argv = pytest_argv
    start = time.monotonic()
    limit = 120 + 40 * settings.backstop
    try:
        done = subprocess.run(argv, cwd=sandbox.box, env=env, capture_output=True, timeout=limit,
                              stdin=subprocess.DEVNULL)
        returncode, output = done.returncode, (done.stdout + done.stderr).decode("utf-8", "replace")
    except subprocess.TimeoutExpired as expired:
        returncode = -9
        output = f"the whole run took longer than {limit:g} s and was stopped\n" + \
                 (expired.stdout or b"").decode("utf-8", "replace")[-2000:]
    seconds = time.monotonic() - start
    junit = junit_path.read_text(encoding="utf-8") if junit_path.exists() else ""
    return RunOutcome(junit, returncode, output[-4000:], seconds)


def _matplotlib_cache() -> Path | None:
    """The user's matplotlib cache folder (copied into each sandbox so fonts are not rescanned)."""
    candidates = [os.environ.get("MPLCONFIGDIR"), str(Path.home() / ".config" / "matplotlib"),
                  str(Path.home() / ".cache" / "matplotlib")]
    for candidate in candidates:
        if candidate and Path(candidate).is_dir() and any(Path(candidate).glob("fontlist-*.json")):
            return Path(candidate)
    return None


# --------------------------------------------------------------------------------------------------
# Step 8: read the results


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


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _clip(text: str, limit: int = 200) -> str:
    text = " ".join(_CONTROL.sub("", str(text)).split())
    return text if len(text) <= limit else text[: limit - 3] + "..."


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
        spec = specs[qid]
        outcome = outcomes.get(number)
        record = records.get(qid, {})
        flags = record.get("flags") or []
        review = f" Flagged for review: {'; '.join(flags)}." if flags else ""
        if outcome is None or outcome.outcome == "skipped" or (culprit is not None and number > culprit):
            continue
        if outcome.outcome == "passed":
            results[qid] = CheckResult(qid, spec.points, spec.points, "passed", review.strip())
        elif outcome.outcome == "stopped":
            results[qid] = CheckResult(qid, 0, spec.points, "crashed",
                                       "the check ran past the time limit or stopped the kernel." + review)
        else:
            status = record.get("status")
            detail = _clip(record.get("detail") or "")
            if status == "not_attempted":
                results[qid] = CheckResult(qid, 0, spec.points, "not_attempted", ("not attempted." + review).strip())
            elif status == "failed" and "CellTimeout" in detail:
                results[qid] = CheckResult(qid, 0, spec.points, "timeout", detail + review)
            elif status in ("failed", "unknown"):
                results[qid] = CheckResult(qid, 0, spec.points, "failed", (detail or "wrong answer.") + review)
            elif status == "passed":
                results[qid] = CheckResult(qid, 0, spec.points, "failed",
                                           "the check passed but its line did not reach the notebook "
                                           "(was the output redirected?)." + (review or " Flagged for review."))
            else:
                timed_out = "CellTimeout" in outcome.message
                results[qid] = CheckResult(qid, 0, spec.points, "timeout" if timed_out else "failed",
                                           _detail_from_nbval(outcome.message) + review)
    return results, culprit


# --------------------------------------------------------------------------------------------------
# One submission, end to end


def _skip_cell(nb: Any, code_number: int, is_check: bool) -> Any:
    """A copy of ``nb`` whose code cell ``code_number`` raises at once instead of running."""
    import copy

    new = copy.deepcopy(nb)
    code = [c for c in new.cells if c.cell_type == "code"]
    if 0 <= code_number < len(code):
        cell = code[code_number]
        cell.source = ("raise RuntimeError('osai grade: this cell was skipped: in an earlier run it ran past "
                       "the time limit or stopped the kernel')")
        if not is_check:
            cell.metadata["tags"] = []
    return new


def submission_key(data: bytes, reference: Reference, settings: GradeSettings) -> str:
    """A fingerprint of everything a grade depends on (for resuming: same key, same grade).

    >>> ref = Reference("00", "00_x.ipynb", [], [CheckSpec("q1", 1, "c", 0, "check('q1', 1)", ())])
    >>> submission_key(b"a", ref, GradeSettings()) == submission_key(b"b", ref, GradeSettings())
    False
    """
    import hashlib

    digest = hashlib.sha256()
    digest.update(data)
    digest.update(json.dumps([asdict(c) for c in reference.checks], sort_keys=True, default=str).encode())
    digest.update(json.dumps([settings.timeout, settings.memory_mb, settings.output_limit, GRADER_VERSION]).encode())
    return digest.hexdigest()


def grade_submission(submission: Submission, reference: Reference, settings: GradeSettings,
                     work: Path | str, hidden: Sequence[Path] = ()) -> SubmissionGrade:
    """Grade one notebook: load, restore, instrument, run (again when a cell stopped the kernel), score.

    Never raises for a bad submission: an unreadable one gets every check with status ``error``.
    The file at ``submission.path`` is only read.
    """
    import shutil

    start = time.monotonic()
    notes = list(submission.notes)
    grade_ = SubmissionGrade(submission.student, submission.lab, submission.name, [], notes)
    try:
        nb, load_notes = load_notebook(submission.path.read_bytes())
    except (NotebookError, OSError) as error:
        reason = str(error) if isinstance(error, NotebookError) else f"the file cannot be read ({error.strerror})"
        grade_.results = [CheckResult(s.qid, 0, s.points, "error", f"not graded: {reason}.") for s in reference.checks]
        notes.append(f"not graded: {reason}")
        grade_.seconds = time.monotonic() - start
        return grade_
    notes.extend(load_notes)
    restored, check_at, restore_notes = restore_checks(nb, reference)
    notes.extend(restore_notes)
    graded, by_number = instrument(restored, check_at, reference.lab, settings)
    results: dict[str, CheckResult] = {}
    for run in range(1, settings.max_runs + 1):
        sandbox = make_sandbox(graded, work, settings.memory_mb)
        try:
            outcome = run_nbval(sandbox, settings, hidden)
            record_file = sandbox.box / RECORD_FILE
            records = read_records(record_file.read_text(encoding="utf-8", errors="replace")
                                   if record_file.is_file() else "")
        finally:
            shutil.rmtree(sandbox.root, ignore_errors=True)
        grade_.runs = run
        outcomes = read_junit(outcome.junit)
        if not outcomes:
            notes.append("nbval could not run this notebook: " + _clip(_last_error(outcome.output), 300))
            break
        if 0 in outcomes and outcomes[0].outcome != "passed":
            notes.append("the grader's set-up cell failed in the kernel: " + _clip(outcomes[0].message, 300))
        found, culprit = score(reference, by_number, outcomes, records)
        for qid, result in found.items():
            results.setdefault(qid, result)
        if culprit is None:
            break
        where = f"check {by_number[culprit]}" if culprit in by_number else f"code cell {culprit}"
        if outcomes.get(culprit, CellOutcome("stopped")).outcome == "stopped":
            notes.append(f"run {run}: {where} ran past the time limit or stopped the kernel; "
                         "it was skipped and the notebook run again")
            graded = _skip_cell(graded, culprit, culprit in by_number)
        else:
            notes.append(f"run {run}: {where} finished only after the time limit (a slow machine?); "
                         "the notebook was run again")
        if all(q in results for q in by_number.values()):
            break
    for spec in reference.checks:
        if spec.qid not in results:
            results[spec.qid] = CheckResult(spec.qid, 0, spec.points, "crashed",
                                            "not graded: the notebook stopped before this check "
                                            "(time limit or kernel stopped in an earlier cell).")
    grade_.results = [results[s.qid] for s in reference.checks]
    grade_.seconds = time.monotonic() - start
    return grade_


def _last_error(output: str) -> str:
    lines = [l for l in output.splitlines() if l.strip()]
    errors = [l for l in lines if re.search(r"Error|error|Exception", l)]
    return (errors or lines or ["no output"])[-1]


def missing_grade(student: str, reference: Reference) -> SubmissionGrade:
    """The grade of a lab a student did not hand in: every check ``missing``, 0 points.

    >>> ref = Reference("99", "99_toy.ipynb", [], [CheckSpec("q1", 2, "c", 1, 'check("q1", x)', ())])
    >>> missing_grade("ana", ref).results[0].status
    'missing'
    """
    return SubmissionGrade(student, reference.lab, reference.name,
                           [CheckResult(s.qid, 0, s.points, "missing", "no submission.") for s in reference.checks],
                           ["no submission for this lab"])


# --------------------------------------------------------------------------------------------------
# Step 9: reports


def gradebook_rows(grades: Iterable[SubmissionGrade]) -> list[dict[str, Any]]:
    """One row per student, lab and check (``student,lab,check,points,max_points,status,detail``).

    >>> g = SubmissionGrade("ana", "00", "00_x.ipynb", [CheckResult("q1", 1, 1, "passed")])
    >>> gradebook_rows([g])[0]["status"]
    'passed'
    """
    rows = []
    for g in sorted(grades, key=lambda g: (g.student, g.lab)):
        for r in g.results:
            rows.append({"student": g.student, "lab": g.lab, "check": r.qid, "points": r.points,
                         "max_points": r.max_points, "status": r.status, "detail": r.detail})
    return rows


def summary_rows(grades: Iterable[SubmissionGrade], labs: Sequence[str]) -> tuple[list[str], list[dict[str, Any]]]:
    """``(header, rows)``: one row per student, one column of points per lab, then the total.

    >>> g = SubmissionGrade("ana", "00", "00_x.ipynb", [CheckResult("q1", 1, 2, "passed")])
    >>> summary_rows([g], ["00"])
    (['student', 'lab00', 'total', 'max_total'], [{'student': 'ana', 'lab00': 1, 'total': 1, 'max_total': 2}])
    """
    grades = list(grades)
    header = ["student", *[f"lab{lab}" for lab in labs], "total", "max_total"]
    rows = []
    for student in sorted({g.student for g in grades}):
        mine = {g.lab: g for g in grades if g.student == student}
        row: dict[str, Any] = {"student": student}
        for lab in labs:
            row[f"lab{lab}"] = mine[lab].points if lab in mine else 0
        row["total"] = sum(g.points for g in mine.values() if g.lab in labs)
        row["max_total"] = sum(g.max_points for g in mine.values() if g.lab in labs)
        rows.append(row)
    return header, rows


_FEEDBACK_WORDS = {
    "passed": "✅ passed", "failed": "❌ failed", "not_attempted": "⏳ not attempted",
    "timeout": "⌛ time limit", "crashed": "💥 stopped", "error": "⚠️ not graded", "missing": "— missing",
}


def feedback_markdown(grade_: SubmissionGrade) -> str:
    """The feedback file of one student's lab: a table of checks, then notes. Never the answer.

    >>> g = SubmissionGrade("ana", "00", "00_x.ipynb", [CheckResult("q1", 0, 1, "failed", "not the number.")])
    >>> print(feedback_markdown(g).splitlines()[0])
    # Feedback: lab 00 (00_x.ipynb), ana
    """
    lines = [f"# Feedback: lab {grade_.lab} ({grade_.name}), {grade_.student}", "",
             f"**Score: {grade_.points} / {grade_.max_points}**", "",
             "| check | points | result | what the check found |", "|---|---|---|---|"]
    for r in grade_.results:
        detail = _CONTROL.sub("", r.detail).replace("|", "\\|").replace("\n", " ")
        lines.append(f"| {r.qid} | {r.points}/{r.max_points} | {_FEEDBACK_WORDS.get(r.status, r.status)} | {detail} |")
    if grade_.notes:
        lines += ["", "## Notes from the grader", ""] + [f"- {n}" for n in grade_.notes]
    lines += ["", "Grading reran your notebook from the top in a fresh kernel with the original check cells. "
              "Restart the kernel and run all cells before you submit.", ""]
    return "\n".join(lines)


def junit_report(grade_: SubmissionGrade) -> str:
    """A JUnit XML report of one submission, one test case per check (stable: no times, no host).

    >>> g = SubmissionGrade("ana", "00", "00_x.ipynb", [CheckResult("q1", 0, 1, "failed", "no")])
    >>> 'failures="1"' in junit_report(g)
    True
    """
    import xml.etree.ElementTree as ET

    failures = sum(r.status in ("failed", "timeout", "crashed") for r in grade_.results)
    errors = sum(r.status in ("error", "missing") for r in grade_.results)
    skipped = sum(r.status == "not_attempted" for r in grade_.results)
    suites = ET.Element("testsuites")
    suite = ET.SubElement(suites, "testsuite", name=f"{grade_.student}/{grade_.name}",
                          tests=str(len(grade_.results)), failures=str(failures), errors=str(errors),
                          skipped=str(skipped))
    for r in grade_.results:
        case = ET.SubElement(suite, "testcase", classname=f"lab{grade_.lab}", name=r.qid)
        ET.SubElement(case, "properties").extend([
            ET.Element("property", name="points", value=str(r.points)),
            ET.Element("property", name="max_points", value=str(r.max_points))])
        detail = _CONTROL.sub("", r.detail)
        if r.status in ("failed", "timeout", "crashed"):
            ET.SubElement(case, "failure", message=detail, type=r.status)
        elif r.status in ("error", "missing"):
            ET.SubElement(case, "error", message=detail, type=r.status)
        elif r.status == "not_attempted":
            ET.SubElement(case, "skipped", message="not attempted")
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


def write_reports(out: Path | str, grades: Sequence[SubmissionGrade], labs: Sequence[str]) -> list[Path]:
    """Write gradebook.csv, summary.csv, feedback/<student>/<lab>.md and junit/<student>/<lab>.xml.

    >>> import tempfile
    >>> g = SubmissionGrade("ana", "00", "00_x.ipynb", [CheckResult("q1", 1, 1, "passed")])
    >>> [p.name for p in write_reports(tempfile.mkdtemp(), [g], ["00"])]
    ['gradebook.csv', 'summary.csv', '00_x.md', '00_x.xml']
    """
    out = Path(out)
    written = [out / "gradebook.csv", out / "summary.csv"]
    _write(written[0], _csv_text(GRADEBOOK_FIELDS, gradebook_rows(grades)))
    header, rows = summary_rows(grades, labs)
    _write(written[1], _csv_text(header, rows))
    for g in grades:
        stem = g.name[: -len(".ipynb")]
        for path, text in ((out / "feedback" / safe_name(g.student) / f"{stem}.md", feedback_markdown(g)),
                           (out / "junit" / safe_name(g.student) / f"{stem}.xml", junit_report(g))):
            _write(path, text)
            written.append(path)
    return written


# --------------------------------------------------------------------------------------------------
# The whole class


def _cache_path(out: Path, submission: Submission) -> Path:
    return out / ".osai-grade" / safe_name(submission.student) / f"{submission.name[:-6]}.json"


def _load_cached(path: Path, key: str) -> SubmissionGrade | None:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if data.get("key") != key:
        return None
    try:
        results = [CheckResult(**r) for r in data["results"]]
        return SubmissionGrade(data["student"], data["lab"], data["name"], results, list(data["notes"]),
                               int(data.get("runs", 0)), float(data.get("seconds", 0.0)))
    except (KeyError, TypeError):
        return None


def grade(submissions: Path | str, solutions: Path | str = "solutions", out: Path | str | None = None,
          labs: Iterable[str] | None = None, jobs: int | None = None, settings: GradeSettings | None = None,
          force: bool = False, progress: Callable[[SubmissionGrade, bool], None] | None = None) -> list[SubmissionGrade]:
    """Grade every submission under ``submissions`` and write the reports to ``out``.

    ``out`` defaults to ``submissions/../graded``. A submission already graded with the same file,
    reference and settings is not run again unless ``force``. ``progress(grade, cached)`` is called
    after each submission. Raises :class:`GradingError` only when the grader itself cannot run.
    """
    import shutil
    import tempfile
    from concurrent.futures import ThreadPoolExecutor, as_completed

    submissions = Path(submissions).resolve() if Path(submissions).exists() else Path(submissions)
    settings = settings or GradeSettings()
    wanted = None if labs is None else [_lab_number(lab) for lab in labs]
    names = solution_names(solutions, wanted)
    found = find_submissions(submissions, names)
    # Only the solutions of labs to grade are read: a lab still being written does not block the others.
    references = load_references(solutions, sorted(set(wanted or []) | {s.lab for s in found}))
    out = Path(out) if out is not None else submissions.parent / "graded"
    try:
        out.mkdir(parents=True, exist_ok=True)
        probe = out / ".osai-grade-write-test"
        probe.write_text("ok", encoding="utf-8")
        probe.unlink()
    except OSError as error:
        raise GradingError(f"cannot write to the output folder {out}: {error.strerror}") from None
    out = out.resolve()
    hidden = [Path(solutions).resolve(), submissions, out]
    jobs = max(1, jobs or os.cpu_count() or 1)
    graded: list[SubmissionGrade] = []
    todo: list[tuple[Submission, str]] = []
    for submission in found:
        try:
            data = submission.path.read_bytes()
        except OSError:
            data = b""
        key = submission_key(data, references[submission.lab], settings)
        cached = None if force else _load_cached(_cache_path(out, submission), key)
        if cached is not None:
            graded.append(cached)
            if progress:
                progress(cached, True)
        else:
            todo.append((submission, key))
    work = Path(tempfile.mkdtemp(prefix="osai-grade-"))
    try:
        with ThreadPoolExecutor(max_workers=jobs) as pool:
            futures = {pool.submit(grade_submission, sub, references[sub.lab], settings, work, hidden): (sub, key)
                       for sub, key in todo}
            for future in as_completed(futures):
                sub, key = futures[future]
                try:
                    result = future.result()
                except Exception as error:  # noqa: BLE001 - one bad submission never stops the batch
                    ref = references[sub.lab]
                    result = SubmissionGrade(sub.student, sub.lab, sub.name,
                                             [CheckResult(s.qid, 0, s.points, "error",
                                                          f"not graded: the grader failed ({type(error).__name__}).")
                                              for s in ref.checks], [f"grader error: {_short(error)}"])
                else:
                    cache = _cache_path(out, sub)
                    cache.parent.mkdir(parents=True, exist_ok=True)
                    cache.write_text(json.dumps({"key": key, **asdict(result)}, ensure_ascii=False,
                                                default=str, indent=1), encoding="utf-8")
                graded.append(result)
                if progress:
                    progress(result, False)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    graded_labs = sorted(wanted) if wanted else sorted({g.lab for g in graded})
    students = sorted({g.student for g in graded} | {p.name for p in submissions.iterdir()
                                                      if p.is_dir() and not p.name.startswith(".")})
    have = {(g.student, g.lab) for g in graded}
    for student in students:
        for lab in graded_labs:
            if (student, lab) not in have:
                graded.append(missing_grade(student, references[lab]))
    graded.sort(key=lambda g: (g.student, g.lab))
    write_reports(out, graded, graded_labs)
    return graded


def _lab_number(lab: object) -> str:
    from osai.checks import normalize_lab_id

    try:
        return normalize_lab_id(lab)
    except ValueError as error:
        raise GradingError(str(error)) from None


# --------------------------------------------------------------------------------------------------
# Inside the student's kernel


class CellTimeout(BaseException):
    """Raised inside the kernel when a cell runs past the grader's time limit."""


class _CappedStream:
    """A stream wrapper that drops what a cell prints beyond ``limit`` characters."""

    def __init__(self, stream: Any, limit: int) -> None:
        self._stream, self._limit, self.count, self._told = stream, limit, 0, False

    def reset(self) -> None:
        self.count, self._told = 0, False

    def write(self, text: str) -> int:
        size = len(text)
        if self.count + size <= self._limit:
            self.count += size
            return self._stream.write(text)
        keep = max(0, self._limit - self.count)
        self.count += size
        if keep:
            self._stream.write(text[:keep])
        if not self._told:
            self._told = True
            self._stream.write(f"\n[osai grade: output of this cell cut at {self._limit:,} characters]\n")
        return size

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


def kernel_setup(timeout: float, record: str, output_limit: int = 1_000_000) -> None:
    """Inside the kernel (the grader's first cell): arm a per-cell time limit, keep references.

    Every cell gets ``timeout`` seconds of CPU time (an ``ITIMER_PROF`` timer armed before and
    disarmed after it, through IPython's ``pre_run_cell``/``post_run_cell`` events); past it
    :class:`CellTimeout` is raised in that cell, so the cells after it still run. Output beyond ``output_limit``
    characters per cell is dropped, and ``os._exit`` raises instead of killing the kernel.
    """
    import builtins
    import signal
    import types

    from IPython import get_ipython

    shell = get_ipython()
    state = types.ModuleType(_STATE_MODULE)
    state.print, state.import_ = builtins.print, builtins.__import__
    state.stdout = _CappedStream(sys.stdout, output_limit)
    state.stderr = _CappedStream(sys.stderr, output_limit)
    state.record = os.path.abspath(record)
    state.flags = []
    state.timeout = float(timeout)
    sys.stdout, sys.stderr = state.stdout, state.stderr
    sys.modules[_STATE_MODULE] = state

    def alarm(signum: int, frame: Any) -> None:
        signal.setitimer(signal.ITIMER_PROF, 2.0)  # again and again, until the cell gives up
        raise CellTimeout(f"this cell used more than {timeout:g} s of CPU time, the limit per cell")

    def before(*args: Any) -> None:
        state.stdout.reset()
        state.stderr.reset()
        signal.signal(signal.SIGPROF, alarm)
        signal.setitimer(signal.ITIMER_PROF, float(timeout))

    def after(*args: Any) -> None:
        signal.setitimer(signal.ITIMER_PROF, 0)

    def no_exit(*args: Any) -> None:
        raise RuntimeError("os._exit() is disabled while grading (it would stop the kernel)")

    state.before, state.after = before, after
    shell.events.register("pre_run_cell", before)
    shell.events.register("post_run_cell", after)
    os._exit = no_exit  # type: ignore[assignment]
    os.abort = no_exit  # type: ignore[assignment]


def _from_notebook(value: Any) -> bool:
    """Whether a function (or bound method) was defined in a notebook cell rather than a module."""
    function = getattr(value, "__func__", value)
    code = getattr(function, "__code__", None)
    if code is None:
        return False
    filename = str(code.co_filename)
    return (getattr(function, "__module__", None) == "__main__" or "ipykernel_" in filename
            or filename.startswith("<ipython-input"))


def _tamper_flags(state: Any, user_ns: dict[str, Any]) -> list[str]:
    import builtins

    flags = []
    if state is None:
        return ["the grader's set-up was removed from the kernel"]
    if builtins.print is not state.print:
        flags.append("print was replaced")
        builtins.print = state.print
    if builtins.__import__ is not state.import_:
        flags.append("__import__ was replaced")
        builtins.__import__ = state.import_
    if sys.stdout is not state.stdout or sys.stderr is not state.stderr:
        flags.append("sys.stdout or sys.stderr was replaced")
        sys.stdout, sys.stderr = state.stdout, state.stderr
    user_check = user_ns.get("check")
    if user_check is not None and getattr(user_check, "__qualname__", "") != "Lab.check":
        flags.append("check was redefined")
    for name, module in list(sys.modules.items()):
        if not (name == "osai" or name.startswith("osai.")) or module is None:
            continue
        spaces = [vars(module)] + [vars(v) for v in vars(module).values()
                                   if isinstance(v, type) and getattr(v, "__module__", "") == name]
        for space in spaces:
            for value in list(space.values()):
                if _from_notebook(value):
                    flags.append(f"{name} was modified")
                    break
            else:
                continue
            break
    return flags


def kernel_check(lab: str, qid: str, value: Callable[[], Any]) -> None:
    """Inside the kernel (a graded check cell): check ``value()`` with freshly imported checks.

    Prints the check's one line (through the stream kept at set-up) and appends what it found, with
    any sign of tampering, to the record file read by the grader. Output of the learner's code
    during the check is discarded.
    """
    import contextlib
    import importlib
    import warnings

    from IPython import get_ipython

    state = sys.modules.get(_STATE_MODULE)
    shell = get_ipython()
    flags = _tamper_flags(state, shell.user_ns if shell is not None else {})
    for name in [m for m in list(sys.modules) if m.startswith(FRESH_MODULES[1:])]:
        del sys.modules[name]
    checks = importlib.import_module("osai.checks")
    Result, load_lab = checks.Result, checks.load_lab
    loaded = load_lab(lab)
    exercise = loaded.exercises.get(qid)
    sink = io.StringIO()
    with contextlib.redirect_stdout(sink), contextlib.redirect_stderr(sink), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            answer = value()
        except NameError as error:
            result = Result(lab, qid, "failed", 0, exercise.points if exercise else 0,
                            f"{error}: run the cell that defines it before the check.")
        except (KeyboardInterrupt, GeneratorExit):
            raise
        except BaseException as error:  # noqa: BLE001 - the learner's code may raise anything
            result = Result(lab, qid, "failed", 0, exercise.points if exercise else 0,
                            f"{type(error).__name__}: {_short(error)}")
        else:
            result = loaded.evaluate(qid, answer)
    if state is not None:
        state.after()  # the check is done: no time limit may interrupt the reporting below
    if state is not None:  # once flagged, every later check of this kernel says so too
        state.flags = list(dict.fromkeys([*getattr(state, "flags", []), *flags]))
        flags = state.flags
    stream = state.stdout if state is not None else sys.stdout
    stream.write(result.line + "\n")
    stream.flush()
    record = {"qid": qid, "status": result.status, "detail": result.detail, "flags": flags}
    path = state.record if state is not None else os.path.abspath(RECORD_FILE)
    try:
        with open(path, "a", encoding="utf-8") as handle:
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")
    except OSError:
        pass

# SPDX-FileCopyrightText: 2026 The Open Source AI Lab Kit authors
# SPDX-License-Identifier: MIT
"""Steps 3 to 5: load and repair a submission, restore the reference check cells, instrument the notebook.

Each step takes a notebook and returns a new one; nothing here runs code.

>>> nb, notes = load_notebook('{"cells": [], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}')
>>> len(instrument(nb, {}, "00", GradeSettings())[0].cells)  # the grader's first cell only
1
"""

from __future__ import annotations

import json
import re
from collections.abc import Collection, Sequence
from pathlib import Path
from typing import Any

from osai.build import tags
from osai.grading.kernel import FRESH_MODULES, RECORD_FILE
from osai.grading.model import CheckSpec, GradeSettings, NotebookError, Reference, _short
from osai.grading.versions import check_position, removed_checks

__all__ = ["PRELUDE_ID", "graded_check_source", "instrument", "load_notebook", "prelude_source", "restore_checks",
           "skip_cell"]

#: Cell id of the grader's first cell.
PRELUDE_ID = "osai-grade-setup"


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
    """A student's copy of a check cell: a reference check id, the tag ``check`` or nbgrader grade metadata."""
    ids = {c.cell_id for c in reference.checks}
    if cell.get("id") in ids:
        return True
    if "check" in tags(cell):
        return True
    nbgrader = cell.get("metadata", {}).get("nbgrader", {})
    return isinstance(nbgrader, dict) and nbgrader.get("grade") is True and not nbgrader.get("solution")


def restore_checks(nb: Any, reference: Reference,
                   skip: Collection[str] = ()) -> tuple[Any, dict[int, str], list[str]]:
    """Put back every reference check cell; return ``(new_nb, {cell index: qid}, notes)``.

    The student's own copies of check cells (same id, tag ``check`` or nbgrader grade metadata;
    edited, moved, duplicated or turned into markdown) are removed; each reference check cell is
    inserted right after the student's answer cell for its exercise (see
    :func:`~osai.grading.versions.check_position`), else just before the first student cell that comes
    after it in the reference (matched by id or by identical text), else at the end. The checks in
    ``skip`` (exercises the submission's version of the lab never had) are left out. Any other student
    cell stays as it is, so a cell that only imitates a check is ordinary code and counts for nothing.
    Copies of checks the lab no longer has are named in the notes, not called extra. ``nb`` is not modified.

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
    removed = removed_checks([c for c in nb.cells if _looks_like_check(c, reference)], reference)
    if removed:
        notes.append(f"exercise(s) {', '.join(dict.fromkeys(removed))} are no longer part of this lab; not graded")
    checks = [spec for spec in reference.checks if spec.qid not in set(skip)]
    for spec in checks:
        count = student_ids.count(spec.cell_id)
        same = [c for c in nb.cells if c.get("id") == spec.cell_id]
        if count == 0:
            notes.append(f"check cell {spec.qid} was missing; restored")
        elif same[0].get("cell_type") != "code":
            notes.append(f"check cell {spec.qid} had been turned into {same[0].get('cell_type')}; restored")
        elif str(same[0].get("source", "")).strip() not in (spec.source.strip(),
                                                               reference.lab_sources.get(spec.cell_id, "").strip()):
            notes.append(f"check cell {spec.qid} had been edited; restored")
    extra = dropped - sum(1 for spec in reference.checks if spec.cell_id in student_ids) - len(removed)
    if extra > 0:
        notes.append(f"{extra} extra copy(ies) of check cells ignored")
    # Where each check goes: after the student's answer cell; else before the first kept cell whose
    # reference index is after the check.
    insert_before: dict[int, list[CheckSpec]] = {}
    for spec in checks:
        position = check_position(kept, anchors, spec.qid, spec.index, reference)
        if position is None:
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

    :mod:`osai.grading.kernel` is dropped from ``sys.modules`` and imported again (and it imports the
    check machinery afresh), so a student cell that patched ``osai.checks`` or redefined ``check``
    cannot fake a pass.

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
            if (isinstance(node.func, ast.Attribute) and node.func.attr == "hidden"
                    and isinstance(node.func.value, ast.Name) and node.func.value.id == "check" and len(node.args) == 3):
                thunks = [ast.Lambda(args=ast.arguments(posonlyargs=[], args=[], kwonlyargs=[], kw_defaults=[],
                                                        defaults=[]), body=arg) for arg in node.args[1:]]
                return ast.Call(func=ast.Name("_osai_kernel_check", ast.Load()),
                                args=[ast.Constant(lab), node.args[0], *thunks], keywords=[])
            return node

    body = ast.unparse(ast.fix_missing_locations(Rewrite().visit(tree)))
    return "\n".join([
        "# osai grade: the reference check cell, run afresh (edits to this cell in a submission are not used)",
        "import sys as _osai_sys",
        f"for _osai_m in [m for m in list(_osai_sys.modules) if m.startswith({FRESH_MODULES[0]!r})]:",
        "    del _osai_sys.modules[_osai_m]",
        f"from {FRESH_MODULES[0]} import kernel_check as _osai_kernel_check",
        body,
    ])


def prelude_source(settings: GradeSettings) -> str:
    """The grader's first cell: arms a time limit for every cell inside the kernel.

    >>> "kernel_setup" in prelude_source(GradeSettings(timeout=5))
    True
    """
    return "\n".join([
        "# osai grade: grader set-up (a time limit per cell, kept references); not part of the lab",
        f"from {FRESH_MODULES[0]} import kernel_setup as _osai_kernel_setup",
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
            cell.metadata["tags"] = [t for t in tags(cell) if not t.startswith("nbval") and t != "raises-exception"]
            cell.source = re.sub(r"(?m)^(\s*#\s*)NBVAL_", r"\1NO_NBVAL_", cell.source)
            cell.outputs, cell.execution_count = [], None
        if cell.cell_type == "code":
            code_number += 1
        cells.append(cell)
    new.cells = cells
    new.metadata["kernelspec"] = {"name": "osai-grade", "display_name": "osai grade", "language": "python"}
    return new, by_code_number


def skip_cell(nb: Any, code_number: int, is_check: bool) -> Any:
    """A copy of ``nb`` whose code cell ``code_number`` raises at once instead of running.

    >>> import nbformat
    >>> nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("while True: pass")])
    >>> skip_cell(nb, 0, False).cells[0].source.startswith("raise RuntimeError")
    True
    """
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

# SPDX-FileCopyrightText: 2026 The Open Source AI Lab Kit authors
# SPDX-License-Identifier: MIT
"""Steps 1 and 2: find the submissions of a class, and read the reference check cells of ``solutions/``.

>>> lab_of("00_orientation (1).ipynb", {"00": "00_orientation.ipynb"})
'00'
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from osai.grading.model import CheckSpec, GradingError, Reference, Submission

__all__ = ["find_submissions", "lab_number", "lab_of", "load_references", "reference_from_notebook",
           "solution_names"]


# --------------------------------------------------------------------------------------------------
# Step 1: find submissions


def lab_of(filename: str, labs: dict[str, str]) -> str | None:
    """The lab number a submitted file's name belongs to, or ``None`` (by name only; see
    :func:`~osai.grading.matching.match_notebook` for the lab id in the metadata).

    ``labs`` maps lab numbers to reference notebook names. The exact name matches; so do copies
    such as ``00_orientation (1).ipynb``, ``Copy of 00_orientation.ipynb`` or ``lab00.ipynb``.

    >>> lab_of("00_orientation.ipynb", {"00": "00_orientation.ipynb"})
    '00'
    >>> lab_of("00_orientation-Copy1.ipynb", {"00": "00_orientation.ipynb"}) is None
    False
    >>> lab_of("notes.ipynb", {"00": "00_orientation.ipynb"}) is None
    True
    """
    from osai.grading.matching import lab_from_name

    found = lab_from_name(filename, labs)
    return found[0] if found else None


def find_submissions(root: Path | str, labs: dict[str, str]) -> list[Submission]:
    """One :class:`Submission` per student folder and lab, sorted by student then lab.

    A student folder is a folder directly under ``root`` (hidden folders and checkpoints are
    skipped; names with spaces or non-ASCII letters are fine). A notebook is matched to a lab by the
    lab id in its metadata, else by its name; when a student has two notebooks for the same lab,
    the rule that chose one is in the submission's notes. The LMS layouts are read by
    :func:`osai.grading.intake.take_in`.

    >>> find_submissions("/nonexistent", {"00": "00_orientation.ipynb"})
    Traceback (most recent call last):
    ...
    osai.grading.GradingError: submissions folder not found: /nonexistent (expected SUBMISSIONS/<student>/<NN_name>.ipynb)
    """
    from osai.grading.intake import take_in

    root = Path(root)
    if not root.is_dir():
        raise GradingError(f"submissions folder not found: {root} (expected SUBMISSIONS/<student>/<NN_name>.ipynb)")
    if not any(p.is_dir() and not p.name.startswith(".") for p in root.iterdir()):
        return []
    return take_in(root, labs, "folders").submissions


def lab_number(lab: object) -> str:
    """A lab as asked for on the command line (``0``, ``"00"``, ``"00_orientation"``) → its number ``"00"``.

    >>> lab_number(2)
    '02'
    """
    from osai.checks import normalize_lab_id

    try:
        return normalize_lab_id(lab)
    except ValueError as error:
        raise GradingError(str(error)) from None


# --------------------------------------------------------------------------------------------------
# Step 2: reference check cells


def reference_from_notebook(nb: Any, name: str) -> Reference:
    """The :class:`Reference` of a solution notebook already read with nbformat.

    Raises :class:`GradingError` when the solution is unfit for grading (checks not run, no ids).
    """
    from osai.build import NOTEBOOK_NAME, check_cells, make_lab, validate_solution

    match = NOTEBOOK_NAME.match(name)
    if not match:
        raise GradingError(f"solution name {name!r} is not NN_name.ipynb")
    problems = validate_solution(nb, f"solutions/{name}")
    if problems:
        raise GradingError("; ".join(problems))
    index_of = {cell.id: index for index, cell in enumerate(nb.cells)}  # ids are unique: validated above
    checks = []
    for cell in check_cells(nb):
        meta = cell.metadata["nbgrader"]
        outputs = tuple(_plain(o) for o in cell.get("outputs", []))
        if not outputs:
            raise GradingError(f"solutions/{name}, check {meta['grade_id']}: no reference output; "
                               "run osai build-labs --execute first")
        checks.append(CheckSpec(meta["grade_id"], int(meta["points"]), cell.id, index_of[cell.id], cell.source,
                                outputs))
    if not checks:
        raise GradingError(f"solutions/{name} has no check cells")
    lab = make_lab(nb, name=f"solutions/{name}")
    lab_sources = {c.id: c.source for c in lab.cells}
    return Reference(match.group(1), name, list(nb.cells), checks, lab_sources, _written(nb, name))


def _written(nb: Any, name: str) -> list[Any]:
    """The written questions of a solution (graded by the instructor), or a :class:`GradingError` saying why not."""
    from osai.written import WrittenError, written_questions

    try:
        return written_questions(nb, f"solutions/{name}")
    except WrittenError as error:
        raise GradingError(str(error)) from None


def solution_names(solutions_dir: Path | str, only: Iterable[str] | None = None) -> dict[str, str]:
    """``{lab number: notebook name}`` of the solutions (``NN_name.ipynb``), without reading them.

    >>> solution_names("/nonexistent")
    Traceback (most recent call last):
    ...
    osai.grading.GradingError: solutions folder not found: /nonexistent
    """
    from osai.build import BuildError, solution_notebooks

    solutions_dir = Path(solutions_dir)
    if solutions_dir.is_file():  # a solutions-free reference file (GitHub Classroom)
        return {lab: r.name for lab, r in load_references(solutions_dir, only).items()}
    try:
        names = {p.name[:2]: p.name for p in solution_notebooks(solutions_dir)}
    except BuildError as error:
        raise GradingError(str(error)) from None
    if not names:
        raise GradingError(f"no solution notebooks (NN_name.ipynb) in {solutions_dir}")
    return only_labs(names, only, f"{solutions_dir}; labs with solutions")


def only_labs(found: dict[str, Any], only: Iterable[str] | None, where: str) -> dict[str, Any]:
    """``found`` (keyed by lab number) cut to the labs in ``only`` (all when ``None``); an unknown lab is an error
    naming ``where`` and the labs there are.

    >>> only_labs({"00": "a", "01": "b"}, ["01"], "solutions")
    {'01': 'b'}
    >>> only_labs({"00": "a"}, ["07"], "solutions")
    Traceback (most recent call last):
    osai.grading.GradingError: no solution for lab(s) 07 in solutions: 00
    """
    if only is None:
        return found
    wanted = set(only)
    unknown = sorted(wanted - set(found))
    if unknown:
        raise GradingError(f"no solution for lab(s) {', '.join(unknown)} in {where}: {', '.join(sorted(found))}")
    return {lab: value for lab, value in found.items() if lab in wanted}


def load_references(solutions_dir: Path | str, only: Iterable[str] | None = None) -> dict[str, Reference]:
    """The solution notebooks of ``solutions_dir`` (all, or the labs in ``only``) as :class:`Reference`.

    ``solutions_dir`` may also be a reference file (:mod:`osai.grading.reference_file`), which holds
    no solutions: GitHub Classroom grades from it.

    >>> load_references("/nonexistent")
    Traceback (most recent call last):
    ...
    osai.grading.GradingError: solutions folder not found: /nonexistent
    """
    import nbformat

    solutions_dir = Path(solutions_dir)
    if solutions_dir.is_file():  # a solutions-free reference file (GitHub Classroom)
        from osai.grading.reference_file import read_reference_file

        return read_reference_file(solutions_dir, only)
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

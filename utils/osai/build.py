# SPDX-FileCopyrightText: 2026 The Open Source AI Lab Kit authors
# SPDX-License-Identifier: MIT
"""Single source: every ``solutions/NN_name.ipynb`` makes ``labs/NN_name.ipynb``.

In a code cell, lines between ``# BEGIN SOLUTION`` and ``# END SOLUTION`` become a placeholder that
still runs, and lines between ``# BEGIN HIDDEN TESTS`` and ``# END HIDDEN TESTS`` are removed. The
markers are the ones nbgrader and otter-grader both accept.

- A block indented inside a function becomes ``# YOUR CODE HERE`` + ``raise NotImplementedError``.
- A top-level block becomes ``name = ...  # YOUR CODE HERE`` for each name it assigns, so the
  check cell after it reports "not attempted yet" instead of a ``NameError``.
- A cell tagged ``solution-only`` is left out of the lab.
- A written answer (a markdown cell, format in :mod:`osai.written`) becomes :data:`osai.written.PLACEHOLDER` and keeps
  its nbgrader metadata, unlocked; its rubric (tags ``rubric`` and ``solution-only``) never reaches the lab. A
  malformed written cell or rubric, or a rubric not tagged ``solution-only``, stops the build naming notebook and cell.
- Outputs and execution counts are cleared; check cells (tag ``check``) are locked against editing.
- The title cell gets an "Open in Colab" badge that points at the lab in the course's repository, and the
  set-up cell's Colab install line and the README's launch links follow the course setting (:mod:`osai.course`).
- Lab and solution carry their lab id in the notebook metadata (``metadata.osai.lab``, e.g. ``"00"``), so
  that grading recognises a submission whatever the student renamed it to, and the lab's version
  (``metadata.osai.version``, see :func:`lab_version`), so that grading recognises one made from an older lab.
"""

from __future__ import annotations

import ast
import re
import textwrap
from dataclasses import dataclass
from pathlib import Path
from typing import Any

__all__ = [
    "COLAB_BADGE",
    "CellProblem",
    "LAB_METADATA",
    "NOTEBOOK_NAME",
    "BuildError",
    "Difference",
    "build_labs",
    "check_cells",
    "execute_notebook",
    "lab_id_of",
    "lab_version",
    "make_lab",
    "solution_notebooks",
    "strip_solution",
    "tags",
    "validate_solution",
    "written_problems",
]

BEGIN_SOLUTION = "# BEGIN SOLUTION"
END_SOLUTION = "# END SOLUTION"
BEGIN_HIDDEN = "# BEGIN HIDDEN TESTS"
END_HIDDEN = "# END HIDDEN TESTS"
PLACEHOLDER = "# YOUR CODE HERE"
#: A lab notebook's file name; group 1 is the lab number. Grading uses the same rule.
NOTEBOOK_NAME = re.compile(r"^(\d\d)_[a-z0-9_]+\.ipynb$")
#: The notebook metadata key under which a lab and its solution record their lab id: ``{"osai": {"lab": "00"}}``.
LAB_METADATA = "osai"


class BuildError(ValueError):
    """A solution notebook that cannot be turned into a lab; the message names notebook and cell."""


@dataclass(frozen=True)
class CellProblem:
    """Something wrong at one place of a notebook; ``str()`` names the notebook, the cell (when there is one) and what.

    >>> str(CellProblem("solutions/03_x.ipynb", 4, "q2-check", "points disagree"))
    'solutions/03_x.ipynb, cell 4 (id q2-check): points disagree'
    """

    notebook: str
    cell: int | None
    cell_id: str | None
    what: str

    def __str__(self) -> str:
        where = "" if self.cell is None else f", cell {self.cell} (id {self.cell_id})"
        return f"{self.notebook}{where}: {self.what}"


#: Why a committed lab is not what ``osai build-labs`` would write (notebook, cell, what).
Difference = CellProblem


def _marker(line: str) -> str | None:
    stripped = line.strip()
    for marker in (BEGIN_SOLUTION, END_SOLUTION, BEGIN_HIDDEN, END_HIDDEN):
        if stripped == marker or stripped.startswith(marker + " "):
            return marker
    return None


def _assigned_names(block: list[str]) -> list[str]:
    try:
        tree = ast.parse(textwrap.dedent("\n".join(block)))
    except SyntaxError:
        return []
    names: list[str] = []
    for node in tree.body:
        targets: list[ast.expr] = []
        if isinstance(node, ast.Assign):
            targets = list(node.targets)
        elif isinstance(node, (ast.AnnAssign, ast.AugAssign)):
            targets = [node.target]
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.append(node.name)
        for target in targets:
            for sub in ast.walk(target):
                if isinstance(sub, ast.Name) and isinstance(sub.ctx, ast.Store):
                    names.append(sub.id)
    return list(dict.fromkeys(names))


def _placeholder(indent: str, block: list[str]) -> list[str]:
    if indent:
        return [f"{indent}{PLACEHOLDER}", f"{indent}raise NotImplementedError"]
    names = _assigned_names(block)
    if not names:
        return [PLACEHOLDER]
    return [f"{name} = ...  {PLACEHOLDER}" for name in names]


def strip_solution(source: str, where: str = "cell") -> str:
    """Replace solution blocks by placeholders and drop hidden tests.

    >>> print(strip_solution("x = 1\\n# BEGIN SOLUTION\\nanswer = x + 1\\n# END SOLUTION\\ncheck('q1', answer)"))
    x = 1
    answer = ...  # YOUR CODE HERE
    check('q1', answer)
    >>> print(strip_solution("def f(a):\\n    # BEGIN SOLUTION\\n    return a\\n    # END SOLUTION"))
    def f(a):
        # YOUR CODE HERE
        raise NotImplementedError
    """
    out: list[str] = []
    block: list[str] | None = None
    indent = ""
    hidden = False
    for number, line in enumerate(source.split("\n"), start=1):
        marker = _marker(line)
        if marker == BEGIN_SOLUTION:
            if block is not None or hidden:
                raise BuildError(f"{where}, line {number}: '{BEGIN_SOLUTION}' inside another block")
            block, indent = [], line[: len(line) - len(line.lstrip())]
        elif marker == END_SOLUTION:
            if block is None:
                raise BuildError(f"{where}, line {number}: '{END_SOLUTION}' without '{BEGIN_SOLUTION}'")
            out.extend(_placeholder(indent, block))
            block = None
        elif marker == BEGIN_HIDDEN:
            if block is not None or hidden:
                raise BuildError(f"{where}, line {number}: '{BEGIN_HIDDEN}' inside another block")
            hidden = True
        elif marker == END_HIDDEN:
            if not hidden:
                raise BuildError(f"{where}, line {number}: '{END_HIDDEN}' without '{BEGIN_HIDDEN}'")
            hidden = False
        elif block is not None:
            block.append(line)
        elif not hidden:
            out.append(line)
    if block is not None:
        raise BuildError(f"{where}: '{BEGIN_SOLUTION}' is never closed by '{END_SOLUTION}'")
    if hidden:
        raise BuildError(f"{where}: '{BEGIN_HIDDEN}' is never closed by '{END_HIDDEN}'")
    return "\n".join(out).rstrip("\n")


def tags(cell: Any) -> list[str]:
    """The tags of a cell (``metadata.tags``); none when that is missing or not a list.

    >>> tags({"metadata": {"tags": ["check"]}}), tags({"metadata": {"tags": "check"}}), tags({})
    (['check'], [], [])
    """
    found = cell.get("metadata", {}).get("tags", [])
    return list(found) if isinstance(found, list) else []


def check_cells(nb: Any) -> list[Any]:
    """The check cells of a notebook: code cells tagged ``check``."""
    return [c for c in nb.cells if c.cell_type == "code" and "check" in tags(c)]


def validate_solution(nb: Any, name: str) -> list[str]:
    """Problems that make a solution notebook unfit for building and grading (empty when fine)."""
    problems: list[str] = []
    seen_ids: set[str] = set()
    seen_checks: set[str] = set()
    for index, cell in enumerate(nb.cells):
        cid = cell.get("id")
        if not cid:
            problems.append(f"{name}, cell {index}: no cell id (nbformat 4.5 ids are needed for grading)")
        elif cid in seen_ids:
            problems.append(f"{name}, cell {index}: duplicate cell id {cid!r}")
        seen_ids.add(cid or "")
        if "check" not in tags(cell):
            continue
        meta = cell.get("metadata", {}).get("nbgrader", {})
        grade_id, points = meta.get("grade_id"), meta.get("points")
        if cell.cell_type != "code":
            problems.append(f"{name}, cell {index}: a check cell must be a code cell")
            continue
        if not grade_id or not isinstance(points, int) or points < 1:
            problems.append(f"{name}, cell {index}: check cell needs nbgrader metadata grade_id and points >= 1")
            continue
        if f'check("{grade_id}"' not in cell.source:
            problems.append(f'{name}, cell {index}: check cell {grade_id} must call check("{grade_id}", ...)')
        if grade_id in seen_checks:
            problems.append(f"{name}, cell {index}: check {grade_id} appears twice")
        seen_checks.add(grade_id)
    return problems + written_problems(nb, name)


def written_problems(nb: Any, name: str) -> list[str]:
    """Problems of a solution's written answers and rubrics (empty when fine): the format of
    :func:`osai.written.written_questions`, every rubric tagged ``solution-only`` and right after its answer, every
    answer editable and in the lab.

    >>> import nbformat
    >>> nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("**Rubric w1** (1 point)",
    ...                                      metadata={"tags": ["rubric"]})])
    >>> for problem in written_problems(nb, "s.ipynb"):
    ...     print(problem)
    s.ipynb, cell 0: a rubric cell must also be tagged 'solution-only', so that it never reaches the lab
    s.ipynb, cell 0: a rubric cell must come right after its written answer
    """
    from osai import written

    problems: list[str] = []
    for index, cell in enumerate(nb.cells):
        cell_tags = tags(cell)
        if written.is_rubric(cell):
            if "solution-only" not in cell_tags:
                problems.append(f"{name}, cell {index}: a rubric cell must also be tagged 'solution-only', so that it "
                                "never reaches the lab")
            if index == 0 or not written.is_written(nb.cells[index - 1]):
                problems.append(f"{name}, cell {index}: a rubric cell must come right after its written answer")
        if written.is_written(cell):
            if "solution-only" in cell_tags:
                problems.append(f"{name}, cell {index}: a written answer cannot be 'solution-only': the student "
                                "writes in it")
            if (cell.get("metadata", {}).get("nbgrader") or {}).get("locked"):
                problems.append(f"{name}, cell {index}: a written answer must stay editable (nbgrader locked: false)")
    try:
        written.written_questions(nb, name)
    except written.WrittenError as error:
        problems.append(str(error))
    return problems


COLAB_BADGE = "https://colab.research.google.com/assets/colab-badge.svg"


def repository_url() -> str:
    """The kit's repository (``Repository`` in the package metadata), for Colab links."""
    from importlib import metadata

    for entry in metadata.metadata("osai-labkit").get_all("Project-URL") or []:
        label, _, url = entry.partition(",")
        if label.strip().lower() == "repository":
            return url.strip().rstrip("/")
    raise BuildError("pyproject.toml has no [project.urls] Repository: Colab links cannot be made")


def colab_badge(lab_file: str, repository: str) -> str:
    """Markdown of an "Open in Colab" badge for ``labs/<lab_file>`` on the ``main`` branch.

    >>> colab_badge("00_orientation.ipynb", "https://github.com/org/kit")
    '[![Open in Colab](https://colab.research.google.com/assets/colab-badge.svg)](https://colab.research.google.com/github/org/kit/blob/main/labs/00_orientation.ipynb)'
    """
    path = repository.split("github.com/", 1)[-1]
    return f"[![Open in Colab]({COLAB_BADGE})](https://colab.research.google.com/github/{path}/blob/main/labs/{lab_file})"


def _add_badge(cell: Any, badge: str) -> None:
    lines = cell.source.split("\n")
    if lines and lines[0].startswith("# ") and COLAB_BADGE not in cell.source:
        cell.source = "\n".join([lines[0], "", badge] + lines[1:])


def lab_id_of(nb: Any) -> str | None:
    """The lab id a notebook records in its metadata (``metadata.osai.lab``), or ``None``.

    >>> lab_id_of({"metadata": {"osai": {"lab": "03"}}}), lab_id_of({"metadata": {"osai": "03"}}), lab_id_of({})
    ('03', None, None)
    """
    metadata = nb.get("metadata") if isinstance(nb, dict) else None
    found = metadata.get(LAB_METADATA) if isinstance(metadata, dict) else None
    lab = found.get("lab") if isinstance(found, dict) else None
    return lab if isinstance(lab, str) and re.fullmatch(r"\d\d", lab) else None


def lab_version(nb: Any) -> str:
    """The version of a lab: 8 hex digits of a hash of its graded cells' ids and points, in order.

    Adding, removing, reordering or re-pointing an exercise changes it; editing text or code does not.
    Lab and solution have the same version (cells tagged ``solution-only`` do not count).

    >>> cell = {"cell_type": "code", "metadata": {"nbgrader": {"grade": True, "grade_id": "q1", "points": 2}}}
    >>> lab_version({"cells": [cell]}) == lab_version({"cells": [cell, cell]}), len(lab_version({"cells": []}))
    (False, 8)
    """
    import hashlib

    graded = []
    for cell in nb.get("cells", []):
        meta = cell.get("metadata", {}).get("nbgrader", {})
        if isinstance(meta, dict) and meta.get("grade") is True and "solution-only" not in tags(cell):
            graded.append(f"{meta.get('grade_id')}:{meta.get('points')}")
    return hashlib.sha256(",".join(graded).encode()).hexdigest()[:8]


def _with_lab_id(nb: Any, name: str) -> None:
    """Record the lab number of the file ``name`` (``NN_name.ipynb``) and the lab's version in ``nb``'s
    metadata (in place)."""
    found = NOTEBOOK_NAME.match(Path(name).name)
    if found:
        nb.metadata[LAB_METADATA] = {**nb.metadata.get(LAB_METADATA, {}), "lab": found.group(1),
                                     "version": lab_version(nb)}


def make_lab(solution: Any, name: str = "notebook", badge: str | None = None) -> Any:
    """The lab notebook generated from a solution notebook (a new object; the input is unchanged).

    When ``name`` is a lab file name (``solutions/NN_name.ipynb``) the lab records ``NN`` in
    ``metadata.osai.lab``.
    """
    import copy

    from osai import written

    problems = validate_solution(solution, name)
    if problems:
        raise BuildError("; ".join(problems))
    lab = copy.deepcopy(solution)
    cells = []
    for index, cell in enumerate(lab.cells):
        cell_tags = tags(cell)
        if "solution-only" in cell_tags:
            continue
        if written.is_written(cell):  # the student's answer goes here; nbgrader needs the metadata as it is
            cell.source = written.PLACEHOLDER
            cell.pop("attachments", None)
            cell.metadata.setdefault("nbgrader", {})["locked"] = False
        if cell.cell_type == "code":
            cell.source = strip_solution(cell.source, where=f"{name}, cell {index} (id {cell.get('id')})")
            cell.outputs = []
            cell.execution_count = None
            if "check" in cell_tags:
                cell.metadata["editable"] = False
                cell.metadata["deletable"] = False
        cell.metadata.pop("execution", None)
        cells.append(cell)
    lab.cells = cells
    if badge and cells and cells[0].cell_type == "markdown":
        _add_badge(cells[0], badge)
    lab.metadata.pop("widgets", None)
    _with_lab_id(lab, name)
    return lab


def solution_notebooks(solutions_dir: Path) -> list[Path]:
    """Solution notebooks named ``NN_name.ipynb``, sorted."""
    if not solutions_dir.is_dir():
        raise BuildError(f"solutions folder not found: {solutions_dir}")
    return sorted(p for p in solutions_dir.glob("*.ipynb") if NOTEBOOK_NAME.match(p.name))


def _text(nb: Any) -> str:
    import nbformat

    return nbformat.writes(nb, version=4) + "\n"


def _first_difference(name: str, built: Any, committed_text: str) -> Difference:
    import nbformat

    try:
        committed = nbformat.reads(committed_text, as_version=4)
    except Exception as error:  # noqa: BLE001 - any parse failure is the difference
        return Difference(name, None, None, f"not a readable notebook ({type(error).__name__})")
    for index, (new, old) in enumerate(zip(built.cells, committed.cells)):
        for key in ("id", "cell_type", "source", "metadata", "outputs", "execution_count"):
            if new.get(key) != old.get(key):
                return Difference(name, index, new.get("id"), f"{key} differs from the solution; run osai build-labs")
    if len(built.cells) != len(committed.cells):
        return Difference(name, None, None,
                          f"has {len(committed.cells)} cells, the solution makes {len(built.cells)}; run osai build-labs")
    return Difference(name, None, None, "notebook metadata or formatting differs; run osai build-labs")


def build_labs(solutions_dir: Path | str, labs_dir: Path | str, check: bool = False,
               only: set[str] | None = None) -> list[Difference]:
    """Write (or with ``check=True`` only compare) every lab; return the differences found.

    Without ``check`` the returned list names the labs that were (re)written. A lab with no solution
    is reported in both modes and never deleted. A solution whose points disagree (:mod:`osai.consistency`)
    raises :class:`BuildError` before its lab is written. ``only`` restricts the work to lab numbers (``{"01"}``).
    """
    import nbformat

    from osai.consistency import refuse_drift

    solutions_dir, labs_dir = Path(solutions_dir), Path(labs_dir)
    differences: list[Difference] = []
    names = set()
    from osai import course

    setting = _course_setting(solutions_dir.parent)
    for path in solution_notebooks(solutions_dir):
        names.add(path.name)
        if only is not None and path.name[:2] not in only:
            continue
        try:
            solution = nbformat.read(path, as_version=4)
        except Exception as error:  # noqa: BLE001
            raise BuildError(f"{path}: not a readable notebook ({type(error).__name__}: {error})") from None
        recorded = solution.metadata.get(LAB_METADATA)
        stale = (f"metadata.{LAB_METADATA}.lab is not {path.name[:2]!r}" if lab_id_of(solution) != path.name[:2]
                 else f"metadata.{LAB_METADATA}.version is not {lab_version(solution)!r}"
                 if not isinstance(recorded, dict) or recorded.get("version") != lab_version(solution) else "")
        if stale:
            differences.append(Difference(f"solutions/{path.name}", None, None, f"{stale}; run osai build-labs"))
            if not check:  # metadata only: the stored outputs stay valid, no re-execution needed
                _with_lab_id(solution, path.name)
                path.write_text(_text(solution), encoding="utf-8")
        refuse_drift(solution, f"solutions/{path.name}", path.name[:2])  # points: osai.consistency
        differences += _course_install_line(solution, path, setting, check)
        lab = make_lab(solution, name=f"solutions/{path.name}", badge=course.colab_badge(setting, path.name))
        text = _text(lab)
        target = labs_dir / path.name
        shown = f"labs/{path.name}"
        existing = target.read_text(encoding="utf-8") if target.exists() else None
        if existing == text:
            continue
        if existing is None:
            differences.append(Difference(shown, None, None, "missing; run osai build-labs"))
        else:
            differences.append(_first_difference(shown, lab, existing))
        if not check:
            labs_dir.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
    if labs_dir.is_dir():
        orphans = [p for p in labs_dir.glob("*.ipynb") if p.name not in names]
        for orphan in sorted(p for p in orphans if only is None or p.name[:2] in only):
            differences.append(Difference(f"labs/{orphan.name}", None, None,
                                          "has no solution in solutions/; remove it or add its solution"))
    if course.sync_readme(solutions_dir.parent / "README.md", setting, write=not check):
        differences.append(Difference("README.md", None, None, "a Binder or Colab link differs from "
                                      "[tool.osai.course] in pyproject.toml; run osai build-labs"))
    return differences


def _course_setting(root: Path) -> Any:
    """The course setting of the kit at ``root`` (see :mod:`osai.course`), as a :class:`BuildError` if malformed."""
    from osai import course

    try:
        return course.load_course(root)
    except course.CourseError as error:
        raise BuildError(str(error)) from None


def _course_install_line(solution: Any, path: Path, setting: Any, check: bool) -> list[Difference]:
    """Point the solution's Colab install line at the course (saved unless ``check``); the difference found."""
    from osai import course

    if not course.sync_setup(solution, setting):
        return []
    if not check:  # source of the set-up cell only: its stored output (none outside Colab) stays valid
        path.write_text(_text(solution), encoding="utf-8")
    return [Difference(f"solutions/{path.name}", None, "setup", "the Colab install line differs from "
                       "[tool.osai.course] in pyproject.toml; run osai build-labs")]


def execute_notebook(path: Path | str, timeout: int = 300) -> None:
    """Run a solution notebook top to bottom in its own folder and save its outputs in place.

    The kernel gets ``OSAI_NOTEBOOK`` (the notebook's path), so that a written answer's self-check reads it.
    """
    import os

    import nbformat
    from nbclient import NotebookClient

    path = Path(path)
    nb = nbformat.read(path, as_version=4)
    NotebookClient(nb, timeout=timeout, kernel_name="python3",
                   resources={"metadata": {"path": str(path.parent)}}).execute(
        env={**os.environ, "OSAI_NOTEBOOK": str(path.resolve())})
    for cell in nb.cells:
        cell.metadata.pop("execution", None)
        if cell.cell_type == "code":
            cell.outputs = _coalesce_streams(cell.outputs)
    path.write_text(_text(nb), encoding="utf-8")


def _coalesce_streams(outputs: list[Any]) -> list[Any]:
    """Consecutive stream outputs of one stream as one output (as nbval compares them), so that stored outputs do not
    depend on when the kernel flushed."""
    merged: list[Any] = []
    for output in outputs:
        previous = merged[-1] if merged else None
        if (output.get("output_type") == "stream" and previous is not None
                and previous.get("output_type") == "stream" and previous.get("name") == output.get("name")):
            previous["text"] = previous["text"] + output["text"]
        else:
            merged.append(output)
    return merged

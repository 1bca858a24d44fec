# SPDX-FileCopyrightText: 2026 The Open Source AI Lab Kit authors
# SPDX-License-Identifier: MIT
"""Solutions as otter-grader master notebooks: ``osai build-labs --for otter OUT``.

otter-grader's ``otter assign`` strips ``# BEGIN SOLUTION`` blocks and finds tests only inside its own
question blocks (raw cells ``# BEGIN QUESTION`` ... ``# END QUESTION``, see
https://otter-grader.readthedocs.io/en/latest/otter_assign/notebook_format.html). This module writes, for
each ``solutions/NN_name.ipynb``, a master notebook in that format:

- a raw ``# ASSIGNMENT CONFIG`` cell first (:data:`ASSIGNMENT_CONFIG`; ``strip_solutions_from_all_cells``
  is on, so a solution block outside a question is stripped too);
- for every exercise ``qN`` a question block (name and points from the check cell's nbgrader metadata):
  the exercise's text, its solution cells inside ``# BEGIN SOLUTION`` / ``# END SOLUTION`` raw cells,
  and one test cell that calls the kit's verifier, so that a wrong answer fails the test::

      from osai.checks import load_lab as _osai_load_lab
      _osai_result = _osai_load_lab("00").evaluate("q1", platform)
      assert _osai_result.passed, _osai_result.line

  The kit's own check cell follows the block, as in the lab (its line and hints stay);
- for every written answer (:mod:`osai.written`) a manual question (``manual: true``) whose solution is the
  model answer and the rubric, which ``otter assign`` replaces by a response cell in the student notebook;
- a check cell's hidden tests (``# BEGIN HIDDEN TESTS``, ``check.hidden(...)``) become a second, hidden otter
  test of the question (first line ``# HIDDEN``) that asks the kit's ``evaluate_hidden``, and the question is
  ``all_or_nothing``, as in ``osai grade``; they are left out of every other cell;
- other ``solution-only`` cells are left out.

In a solution cell a top-level block that assigns names gets a line ``name = ...  # SOLUTION`` before it and
becomes ``# BEGIN SOLUTION NO PROMPT``, so otter's student notebook keeps the kit's placeholder
``name = ...`` ("not attempted yet"); a block inside a function becomes otter's ``...``.

>>> print(otter_code("x = 1\\n# BEGIN SOLUTION\\nanswer = x + 1\\n# END SOLUTION"))
x = 1
answer = ...  # SOLUTION
# BEGIN SOLUTION NO PROMPT
answer = x + 1
# END SOLUTION
"""

from __future__ import annotations

import ast
import copy
from dataclasses import dataclass
from pathlib import Path
from typing import Any

__all__ = [
    "ASSIGNMENT_CONFIG",
    "OTTER_VERSION",
    "export_otter",
    "otter_code",
    "otter_master",
    "solution_lines",
]

#: The otter-grader release this export is verified with (``make test-otter``).
OTTER_VERSION = "7.0.0"

#: The assignment configuration written in every master notebook (``{name}`` is ``labNN``).
ASSIGNMENT_CONFIG = """# ASSIGNMENT CONFIG
name: {name}
init_cell: true
check_all_cell: false
export_cell: false
strip_solutions_from_all_cells: true
tests:
  files: false"""


@dataclass(frozen=True)
class _Question:
    """A span of solution cells that becomes one otter question block."""

    start: int  # first cell of the block (its prompt when it has one)
    first_answer: int  # first cell after the prompt
    end: int  # last cell of the block (for an exercise: the check cell, emitted after the block)
    name: str
    points: int
    manual: bool
    value: str = "..."  # the expression the check cell checks
    hidden: str = ""  # the check cell's hidden tests, as they stand between the markers


def _raw(text: str) -> Any:
    import nbformat

    return nbformat.v4.new_raw_cell(text)


def otter_code(source: str, where: str = "cell") -> str:
    """A code cell's source for otter: hidden tests dropped, solution blocks in otter's form (see module doc).

    >>> print(otter_code("def f(a):\\n    # BEGIN SOLUTION\\n    return a\\n    # END SOLUTION"))
    def f(a):
        # BEGIN SOLUTION
        return a
        # END SOLUTION
    """
    from osai.build import BEGIN_HIDDEN, BEGIN_SOLUTION, END_HIDDEN, END_SOLUTION, _assigned_names, _marker

    _check_markers(source, where)
    out: list[str] = []
    block: list[str] | None = None
    indent, hidden = "", False
    for line in source.split("\n"):
        marker = _marker(line)
        if marker == BEGIN_SOLUTION:
            block, indent = [], line[: len(line) - len(line.lstrip())]
        elif marker == END_SOLUTION and block is not None:
            names = [] if indent else _assigned_names(block)
            if names:
                out += [f"{name} = ...  # SOLUTION" for name in names] + ["# BEGIN SOLUTION NO PROMPT"]
            else:
                out.append(f"{indent}{BEGIN_SOLUTION}")
            out += block + [f"{indent}{END_SOLUTION}"]
            block = None
        elif marker == BEGIN_HIDDEN:
            hidden = True
        elif marker == END_HIDDEN:
            hidden = False
        elif block is not None:
            block.append(line)
        elif not hidden:
            out.append(line)
    return "\n".join(out).rstrip("\n")


def _check_markers(source: str, where: str) -> None:
    """Raise the kit's BuildError for unbalanced markers (the same rules as building a lab)."""
    from osai.build import strip_solution

    strip_solution(source, where)


def _has_solution(cell: Any) -> bool:
    from osai.build import BEGIN_SOLUTION, _marker

    return cell.cell_type == "code" and any(_marker(line) == BEGIN_SOLUTION for line in cell.source.split("\n"))


def _checked_value(source: str, qid: str, where: str) -> str:
    """The source of the value a check cell passes to ``check("qN", value)``; ``...`` when it passes none."""
    from osai.build import BuildError

    try:
        tree = ast.parse(source)
    except SyntaxError as error:
        raise BuildError(f"{where}: check cell {qid} is not valid Python ({error.msg})") from None
    for node in ast.walk(tree):
        if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "check"
                and node.args and isinstance(node.args[0], ast.Constant) and node.args[0].value == qid):
            return ast.get_source_segment(source, node.args[1]) if len(node.args) > 1 else "..."
    raise BuildError(f'{where}: check cell {qid} must call check("{qid}", ...)')


def _prompt(cells: list[Any], index: int, floor: int) -> int:
    """The index of the question's text: the markdown cell right before ``index``, or ``index`` itself."""
    from osai.build import tags
    from osai.written import is_rubric, is_written

    before = index - 1
    if before > floor and cells[before].cell_type == "markdown" and not (
            is_written(cells[before]) or is_rubric(cells[before]) or "solution-only" in tags(cells[before])):
        return before
    return index


def _questions(cells: list[Any], name: str) -> list[_Question]:
    from osai.build import tags
    from osai.written import is_rubric, is_written

    found: list[_Question] = []
    floor = -1  # the last cell that belongs to a question already
    for index, cell in enumerate(cells):
        meta = cell.get("metadata", {}).get("nbgrader", {}) or {}
        if cell.cell_type == "code" and "check" in tags(cell):
            qid, where = meta["grade_id"], f"{name}, cell {index}"
            answers = [i for i in range(floor + 1, index) if _has_solution(cells[i])]
            first = answers[0] if answers else index
            found.append(_Question(_prompt(cells, first, floor), first, index, qid, int(meta["points"]), False,
                                   _checked_value(cell.source, qid, where), _hidden_block(cell.source)))
            floor = index
        elif is_written(cell):
            end = index + 1 if index + 1 < len(cells) and is_rubric(cells[index + 1]) else index
            found.append(_Question(_prompt(cells, index, floor), index, end, meta["grade_id"], int(meta["points"]),
                                   True))
            floor = end
    return found


def _hidden_block(source: str) -> str:
    """The lines between ``# BEGIN HIDDEN TESTS`` and ``# END HIDDEN TESTS`` of a check cell (``""``: none)."""
    from osai.build import BEGIN_HIDDEN, END_HIDDEN, _marker

    lines, inside = [], False
    for line in source.split("\n"):
        marker = _marker(line)
        if marker in (BEGIN_HIDDEN, END_HIDDEN):
            inside = marker == BEGIN_HIDDEN
        elif inside:
            lines.append(line)
    return "\n".join(lines).strip("\n")


def _hidden_test(lab: str, block: str, where: str) -> str:
    """An otter hidden test from a check cell's hidden block: each ``check.hidden(qid, f, cases)`` statement
    asks the kit's ``evaluate_hidden`` and asserts that no case failed; other statements stay as they are.

    >>> print(_hidden_test("00", "import math\\ncheck.hidden('q3', f, [('zero', 0, 0)])", "cell"))
    # HIDDEN
    from osai.checks import load_lab as _osai_load_lab
    import math
    _osai_result = _osai_load_lab('00').evaluate_hidden('q3', f, [('zero', 0, 0)])
    assert _osai_result is None, _osai_result.line
    """
    from osai.build import BuildError

    try:
        tree = ast.parse(block)
    except SyntaxError as error:
        raise BuildError(f"{where}: the hidden tests are not valid Python ({error.msg})") from None
    lines = block.split("\n")
    out = ["# HIDDEN", "from osai.checks import load_lab as _osai_load_lab"]
    done = 0
    for node in tree.body:
        call = node.value if isinstance(node, ast.Expr) else None
        if (isinstance(call, ast.Call) and isinstance(call.func, ast.Attribute) and call.func.attr == "hidden"
                and isinstance(call.func.value, ast.Name) and call.func.value.id == "check"):
            out += lines[done:node.lineno - 1]
            args = ", ".join(ast.get_source_segment(block, a) or "" for a in call.args)
            out += [f"_osai_result = _osai_load_lab({lab!r}).evaluate_hidden({args})",
                    "assert _osai_result is None, _osai_result.line"]
            done = node.end_lineno or node.lineno
    return "\n".join(out + lines[done:]).rstrip("\n")


def _test_cells(lab: str, question: _Question, where: str) -> list[Any]:
    import nbformat

    cells = [nbformat.v4.new_code_cell(
        "from osai.checks import load_lab as _osai_load_lab\n"
        f"_osai_result = _osai_load_lab({lab!r}).evaluate({question.name!r}, {question.value})\n"
        "assert _osai_result.passed, _osai_result.line")]
    if question.hidden.strip():
        cells.append(nbformat.v4.new_code_cell(_hidden_test(lab, question.hidden, where)))
    return cells


def _plain(cell: Any, where: str) -> Any | None:
    """A cell outside question blocks, as the master notebook holds it (``None``: left out)."""
    from osai.build import tags

    if "solution-only" in tags(cell):
        return None
    cell = copy.deepcopy(cell)
    cell.metadata.pop("execution", None)
    if cell.cell_type == "code":
        cell.source = otter_code(cell.source, where)
        cell.outputs, cell.execution_count = [], None
    return cell


def otter_master(solution: Any, name: str = "notebook") -> Any:
    """The otter-assign master notebook of a solution notebook (a new object; the input is unchanged).

    Raises :class:`osai.build.BuildError` (naming ``name`` and the cell) for a solution the kit could not
    build a lab from either, and :class:`osai.written.WrittenError` for a written answer not in the format.

    >>> import nbformat
    >>> nb = nbformat.v4.new_notebook(cells=[
    ...     nbformat.v4.new_markdown_cell("### Exercise q1"),
    ...     nbformat.v4.new_code_cell("# BEGIN SOLUTION\\nx = 2\\n# END SOLUTION"),
    ...     nbformat.v4.new_code_cell('check("q1", x)', metadata={"tags": ["check"],
    ...         "nbgrader": {"grade": True, "grade_id": "q1", "points": 2, "solution": False}})],
    ...     metadata={"osai": {"lab": "00"}})
    >>> [c.source.split("\\n")[0] for c in otter_master(nb, "00_x.ipynb").cells]  # doctest: +NORMALIZE_WHITESPACE
    ['# ASSIGNMENT CONFIG', '# BEGIN QUESTION', '### Exercise q1', '# BEGIN SOLUTION', 'x = ...  # SOLUTION',
     '# END SOLUTION', '# BEGIN TESTS', 'from osai.checks import load_lab as _osai_load_lab', '# END TESTS',
     '# END QUESTION', 'check("q1", x)']
    """
    import nbformat

    from osai.build import BuildError, lab_id_of, validate_solution
    from osai.written import written_questions

    problems = validate_solution(solution, name)
    if problems:
        raise BuildError("; ".join(problems))
    written_questions(solution, name)  # refuses a written answer or rubric not in the format
    lab = lab_id_of(solution) or Path(name).name[:2]
    if not (lab.isdigit() and len(lab) == 2):
        raise BuildError(f"{name}: no lab id (metadata.osai.lab, or a name like 03_data.ipynb)")
    cells = solution.cells
    out = [_raw(ASSIGNMENT_CONFIG.format(name=f"lab{lab}"))]
    position = 0

    def plain(index: int) -> None:
        kept = _plain(cells[index], f"{name}, cell {index}")
        if kept is not None:
            out.append(kept)

    for question in _questions(cells, name):
        for index in range(position, question.start):
            plain(index)
        config = f"# BEGIN QUESTION\nname: {question.name}\npoints: {question.points}"
        config += "\nmanual: true" if question.manual else "\nall_or_nothing: true" if question.hidden.strip() else ""
        out.append(_raw(config))
        for index in range(question.start, question.first_answer):
            plain(index)
        if question.manual:
            out.append(_raw("# BEGIN SOLUTION"))
            out += [copy.deepcopy(cells[i]) for i in range(question.first_answer, question.end + 1)]
            out += [_raw("# END SOLUTION"), _raw("# END QUESTION")]
        else:
            for index in range(question.first_answer, question.end):
                if _has_solution(cells[index]):
                    out.append(_raw("# BEGIN SOLUTION"))
                    plain(index)
                    out.append(_raw("# END SOLUTION"))
                else:
                    plain(index)
            out += [_raw("# BEGIN TESTS"), *_test_cells(lab, question, f"{name}, cell {question.end}"),
                    _raw("# END TESTS"), _raw("# END QUESTION")]
            plain(question.end)  # the kit's own check cell, after the block
        position = question.end + 1
    for index in range(position, len(cells)):
        plain(index)
    master = nbformat.v4.new_notebook(cells=out, metadata=copy.deepcopy(solution.metadata))
    master.metadata.pop("widgets", None)
    for cell in master.cells:  # otter assign writes its own ids
        cell.pop("id", None)
    master.nbformat, master.nbformat_minor = 4, 4
    return master


def solution_lines(solution: Any) -> list[str]:
    """Every non-blank line inside a ``# BEGIN SOLUTION`` block of a notebook's code cells, stripped.

    >>> import nbformat
    >>> solution_lines(nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(
    ...     "y = 0\\n# BEGIN SOLUTION\\nx = 2\\n\\n# END SOLUTION")]))
    ['x = 2']
    """
    from osai.build import BEGIN_SOLUTION, END_SOLUTION, _marker

    found: list[str] = []
    for cell in solution.cells:
        if cell.cell_type != "code":
            continue
        inside = False
        for line in cell.source.split("\n"):
            marker = _marker(line)
            if marker in (BEGIN_SOLUTION, END_SOLUTION):
                inside = marker == BEGIN_SOLUTION
            elif inside and line.strip():
                found.append(line.strip())
    return found


def export_otter(solutions_dir: Path | str, out_dir: Path | str, only: set[str] | None = None) -> list[Path]:
    """Write ``OUT/NN_name.ipynb``, an otter-assign master notebook, for every solution; return the paths.

    ``only`` restricts the export to lab numbers (``{"04"}``). ``out_dir`` may not be the solutions or labs
    folder: a master notebook holds the solutions and must never replace a notebook of the kit.

    >>> export_otter("solutions", "solutions")
    Traceback (most recent call last):
    ...
    osai.build.BuildError: the otter export must go to a folder of its own, not solutions
    """
    import nbformat

    from osai.build import BuildError, _text, solution_notebooks

    solutions_dir, out_dir = Path(solutions_dir), Path(out_dir)
    if out_dir.resolve() == solutions_dir.resolve() or out_dir.resolve() == (solutions_dir.parent / "labs").resolve():
        raise BuildError(f"the otter export must go to a folder of its own, not {out_dir}")
    written: list[Path] = []
    for path in solution_notebooks(solutions_dir):
        if only is not None and path.name[:2] not in only:
            continue
        try:
            solution = nbformat.read(path, as_version=4)
        except Exception as error:  # noqa: BLE001 - any parse failure is reported with the file
            raise BuildError(f"{path}: not a readable notebook ({type(error).__name__}: {error})") from None
        master = otter_master(solution, name=f"solutions/{path.name}")
        out_dir.mkdir(parents=True, exist_ok=True)
        target = out_dir / path.name
        target.write_text(_text(master), encoding="utf-8")
        written.append(target)
    return written

# SPDX-FileCopyrightText: 2026 The Open Source AI Lab Kit authors
# SPDX-License-Identifier: MIT
"""``osai new-exercise``: add an auto-checked exercise to a lab in one command.

:func:`new_exercise` adds, without overwriting anything:

- to ``solutions/NN_*.ipynb``, after a cell you name (default: before "## Key points"), three cells: the
  prompt ``qK-md`` (markdown with the heading ``### Exercise qK (P points)`` and placeholder text to edit),
  the answer ``qK-answer`` (its ``# BEGIN SOLUTION`` block, nbgrader metadata of a solution cell) and the
  check ``qK-check`` (tag ``check``, nbgrader ``grade_id`` and ``points``, ``check("qK", name)``); the title's
  ``**Exercises:** N (T points)`` is recounted;
- to ``utils/osai/exercises/labNN.py``, the verifier ``@ex("qK", points=P, ...)``. Given the solution's answer
  (a Python literal), it stores the answer's salted fingerprint (the salt derived as :class:`Exercises` does);
  without one, or for a function, it is a ``TODO`` that fails every answer until it is written;
- to ``tests/exercises/test_labNN.py``, ``test_qK_right_passes_and_wrong_fails``: the answer passes and a
  wrong one fails (a ``TODO`` that fails while there is no answer);
- ``.github/classroom/autograding.json`` and ``reference.json``, when they were in step with the solutions,
  are kept in step (as ``osai classroom-template`` writes them); edit the prompt and they must be made again.

Nothing is written when anything is wrong: an unknown lab, an id already used, a cell id that does not exist,
an answer that is not a literal. Then run ``osai build-labs --execute --only NN``.

>>> plan_cells("q9", 2, "value", "answer_q9", "12")[2].source
'check("q9", answer_q9)'
"""

from __future__ import annotations

import ast
import keyword
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

__all__ = ["KINDS", "ScaffoldError", "Scaffolded", "new_exercise", "plan_cells"]

KINDS = ("value", "function")
_QID = re.compile(r"q\d+[a-z]?")


class ScaffoldError(ValueError):
    """An exercise that cannot be scaffolded; the message says what was expected. Nothing was written."""


@dataclass(frozen=True)
class Scaffolded:
    """What :func:`new_exercise` changed, and what is left for the instructor to write."""

    lab: str
    qid: str
    changed: tuple[Path, ...]
    todo: tuple[str, ...]


def _points_text(points: int) -> str:
    return f"{points} point" + ("" if points == 1 else "s")


def plan_cells(qid: str, points: int, kind: str, name: str, answer: str | None) -> list[Any]:
    """The three new cells (prompt, answer, check) of exercise ``qid``; ``answer`` is the literal's text or None.

    A value exercise's check cell holds the line its check will print for the solution's answer, as grading's
    reference output until ``osai build-labs --execute`` runs it (a function's stub has none: run it).

    >>> prompt, answer, check = plan_cells("q10", 2, "value", "n_no_license", "12")
    >>> prompt.source.splitlines()[0], answer.source, check.outputs[0].text
    ('### Exercise q10 (2 points)', '# BEGIN SOLUTION\\nn_no_license = 12\\n# END SOLUTION', '✅ q10 passed (2/2)\\n')
    """
    import nbformat

    heading = f"### Exercise {qid} ({_points_text(points)})" + (": write a function" if kind == "function" else "")
    if kind == "function":
        prompt = (f"{heading}\n\nTODO: say what `{name}` takes and returns, and what it does with bad input.\n\n"
                  f"Complete `{name}`.")
        body = (f'def {name}(*args):\n    """TODO: what it takes and returns."""\n    # BEGIN SOLUTION\n'
                f'    raise NotImplementedError("TODO: the solution")\n    # END SOLUTION')
    else:
        prompt = (f"{heading}\n\nTODO: ask the question: what to compute, from which data, and what form the "
                  f"answer takes (for example, a whole number).\n\nSet `{name}` to your answer.")
        body = f"# BEGIN SOLUTION\n{name} = {answer if answer is not None else '...  # TODO: the solution'}\n# END SOLUTION"
    cells = [
        nbformat.v4.new_markdown_cell(prompt),
        nbformat.v4.new_code_cell(body, metadata={"nbgrader": {
            "grade": False, "grade_id": f"{qid}-answer", "locked": False, "schema_version": 3, "solution": True,
            "task": False}}),
        nbformat.v4.new_code_cell(f'check("{qid}", {name})', metadata={"tags": ["check"], "nbgrader": {
            "grade": True, "grade_id": qid, "locked": True, "points": points, "schema_version": 3,
            "solution": False, "task": False}}),
    ]
    for cell, part in zip(cells, ("md", "answer", "check")):
        cell["id"] = f"{qid}-{part}"
    # the line the check prints for the solution's answer (until build-labs --execute runs it): grading's
    # reference output, so that the Classroom tests can be made before the notebook is executed
    if kind == "value":
        line = f"✅ {qid} passed ({points}/{points})" if answer is not None else f"⏳ {qid} not attempted yet"
        cells[2].outputs = [nbformat.v4.new_output("stream", name="stdout", text=line + "\n")]
    return cells


def _expects(value: Any) -> str:
    if isinstance(value, bool):
        return "True or False"
    kinds = {int: "a whole number", float: "a number", str: "a string", list: "a list", tuple: "a tuple",
             set: "a set", frozenset: "a set", dict: "a dict", type(None): "None"}
    return kinds.get(type(value), "a value")


def _has_float(value: Any) -> bool:
    if isinstance(value, float):
        return True
    if isinstance(value, dict):
        return any(_has_float(k) or _has_float(v) for k, v in value.items())
    if isinstance(value, (list, tuple, set, frozenset)):
        return any(_has_float(v) for v in value)
    return False


def _salt_lab(verifiers: str) -> str | None:
    """The lab number a verifiers file's fingerprints are salted with, when it names one (a renumbered lab).

    >>> _salt_lab('ex = Exercises("21", salt_lab="20")'), _salt_lab('ex = Exercises("21")')
    ('20', None)
    """
    found = re.search(r"Exercises\(\s*[\"']\d\d[\"']\s*,\s*salt_lab=[\"'](\d\d)[\"']", verifiers)
    return found.group(1) if found else None


def _verifier(lab: str, qid: str, points: int, kind: str, name: str, value: Any, given: bool,
              salt_lab: str | None = None) -> str:
    from osai.checks import Exercises, fingerprint

    where = f"utils/osai/exercises/lab{lab}.py"
    head = f'\n\n# made by osai new-exercise; add hints (concept, then API, then code): hints=("...", "...")\n'
    if kind == "function":
        return (head + f'@ex("{qid}", points={points}, expects="a function {name}(...)")\n'
                f"def _{qid}(answer: object) -> None:\n"
                f"    from osai.checks import Mismatch, as_function\n\n"
                f'    {name} = as_function(answer, "a function {name}(...)")\n'
                f"    # TODO: call {name} on small cases whose results you know and expect(...) each; then delete:\n"
                f'    raise Mismatch("TODO: the verifier of {qid} is not written yet ({where})")\n')
    if not given:
        return (head + f'@ex("{qid}", points={points}, expects="TODO: what kind of value, e.g. a whole number")\n'
                f"def _{qid}(answer: object) -> None:\n"
                f"    from osai.checks import Mismatch\n\n"
                f'    # TODO: expect(ex.matches(answer, digest), "what is wrong"), digest = ex.fingerprint(right, "{qid}");\n'
                f"    # or a property the right answer has, or the answer recomputed from the data. Then delete:\n"
                f'    raise Mismatch("TODO: the verifier of {qid} is not written yet ({where})")\n')
    decimals = 4 if _has_float(value) else None
    try:
        digest = fingerprint(value, Exercises(lab, salt_lab=salt_lab).salt(qid), decimals)
    except TypeError as error:
        raise ScaffoldError(f"--answer: {error}; give a number, string, bool, None, or a list, tuple, set or "
                            "dict of those") from None
    rounding = f", decimals={decimals}" if decimals is not None else ""
    return (head + f'@ex("{qid}", points={points}, expects="{_expects(value)}")\n'
            f"def _{qid}(answer: object) -> None:\n"
            f"    from osai.checks import expect\n\n"
            f"    # the fingerprint of the solution's answer; add a message for each likely mistake before it\n"
            f'    expect(ex.matches(answer, "{digest}"{rounding}),\n'
            f'           "that is not the answer: check each step")\n')


def _pair_test(qid: str, answer: str | None, wrong: str | None) -> str:
    head = f"\n\ndef test_{qid}_right_passes_and_wrong_fails(right_passes_and_wrong_fails):\n"
    if answer is None:
        return (head + f'    """Made by osai new-exercise: a right answer and a likely wrong one, once {qid} has its '
                f'verifier."""\n    raise AssertionError("TODO: write the verifier of {qid}, then '
                f"right_passes_and_wrong_fails(LAB, '{qid}', right, wrong)\")\n")
    return (head + f'    """Made by osai new-exercise: the solution\'s answer passes; make the wrong one a likely '
            f'mistake."""\n    right_passes_and_wrong_fails(LAB, "{qid}", {answer}, {wrong})\n')


def _literal(text: str, option: str) -> Any:
    try:
        return ast.literal_eval(text)
    except (ValueError, SyntaxError, TypeError, MemoryError, RecursionError):
        raise ScaffoldError(f"{option} must be a Python literal such as 12, 0.25, 'MIT', [1, 2] or {{'a': 1}}; "
                            f"got {text!r}") from None


def _retitle(nb: Any) -> None:
    """Rewrite the numbers of the title's ``**Exercises:** N (T points...)`` from the cells (in place)."""
    from osai.consistency import TITLE, expected_title

    count, total, checked, manual = expected_title(nb)
    for cell in nb.cells:
        if cell.cell_type != "markdown" or not TITLE.search(cell.source):
            continue

        def numbers(found: re.Match) -> str:
            split = (f": {checked} checked in the notebook, {manual} your instructor grades"
                     if found["checked"] is not None else "")
            return f"**Exercises:** {count}{found['written'] or ''} ({_points_text(total)}{split})"

        cell.source = TITLE.sub(numbers, cell.source, count=1)
        return


def _classroom_texts(root: Path) -> dict[str, str]:
    """What ``osai classroom-template`` writes in ``.github/classroom/`` for the solutions now (file name -> text);
    empty when it cannot be made (a solution not executed yet, say)."""
    from osai.classroom import autograding_json
    from osai.grading import load_references

    try:
        references = load_references(root / "solutions")
        ordered = [references[k] for k in sorted(references)]
        texts = {"autograding.json": autograding_json(ordered)}
        try:
            from osai.grading.reference_file import reference_json
        except ImportError:  # a kit without the solutions-free reference file
            return texts
        texts["reference.json"] = reference_json(ordered)
        return texts
    except Exception:  # noqa: BLE001 - a kit whose Classroom files cannot be made is told to regenerate them
        return {}


def _position(nb: Any, after: str | None, shown: str) -> int:
    ids = [cell.get("id") for cell in nb.cells]
    if after is not None:
        if after not in ids:
            raise ScaffoldError(f"--after: no cell with id {after!r} in {shown}; its cell ids are: "
                                + ", ".join(str(i) for i in ids))
        return ids.index(after) + 1
    for index, cell in enumerate(nb.cells):
        if cell.cell_type == "markdown" and cell.source.lstrip().startswith("## Key points"):
            return index
    return len(nb.cells)


def new_exercise(root: Path | str, lab: object, qid: str, points: int, kind: str = "value",
                 after: str | None = None, answer: str | None = None, wrong: str | None = None,
                 name: str | None = None) -> Scaffolded:
    """Scaffold exercise ``qid`` of ``lab`` in the kit at ``root`` (see the module docstring); return what changed.

    ``answer`` and ``wrong`` are Python literals (text); ``name`` is the answer's variable or function name
    (default ``answer_qK`` or ``solve_qK``). Raises :class:`ScaffoldError` naming what is wrong, before any
    file is written.

    >>> new_exercise("/nowhere", "03", "q10", 2)
    Traceback (most recent call last):
    ...
    osai.scaffold.ScaffoldError: no solutions folder in /nowhere: run from the kit's top folder
    """
    import nbformat

    from osai.checks import normalize_lab_id

    root = Path(root)
    try:
        lab = normalize_lab_id(lab)
    except ValueError as error:
        raise ScaffoldError(str(error)) from None
    if not (root / "solutions").is_dir():
        raise ScaffoldError(f"no solutions folder in {root}: run from the kit's top folder")
    found = sorted((root / "solutions").glob(f"{lab}_*.ipynb"))
    if not found:
        known = sorted({p.name[:2] for p in (root / "solutions").glob("[0-9][0-9]_*.ipynb")})
        raise ScaffoldError(f"unknown lab {lab}: solutions/ has labs {', '.join(known) or 'none'}")
    if not isinstance(qid, str) or not _QID.fullmatch(qid):
        raise ScaffoldError(f"exercise id must look like 'q10' or 'q2b', got {qid!r}")
    if isinstance(points, bool) or not isinstance(points, int) or not 1 <= points <= 100:
        raise ScaffoldError(f"--points must be a whole number from 1 to 100, got {points!r}")
    if kind not in KINDS:
        raise ScaffoldError(f"--kind must be one of {', '.join(KINDS)}, got {kind!r}")
    name = name or (f"solve_{qid}" if kind == "function" else f"answer_{qid}")
    if not name.isidentifier() or keyword.iskeyword(name):
        raise ScaffoldError(f"--name must be a Python name such as n_no_license, got {name!r}")
    if kind == "function" and answer is not None:
        raise ScaffoldError("--answer is a value's answer; a function's verifier calls it on examples: leave "
                            "--answer out and write the verifier")
    value = _literal(answer, "--answer") if answer is not None else None
    if answer is not None and wrong is None:
        wrong = "None" if value is not None else "0"
    if wrong is not None and answer is not None:
        from osai.checks import canonical

        try:
            same = canonical(_literal(wrong, "--wrong")) == canonical(value)
        except TypeError:
            same = False
        if same:
            raise ScaffoldError(f"--wrong must be an answer that fails, not the same as --answer ({answer!r})")
    solution = found[0]
    shown = f"solutions/{solution.name}"
    exercises = root / "utils" / "osai" / "exercises" / f"lab{lab}.py"
    if not exercises.is_file():
        raise ScaffoldError(f"lab {lab} has no verifiers file {exercises.relative_to(root)}; create it with "
                            f'ex = Exercises("{lab}") first')
    tests = root / "tests" / "exercises" / f"test_lab{lab}.py"
    nb = nbformat.read(solution, as_version=4)
    ids = {cell.get("id") for cell in nb.cells}
    used = {cell.metadata.get("nbgrader", {}).get("grade_id") for cell in nb.cells}
    if qid in used or {f"{qid}-md", f"{qid}-answer", f"{qid}-check"} & ids:
        raise ScaffoldError(f"{shown} already has exercise {qid}: choose another id (never overwritten)")
    verifiers = exercises.read_text(encoding="utf-8")
    if re.search(rf"""@ex\(\s*["']{qid}["']""", verifiers):
        raise ScaffoldError(f"{exercises.relative_to(root)} already has a verifier {qid}: choose another id")
    test_text = tests.read_text(encoding="utf-8") if tests.is_file() else None
    if test_text is not None and f"def test_{qid}_right_passes_and_wrong_fails" in test_text:
        raise ScaffoldError(f"{tests.relative_to(root)} already tests {qid}: choose another id")
    at = _position(nb, after, shown)
    nb.cells[at:at] = plan_cells(qid, points, kind, name, answer.strip() if answer is not None else None)
    _retitle(nb)
    stub = _verifier(lab, qid, points, kind, name, value, answer is not None, _salt_lab(verifiers))
    shipped = root / ".github" / "classroom"
    before = _classroom_texts(root) if shipped.is_dir() else {}
    in_step = {name for name, text in before.items()
               if (shipped / name).is_file() and (shipped / name).read_text(encoding="utf-8") == text}
    # every check passed: write, appending to the two Python files
    solution.write_text(nbformat.writes(nb, version=4) + "\n", encoding="utf-8")
    with open(exercises, "a", encoding="utf-8") as handle:
        handle.write(("" if verifiers.endswith("\n") else "\n") + stub)
    changed = [solution, exercises]
    todo = [f"{shown}: the text of {qid}-md" + ("" if answer is not None else f" and the solution in {qid}-answer"),
            f"{exercises.relative_to(root)}: hints, and messages for likely mistakes"]
    if answer is None or kind == "function":
        todo.append(f"{exercises.relative_to(root)}: the verifier of {qid} (it fails every answer until written)")
    if test_text is not None:
        with open(tests, "a", encoding="utf-8") as handle:
            handle.write(("" if test_text.endswith("\n") else "\n")
                         + _pair_test(qid, answer.strip() if answer is not None else None, wrong))
        changed.append(tests)
        if answer is None:
            todo.append(f"{tests.relative_to(root)}: a right and a wrong answer of {qid}")
    after = _classroom_texts(root) if shipped.is_dir() else {}
    for name in sorted(before):
        path = shipped / name
        if name in in_step and name in after:  # generated files that were in step are kept in step
            path.write_text(after[name], encoding="utf-8")
            changed.append(path)
        elif path.is_file():
            todo.append(f"{path.relative_to(root)}: regenerate it with osai classroom-template (see CONTRIBUTING)")
    if shipped.is_dir() and not before:
        todo.append(f"{shipped.relative_to(root)}: regenerate its files with osai classroom-template (see CONTRIBUTING)")
    return Scaffolded(lab, qid, tuple(changed), tuple(todo))

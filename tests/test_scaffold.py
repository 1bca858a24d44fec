# SPDX-FileCopyrightText: 2026 The Open Source AI Lab Kit authors
# SPDX-License-Identifier: MIT
"""``osai new-exercise`` (osai.scaffold): one command adds an exercise that build-labs and the tests accept."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from osai.checks import Lab
from osai.cli import app
from osai.consistency import point_problems
from osai.scaffold import ScaffoldError, new_exercise

VERIFIERS = '''from osai.checks import Exercises, expect

ex = Exercises("98")


@ex("q1", points=1, expects="a whole number")
def _q1(answer):
    expect(answer == 1, "not one")
'''
TESTS = 'LAB = "98"\n'


def plant(root: Path) -> Path:
    """A tiny kit: lab 98 with one exercise (q1, 1 point), its verifiers and its test file."""
    nb = nbformat.v4.new_notebook()
    cells = [("markdown", "# Lab 98\n\n**Exercises:** 1 (1 point) · **Runs offline**", {}, "title"),
             ("code", 'from osai.checks import for_lab\ncheck, hint = for_lab("98")', {}, "setup"),
             ("markdown", "### Exercise q1 (1 point)\n\nSet `one`.", {}, "q1-md"),
             ("code", "# BEGIN SOLUTION\none = 1\n# END SOLUTION", {}, "q1-answer"),
             ("code", 'check("q1", one)', {"tags": ["check"], "nbgrader": {"grade": True, "grade_id": "q1",
                                                                          "points": 1, "solution": False}}, "q1-check"),
             ("markdown", "## Key points\n\n- one", {}, "keypoints")]
    for kind, source, meta, cid in cells:
        cell = (nbformat.v4.new_code_cell if kind == "code" else nbformat.v4.new_markdown_cell)(source, metadata=meta)
        cell["id"] = cid
        nb.cells.append(cell)
    nb.cells[4].outputs = [nbformat.v4.new_output("stream", name="stdout", text="✅ q1 passed (1/1)\n")]
    nb.metadata["osai"] = {"lab": "98"}
    (root / "solutions").mkdir(parents=True)
    nbformat.write(nb, root / "solutions" / "98_demo.ipynb")
    (root / "utils/osai/exercises").mkdir(parents=True)
    (root / "utils/osai/exercises/lab98.py").write_text(VERIFIERS)
    (root / "tests/exercises").mkdir(parents=True)
    (root / "tests/exercises/test_lab98.py").write_text(TESTS)
    return root


def files(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def registry(root: Path) -> Lab:
    """The planted lab's verifiers, as the kit would load them."""
    scope: dict = {}
    exec(compile((root / "utils/osai/exercises/lab98.py").read_text(), "lab98.py", "exec"), scope)  # noqa: S102
    return Lab("98", dict(scope["ex"].items()))


def test_a_value_exercise_gets_cells_verifier_and_test_with_points_declared_once(tmp_path):
    root = plant(tmp_path)
    made = new_exercise(root, "98", "q2", 3, answer="[1, 2]", wrong="[2, 1]", name="pair")
    assert [p.name for p in made.changed] == ["98_demo.ipynb", "lab98.py", "test_lab98.py"]
    nb = nbformat.read(root / "solutions/98_demo.ipynb", as_version=4)
    assert [c.id for c in nb.cells] == ["title", "setup", "q1-md", "q1-answer", "q1-check",
                                        "q2-md", "q2-answer", "q2-check", "keypoints"]
    assert "**Exercises:** 2 (4 points)" in nb.cells[0].source
    assert nb.cells[5].source.startswith("### Exercise q2 (3 points)")
    assert "# BEGIN SOLUTION\npair = [1, 2]\n# END SOLUTION" == nb.cells[6].source
    check = nb.cells[7]
    assert check.source == 'check("q2", pair)' and check.metadata["tags"] == ["check"]
    assert check.metadata["nbgrader"]["grade_id"] == "q2" and check.metadata["nbgrader"]["points"] == 3
    lab = registry(root)
    assert point_problems(nb, "98_demo.ipynb", {q: e.points for q, e in lab.exercises.items()}) == []
    assert lab.evaluate("q2", [1, 2]).status == "passed" and lab.evaluate("q2", [2, 1]).status == "failed"
    assert "[1, 2]" not in (root / "utils/osai/exercises/lab98.py").read_text()  # a fingerprint, not the answer
    assert 'right_passes_and_wrong_fails(LAB, "q2", [1, 2], [2, 1])' in (root / "tests/exercises/test_lab98.py").read_text()


def test_without_an_answer_the_verifier_fails_until_written(tmp_path):
    root = plant(tmp_path)
    made = new_exercise(root, "98", "q2", 2, after="setup")
    assert any("fails every answer until written" in item for item in made.todo)
    nb = nbformat.read(root / "solutions/98_demo.ipynb", as_version=4)
    assert [c.id for c in nb.cells][2:5] == ["q2-md", "q2-answer", "q2-check"]
    lab = registry(root)
    assert lab.evaluate("q2", 7).status == "failed" and "TODO" in lab.evaluate("q2", 7).detail
    assert lab.evaluate("q2", ...).status == "not_attempted"
    test = (root / "tests/exercises/test_lab98.py").read_text()
    assert "def test_q2_right_passes_and_wrong_fails" in test and 'raise AssertionError("TODO' in test


def test_a_function_exercise_is_a_stub_that_fails_until_written(tmp_path):
    root = plant(tmp_path)
    new_exercise(root, "98", "q2", 2, kind="function")
    nb = nbformat.read(root / "solutions/98_demo.ipynb", as_version=4)
    answer = next(c for c in nb.cells if c.id == "q2-answer").source
    assert answer.startswith("def solve_q2(") and "    # BEGIN SOLUTION" in answer
    lab = registry(root)
    assert lab.evaluate("q2", lambda: 1).status == "failed" and lab.evaluate("q2", 3).status == "failed"


@pytest.mark.parametrize("args,message", [
    (("98", "q1", 2), "already has exercise q1"),
    (("97", "q2", 2), "unknown lab 97: solutions/ has labs 98"),
    (("98", "q2", 2, "value", "nowhere"), "--after: no cell with id 'nowhere'"),
    (("98", "Q 2", 2), "exercise id must look like 'q10'"),
    (("98", "q2", 0), "--points must be a whole number from 1 to 100"),
    (("98", "q2", 1, "essay"), "--kind must be one of value, function"),
    (("98", "q2", 1, "value", None, "import os"), "--answer must be a Python literal"),
    (("98", "q2", 1, "value", None, "3", "3.0"), "--wrong must be an answer that fails"),
    (("98", "q2", 1, "function", None, "3"), "--answer is a value's answer"),
])
def test_refusals_are_clear_and_write_nothing(tmp_path, args, message):
    root = plant(tmp_path)
    before = files(root)
    with pytest.raises(ScaffoldError, match=message.replace("(", r"\(").replace("[", r"\[")):
        new_exercise(root, *args)
    assert files(root) == before


def test_a_verifier_already_named_is_refused(tmp_path):
    root = plant(tmp_path)
    path = root / "utils/osai/exercises/lab98.py"
    path.write_text(path.read_text() + '\n@ex("q2", points=1, expects="x")\ndef _q2(answer):\n    pass\n')
    with pytest.raises(ScaffoldError, match="already has a verifier q2"):
        new_exercise(root, "98", "q2", 1)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(qid=st.text(max_size=6), points=st.integers(-3, 200), answer=st.one_of(st.none(), st.text(max_size=12)))
def test_any_options_scaffold_or_refuse_without_writing(tmp_path_factory, qid, points, answer):
    root = plant(tmp_path_factory.mktemp("kit"))
    before = files(root)
    try:
        new_exercise(root, "98", qid, points, answer=answer)
    except ScaffoldError:
        assert files(root) == before
    else:
        nb = nbformat.read(root / "solutions/98_demo.ipynb", as_version=4)
        lab = registry(root)
        assert point_problems(nb, "98", {q: e.points for q, e in lab.exercises.items()}) == []


def test_classroom_files_in_step_are_kept_in_step_and_others_left_alone(tmp_path):
    from osai.classroom import autograding_json
    from osai.grading import load_references
    from osai.grading.reference_file import reference_json

    def made(kit):
        references = load_references(kit / "solutions")
        ordered = [references[k] for k in sorted(references)]
        return {"autograding.json": autograding_json(ordered), "reference.json": reference_json(ordered)}

    root = plant(tmp_path / "a")
    shipped = root / ".github/classroom"
    shipped.mkdir(parents=True)
    for name, text in made(root).items():
        (shipped / name).write_text(text)
    changed = new_exercise(root, "98", "q2", 2, answer="12").changed
    assert {shipped / "autograding.json", shipped / "reference.json"} <= set(changed)
    assert {name: (shipped / name).read_text() for name in made(root)} == made(root)
    assert '"lab 98 q2"' in (shipped / "autograding.json").read_text()
    other = plant(tmp_path / "b")
    (other / ".github/classroom").mkdir(parents=True)
    stale = other / ".github/classroom/autograding.json"
    stale.write_text("{}\n")  # edited by hand, or stale: never overwritten
    result = new_exercise(other, "98", "q2", 2, answer="12")
    assert stale.read_text() == "{}\n" and any("classroom-template" in item for item in result.todo)


def test_cli_says_what_changed_and_refuses_with_exit_2(tmp_path):
    root = plant(tmp_path)
    runner = CliRunner()
    result = runner.invoke(app, ["new-exercise", "98", "q2", "--points", "2", "--answer", "12", "--root", str(root)])
    assert result.exit_code == 0, result.output
    assert "lab98.py" in result.output and "osai build-labs --execute --only 98" in result.output
    again = runner.invoke(app, ["new-exercise", "98", "q2", "--points", "2", "--root", str(root)])
    assert again.exit_code == 2 and "already has exercise q2" in again.output


#: What the end-to-end test copies: one small lab (02, the quickest notebook) and what its tests need
#: (lab 00 too: the set-up cell they compare).
_COPIED = ["solutions/02_licensing.ipynb", "labs/02_licensing.ipynb", "solutions/00_orientation.ipynb",
           "labs/00_orientation.ipynb", "pyproject.toml", "tests/__init__.py", "tests/conftest.py",
           "tests/nbval_sanitize.cfg", "tests/test_notebooks.py", "tests/test_classroom.py", "tests/fork_kit.py",
           "tests/exercises/__init__.py", "tests/exercises/conftest.py", "tests/exercises/test_lab02.py",
           "tests/exercises/test_every_lab.py"]


@pytest.mark.slow  # a real kernel runs lab 02 (about 10 s), then its tests and nbval
def test_scaffold_then_build_and_the_labs_tests_pass_with_no_other_edit(root, tmp_path):
    kit = tmp_path / "kit"
    for name in _COPIED:
        (kit / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(root / name, kit / name)
    shutil.copytree(root / "utils", kit / "utils", ignore=shutil.ignore_patterns("__pycache__"))  # about 1 MB
    env = {**os.environ, "PYTHONPATH": str(kit / "utils")}

    def run(*args: str) -> subprocess.CompletedProcess:
        done = subprocess.run([sys.executable, *args], cwd=kit, env=env, capture_output=True, text=True, timeout=600)
        assert done.returncode == 0, (args, done.stdout[-3000:], done.stderr[-3000:])
        return done

    # the copy's Classroom files, in step (--force: the copy is no git clone of the course's repository)
    run("-m", "osai.cli", "classroom-template", str(tmp_path / "t"), "--force")
    (kit / ".github/classroom").mkdir(parents=True)
    for made in (tmp_path / "t/.github/classroom").glob("*.json"):
        shutil.copy(made, kit / ".github/classroom" / made.name)
    shutil.copy(tmp_path / "t/.github/workflows/classroom.yml", kit / ".github/classroom/classroom.yml")
    run("-m", "osai.cli", "new-exercise", "02", "q99", "--points", "2", "--answer", "42", "--wrong", "41")
    run("-m", "osai.cli", "build-labs", "--execute", "--only", "02")
    assert "labs are up to date" in run("-m", "osai.cli", "build-labs", "--check").stdout
    tests = run("-m", "pytest", "-v", "-p", "no:randomly", "tests/exercises/test_lab02.py",
                "tests/exercises/test_every_lab.py", "tests/test_notebooks.py", "-k", "02")
    run("-m", "pytest", "-q", "-p", "no:randomly", "tests/test_classroom.py", "-k", "shipped")
    assert "test_q99_right_passes_and_wrong_fails PASSED" in tests.stdout
    assert "02-q99] PASSED" in tests.stdout  # the hostile-value grid covers it too
    run("-m", "pytest", "-q", "-p", "no:randomly", "--nbval", "--nbval-sanitize-with", "tests/nbval_sanitize.cfg",
        "solutions/02_licensing.ipynb")
    lab = nbformat.read(kit / "labs/02_licensing.ipynb", as_version=4)
    assert 'check("q99", answer_q99)' in [c.source for c in lab.cells]
    assert "answer_q99 = ...  # YOUR CODE HERE" in [c.source for c in lab.cells]

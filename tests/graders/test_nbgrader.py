# SPDX-FileCopyrightText: 2026 The Open Source AI Lab Kit authors
# SPDX-License-Identifier: MIT
"""nbgrader on every lab (`make test-nbgrader`): generate_assignment, then autograde of the solution and of
the untouched generated lab, in a temporary course folder.

nbgrader runs from .venv-nbgrader; its `python3` kernel runs the kit's Python (the Makefile installs that
kernelspec into .venv-nbgrader), so the notebooks execute with the kit as learners have it and neither venv
gets the other's packages. The course's config is the one the README gives instructors
(NBGRADER_CONFIG): it drops `solution-only` cells (rubrics) from the generated lab.

Asserted per lab, and for a planted tiny notebook with a written answer: the solution gets every
automatic point, the untouched lab none, every written answer is a manually graded question in nbgrader's
gradebook, and no line of a solution block or hidden test, and no `solution-only` cell, reaches the
generated lab.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import time
from pathlib import Path

import pytest

from tests.graders.conftest import ROOT, lab_names, table, tool_venv
from tests.graders.planted import code_lines, hidden_lines, planted_solution

LABS = lab_names()
#: What the README tells instructors to put in nbgrader_config.py (besides CourseDirectory.root).
NBGRADER_CONFIG = """\
from nbconvert.preprocessors import TagRemovePreprocessor
from nbgrader.converters import GenerateAssignment

c = get_config()
c.Execute.timeout = 600
# Rubrics and other solution-only cells stay out of the generated lab.
c.GenerateAssignment.preprocessors = [TagRemovePreprocessor, *GenerateAssignment.class_traits()["preprocessors"].default()]
c.TagRemovePreprocessor.enabled = True
c.TagRemovePreprocessor.remove_cell_tags = {"solution-only"}
"""
#: Run in .venv-nbgrader: every submission's automatic and manual grades, from nbgrader's own gradebook API.
GRADEBOOK_DUMP = """
import json, sys
from nbgrader.api import Gradebook
out = {}
with Gradebook(sys.argv[1]) as gb:
    for assignment in gb.assignments:
        for submission in assignment.submissions:
            for nb in submission.notebooks:
                answers = {cell.name for cell in nb.notebook.solution_cells}  # graded answer cells: manual
                tests = [g for g in nb.grades if g.name not in answers]  # the check cells
                out.setdefault(assignment.name, {})[submission.student.id] = {
                    "auto": sum(g.auto_score or 0 for g in tests),
                    "auto_max": sum(g.max_score for g in tests),
                    "manual": sorted(g.name for g in nb.grades if g.name in answers),
                    "needs_manual_grade": sorted(g.name for g in nb.grades if g.needs_manual_grade)}
print(json.dumps(out))
"""


def _env(venv: Path) -> dict[str, str]:
    """The environment of an nbgrader command, as if its venv were activated (it runs `alembic` from PATH)."""
    return {**os.environ, "PATH": os.pathsep.join([str(venv / "bin"), os.environ.get("PATH", "")]),
            "JUPYTER_PATH": str(venv / "share" / "jupyter")}


def _nbgrader(venv: Path, course: Path, *args: str) -> subprocess.CompletedProcess:
    """One nbgrader command in the course folder."""
    done = subprocess.run([str(venv / "bin" / "nbgrader"), *args], cwd=course, env=_env(venv), capture_output=True,
                          text=True)
    assert done.returncode == 0, f"nbgrader {' '.join(args)} exited {done.returncode}:\n{done.stderr[-4000:]}"
    assert "Exception while loading config file" not in done.stderr, done.stderr[-4000:]  # nbgrader goes on without it
    return done


def _assignment(name: str) -> str:
    return "planted" if name.startswith("90") else f"lab{name[:2]}"


@pytest.fixture(scope="module")
def course(tmp_path_factory) -> dict:
    """Every lab and the planted notebook through nbgrader: its gradebook, generated labs and timings."""
    import nbformat

    from osai.build import make_lab
    from osai.otter_export import solution_lines

    venv = tool_venv("nbgrader", "test-nbgrader")
    root = tmp_path_factory.mktemp("nbgrader-course")
    (root / "nbgrader_config.py").write_text(NBGRADER_CONFIG + f"c.CourseDirectory.root = {str(root)!r}\n")
    solutions = [ROOT / "solutions" / name for name in LABS] + [planted_solution(root / "planted-solution")]
    found: dict = {"seconds": {}, "release": {}}
    for solution in solutions:
        assignment = _assignment(solution.name)
        (root / "source" / assignment).mkdir(parents=True)
        shutil.copy(solution, root / "source" / assignment / solution.name)
        started = time.perf_counter()
        _nbgrader(venv, root, "generate_assignment", assignment)
        release = root / "release" / assignment / solution.name
        for student, notebook in (("solution", solution), ("untouched", release)):
            target = root / "submitted" / student / assignment
            target.mkdir(parents=True)
            shutil.copy(notebook, target / solution.name)
        _nbgrader(venv, root, "autograde", assignment)
        found["seconds"][solution.name] = time.perf_counter() - started
        source, generated = nbformat.read(solution, as_version=4), nbformat.read(release, as_version=4)
        lab_code = code_lines(make_lab(source, solution.name))  # lines the kit's own lab shows anyway
        found["release"][solution.name] = {
            "leaked": sorted((set(solution_lines(source)) | hidden_lines(source)) & code_lines(generated) - lab_code),
            "solution_only": sum(1 for c in generated.cells if "solution-only" in c.metadata.get("tags", [])),
        }
    dump = subprocess.run([str(venv / "bin" / "python"), "-c", GRADEBOOK_DUMP, f"sqlite:///{root / 'gradebook.db'}"],
                          cwd=root, env=_env(venv), capture_output=True, text=True, check=True)
    found["gradebook"] = json.loads(dump.stdout)
    return found


@pytest.mark.slow
@pytest.mark.parametrize("name", [*LABS, "90_planted.ipynb"])
def test_nbgrader_grades_the_lab(name, course):
    from osai.build import check_cells
    from osai.written import written_questions

    import nbformat

    source = ROOT / "solutions" / name
    solution = nbformat.read(source, as_version=4) if source.exists() else None
    grades = course["gradebook"][_assignment(name)]
    total = float(sum(c.metadata["nbgrader"]["points"] for c in check_cells(solution))) if solution else 1.0
    written = sorted(q.qid for q in written_questions(solution, name)) if solution else ["w1"]
    assert grades["solution"]["auto_max"] == total
    assert grades["solution"]["auto"] == total, f"nbgrader autograde of the solution: {grades['solution']}"
    assert grades["untouched"]["auto"] == 0, f"nbgrader autograde of the untouched lab: {grades['untouched']}"
    for student in ("solution", "untouched"):  # written answers are manually graded questions in both
        assert set(written) <= set(grades[student]["manual"])
    # a written answer waits for the instructor; an untouched answer cell nbgrader scores 0 by itself
    assert set(written) <= set(grades["solution"]["needs_manual_grade"])
    assert not set(written) & set(grades["untouched"]["needs_manual_grade"])
    assert course["release"][name] == {"leaked": [], "solution_only": 0}


def test_nbgrader_table(course, capsys):
    """The figures of the runs above, one row per notebook."""
    rows = []
    for name in [*LABS, "90_planted.ipynb"]:
        grades = course["gradebook"][_assignment(name)]
        rows.append((name[:2], f"{grades['solution']['auto']:g}/{grades['solution']['auto_max']:g}",
                     f"{grades['untouched']['auto']:g}/{grades['untouched']['auto_max']:g}",
                     ", ".join(grades["solution"]["manual"]) or "-"))
    seconds = sum(course["seconds"].values())
    with capsys.disabled():
        print("\n" + table(f"nbgrader (generate_assignment + autograde), {len(rows)} notebooks, {seconds:.0f} s", rows))

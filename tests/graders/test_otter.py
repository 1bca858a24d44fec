# SPDX-FileCopyrightText: 2026 The Open Source AI Lab Kit authors
# SPDX-License-Identifier: MIT
"""otter-grader on every lab (`make test-otter`): `osai build-labs --for otter`, `otter assign`, `otter run`.

For each lab, and a planted tiny notebook with a written answer: the exported master notebook goes through
`otter assign` (its own test run left out: the two runs below are the proof); the student notebook must
hold no line of any solution block and no model answer, otter must have found a test for every check, and
otter's containerless grading (`otter run`, in .venv-otter where the kit is installed) must give the
solution full marks and the untouched student notebook zero.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import time
from pathlib import Path

import pytest

from tests.graders.conftest import ROOT, lab_names, table, tool_venv
from tests.graders.planted import code_lines, hidden_lines, planted_solution

LABS = lab_names()
RESULTS: dict[str, dict] = {}


def _otter(venv: Path, *args: str, cwd: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "PATH": os.pathsep.join([str(venv / "bin"), os.environ.get("PATH", "")])}
    done = subprocess.run([str(venv / "bin" / "otter"), *args], cwd=cwd, env=env, capture_output=True, text=True)
    assert done.returncode == 0, f"otter {' '.join(args)} exited {done.returncode}:\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}"
    return done


def _score(venv: Path, zip_path: Path, notebook: Path, out: Path) -> tuple[float, float]:
    """otter run on one notebook: (score, max score) summed over its questions."""
    out.mkdir(parents=True)
    _otter(venv, "run", "--no-logo", "-a", str(zip_path), "-o", str(out), str(notebook), cwd=out)
    tests = [t for t in json.loads((out / "results.json").read_text())["tests"] if "max_score" in t]
    return sum(float(t["score"]) for t in tests), sum(float(t["max_score"]) for t in tests)


def grade_with_otter(venv: Path, solution: Path, work: Path) -> dict:
    """Export, assign and grade one solution notebook; what was found, for the assertions and the table."""
    import nbformat

    from osai.build import check_cells, make_lab
    from osai.otter_export import export_otter, solution_lines
    from osai.written import written_questions

    started = time.perf_counter()
    [master] = export_otter(solution.parent, work / "master", only={solution.name[:2]})
    dist = work / "dist"
    _otter(venv, "assign", "--no-run-tests", str(master), str(dist), cwd=work)
    source = nbformat.read(solution, as_version=4)
    student = nbformat.read(dist / "student" / solution.name, as_version=4)
    [zip_path] = (dist / "autograder").glob("*.zip")
    lab_lines = code_lines(make_lab(source, solution.name))  # lines the kit's own lab shows anyway
    checks = {c.metadata["nbgrader"]["grade_id"]: c.metadata["nbgrader"]["points"] for c in check_cells(source)}
    written = written_questions(source, solution.name)
    student_text = "\n".join(c.source for c in student.cells)
    student_file = (dist / "student" / solution.name).read_text(encoding="utf-8")  # with otter's test metadata
    return {
        "leaked": sorted(set(solution_lines(source)) & code_lines(student) - lab_lines),
        "leaked_hidden": sorted(line for line in hidden_lines(source) - lab_lines  # lines with words, not "])"
                                if re.search(r"\w{3}", line) and json.dumps(line)[1:-1] in student_file),
        "leaked_answers": [q.qid for q in written
                           if q.model_answer in student_text or f"**Rubric {q.qid}**" in student_text],
        "checks": checks,
        "tests": sorted(student.metadata.get("otter", {}).get("tests", {})),
        "manual": sum(1 for c in student.cells if c.cell_type == "markdown"
                      and "otter_answer_cell" in c.metadata.get("tags", [])),
        "written": len(written),
        "solution": _score(venv, zip_path, dist / "autograder" / solution.name, work / "run-solution"),
        "untouched": _score(venv, zip_path, dist / "student" / solution.name, work / "run-untouched"),
        "seconds": time.perf_counter() - started,
    }


@pytest.fixture(scope="module")
def venv() -> Path:
    return tool_venv("otter", "test-otter")


@pytest.mark.slow
@pytest.mark.parametrize("name", [*LABS, "planted"])
def test_otter_grades_the_lab(name, venv, tmp_path):
    solution = planted_solution(tmp_path / "solutions") if name == "planted" else ROOT / "solutions" / name
    found = RESULTS[solution.name] = grade_with_otter(venv, solution, tmp_path)
    assert not found["leaked"], f"solution lines in otter's student notebook: {found['leaked']}"
    assert not found["leaked_hidden"], f"hidden test lines in otter's student notebook: {found['leaked_hidden']}"
    assert not found["leaked_answers"], f"model answers or rubrics in otter's student notebook: {found['leaked_answers']}"
    assert found["tests"] == sorted(found["checks"]), "otter assign did not find a test for every check"
    total = float(sum(found["checks"].values()))
    assert found["solution"] == (total, total), f"otter run on the solution: {found['solution']}"
    assert found["untouched"] == (0.0, total), f"otter run on the untouched student notebook: {found['untouched']}"
    assert found["manual"] == found["written"], "every written answer is an otter manual question"
    if name == "planted":
        assert found["manual"] == 1


def test_otter_table(venv, capsys):
    """The figures of the runs above (run last: pytest keeps file order)."""
    if not RESULTS:
        pytest.skip("no lab was graded")
    rows = [(name[:2], "{:g}/{:g}".format(*r["solution"]), "{:g}/{:g}".format(*r["untouched"]), r["manual"])
            for name, r in RESULTS.items()]
    seconds = sum(r["seconds"] for r in RESULTS.values())
    with capsys.disabled():
        print("\n" + table(f"otter-grader (otter run), {len(RESULTS)} notebooks, {seconds:.0f} s", rows))

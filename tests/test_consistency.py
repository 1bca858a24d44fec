# SPDX-FileCopyrightText: 2026 The Open Source AI Lab Kit authors
# SPDX-License-Identifier: MIT
"""osai.consistency: points declared in the verifier and the check cell, everything else checked by build-labs."""

from __future__ import annotations

import nbformat
import pytest
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from osai.build import BuildError, build_labs, solution_notebooks
from osai.cli import app
from osai.consistency import expected_title, point_problems, refuse_drift, verifier_points


def cell(kind, source, cid, **meta):
    make = nbformat.v4.new_code_cell if kind == "code" else nbformat.v4.new_markdown_cell
    made = make(source, metadata=meta)
    made["id"] = cid
    return made


def check_cell(qid, points):
    return cell("code", f'check("{qid}", answer)', f"{qid}-check", tags=["check"],
                nbgrader={"grade": True, "grade_id": qid, "points": points, "solution": False, "locked": True})


def lab(*cells, title="**Exercises:** 2 (3 points)"):
    nb = nbformat.v4.new_notebook()
    nb.cells = [cell("markdown", f"# Lab 98\n\n{title}", "title"), *cells]
    nb.metadata["osai"] = {"lab": "98"}
    return nb


def two_exercises(q1=1, q2=2, heading2=2):
    return lab(cell("markdown", "### Exercise q1 (1 point)", "q1-md"), check_cell("q1", q1),
               cell("markdown", f"### Exercise q2 ({heading2} points): write a function", "q2-md"), check_cell("q2", q2))


def said(nb, verifiers):
    return [str(p) for p in point_problems(nb, "solutions/98_x.ipynb", verifiers)]


def test_agreeing_points_give_no_problem():
    assert said(two_exercises(), {"q1": 1, "q2": 2}) == []
    assert expected_title(two_exercises()) == (2, 3, 3, 0)


def test_drift_names_notebook_cell_and_both_numbers():
    found = said(two_exercises(q2=3), {"q1": 1, "q2": 2})
    assert "solutions/98_x.ipynb, cell 4 (id q2-check): check q2 gives 3 points in its nbgrader metadata, " \
           "its verifier 2" in found
    assert "solutions/98_x.ipynb, cell 0 (id title): the title says 3 points in all, the cells 4" in found
    assert "solutions/98_x.ipynb, cell 3 (id q2-md): the heading of q2 says 2 points, its cells 3" in found


def test_a_check_without_verifier_and_a_verifier_without_check_are_refused():
    found = said(two_exercises(), {"q1": 1, "q3": 2})
    assert any("cell 4 (id q2-check): check q2 has no verifier" in p for p in found)
    assert any("verifier q3 (2 points)" in p and "has no check cell" in p for p in found)
    assert any("check q1 has no verifier" in p for p in said(two_exercises(), None))


def test_the_title_counts_exercises_and_written_answers():
    written = cell("markdown", "A model answer.", "w1-answer", tags=["written"],
                   nbgrader={"grade": True, "solution": True, "points": 2, "grade_id": "w1", "locked": False})
    rubric = cell("markdown", "**Rubric w1** (2 points)\n\n- 2 points: says it", "w1-rubric",
                  tags=["rubric", "solution-only"])
    nb = lab(cell("markdown", "### Exercise q1 (1 point)", "q1-md"), check_cell("q1", 1),
             cell("markdown", "### Exercise w1 (2 points)", "w1-md"), written, rubric,
             title="**Exercises:** 2 (3 points: 1 checked in the notebook, 2 your instructor grades)")
    assert said(nb, {"q1": 1}) == []
    nb.cells[0].source = "**Exercises:** 2 (3 points)"
    assert said(nb, {"q1": 1}) == ["solutions/98_x.ipynb, cell 0 (id title): the title does not say that 2 of "
                                   "the 3 points are graded by the instructor"]
    nb.cells[0].source = "**Exercises:** 1 (3 points: 1 checked in the notebook, 2 your instructor grades)"
    assert said(nb, {"q1": 1}) == ["solutions/98_x.ipynb, cell 0 (id title): the title says 1 exercises, the cells 2"]


def test_an_answer_the_instructor_grades_counts_in_its_exercise_heading():
    answer = cell("code", "plan = {}", "q1-answer", nbgrader={"grade": True, "solution": True, "points": 1,
                                                               "grade_id": "q1-answer"})
    nb = lab(cell("markdown", "### Exercise q1 (1 point, and 1 point your instructor grades)", "q1-md"), answer,
             check_cell("q1", 1), title="**Exercises:** 1 (2 points: 1 checked in the notebook, 1 your instructor grades)")
    assert said(nb, {"q1": 1}) == []
    nb.cells[1].source = "### Exercise q1 (1 point)"
    assert said(nb, {"q1": 1}) == ["solutions/98_x.ipynb, cell 1 (id q1-md): the heading of q1 says 1 points, "
                                   "its cells 1 and 1 graded by the instructor"]


def test_a_written_part_under_an_exercise_heading_counts_there_not_as_another_exercise():
    written = cell("markdown", "The reasons.", "q1-reasons", tags=["written"],
                   nbgrader={"grade": True, "solution": True, "points": 1, "grade_id": "w1", "locked": False})
    rubric = cell("markdown", "**Rubric w1** (1 point)\n\n- 1 point: gives reasons", "w1-rubric",
                  tags=["rubric", "solution-only"])
    nb = lab(cell("markdown", "### Exercise q1 (1 point, and 1 point your instructor grades)", "q1-md"),
             check_cell("q1", 1), written, rubric, cell("markdown", "## Key points", "keypoints"),
             title="**Exercises:** 1 (2 points: 1 checked in the notebook, 1 your instructor grades)")
    assert said(nb, {"q1": 1}) == []


def test_a_written_answer_with_its_own_heading_is_counted_apart_in_the_title():
    written = cell("markdown", "A model answer.", "w1", tags=["written"],
                   nbgrader={"grade": True, "solution": True, "points": 3, "grade_id": "w1", "locked": False})
    nb = lab(cell("markdown", "### Exercise q1 (1 point)", "q1-md"), check_cell("q1", 1),
             cell("markdown", "### Written answer w1 (3 points, graded by your instructor)", "w1-md"), written,
             title="**Exercises:** 1 and a written answer (4 points: 1 checked in the notebook, 3 your instructor grades)")
    assert said(nb, {"q1": 1}) == []
    nb.cells[0].source = nb.cells[0].source.replace("and a written answer", "and 2 written answers")
    assert said(nb, {"q1": 1}) == ["solutions/98_x.ipynb, cell 0 (id title): the title says 2 written answer(s), "
                                   "the cells 1"]
    nb.cells[3].source = "### Written answer w1 (2 points, graded by your instructor)"
    assert "solutions/98_x.ipynb, cell 3 (id w1-md): the heading of w1 says 2 points, its cells 3" in said(nb, {"q1": 1})


@given(cell_points=st.integers(1, 9), verifier=st.integers(1, 9))
def test_any_difference_between_cell_and_verifier_is_found(cell_points, verifier):
    nb = lab(check_cell("q1", cell_points), title=f"**Exercises:** 1 ({cell_points} points)")
    assert (said(nb, {"q1": verifier}) == []) == (cell_points == verifier)


def test_every_solution_of_the_kit_agrees(root):
    for path in solution_notebooks(root / "solutions"):
        refuse_drift(nbformat.read(path, as_version=4), f"solutions/{path.name}", path.name[:2])


def test_build_labs_refuses_drift_and_writes_nothing(root, tmp_path, monkeypatch):
    name = "02_licensing.ipynb"
    (tmp_path / "solutions").mkdir()
    nb = nbformat.read(root / "solutions" / name, as_version=4)
    index = next(i for i, c in enumerate(nb.cells) if c.get("id") == "q6-check")
    nb.cells[index].metadata["nbgrader"]["points"] = verifier_points("02")["q6"] + 1
    nbformat.write(nb, tmp_path / "solutions" / name)
    with pytest.raises(BuildError, match=rf"cell {index} \(id q6-check\): check q6 gives \d points"):
        build_labs(tmp_path / "solutions", tmp_path / "labs")
    assert not (tmp_path / "labs").exists()
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(app, ["build-labs", "--check"])
    assert result.exit_code == 2 and "points disagree" in result.output and "q6-check" in result.output

# SPDX-FileCopyrightText: 2026 The Open Source AI Lab Kit authors
# SPDX-License-Identifier: MIT
"""A tiny solution notebook in the kit's format: one exercise (lab 00's q2, 1 point) and one written answer
(w1, 2 points, in the format of osai.written), so the grading tools' handling of both is tested whatever the
labs hold."""

from __future__ import annotations

from pathlib import Path

NAME = "90_planted.ipynb"
WRITTEN_ID, WRITTEN_POINTS = "w1", 2


def planted_solution(folder: Path) -> Path:
    """Write the tiny solution notebook into ``folder``; return its path."""
    import nbformat
    from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

    def grader(grade_id: str, **meta) -> dict:
        return {"nbgrader": {"grade_id": grade_id, "locked": False, "schema_version": 3, "task": False, **meta}}

    cells = [
        new_markdown_cell("# Planted lab"),
        new_code_cell('from osai.checks import for_lab\n\ncheck, hint = for_lab("00")\n'
                      "from osai.data import german_credit\n\ncredit = german_credit()"),
        new_markdown_cell("### Exercise q2 (1 point)\n\nHow many applicants are rated bad?"),
        new_code_cell('# BEGIN SOLUTION\nn_bad = int((credit["credit_risk"] == "bad").sum())\n# END SOLUTION',
                      metadata=grader("q2-answer", grade=False, solution=True)),
        new_code_cell('check("q2", n_bad)', metadata={"tags": ["check"], **grader(
            "q2", grade=True, solution=False, points=1, locked=True)}),
        new_markdown_cell("### Written answer w1 (2 points)\n\nWhy is a risk rating not an observed default?"),
        new_markdown_cell("A rating is the bank's judgement made when the loan was granted, before anything was "
                          "repaid, while a default is what later happened to the loan; the data holds only the "
                          "former, so a model trained on it learns to copy the bank's judgement.",
                          metadata={"tags": ["written"], **grader(WRITTEN_ID, grade=True, solution=True,
                                                                   points=WRITTEN_POINTS)}),
        new_markdown_cell(f"**Rubric {WRITTEN_ID}** ({WRITTEN_POINTS} points)\n\n"
                          "- 1 point: says a rating is a judgement made in advance\n"
                          "- 1 point: says a model then learns the bank's judgement",
                          metadata={"tags": ["rubric", "solution-only"]}),
    ]
    nb = new_notebook(cells=cells, metadata={
        "kernelspec": {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"},
        "osai": {"lab": "00"}})
    path = folder / NAME
    folder.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, path)
    return path


def code_lines(nb) -> set[str]:
    """Every line of a notebook's code cells, stripped: what a student would see of its code."""
    return {line.strip() for cell in nb.cells if cell.cell_type == "code" for line in cell.source.split("\n")}


def hidden_lines(nb) -> set[str]:
    """The non-blank lines of the hidden tests (``# BEGIN HIDDEN TESTS`` ... ``# END HIDDEN TESTS``), stripped."""
    found, inside = set(), False
    for cell in nb.cells:
        for line in cell.source.split("\n") if cell.cell_type == "code" else []:
            if line.strip() in ("# BEGIN HIDDEN TESTS", "# END HIDDEN TESTS"):
                inside = line.strip() == "# BEGIN HIDDEN TESTS"
            elif inside and line.strip():
                found.add(line.strip())
    return found

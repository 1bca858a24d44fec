# SPDX-FileCopyrightText: 2026 The Open Source AI Lab Kit authors
# SPDX-License-Identifier: MIT
"""The otter-assign master notebooks of `osai build-labs --for otter` (the otter run itself: tests/graders)."""

from __future__ import annotations

import re

import nbformat
import pytest
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from osai.build import BuildError, check_cells, strip_solution
from osai.cli import app
from osai.otter_export import export_otter, otter_code, otter_master, solution_lines
from osai.written import written_questions
from tests.graders.planted import WRITTEN_ID, planted_solution


def _blocks(master) -> list[tuple[str, list]]:
    """(BEGIN QUESTION config, cells inside) for every question block of a master notebook."""
    found, current = [], None
    for cell in master.cells:
        first = cell.source.split("\n")[0]
        if cell.cell_type == "raw" and first == "# BEGIN QUESTION":
            current = (cell.source, [])
        elif cell.cell_type == "raw" and first == "# END QUESTION":
            found.append(current)
            current = None
        elif current is not None:
            current[1].append(cell)
    return found


@pytest.fixture(scope="module")
def planted(tmp_path_factory):
    path = planted_solution(tmp_path_factory.mktemp("planted"))
    return nbformat.read(path, as_version=4)


def test_every_exercise_is_a_question_with_a_test_that_calls_the_kits_verifier(root):
    solution = nbformat.read(root / "solutions" / "00_orientation.ipynb", as_version=4)
    master = otter_master(solution, "00_orientation.ipynb")
    assert master.cells[0].cell_type == "raw" and master.cells[0].source.startswith("# ASSIGNMENT CONFIG\nname: lab00")
    blocks = _blocks(master)
    expected = {c.metadata["nbgrader"]["grade_id"]: c.metadata["nbgrader"]["points"] for c in check_cells(solution)}
    written = {q.qid: q.points for q in written_questions(solution, "solutions/00_orientation.ipynb")}
    assert {re.search(r"name: (\w+)", b[0])[1]: int(re.search(r"points: (\d+)", b[0])[1]) for b in blocks} == \
        {**expected, **written}
    for config, cells in blocks:
        qid = re.search(r"name: (\w+)", config)[1]
        if qid in written:  # a manual question: the instructor grades it, no test
            assert "manual: true" in config
            continue
        tests = [c for i, c in enumerate(cells) if i and cells[i - 1].source == "# BEGIN TESTS"]
        assert len(tests) == 1 and f"evaluate('{qid}', " in tests[0].source and "assert _osai_result.passed" in tests[0].source
    # the kit's check cell follows its block, unchanged
    assert sum(1 for c in master.cells if "check" in c.metadata.get("tags", [])) == len(expected)


def test_the_solution_is_unchanged_and_every_solution_line_stays_inside_a_solution_block(root):
    path = root / "solutions" / "00_orientation.ipynb"
    solution = nbformat.read(path, as_version=4)
    before = nbformat.writes(solution)
    master = otter_master(solution, path.name)
    assert nbformat.writes(solution) == before
    assert set(solution_lines(solution)) <= set(solution_lines(master))
    assert all(not c.get("outputs") for c in master.cells if c.cell_type == "code")


def test_a_written_answer_becomes_a_manual_question_with_its_rubric_in_the_solution(planted):
    master = otter_master(planted, "90_planted.ipynb")
    [(config, cells)] = [b for b in _blocks(master) if "manual: true" in b[0]]
    assert f"name: {WRITTEN_ID}" in config and "points: 2" in config
    inside = [c.source for c in cells]
    begin, end = inside.index("# BEGIN SOLUTION"), inside.index("# END SOLUTION")
    assert any(s.startswith("**Rubric w1**") for s in inside[begin:end])
    assert cells[0].cell_type == "markdown" and cells[0].source.startswith("### Written answer")  # the prompt


def test_solution_only_cells_are_left_out_and_hidden_tests_become_a_hidden_otter_test(planted):
    planted = nbformat.from_dict(planted)
    planted.cells.insert(1, nbformat.v4.new_markdown_cell("instructor note", metadata={"tags": ["solution-only"]}))
    check = next(c for c in planted.cells if "check" in c.metadata.get("tags", []))
    check.source += '\n# BEGIN HIDDEN TESTS\nimport math\ncheck.hidden("q2", abs, [("zero", 0, 0)])\n# END HIDDEN TESTS'
    master = otter_master(planted, "90_planted.ipynb")
    assert "instructor note" not in nbformat.writes(master)
    [(config, cells)] = [b for b in _blocks(master) if "name: q2" in b[0]]
    assert "all_or_nothing: true" in config  # a hidden case failed costs the whole exercise, as in osai grade
    [hidden] = [c for c in cells if c.source.startswith("# HIDDEN")]
    assert "import math" in hidden.source and '.evaluate_hidden("q2", abs, [("zero", 0, 0)])' in hidden.source
    assert all("HIDDEN" not in c.source and "abs" not in c.source for c in master.cells if c is not hidden)


def test_a_top_level_block_keeps_the_kits_placeholder_and_a_function_body_gets_otters():
    assert otter_code("# BEGIN SOLUTION\na, b = 1, 2\n# END SOLUTION").split("\n")[:3] == [
        "a = ...  # SOLUTION", "b = ...  # SOLUTION", "# BEGIN SOLUTION NO PROMPT"]
    assert otter_code("def f():\n    # BEGIN SOLUTION\n    return 1\n    # END SOLUTION").split("\n")[1] == "    # BEGIN SOLUTION"


@given(st.lists(st.sampled_from(["x = 1", "# BEGIN SOLUTION", "# END SOLUTION", "# BEGIN HIDDEN TESTS",
                                 "# END HIDDEN TESTS", "    y = 2", "print(x)", ""]), max_size=12))
def test_otter_code_refuses_what_building_a_lab_refuses(lines):
    source = "\n".join(lines)
    try:
        strip_solution(source)
    except BuildError:
        with pytest.raises(BuildError):
            otter_code(source)
    else:
        converted = otter_code(source)
        assert "HIDDEN" not in converted
        assert set(solution_lines(nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(source)]))) <= set(
            line.strip() for line in converted.split("\n"))


def test_the_cli_writes_one_master_per_lab_and_refuses_the_kits_own_folders(root, tmp_path, monkeypatch):
    monkeypatch.chdir(root)
    runner = CliRunner()
    done = runner.invoke(app, ["build-labs", "--for", "otter", str(tmp_path / "otter"), "--only", "00", "--only", "04"])
    assert done.exit_code == 0, done.output
    assert sorted(p.name for p in (tmp_path / "otter").iterdir()) == ["00_orientation.ipynb", "04_privacy_and_openness.ipynb"]
    for wrong in (["--for", "nbgrader", str(tmp_path / "x")], ["--for", "otter"], [str(tmp_path / "x")],
                  ["--for", "otter", "labs"], ["--for", "otter", "--check", str(tmp_path / "x")]):
        refused = runner.invoke(app, ["build-labs", *wrong])
        assert refused.exit_code == 2, (wrong, refused.output)
    with pytest.raises(BuildError):
        export_otter(root / "solutions", root / "solutions")

# SPDX-FileCopyrightText: 2026 The Open Source AI Lab Kit authors
# SPDX-License-Identifier: MIT
"""Single source: solutions make labs; --check names notebook and cell."""

from __future__ import annotations

import shutil

import nbformat
import pytest
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from osai.build import BuildError, build_labs, make_lab, strip_solution, validate_solution
from osai.cli import app


def notebook(*cells):
    nb = nbformat.v4.new_notebook()
    for index, (kind, source, meta) in enumerate(cells):
        make = nbformat.v4.new_code_cell if kind == "code" else nbformat.v4.new_markdown_cell
        cell = make(source, metadata=meta)
        cell["id"] = f"c{index}"
        if kind == "code":
            cell.outputs = [nbformat.v4.new_output("stream", name="stdout", text="hi\n")]
            cell.execution_count = index + 1
        nb.cells.append(cell)
    return nb


CHECK_META = {"tags": ["check"], "nbgrader": {"grade": True, "grade_id": "q1", "points": 2, "solution": False}}


def small_solution(lab_id="00"):
    nb = notebook(
        ("markdown", "# Title", {}),
        ("code", "x = 2\n# BEGIN SOLUTION\nanswer = x * 21\n# END SOLUTION", {}),
        ("code", 'check("q1", answer)', CHECK_META),
        ("code", "def f(a):\n    # BEGIN SOLUTION\n    return a\n    # END SOLUTION", {}),
        ("code", "# BEGIN HIDDEN TESTS\nassert answer == 42\n# END HIDDEN TESTS\nprint('visible')", {}),
        ("markdown", "Worked answer", {"tags": ["solution-only"]}),
    )
    if lab_id:
        from osai.build import lab_version

        nb.metadata["osai"] = {"lab": lab_id, "version": lab_version(nb)}
    return nb


def test_value_block_becomes_placeholder_for_each_assigned_name():
    source = "# BEGIN SOLUTION\na, b = 1, 2\nc: int = 3\nd += 1\n# END SOLUTION"
    assert strip_solution(source) == "a = ...  # YOUR CODE HERE\nb = ...  # YOUR CODE HERE\n" \
        "c = ...  # YOUR CODE HERE\nd = ...  # YOUR CODE HERE"


def test_block_without_assignment_becomes_a_comment():
    assert strip_solution("# BEGIN SOLUTION\nprint(1)\n# END SOLUTION") == "# YOUR CODE HERE"


def test_indented_block_raises_not_implemented():
    lab = strip_solution("def f():\n    # BEGIN SOLUTION\n    return 1\n    # END SOLUTION\n")
    assert lab == "def f():\n    # YOUR CODE HERE\n    raise NotImplementedError"
    namespace: dict = {}
    exec(lab, namespace)
    with pytest.raises(NotImplementedError):
        namespace["f"]()


def test_placeholder_cell_runs():
    namespace: dict = {}
    exec(strip_solution("# BEGIN SOLUTION\nanswer = 42\n# END SOLUTION"), namespace)
    assert namespace["answer"] is Ellipsis


@pytest.mark.parametrize("source,message", [
    ("# BEGIN SOLUTION\nx = 1", "never closed"),
    ("x = 1\n# END SOLUTION", "line 2: '# END SOLUTION' without"),
    ("# BEGIN SOLUTION\n# BEGIN SOLUTION\n# END SOLUTION", "line 2"),
    ("# BEGIN HIDDEN TESTS\nassert 1", "never closed"),
    ("# END HIDDEN TESTS", "without"),
])
def test_unbalanced_markers_are_errors_with_line_numbers(source, message):
    with pytest.raises(BuildError, match=message):
        strip_solution(source, where="sol.ipynb, cell 3")


@given(st.lists(st.text(alphabet=st.characters(blacklist_characters="\n\r", blacklist_categories=("Cs",)), max_size=40), max_size=8))
def test_code_without_markers_is_unchanged(lines):
    lines = [line for line in lines if "BEGIN" not in line and "END" not in line]
    source = "\n".join(lines).rstrip("\n")
    assert strip_solution(source) == source


def test_make_lab_clears_outputs_keeps_ids_locks_checks():
    solution = small_solution()
    lab = make_lab(solution)
    assert [c.id for c in lab.cells] == ["c0", "c1", "c2", "c3", "c4"]
    assert all(c.outputs == [] and c.execution_count is None for c in lab.cells if c.cell_type == "code")
    check = lab.cells[2]
    assert check.metadata["editable"] is False and check.metadata["nbgrader"]["points"] == 2
    assert "answer = ...  # YOUR CODE HERE" in lab.cells[1].source
    assert "assert answer" not in lab.cells[4].source and "print('visible')" in lab.cells[4].source
    assert solution.cells[1].outputs, "the solution itself is untouched"


def test_validate_solution_names_the_cell():
    bad = notebook(("code", 'check("q1", x)', {"tags": ["check"]}))
    assert "cell 0: check cell needs nbgrader metadata" in validate_solution(bad, "s.ipynb")[0]
    wrong_call = notebook(("code", 'check("q2", x)', CHECK_META))
    assert 'must call check("q1"' in validate_solution(wrong_call, "s.ipynb")[0]
    duplicate = notebook(("code", "1", {}), ("code", "2", {}))
    duplicate.cells[1]["id"] = "c0"
    assert "duplicate cell id" in validate_solution(duplicate, "s.ipynb")[0]


WRITTEN_META = {"tags": ["written"], "nbgrader": {"grade": True, "solution": True, "points": 3, "grade_id": "w1",
                                                  "locked": False, "schema_version": 3, "task": False},
                "osai": {"words": [5, 100]}}
RUBRIC_TEXT = "**Rubric w1** (3 points)\n\n- 1 point: names the personal data\n- 2 points: uses the measurements"


def written_solution(answer="The model answer names the personal data.", rubric=RUBRIC_TEXT,
                     rubric_meta=None, written_meta=None):
    nb = small_solution()
    nb.cells[5:5] = notebook(
        ("markdown", "Justify your plan in prose (3 points).", {}),
        ("markdown", answer, written_meta or WRITTEN_META),
        ("markdown", rubric, rubric_meta or {"tags": ["rubric", "solution-only"]}),
        ("code", 'check("w1")', {"tags": ["nbval-ignore-output"]}),
    ).cells
    for index, cell in enumerate(nb.cells):
        cell["id"] = f"c{index}"
    return nb


def test_a_written_answer_becomes_the_placeholder_and_its_rubric_never_reaches_the_lab():
    solution = written_solution()
    lab = make_lab(solution)
    answer = next(c for c in lab.cells if "written" in c.metadata.get("tags", []))
    assert answer.source == "YOUR ANSWER HERE"
    assert answer.metadata == WRITTEN_META and answer.metadata["nbgrader"]["locked"] is False
    assert not any("Rubric" in c.source for c in lab.cells)
    following = lab.cells[lab.cells.index(answer) + 1]
    assert following.source == 'check("w1")' and "check" not in following.metadata["tags"]
    assert "nbgrader" not in following.metadata
    assert solution.cells[6].source.startswith("The model answer"), "the solution itself is untouched"


@pytest.mark.parametrize("change, message", [
    (dict(rubric_meta={"tags": ["rubric"]}), "cell 7: a rubric cell must also be tagged 'solution-only'"),
    (dict(rubric="**Rubric w1** (2 points)\n\n- 2 points: uses the measurements"), "cell 6 \\(w1\\): the cell gives 3"),
    (dict(rubric="Grade it kindly."), "cell 7: a rubric starts with a line like"),
    (dict(written_meta={**WRITTEN_META, "nbgrader": {**WRITTEN_META["nbgrader"], "grade_id": "x1"}}),
     "cell 6: a written cell needs nbgrader.grade_id like 'w1'"),
    (dict(written_meta={**WRITTEN_META, "nbgrader": {**WRITTEN_META["nbgrader"], "locked": True}}),
     "cell 6: a written answer must stay editable"),
])
def test_a_malformed_written_answer_or_rubric_stops_the_build_naming_notebook_and_cell(kit, change, message):
    nbformat.write(written_solution(**change), kit / "solutions" / "00_demo.ipynb")
    with pytest.raises(BuildError, match=f"solutions/00_demo.ipynb, {message}"):
        build_labs(kit / "solutions", kit / "labs")
    assert not (kit / "labs").exists()


def test_check_detects_a_lab_whose_written_cell_drifted(kit):
    nbformat.write(written_solution(), kit / "solutions" / "00_demo.ipynb")
    build_labs(kit / "solutions", kit / "labs")
    assert build_labs(kit / "solutions", kit / "labs", check=True) == []
    path = kit / "labs" / "00_demo.ipynb"
    lab = nbformat.read(path, as_version=4)
    lab.cells[6].source = "The model answer names the personal data."
    nbformat.write(lab, path)
    (difference,) = build_labs(kit / "solutions", kit / "labs", check=True)
    assert str(difference) == "labs/00_demo.ipynb, cell 6 (id c6): source differs from the solution; run osai build-labs"


def test_executed_outputs_keep_each_stream_in_one_output_as_nbval_compares_them():
    from osai.build import _coalesce_streams

    out = nbformat.v4.new_output
    outputs = [out("stream", name="stdout", text="a\n"), out("stream", name="stdout", text="b\n"),
               out("stream", name="stderr", text="w\n"), out("stream", name="stdout", text="c\n")]
    assert [(o.name, o.text) for o in _coalesce_streams(outputs)] == [("stdout", "a\nb\n"), ("stderr", "w\n"),
                                                                      ("stdout", "c\n")]


@given(st.text(max_size=200).filter(lambda text: text.strip() not in ("", "YOUR ANSWER HERE")))
def test_no_model_answer_or_rubric_text_reaches_the_lab(answer):
    lab = make_lab(written_solution(answer=answer))
    assert [c.source for c in lab.cells if "written" in c.metadata.get("tags", [])] == ["YOUR ANSWER HERE"]
    assert not any("Rubric w1" in c.source or "uses the measurements" in c.source for c in lab.cells)


@pytest.fixture()
def kit(tmp_path, monkeypatch):
    # the planted lab "00" has one check, q1 of 2 points: its verifiers say so (osai.consistency compares them)
    monkeypatch.setattr("osai.consistency.verifier_points", lambda lab: {"q1": 2})
    (tmp_path / "solutions").mkdir()
    nbformat.write(small_solution(), tmp_path / "solutions" / "00_demo.ipynb")
    return tmp_path


def test_build_then_check_is_clean_and_idempotent(kit):
    written = build_labs(kit / "solutions", kit / "labs")
    assert [str(d) for d in written] == ["labs/00_demo.ipynb: missing; run osai build-labs"]
    first = (kit / "labs" / "00_demo.ipynb").read_bytes()
    assert build_labs(kit / "solutions", kit / "labs") == []
    assert (kit / "labs" / "00_demo.ipynb").read_bytes() == first
    assert build_labs(kit / "solutions", kit / "labs", check=True) == []


def test_check_names_notebook_and_cell_and_never_writes(kit):
    build_labs(kit / "solutions", kit / "labs")
    lab_path = kit / "labs" / "00_demo.ipynb"
    lab = nbformat.read(lab_path, as_version=4)
    lab.cells[2].source = 'check("q1", 42)'
    nbformat.write(lab, lab_path)
    before = lab_path.read_bytes()
    [difference] = build_labs(kit / "solutions", kit / "labs", check=True)
    assert str(difference) == "labs/00_demo.ipynb, cell 2 (id c2): source differs from the solution; run osai build-labs"
    assert lab_path.read_bytes() == before


def test_orphan_lab_is_reported_not_deleted(kit):
    build_labs(kit / "solutions", kit / "labs")
    shutil.copy(kit / "labs" / "00_demo.ipynb", kit / "labs" / "05_orphan.ipynb")
    found = [str(d) for d in build_labs(kit / "solutions", kit / "labs", check=True)]
    assert found == ["labs/05_orphan.ipynb: has no solution in solutions/; remove it or add its solution"]
    assert (kit / "labs" / "05_orphan.ipynb").exists()


def test_cli_check_exit_codes(kit, monkeypatch):
    monkeypatch.chdir(kit)
    runner = CliRunner()
    assert runner.invoke(app, ["build-labs", "--check"]).exit_code == 1
    assert runner.invoke(app, ["build-labs"]).exit_code == 0
    result = runner.invoke(app, ["build-labs", "--check"])
    assert result.exit_code == 0 and "up to date" in result.output
    missing = runner.invoke(app, ["build-labs", "--solutions", "nowhere"])
    assert missing.exit_code == 2 and "solutions folder not found" in missing.output
    bad = runner.invoke(app, ["build-labs", "--only", "x1"])
    assert bad.exit_code == 2 and "expected a lab number" in bad.output


def test_broken_solution_is_a_clear_error(kit, monkeypatch):
    (kit / "solutions" / "01_broken.ipynb").write_text("{not json")
    monkeypatch.chdir(kit)
    result = CliRunner().invoke(app, ["build-labs"])
    assert result.exit_code == 2 and "01_broken.ipynb: not a readable notebook" in result.output


def test_check_on_a_real_lab_passes_as_committed_and_names_an_edited_cell(root, tmp_path, monkeypatch):
    # `make test` checks every committed lab once (its first step, `osai build-labs --check`); here one
    # real solution and its lab, copied alone, show that the check passes on real content and names a
    # hand-edited cell.
    name = "00_orientation.ipynb"
    for folder in ("solutions", "labs"):
        (tmp_path / folder).mkdir()
        shutil.copy(root / folder / name, tmp_path / folder / name)
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    result = runner.invoke(app, ["build-labs", "--check"])
    assert result.exit_code == 0 and "up to date" in result.output, result.output
    lab = nbformat.read(tmp_path / "labs" / name, as_version=4)
    index, cell = next((i, c) for i, c in enumerate(lab.cells) if "check" in c.metadata.get("tags", []))
    cell.source = "print('edited by hand')"
    nbformat.write(lab, tmp_path / "labs" / name)
    result = runner.invoke(app, ["build-labs", "--check"])
    assert result.exit_code == 1
    assert f"labs/{name}, cell {index} (id {cell.id}): source differs from the solution" in result.output


def test_lab_and_solution_record_their_lab_id_in_the_metadata(kit):
    from osai.build import lab_id_of

    path = kit / "solutions" / "00_demo.ipynb"
    nbformat.write(small_solution(lab_id=None), path)
    outputs = [c.get("outputs") for c in nbformat.read(path, as_version=4).cells]
    found = [str(d) for d in build_labs(kit / "solutions", kit / "labs", check=True)]
    assert found[0] == "solutions/00_demo.ipynb: metadata.osai.lab is not '00'; run osai build-labs"
    assert not (kit / "labs").exists()
    build_labs(kit / "solutions", kit / "labs")
    solution = nbformat.read(path, as_version=4)
    assert lab_id_of(solution) == "00" and [c.get("outputs") for c in solution.cells] == outputs
    assert lab_id_of(nbformat.read(kit / "labs" / "00_demo.ipynb", as_version=4)) == "00"
    assert build_labs(kit / "solutions", kit / "labs", check=True) == []
    assert make_lab(small_solution(lab_id=None), name="solutions/07_x.ipynb").metadata["osai"]["lab"] == "07"


def test_the_lab_version_follows_exercises_not_text(kit, monkeypatch):
    from osai.build import lab_version

    path = kit / "solutions" / "00_demo.ipynb"
    build_labs(kit / "solutions", kit / "labs")
    before = nbformat.read(path, as_version=4)
    version = before.metadata["osai"]["version"]
    assert nbformat.read(kit / "labs" / "00_demo.ipynb", as_version=4).metadata["osai"]["version"] == version
    edited = nbformat.read(path, as_version=4)
    edited.cells[0].source = "# Another title"
    assert lab_version(edited) == version
    edited.cells[2].metadata["nbgrader"]["points"] = 3  # an exercise re-pointed: a new version
    monkeypatch.setattr("osai.consistency.verifier_points", lambda lab: {"q1": 3})  # and its verifier with it
    nbformat.write(edited, path)
    found = [str(d) for d in build_labs(kit / "solutions", kit / "labs", check=True)]
    assert found[0] == f"solutions/00_demo.ipynb: metadata.osai.version is not {lab_version(edited)!r}; run osai build-labs"
    build_labs(kit / "solutions", kit / "labs")
    assert build_labs(kit / "solutions", kit / "labs", check=True) == []


def test_lab_title_gets_a_colab_badge_for_its_own_file(kit):
    build_labs(kit / "solutions", kit / "labs")
    lab = nbformat.read(kit / "labs" / "00_demo.ipynb", as_version=4)
    title = lab.cells[0].source.splitlines()
    assert title[0] == "# Title"
    assert "colab-badge.svg" in title[2] and title[2].endswith("/blob/main/labs/00_demo.ipynb)")
    solution = nbformat.read(kit / "solutions" / "00_demo.ipynb", as_version=4)
    assert "colab" not in solution.cells[0].source, "the solution itself is not changed"

# SPDX-FileCopyrightText: 2026 The Open Source AI Lab Kit authors
# SPDX-License-Identifier: MIT
"""Structure of every solution and lab: checks, set-up cell, metadata, text conventions."""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest

from osai.build import check_cells
from osai.consistency import point_problems, verifier_points

ROOT = Path(__file__).resolve().parent.parent
SOLUTIONS = sorted((ROOT / "solutions").glob("[0-9][0-9]_*.ipynb"))
SETUP_TEMPLATE = (ROOT / "solutions" / "00_orientation.ipynb")


def read(path: Path):
    return nbformat.read(path, as_version=4)


def ids(paths):
    return [p.name for p in paths]


def test_there_are_solutions():
    assert SOLUTIONS, "no solution notebooks found"


@pytest.mark.parametrize("path", SOLUTIONS, ids=ids(SOLUTIONS))
def test_check_cells_match_exercise_definitions(path):
    nb = read(path)
    lab = path.name[:2]
    cells = check_cells(nb)
    problems = point_problems(nb, f"solutions/{path.name}", verifier_points(lab), f"utils/osai/exercises/lab{lab}.py")
    assert not problems, "\n".join(str(p) for p in problems)  # as osai build-labs says it
    for cell in cells:
        assert "nbval-ignore-output" not in cell.metadata.get("tags", []), "check outputs are what grading compares"
        assert cell.metadata["nbgrader"]["grade"] is True


@pytest.mark.parametrize("path", SOLUTIONS, ids=ids(SOLUTIONS))
def test_solution_passes_every_check(path):
    for cell in check_cells(read(path)):
        qid, points = cell.metadata["nbgrader"]["grade_id"], cell.metadata["nbgrader"]["points"]
        texts = "".join(o.get("text", "") for o in cell.outputs if o.output_type == "stream")
        assert texts == f"✅ {qid} passed ({points}/{points})\n", f"{path.name} {qid}: {texts!r}"
        assert all(o.output_type == "stream" and o.name == "stdout" for o in cell.outputs), f"{path.name} {qid}"


def _setup_source(path: Path) -> str:
    cell = next(c for c in read(path).cells if c.get("id") == "setup")
    return cell.source


@pytest.mark.parametrize("path", SOLUTIONS, ids=ids(SOLUTIONS))
def test_setup_cell_is_the_same_in_every_lab(path):
    expected = _setup_source(SETUP_TEMPLATE).replace('for_lab("00")', f'for_lab("{path.name[:2]}")')
    assert _setup_source(path) == expected


def test_colab_install_points_at_the_course_setting():
    from osai.course import load_course, pip_requirement

    assert f'"install --quiet {pip_requirement(load_course(ROOT))}"' in _setup_source(SETUP_TEMPLATE)
    assert 'if "google.colab" in sys.modules' in _setup_source(SETUP_TEMPLATE)


@pytest.mark.parametrize("path", SOLUTIONS, ids=ids(SOLUTIONS))
def test_carpentries_structure(path):
    nb = read(path)
    first = nb.cells[0]
    assert first.cell_type == "markdown" and first.source.startswith("# Lab ")
    assert "**Time:**" in first.source and "Objectives" in first.source
    headings = [line for c in nb.cells if c.cell_type == "markdown" for line in c.source.splitlines() if line.startswith("#")]
    assert any(h.startswith("## Key points") for h in headings)
    assert any(h.startswith("## Sources") for h in headings)
    assert len(check_cells(nb)) >= 4


@pytest.mark.parametrize("path", SOLUTIONS, ids=ids(SOLUTIONS))
def test_images_and_plots_have_text_alternatives(path):
    nb = read(path)
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            for alt in re.findall(r"!\[([^\]]*)\]\(", cell.source):
                assert alt.strip(), f"{path.name} cell {cell.id}: image without alt text"
    for index, cell in enumerate(nb.cells):
        has_image = cell.cell_type == "code" and any("image/png" in o.get("data", {}) for o in cell.outputs)
        if has_image:
            following = nb.cells[index + 1] if index + 1 < len(nb.cells) else None
            assert following is not None and following.cell_type == "markdown" and \
                "Figure (text description)" in following.source, f"{path.name} cell {cell.id}: plot without a text description"
            printed = [o for o in cell.outputs if o.output_type == "stream"]
            assert printed, f"{path.name} cell {cell.id}: a plot cell also prints its numbers"


@pytest.mark.parametrize("path", SOLUTIONS, ids=ids(SOLUTIONS))
def test_lab_has_no_solution_code_and_no_outputs(path):
    lab = read(ROOT / "labs" / path.name)
    solution = read(path)
    for cell in lab.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None
            assert "BEGIN SOLUTION" not in cell.source and "BEGIN HIDDEN TESTS" not in cell.source
    for cell in solution.cells:
        block = re.findall(r"# BEGIN SOLUTION\n(.*?)\n\s*# END SOLUTION", cell.source, flags=re.S)
        lab_cell = next((c for c in lab.cells if c.get("id") == cell.get("id")), None)
        for text in block:
            for line in text.splitlines():
                line = line.strip()
                if len(line) > 12 and lab_cell is not None:
                    assert line not in lab_cell.source, f"{path.name} {cell.id}: solution line left in the lab"


@pytest.mark.parametrize("path", SOLUTIONS, ids=ids(SOLUTIONS))
def test_outputs_hold_no_machine_specific_text(path):
    nb = read(path)
    for cell in nb.cells:
        if cell.cell_type != "code" or "nbval-ignore-output" in cell.metadata.get("tags", []):
            continue
        for output in cell.outputs:
            text = output.get("text", "") + str(output.get("data", {}).get("text/plain", ""))
            assert "/root/" not in text and "/home/" not in text and "site-packages" not in text, (path.name, cell.id)
            assert not re.search(r"\b0x[0-9a-f]{8,}\b", text), (path.name, cell.id)
            assert output.output_type != "stream" or output.name != "stderr", f"{path.name} {cell.id}: stderr output"


ALL_NOTEBOOKS = SOLUTIONS + sorted((ROOT / "labs").glob("[0-9][0-9]_*.ipynb"))


@pytest.mark.parametrize("path", ALL_NOTEBOOKS, ids=[f"{p.parent.name}/{p.name}" for p in ALL_NOTEBOOKS])
def test_headings_do_not_skip_levels(path):
    level = 0
    in_fence = False
    for cell in read(path).cells:
        if cell.cell_type != "markdown":
            continue
        for line in cell.source.splitlines():
            if line.startswith("```"):
                in_fence = not in_fence
            found = re.match(r"^(#{1,6})\s", line)
            if found and not in_fence:
                new = len(found.group(1))
                assert new <= level + 1, f"{path.name} cell {cell.id}: heading {line!r} skips a level"
                level = new


@pytest.mark.parametrize("path", SOLUTIONS, ids=ids(SOLUTIONS))
def test_solution_ran_in_order_without_errors_or_debug_leftovers(path):
    counts = []
    for cell in read(path).cells:
        if cell.cell_type != "code":
            continue
        assert not re.search(r"\bbreakpoint\(|import pdb|pdb\.set_trace", cell.source), f"{path.name} {cell.id}"
        assert not any(o.output_type == "error" for o in cell.outputs), f"{path.name} {cell.id}: error output"
        if cell.source.strip():
            assert cell.execution_count is not None, f"{path.name} {cell.id}: not executed"
            counts.append(cell.execution_count)
    assert counts == sorted(counts) and len(set(counts)) == len(counts), f"{path.name}: execution counts out of order"


def test_readme_course_map_lists_every_lab_with_its_colab_link():
    readme = (ROOT / "README.md").read_text()
    rows = re.findall(r"^\| (\d\d) \| \[[^\]]+\]\(labs/(\d\d_\w+)\.ipynb\) \|.*\[open\]\(https://colab\.research\.google\.com/github/[\w.-]+/[\w.-]+/blob/[\w./-]+/labs/(\d\d_\w+)\.ipynb\) \|$",
                      readme, flags=re.M)
    listed = {lab for _, lab, colab in rows if lab == colab}
    assert listed == {p.stem for p in SOLUTIONS}, "README course map and solutions/ differ"
    for number, lab, _ in rows:
        assert lab.startswith(number)

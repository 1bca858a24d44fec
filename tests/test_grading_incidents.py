# SPDX-FileCopyrightText: 2026 The Open Source AI Lab Kit authors
# SPDX-License-Identifier: MIT
"""What grading did: cells stopped by the time limit, kernels stopped, exits blocked, memory run out,
named per submission in the feedback and the gradebook, and flagged for review."""

from __future__ import annotations

import csv
import tempfile

import nbformat
import pytest
from hypothesis import given
from hypothesis import strategies as st

from osai import grading
from osai.grading import (
    CellIncident,
    CellOutcome,
    CheckResult,
    CheckSpec,
    GradeSettings,
    Reference,
    RunOutcome,
    Submission,
    SubmissionGrade,
    feedback_markdown,
    gradebook_rows,
    review_reasons,
    write_reports,
)
from osai.grading.incidents import classify, describe

PASSED_Q2 = ({"output_type": "stream", "name": "stdout", "text": "✅ q2 passed (1/1)\n"},)


def toy(*student_cells: str) -> tuple[Reference, nbformat.NotebookNode]:
    """Lab 00's q2 alone: ``n_bad = 300`` (right), the given cells, then the check."""
    cells = [nbformat.v4.new_code_cell("n_bad = 300", id="answer")]
    cells += [nbformat.v4.new_code_cell(src, id=f"bad-{n}") for n, src in enumerate(student_cells)]
    cells.append(nbformat.v4.new_code_cell('check("q2", n_bad)', id="q2-check"))
    ref = Reference("00", "00_orientation.ipynb", cells,
                    [CheckSpec("q2", 1, "q2-check", len(cells) - 1, 'check("q2", n_bad)', PASSED_Q2)])
    return ref, nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(c.source, id=c.id) for c in cells])


def grade_toy(tmp_path, *student_cells: str, settings: GradeSettings) -> SubmissionGrade:
    ref, nb = toy(*student_cells)
    path = tmp_path / "ana" / "00_orientation.ipynb"
    path.parent.mkdir(parents=True)
    nbformat.write(nb, path)
    return grading.grade_submission(Submission("ana", "00", "00_orientation.ipynb", path), ref, settings, tmp_path)


# ---------------------------------------------------------------------------------------------
# Real kernels: an endless loop, os._exit(1) and a memory blow-up before the last check


@pytest.mark.slow
def test_loop_exit_and_memory_before_the_check_are_named_and_flagged(tmp_path):
    loop, exit_, memory = "while True:\n    pass", "import os\nos._exit(1)", "hog = bytearray(64 * 1024**3)"
    graded = grade_toy(tmp_path, loop, exit_, memory, settings=GradeSettings(timeout=1.0, memory_mb=2048))
    assert [r.status for r in graded.results] == ["passed"]  # the check itself still passes: its answer is right
    assert [(i.cell_id, i.kind, i.position, i.first_line) for i in graded.incidents] == [
        ("bad-0", "cpu_timeout", 2, "while True:"), ("bad-1", "exit", 3, "import os"),
        ("bad-2", "memory", 4, "hog = bytearray(64 * 1024**3)")]
    assert all("the cells after it ran" in i.action for i in graded.incidents)
    feedback = feedback_markdown(graded)
    assert "## Cells the grader stopped or skipped" in feedback
    assert "cell 2 (id bad-0: `while True:`): ran past the time limit (CPU time)" in feedback
    assert "Flagged for review" in feedback and "tried to stop the kernel" in feedback
    rows = gradebook_rows([graded])
    assert rows[0]["review"] and "bad-1" in rows[0]["cells_stopped"] and "ran out of memory" in rows[0]["cells_stopped"]


@pytest.mark.slow
def test_a_clean_run_has_no_incident_and_is_not_flagged(tmp_path):
    graded = grade_toy(tmp_path, "x = 1", settings=GradeSettings(timeout=5.0))
    assert graded.incidents == [] and review_reasons(graded) == []
    assert "stopped or skipped" not in feedback_markdown(graded) and gradebook_rows([graded])[0]["review"] == ""


# ---------------------------------------------------------------------------------------------
# The run loop, with nbval's verdicts planted (no kernel)


def junit(*cases: tuple[int, str, str]) -> str:
    body = ""
    for number, tag, message in cases:
        inner = f'<{tag} message="{message}"/>' if tag else ""
        body += f'<testcase classname="nb" name="Cell {number}">{inner}</testcase>'
    return f"<testsuites><testsuite>{body}</testsuite></testsuites>"


def test_a_cell_that_stops_the_kernel_is_skipped_on_the_rerun_and_said_so(monkeypatch):
    ref, nb = toy("import os, signal\nos.kill(os.getpid(), signal.SIGKILL)")
    restored, check_at, _ = grading.restore_checks(nb, ref)
    instrumented, by_number = grading.instrument(restored, check_at, "00", GradeSettings())
    runs = iter([
        junit((0, "", ""), (1, "", ""), (2, "failure", "Timeout of 130 seconds exceeded. Failed to interrupt kernel"),
              (3, "skipped", "Previous cell timed out")),
        junit((0, "", ""), (1, "", ""), (2, "failure", "RuntimeError: osai grade: this cell was skipped"),
              (3, "", "")),
    ])
    monkeypatch.setattr(grading, "run_once", lambda *a, **k: (RunOutcome(next(runs), 1, "", 0.0), {}))
    results, count, notes, incidents = grading.settle(instrumented, by_number, ref, GradeSettings(), "/nowhere",
                                                      positions={"bad-0": 2})
    assert count == 2 and results["q2"].status == "passed"
    assert notes[0].startswith("run 1: cell 2 (id bad-0) ran past the time limit or stopped the kernel")
    assert incidents == [CellIncident(1, 2, 2, "bad-0", "import os, signal", "kernel_died", "skipped on the rerun")]


def test_a_stop_on_the_last_run_says_the_checks_after_it_were_not_graded(monkeypatch):
    ref, nb = toy("import time\ntime.sleep(1000)")
    restored, check_at, _ = grading.restore_checks(nb, ref)
    instrumented, by_number = grading.instrument(restored, check_at, "00", GradeSettings())
    stopped = junit((0, "", ""), (1, "", ""), (2, "failure", "Timeout of 130 seconds exceeded executing cell"),
                    (3, "skipped", "Previous cell timed out"))
    monkeypatch.setattr(grading, "run_once", lambda *a, **k: (RunOutcome(stopped, 1, "", 0.0), {}))
    _, count, _, incidents = grading.settle(instrumented, by_number, ref, GradeSettings(max_runs=1), "/nowhere")
    assert count == 1 and [i.kind for i in incidents] == ["wall_timeout"]
    assert incidents[0].action.startswith("not run again: the limit of 1 runs was reached")
    assert incidents[0].position is None  # no place given: the reports say "code cell N"
    assert describe(incidents[0]).startswith("code cell 2 (id bad-0: `import time`)")


def test_classify_tells_each_kind_and_ignores_ordinary_errors():
    assert classify("failed", "#x1B[31mCellTimeout#x1B[39m: this cell used more than 1 s") == "cpu_timeout"
    assert classify("failed", "RuntimeError: os._exit() is disabled while grading (it would stop the kernel)") == "exit"
    assert classify("failed", "SystemExit: 1") == "exit"
    assert classify("failed", "MemoryError: ") == "memory"
    assert classify("stopped", "Timeout of 12 seconds exceeded executing cell") == "wall_timeout"
    assert classify("stopped", "Kernel died") == "kernel_died"
    assert classify("failed", "ValueError: plain") is None and classify("passed", "") is None


@given(st.text(max_size=200))
def test_hostile_first_lines_stay_on_one_line_in_every_report(text):
    incident = CellIncident(1, 2, 3, "c", text[:80], "memory", "the cell stopped; the cells after it ran")
    g = SubmissionGrade("ana", "00", "00_x.ipynb", [CheckResult("q1", 0, 1, "failed", "x")], incidents=[incident])
    line = describe(incident)
    assert "\n" not in line and "\r" not in line and "ran out of memory" in line and line.count("`") == 2
    feedback = feedback_markdown(g)
    section = feedback.split("## Cells the grader stopped or skipped")[1].split("**Flagged")[0]
    assert [l for l in section.splitlines() if l.startswith("- ")] == [f"- {line}"]
    assert "\x00" not in feedback and "\x1b" not in feedback


def test_review_reasons_cover_tampering_grader_errors_and_incidents():
    g = SubmissionGrade("ana", "00", "00_x.ipynb",
                        [CheckResult("q1", 0, 1, "failed", "wrong answer. Flagged for review: print was replaced."),
                         CheckResult("q2", 0, 1, "error", "not graded: the grader failed (OSError).")],
                        ["2 extra copy(ies) of check cells ignored", "grader error: boom", "format 3; converted"],
                        incidents=[CellIncident(1, 2, 3, "loop", "while 1: pass", "cpu_timeout", "stopped")])
    assert review_reasons(g) == ["check cells: 2 extra copy(ies) of check cells ignored", "grader error: boom",
                                 "tampering: print was replaced", "grader error",
                                 "ran past the time limit (CPU time): cell id loop"]


def test_incidents_survive_the_grading_cache(tmp_path):
    incident = CellIncident(1, 2, 3, "loop", "while 1: pass", "cpu_timeout", "stopped", "")
    g = SubmissionGrade("ana", "00", "00_x.ipynb", [CheckResult("q1", 1, 1, "passed")], incidents=[incident])
    path = tmp_path / "cache.json"
    grading._save_cached(path, "k", g)
    assert grading._load_cached(path, "k").incidents == [incident]


def test_the_gradebook_keeps_its_columns_and_adds_review_and_cells_stopped():
    out = tempfile.mkdtemp()
    g = SubmissionGrade("ana", "00", "00_x.ipynb", [CheckResult("q1", 1, 1, "passed")],
                        incidents=[CellIncident(1, 2, 3, "loop", "while 1: pass", "cpu_timeout", "stopped")])
    write_reports(out, [g], ["00"])
    with open(f"{out}/gradebook.csv", encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        rows = list(reader)
    assert reader.fieldnames[:14] == ["student", "lab", "check", "points", "max_points", "status", "detail",
                                      "source_file", "matched_by", "late", "attempt", "lms", "lms_id", "lms_name"]
    assert rows[0]["review"] == "ran past the time limit (CPU time): cell id loop"
    assert rows[0]["cells_stopped"].startswith("cell 3 (id loop: `while 1: pass`)")

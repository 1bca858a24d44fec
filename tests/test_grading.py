# SPDX-FileCopyrightText: 2026 The Open Source AI Lab Kit authors
# SPDX-License-Identifier: MIT
"""The grader: each pipeline step on its own, then whole runs on planted submissions (real kernels, real nbval)."""

from __future__ import annotations

import copy
import csv
import hashlib
import io
import json
import os
import re
import subprocess
import sys
import time
import xml.etree.ElementTree as ET
from pathlib import Path

import nbformat
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from osai import grading
from osai.grading import _isolate, kernel
from osai.grading import (
    CellOutcome,
    CheckResult,
    GradeSettings,
    GradingError,
    NotebookError,
    SubmissionGrade,
    feedback_markdown,
    find_submissions,
    graded_check_source,
    gradebook_rows,
    instrument,
    junit_report,
    lab_of,
    load_notebook,
    load_references,
    read_junit,
    read_records,
    restore_checks,
    score,
    summary_rows,
    write_reports,
)

ROOT = Path(__file__).resolve().parent.parent
SOLUTIONS = ROOT / "solutions"
LAB00 = "00_orientation.ipynb"
NAMES = {"00": LAB00}


# ---------------------------------------------------------------------------------------------
# Helpers


def solution() -> nbformat.NotebookNode:
    return nbformat.read(SOLUTIONS / LAB00, as_version=4)


def lab() -> nbformat.NotebookNode:
    return nbformat.read(ROOT / "labs" / LAB00, as_version=4)


def cell(nb, cid):
    return next(c for c in nb.cells if c.get("id") == cid)


def index_of(nb, cid) -> int:
    return next(i for i, c in enumerate(nb.cells) if c.get("id") == cid)


def set_source(nb, cid, source):
    cell(nb, cid).source = source
    return nb


def insert_after(nb, cid, source, new_id):
    new = nbformat.v4.new_code_cell(source)
    new.id = new_id
    nb.cells.insert(index_of(nb, cid) + 1, new)
    return nb


def reference():
    return load_references(SOLUTIONS, ["00"])["00"]


def qids_in_order(nb, check_at):
    return [check_at[i] for i in sorted(check_at)]


def write_nb(path: Path, nb) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, path, version=4)
    return path


def digest_tree(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


# ---------------------------------------------------------------------------------------------
# Step 1: find submissions


def test_lab_of_matches_exact_names_and_copies_only():
    assert lab_of("00_orientation.ipynb", NAMES) == "00"
    assert lab_of("00_orientation (1).ipynb", NAMES) == "00"
    assert lab_of("00_orientation-Copy1.ipynb", NAMES) == "00"
    assert lab_of("00_orientationx.ipynb", NAMES) is None
    assert lab_of("01_what_makes_ai_open.ipynb", NAMES) is None
    assert lab_of("00_orientation.py", NAMES) is None


@given(st.text(max_size=40))
def test_lab_of_never_raises(name):
    assert lab_of(name, NAMES) in (None, "00")


def test_find_submissions_handles_odd_names_duplicates_and_hidden_folders(tmp_path):
    nb = lab()
    write_nb(tmp_path / "Zoë Ödegaard" / LAB00, nb)
    write_nb(tmp_path / "bo b" / LAB00, nb)
    write_nb(tmp_path / "bo b" / "00_orientation (1).ipynb", nb)
    newer = write_nb(tmp_path / "cy" / "00_orientation-Copy2.ipynb", nb)
    older = write_nb(tmp_path / "cy" / "00_orientation-Copy1.ipynb", nb)
    os.utime(older, (time.time() - 100, time.time() - 100))
    write_nb(tmp_path / "cy" / ".ipynb_checkpoints" / "00_orientation-checkpoint.ipynb", nb)
    write_nb(tmp_path / ".hidden" / LAB00, nb)
    write_nb(tmp_path / "dee" / "notes.ipynb", nbformat.v4.new_notebook())  # no lab id, no lab name
    (tmp_path / "loose.ipynb").write_text("{}")
    found = find_submissions(tmp_path, NAMES)
    assert [(s.student, s.path.name) for s in found] == [
        ("Zoë Ödegaard", LAB00), ("bo b", LAB00), ("cy", newer.name)]
    assert found[0].notes == ()
    assert "exact lab name" in found[1].notes[0] and "00_orientation (1).ipynb" in found[1].notes[0]
    assert "newest" in found[2].notes[0] and older.name in found[2].notes[0]


def test_find_submissions_needs_a_folder(tmp_path):
    with pytest.raises(GradingError, match="submissions folder not found"):
        find_submissions(tmp_path / "nope", NAMES)


# ---------------------------------------------------------------------------------------------
# Step 2: references


def test_reference_lists_every_check_of_the_solution_with_its_points_and_output():
    ref = reference()
    nb = solution()
    expected = [(c.metadata["nbgrader"]["grade_id"], c.metadata["nbgrader"]["points"], c.id)
                for c in nb.cells if "check" in c.metadata.get("tags", [])]
    assert [(c.qid, c.points, c.cell_id) for c in ref.checks] == expected
    assert ref.max_points == sum(p for _, p, _ in expected)
    for spec in ref.checks:
        assert spec.outputs[0]["text"].startswith(f"✅ {spec.qid} passed")


def test_references_fail_clearly(tmp_path):
    with pytest.raises(GradingError, match="solutions folder not found"):
        load_references(tmp_path / "missing")
    with pytest.raises(GradingError, match="no solution notebooks"):
        load_references(tmp_path)
    with pytest.raises(GradingError, match=r"no solution for lab\(s\) 42.*labs with solutions: 00"):
        load_references(SOLUTIONS, ["42"])
    unrun = solution()
    for c in unrun.cells:
        if c.cell_type == "code":
            c.outputs = []
    write_nb(tmp_path / LAB00, unrun)
    with pytest.raises(GradingError, match="no reference output"):
        load_references(tmp_path)


def test_grading_never_imports_content_modules():
    code = ("import sys, osai.grading as g; g.load_references('solutions', ['00']); "
            "bad = [m for m in sys.modules if m.startswith('osai.') and not m.startswith('osai.grading.') and m not in "
            "('osai._offline', 'osai.grading', 'osai.build', 'osai.checks', 'osai.written')]; print(bad)")
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


def test_import_of_grading_needs_only_the_standard_library():
    # what keeps `import osai.grading` fast (its time is in benchmarks/RESULTS.md): no third-party module at import
    code = ("import sys, json; before = set(sys.modules); import osai.grading; "
            "print(json.dumps(sorted({m.split('.')[0] for m in set(sys.modules) - before})))")
    loaded = json.loads(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout)
    third_party = [m for m in loaded if m not in sys.stdlib_module_names and m != "osai"]
    assert third_party == []


def test_kernel_side_is_one_small_module_that_imports_only_the_standard_library():
    # Each graded check re-imports this module in the student's kernel: it stays small and self-contained.
    import ast

    path = Path(kernel.__file__)
    assert kernel.FRESH_MODULES[0] == "osai.grading.kernel" and len(path.read_text().splitlines()) < 200
    tree = ast.parse(path.read_text(encoding="utf-8"))
    imported = {alias.name.split(".")[0] for node in ast.walk(tree) if isinstance(node, ast.Import)
                for alias in node.names}
    imported |= {node.module.split(".")[0] for node in ast.walk(tree)
                 if isinstance(node, ast.ImportFrom) and node.module and node.level == 0}
    assert imported - sys.stdlib_module_names == {"IPython"}  # the kernel's own, imported inside functions
    source = graded_check_source('check("q1", x)', "00")
    assert "from osai.grading.kernel import kernel_check" in source


def test_isolate_reads_its_arguments_and_explains_bad_ones():
    plan = _isolate.parse_args(["/w/run-1/box", "/w/run-1/private", "/s", "/t", "--", "/usr", "--", "pytest", "-q"])
    assert plan == _isolate.Plan("/w/run-1/box", "/w/run-1/private", ["/s", "/t"], ["/usr"], ["pytest", "-q"])
    assert _isolate.parse_args(["/b", "/p", "--", "--", "true"]).hidden == []
    bad = [([], "two '--' separators, got 0"), (["/b", "/p", "--", "true"], "got 1"),
           (["/b", "--", "--", "true"], "BOX and PRIVATE before"), (["/b", "/p", "--", "--"], "a command after"),
           (["b", "p", "--", "--", "true"], "absolute paths")]
    for argv, message in bad:
        with pytest.raises(_isolate.UsageError, match=re.escape(message)):
            _isolate.parse_args(argv)
    # as the grader starts it, but with bad arguments: exit 2 and the usage, before touching any mount
    done = subprocess.run([sys.executable, "-m", "osai.grading._isolate", "box", "--", "true"],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 2 and "usage: python -m osai.grading._isolate" in done.stderr
    assert _isolate.writable_mounts("1 0 8:1 / / rw - ext4 /dev/sda1 rw\n2 1 0:4 / /tmp rw - tmpfs t rw\n"
                                    "3 1 0:5 / /proc rw - proc proc rw\n") == ["/", "/tmp"]


# ---------------------------------------------------------------------------------------------
# Step 3: load and repair


def test_load_notebook_rejects_what_is_not_a_notebook():
    for data, message in ((b"", "empty"), (b"   \n", "empty"), (b"{not json", "not valid JSON"),
                          (b"[1, 2]", "not a notebook"), (b'{"cells": []}', "not a notebook"),
                          (b"\xff\xfe\x00", "not UTF-8"), (b'{"nbformat": 2, "cells": []}', "version 2")):
        with pytest.raises(NotebookError, match=message):
            load_notebook(data)


def test_load_notebook_converts_format_3_and_repairs_ids():
    nb3 = nbformat.writes(nbformat.convert(solution(), 3), version=3).encode()
    nb, notes = load_notebook(nb3)
    assert nb.nbformat == 4 and len(nb.cells) == len(solution().cells)
    assert any("format 3" in n for n in notes)
    assert all(c.cell_type != "code" or (c.outputs == [] and c.execution_count is None) for c in nb.cells)
    ids = [c.id for c in nb.cells]
    assert len(set(ids)) == len(ids)
    nbformat.validate(nb)


def test_load_notebook_renames_duplicate_ids_and_keeps_good_ones():
    raw = json.loads(nbformat.writes(solution()))
    raw["cells"].append(copy.deepcopy(raw["cells"][2]))
    raw["cells"][0]["id"] = "not a valid id!"
    fixed, notes = load_notebook(json.dumps(raw))
    ids = [c.id for c in fixed.cells]
    assert len(set(ids)) == len(ids)
    assert ids[1:-1] == [c.id for c in solution().cells][1:]
    assert notes and "no usable id" in notes[-1]


@settings(max_examples=60, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(st.binary(max_size=200), st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=10),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.sampled_from(
        ["cells", "nbformat", "nbformat_minor", "metadata", "cell_type", "source", "id", "outputs"]), inner, max_size=5),
    max_leaves=20).map(lambda v: json.dumps(v).encode())))
def test_load_notebook_only_ever_raises_notebook_error(data):
    try:
        nb, notes = load_notebook(data)
    except NotebookError:
        return
    assert isinstance(nb.cells, list) and isinstance(notes, list)


# ---------------------------------------------------------------------------------------------
# Step 4: restore the reference check cells


def test_restore_on_an_untouched_lab_keeps_cells_in_reference_order():
    ref = reference()
    nb, _ = load_notebook(nbformat.writes(lab()))
    before = nbformat.writes(nb)
    restored, check_at, notes = restore_checks(nb, ref)
    assert nbformat.writes(nb) == before  # the input is not modified
    assert [c.id for c in restored.cells] == [c.id for c in lab().cells]
    assert qids_in_order(restored, check_at) == [c.qid for c in ref.checks]
    assert notes == []
    for i, qid in check_at.items():
        assert restored.cells[i].outputs[0]["text"].startswith(f"✅ {qid} passed")


def test_restore_undoes_edited_deleted_moved_duplicated_and_markdown_check_cells():
    ref = reference()
    nb = lab()
    set_source(nb, "q1-check", 'print("✅ q1 passed (1/1)")')
    nb.cells.pop(index_of(nb, "q2-check"))
    moved = nb.cells.pop(index_of(nb, "q3-check"))
    nb.cells.insert(0, moved)
    duplicate = copy.deepcopy(cell(nb, "q4-check"))
    duplicate.id = "q4-copy"
    nb.cells.append(duplicate)
    q5 = cell(nb, "q5-check")
    q5.cell_type = "markdown"
    del q5["outputs"], q5["execution_count"]
    insert_after(nb, "q2-answer", 'print("✅ q2 passed (1/1)")', "fake-check")
    loaded, _ = load_notebook(nbformat.writes(nb))
    restored, check_at, notes = restore_checks(loaded, ref)
    assert qids_in_order(restored, check_at) == [spec.qid for spec in ref.checks]
    ids = [c.id for c in restored.cells]
    for spec in ref.checks:
        assert ids.count(spec.cell_id) == 1
        position = ids.index(spec.cell_id)
        assert restored.cells[position].source == spec.source
        assert restored.cells[position].cell_type == "code"
        answer = f"{spec.qid}-answer"
        assert ids.index(answer) < position  # after its own answer cell
    assert ids.index("fake-check") < ids.index("q2-check")  # student cells stay; the fake is ordinary code
    assert "fake-check" in ids and "q4-copy" not in ids
    joined = " | ".join(notes)
    assert "q1 had been edited" in joined and "q2 was missing" in joined
    assert "q5 had been turned into markdown" in joined and "extra copy" in joined


def test_restore_places_checks_by_text_when_ids_are_missing():
    ref = reference()
    nb = solution()
    for c in nb.cells:
        c.pop("id", None)
    nb.nbformat_minor = 4
    loaded, _ = load_notebook(nbformat.writes(nb, version=4).encode())
    restored, check_at, _ = restore_checks(loaded, ref)
    code = [c.source for c in restored.cells]
    for i, qid in check_at.items():
        answer_source = cell(solution(), f"{qid}-answer").source
        assert code[i - 1] == answer_source


def test_restore_appends_checks_when_nothing_matches():
    ref = reference()
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell("x = 1")]
    restored, check_at, notes = restore_checks(nb, ref)
    assert sorted(check_at) == list(range(1, 1 + len(ref.checks)))
    assert len(notes) == len(ref.checks)


# ---------------------------------------------------------------------------------------------
# Step 5: instrument


def test_graded_check_source_rewrites_only_check_calls():
    source = graded_check_source('check("q3", bad_rate)', "07")
    compile(source, "cell", "exec")
    assert source.splitlines()[-1] == "_osai_kernel_check('07', 'q3', lambda: bad_rate)"
    assert "del _osai_sys.modules[_osai_m]" in source
    bare = graded_check_source('x = 2\ncheck("q1")\nprint(x)', "00")
    assert "_osai_kernel_check('00', 'q1', lambda: ...)" in bare and "print(x)" in bare
    assert "check(" not in bare.replace("kernel_check", "")
    with pytest.raises(SyntaxError):
        graded_check_source("check(", "00")


def test_instrument_adds_the_setup_cell_and_marks_only_checks():
    ref = reference()
    nb = lab()
    cell(nb, "plot").metadata["tags"] = ["nbval-check-output"]
    set_source(nb, "q2-answer", "# NBVAL_CHECK_OUTPUT\nn_bad = ...")
    loaded, _ = load_notebook(nbformat.writes(nb))
    restored, check_at, _ = restore_checks(loaded, ref)
    graded, by_number = instrument(restored, check_at, "00", GradeSettings(timeout=7))
    assert graded.cells[0].id == grading.PRELUDE_ID and "timeout=7.0" in graded.cells[0].source
    code = [c for c in graded.cells if c.cell_type == "code"]
    assert sorted(by_number.values()) == sorted(c.qid for c in ref.checks)
    for number, c in enumerate(code):
        marked = ("nbval-check-output" in c.metadata.get("tags", [])
                  or re.search(r"(?m)^\s*#\s*NBVAL_CHECK_OUTPUT", c.source) is not None)
        assert marked == (number in by_number)
        if number in by_number:
            assert c.execution_count and c.outputs and f"'{by_number[number]}'" in c.source
    nbformat.validate(graded)


# ---------------------------------------------------------------------------------------------
# Step 8: read the results


JUNIT = """<?xml version="1.0" encoding="utf-8"?><testsuites><testsuite name="pytest">
<testcase classname="submission.ipynb" name="submission.ipynb::Cell 0" time="1"/>
<testcase classname="submission.ipynb" name="Cell 1"><failure message="Cell outputs differ">diff</failure></testcase>
<testcase classname="submission.ipynb" name="Cell 2"><failure message="x">Cell 2: Timeout of 13 seconds exceeded while executing cell</failure></testcase>
<testcase classname="submission.ipynb" name="Cell 3"><skipped type="pytest.xfail" message="Previous cell timed out, expected cell to fail"/></testcase>
<testcase classname="submission.ipynb" name="Cell 4"><error message="RuntimeError: Kernel dead on test start"/></testcase>
<testcase classname="other" name="not a cell"/>
</testsuite></testsuites>"""


def test_read_junit_maps_each_cell_to_an_outcome():
    outcomes = read_junit(JUNIT)
    assert {n: o.outcome for n, o in outcomes.items()} == {
        0: "passed", 1: "failed", 2: "stopped", 3: "skipped", 4: "stopped"}
    assert read_junit("") == {} and read_junit("<not xml") == {}


def test_read_records_keeps_the_last_line_per_check():
    text = '{"qid": "q1", "status": "failed"}\n{"qid": "q1", "status": "passed"}\n[1]\n{"qid": 3}\n'
    assert read_records(text) == {"q1": {"qid": "q1", "status": "passed"}}


def test_score_uses_nbval_for_points_and_records_for_details():
    ref = reference()
    by_number = {2: "q1", 4: "q2", 6: "q3", 9: "q4", 12: "q5"}
    outcomes = {0: CellOutcome("passed"), 2: CellOutcome("passed"), 4: CellOutcome("failed", "differ"),
                6: CellOutcome("failed", "differ"), 8: CellOutcome("stopped", "Timeout"),
                9: CellOutcome("skipped"), 12: CellOutcome("skipped")}
    records = {"q1": {"qid": "q1", "status": "passed", "flags": ["print was replaced"]},
               "q2": {"qid": "q2", "status": "not_attempted", "detail": ""},
               "q3": {"qid": "q3", "status": "failed", "detail": "on a group of three rows the rate is 2/3."}}
    results, culprit = score(ref, by_number, outcomes, records)
    assert culprit == 8
    assert set(results) == {"q1", "q2", "q3"}
    points = {c.qid: c.points for c in ref.checks}
    assert results["q1"] == CheckResult("q1", points["q1"], points["q1"], "passed",
                                        "Flagged for review: print was replaced.")
    assert results["q2"].status == "not_attempted" and results["q2"].points == 0
    assert results["q3"].status == "failed" and "2/3" in results["q3"].detail
    slow, culprit = score(ref, {2: "q1", 4: "q2"}, {2: CellOutcome("passed"), 3: CellOutcome("passed"),
                                                    4: CellOutcome("skipped")}, {})
    assert culprit == 3 and set(slow) == {"q1"}
    faked = {"q2": {"qid": "q2", "status": "passed"}}
    results, _ = score(ref, {4: "q2"}, {4: CellOutcome("failed", "differ")}, faked)
    assert results["q2"].points == 0 and "review" in results["q2"].detail
    results, _ = score(ref, {4: "q2"}, {4: CellOutcome("failed", "Cell execution caused an exception\n"
                                                                "NameError: name 'x' is not defined")}, {})
    assert results["q2"].detail == "NameError: name 'x' is not defined"


# ---------------------------------------------------------------------------------------------
# Step 9: reports


def sample_grades():
    return [
        SubmissionGrade("ana", "00", LAB00, [CheckResult("q1", 1, 1, "passed"),
                                             CheckResult("q2", 0, 2, "failed", "not the | number.")], ["a note"]),
        SubmissionGrade("Zoë", "00", LAB00, [CheckResult("q1", 0, 1, "not_attempted", "not attempted."),
                                             CheckResult("q2", 0, 2, "timeout", "CellTimeout: too long")]),
    ]


def test_reports_have_the_documented_columns_and_totals(tmp_path):
    grades = sample_grades()
    write_reports(tmp_path, grades, ["00"])
    with open(tmp_path / "gradebook.csv", encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert list(rows[0]) == list(grading.GRADEBOOK_FIELDS)
    assert [(r["student"], r["check"], r["points"], r["status"]) for r in rows] == [
        ("Zoë", "q1", "0", "not_attempted"), ("Zoë", "q2", "0", "timeout"),
        ("ana", "q1", "1", "passed"), ("ana", "q2", "0", "failed")]
    with open(tmp_path / "summary.csv", encoding="utf-8", newline="") as handle:
        summary = list(csv.DictReader(handle))
    assert [{k: r[k] for k in ("student", "lab00", "total", "max_total")} for r in summary] == [
        {"student": "Zoë", "lab00": "0", "total": "0", "max_total": "3"},
        {"student": "ana", "lab00": "1", "total": "1", "max_total": "3"}]
    assert list(summary[0])[4:] == ["lab00_max", "lab00_submitted", "lab00_sha256", "lab00_version"]
    assert summary[1]["lab00_max"] == "3"
    feedback = (tmp_path / "feedback" / "ana" / "00_orientation.md").read_text(encoding="utf-8")
    assert "**Score: 1 / 3**" in feedback and "not the \\| number." in feedback and "- a note" in feedback
    suite = ET.parse(tmp_path / "junit" / "Zoë" / "00_orientation.xml").getroot().find("testsuite")
    assert (suite.get("tests"), suite.get("failures"), suite.get("skipped")) == ("2", "1", "1")
    first = digest_tree(tmp_path)
    write_reports(tmp_path, grades, ["00"])
    assert digest_tree(tmp_path) == first


def test_summary_counts_only_the_labs_asked_for():
    header, rows = summary_rows(sample_grades(), ["00", "01"])
    assert header == ["student", "lab00", "lab01", "total", "max_total"]
    assert rows[1]["lab01"] == 0 and rows[1]["total"] == 1


def test_feedback_and_junit_escape_hostile_details():
    nasty = SubmissionGrade("x", "00", LAB00, [CheckResult("q1", 0, 1, "failed", '<script>"&\x1b| ]]>')])
    ET.fromstring(junit_report(nasty).split("\n", 1)[1])
    assert "<script>" in feedback_markdown(nasty)  # Markdown shows it as text; it is the check's message
    assert gradebook_rows([nasty])[0]["detail"] == '<script>"&\x1b| ]]>'


@given(st.text(min_size=1, max_size=30))
def test_safe_name_never_escapes_the_folder(name):
    cleaned = grading.safe_name(name)
    assert "/" not in cleaned and "\\" not in cleaned and cleaned not in (".", "..", "")


# ---------------------------------------------------------------------------------------------
# Inside the kernel (run here in-process, without IPython)


@pytest.fixture
def keep_osai_modules():
    """kernel_check re-imports osai.checks; put the modules this test session uses back afterwards."""
    saved = {name: module for name, module in sys.modules.items() if name == "osai" or name.startswith("osai.")}
    yield
    for name in [m for m in sys.modules if m.startswith("osai.")]:
        del sys.modules[name]
    sys.modules.update(saved)
    for name, module in saved.items():
        parent, _, child = name.rpartition(".")
        if parent in saved:
            setattr(saved[parent], child, module)


@pytest.mark.usefixtures("keep_osai_modules")
def test_kernel_check_prints_one_line_and_records_it(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delitem(sys.modules, kernel._STATE_MODULE, raising=False)
    grading.kernel_check("00", "q2", lambda: ...)
    grading.kernel_check("00", "q2", lambda: -5)
    grading.kernel_check("00", "q2", lambda: undefined_name)  # noqa: F821
    grading.kernel_check("00", "q2", lambda: 1 / 0)
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "⏳ q2 not attempted yet"
    assert lines[1].startswith("❌ q2 failed: ")
    assert "undefined_name" in lines[2] and "run the cell that defines it" in lines[2]
    assert "ZeroDivisionError" in lines[3]
    records = [json.loads(l) for l in (tmp_path / grading.RECORD_FILE).read_text().splitlines()]
    assert [r["status"] for r in records] == ["not_attempted", "failed", "failed", "failed"]
    assert records[0]["flags"] == ["the grader's set-up was removed from the kernel"]


@pytest.mark.usefixtures("keep_osai_modules")
def test_kernel_check_discards_what_the_learner_prints(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)

    def noisy(frame, column, value):
        print("debugging...")
        print("warning", file=sys.stderr)
        raise NotImplementedError

    grading.kernel_check("00", "q3", lambda: noisy)
    captured = capsys.readouterr()
    assert captured.out == "⏳ q3 not attempted yet\n" and captured.err == ""


@pytest.mark.usefixtures("keep_osai_modules")
def test_kernel_check_runs_hidden_cases_after_a_visible_pass_only(tmp_path, capsys, monkeypatch):
    import types

    monkeypatch.chdir(tmp_path)
    state = types.SimpleNamespace(stdout=sys.stdout, stderr=sys.stderr, record=str(tmp_path / "r.jsonl"), flags=[],
                                  last={}, print=print, import_=__import__, timeout=5.0,
                                  before=lambda: None, after=lambda: None)
    monkeypatch.setitem(sys.modules, kernel._STATE_MODULE, state)
    monkeypatch.setattr("builtins.print", state.print)

    def bad_rate(frame, column, value):
        group = frame[frame[column] == value]
        if len(group) == 0:
            raise ValueError(value)
        return float((group["credit_risk"] == "bad").mean())

    cases = [("a kind of case", (None, "g", "x"), 1.0)]
    grading.kernel_check("00", "q3", lambda: bad_rate, lambda: cases)  # the visible check has not run: nothing
    grading.kernel_check("00", "q3", lambda: bad_rate)
    grading.kernel_check("00", "q3", lambda: bad_rate, lambda: [])  # no case fails: nothing
    grading.kernel_check("00", "q3", lambda: bad_rate, lambda: cases)
    assert capsys.readouterr().out.splitlines() == [
        "✅ q3 passed (3/3)", "❌ q3 failed: a hidden test did not pass (a kind of case: TypeError raised)"]
    assert read_records((tmp_path / "r.jsonl").read_text())["q3"]["detail"] == (
        "a hidden test did not pass (a kind of case: TypeError raised)")


@pytest.mark.usefixtures("keep_osai_modules")
def test_kernel_check_refuses_the_kits_implementation_under_any_name(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delitem(sys.modules, kernel._STATE_MODULE, raising=False)
    from osai.privacy import luhn_valid as mine

    grading.kernel_check("04", "q1", lambda: mine)
    grading.kernel_check("04", "q1", lambda: lambda number: mine(number))
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("❌ q1 failed: your answer is osai's luhn_valid itself;")
    assert lines[1].startswith("❌ q1 failed: your function calls osai's luhn_valid;")


def test_capped_stream_cuts_long_output():
    sink = io.StringIO()
    stream = kernel._CappedStream(sink, 10)
    stream.write("12345")
    stream.write("67890abc")
    stream.write("more")
    assert sink.getvalue().startswith("1234567890\n[osai grade: output of this cell cut at 10 characters]")
    assert sink.getvalue().count("cut at") == 1
    stream.reset()
    stream.write("ok")
    assert sink.getvalue().endswith("ok")


def test_from_notebook_tells_cell_functions_from_module_functions():
    assert not kernel._from_notebook(grading.load_notebook)
    fake = eval(compile("lambda: 1", "/tmp/ipykernel_12/345.py", "eval"))  # noqa: S307 - a test value
    assert kernel._from_notebook(fake)
    assert not kernel._from_notebook(len)


# ---------------------------------------------------------------------------------------------
# End to end: planted submissions, real kernels, real nbval


TIMEOUT = 10.0  # seconds of CPU time per cell: loading MiniLM takes about 3 to 6


def answers_from_solution(nb, qids):
    sol = solution()
    for qid in qids:
        set_source(nb, f"{qid}-answer", cell(sol, f"{qid}-answer").source)
    return nb


HOSTILE = "\n".join([
    "import glob, os, socket",
    "targets = TARGETS",
    "leaks = []",
    "for pattern in ['../*', '../*/*', '../../*', '/tmp/*/*/*.ipynb', '/tmp/*/*/*/*/*/*.ipynb', targets['repo'] + '/*/*.ipynb',",
    "                targets['solutions'] + '/*', targets['subs'] + '/*/*', targets['tmp'] + '/*/*']:",
    "    leaks += [p for p in glob.glob(pattern) if p.endswith('.ipynb') and not p.endswith('submission.ipynb')]",
    "for path in (targets['repo'] + '/.git/HEAD', targets['repo'] + '/Makefile'):  # may exist, but empty",
    "    if os.path.isfile(path) and open(path).read():",
    "        leaks.append(path)",
    "for path in (targets['other'], targets['solutions'] + '/00_orientation.ipynb'):",
    "    try:",
    "        leaks.append(open(path).read()[:10])",
    "    except OSError:",
    "        pass",
    "for folder in (targets['subs'], targets['solutions'], targets['out'], targets['tmp'], targets['repo'], '/tmp'):",
    "    try:",
    "        with open(os.path.join(folder, 'pwned.txt'), 'w') as handle:",
    "            handle.write('x')",
    "        leaks.append('wrote in ' + folder)",
    "    except OSError:",
    "        pass",
    "try:",
    "    with open(targets['other'], 'a') as handle:",
    "        handle.write('tampered')",
    "    leaks.append('appended to another submission')",
    "except OSError:",
    "    pass",
    "try:",
    "    socket.create_connection(('1.1.1.1', 53), timeout=2).close()",
    "    leaks.append('network')",
    "except OSError:",
    "    pass",
    "print(sorted(leaks))",
    'n_bad = int((credit["credit_risk"] == "bad").sum()) if not leaks else -1',
])


def planted(tmp: Path, out: Path) -> dict[str, Path]:
    """Write the planted class; return {student: notebook path}."""
    subs = tmp / "submissions"
    paths: dict[str, Path] = {}

    paths["untouched"] = write_nb(subs / "untouched" / LAB00, lab())

    partial = answers_from_solution(lab(), ["q1", "q2"])
    set_source(partial, "q3-answer", "def bad_rate(frame, column, value):\n    return 0.25")
    insert_after(partial, "q2-check", 'print("x" * 100_000_000)', "flood")
    paths["partial"] = write_nb(subs / "partial" / LAB00, partial)
    write_nb(subs / "partial" / "00_orientation (1).ipynb", solution())  # a second copy: not graded

    # All correct, saved in the old format 3 (so without cell ids); where namespaces are available it
    # also looks for, reads and writes what it must not reach, and sets a wrong q2 if it succeeds.
    zoe = solution()
    if grading.isolation_available():
        targets = {"solutions": str(SOLUTIONS.resolve()), "subs": str(subs.resolve()), "out": str(out.resolve()),
                   "tmp": str(tmp.resolve()), "other": str(paths["partial"].resolve()), "repo": str(ROOT)}
        set_source(zoe, "q2-answer", HOSTILE.replace("TARGETS", repr(targets)))
    path = subs / "Zoë Ödegaard" / LAB00
    path.parent.mkdir(parents=True)
    path.write_text(nbformat.writes(nbformat.convert(zoe, 3), version=3), encoding="utf-8")
    paths["Zoë Ödegaard"] = path

    chaos = solution()
    set_source(chaos, "q1-answer", cell(chaos, "q1-answer").source + "\nhog = bytearray(64 * 1024**3)")
    set_source(chaos, "q3-answer", cell(chaos, "q3-answer").source.replace(
        '    """Share', '    while column == "g":\n        pass\n    """Share'))
    set_source(chaos, "q4-answer", cell(chaos, "q4-answer").source + "\nimport os\nos._exit(3)")
    paths["chaos"] = write_nb(subs / "chaos" / LAB00, chaos)

    sly = solution()  # right on every case q3's check shows, wrong on a hidden one (a numeric column)
    set_source(sly, "q3-answer", cell(sly, "q3-answer").source.replace("frame[column] == value", "frame[column] == str(value)"))
    paths["sly"] = write_nb(subs / "sly" / LAB00, sly)

    killer = solution()
    set_source(killer, "q4-answer", "import os, signal\nos.kill(os.getpid(), signal.SIGKILL)")
    paths["killer"] = write_nb(subs / "killer" / LAB00, killer)

    tamper = solution()
    set_source(tamper, "q1-answer", 'supported = "mars"')
    set_source(tamper, "q1-check", 'print("✅ q1 passed (1/1)")')
    tamper.cells.pop(index_of(tamper, "q2-check"))
    tamper.cells.insert(0, tamper.cells.pop(index_of(tamper, "q3-check")))
    dup = copy.deepcopy(cell(tamper, "q4-check"))
    dup.id = "q4-again"
    tamper.cells.insert(index_of(tamper, "q4-check") + 1, dup)
    md = cell(tamper, "q5-check")
    md.cell_type = "markdown"
    del md["outputs"], md["execution_count"]
    set_source(tamper, "q5-answer", cell(lab(), "q5-answer").source)  # the lab's placeholder: not attempted
    insert_after(tamper, "q5-answer", 'print("✅ q5 passed (2/2)")', "imitation")
    insert_after(tamper, "setup", "\n".join([  # and try to fake passes by monkeypatching
        "import builtins, osai.checks",
        "_real_print = builtins.print",
        "builtins.print = lambda *a, **k: _real_print(*[str(x).replace('❌', '✅').replace('⏳', '✅') for x in a], **k)",
        "osai.checks.matches = lambda *a, **k: True",
        "osai.checks.Lab.evaluate = lambda self, qid, value: osai.checks.Result(",
        "    self.lab, qid, 'passed', self.exercises[qid].points, self.exercises[qid].points)",
        "check = lambda qid, value=None: _real_print(f'✅ {qid} passed')",
    ]), "cheat")
    paths["tamper"] = write_nb(subs / "tamper" / LAB00, tamper)

    (subs / "notjson").mkdir()
    (subs / "notjson" / LAB00).write_text("this is not { json", encoding="utf-8")
    paths["notjson"] = subs / "notjson" / LAB00
    (subs / "empty").mkdir()
    (subs / "empty" / LAB00).write_bytes(b"")
    paths["empty"] = subs / "empty" / LAB00

    return paths


@pytest.fixture(scope="module")
def graded_class(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("class")
    out = tmp / "graded"
    paths = planted(tmp, out)
    subs = tmp / "submissions"
    before = digest_tree(subs)
    events = []
    start = time.monotonic()
    grades = grading.grade(subs, SOLUTIONS, out, jobs=2, settings=GradeSettings(timeout=TIMEOUT),
                           progress=lambda g, cached: events.append((g.student, cached)))
    seconds = time.monotonic() - start
    return {"tmp": tmp, "subs": subs, "out": out, "paths": paths, "before": before, "grades": grades,
            "events": events, "seconds": seconds}


def by_student(graded_class):
    return {g.student: g for g in graded_class["grades"]}


class Statuses(dict):
    """{qid: status} that shows every detail and note when an assertion on it fails."""

    def __init__(self, grade_):
        super().__init__((r.qid, r.status) for r in grade_.results)
        self.grade = grade_

    def __repr__(self) -> str:
        return f"{dict(self)!r} (details: {[r.detail for r in self.grade.results]}, notes: {self.grade.notes})"


def statuses(grade_):
    return Statuses(grade_)


@pytest.mark.slow
def test_e2e_submissions_on_disk_are_never_modified(graded_class):
    assert digest_tree(graded_class["subs"]) == graded_class["before"]
    assert not list(graded_class["tmp"].rglob("pwned.txt")) and not (ROOT / "pwned.txt").exists()


@pytest.mark.slow
def test_e2e_correct_partial_and_untouched(graded_class):
    grades = by_student(graded_class)
    ref = reference()
    assert grades["Zoë Ödegaard"].points == ref.max_points
    assert set(statuses(grades["Zoë Ödegaard"]).values()) == {"passed"}
    assert set(statuses(grades["untouched"]).values()) == {"not_attempted"}
    partial = grades["partial"]
    assert statuses(partial) == {"q1": "passed", "q2": "passed", "q3": "failed", "q4": "not_attempted",
                                 "q5": "not_attempted"}
    assert "2/3" in next(r.detail for r in partial.results if r.qid == "q3")
    assert any("00_orientation (1).ipynb" in n for n in partial.notes)


@pytest.mark.slow
def test_e2e_hidden_tests_count_in_the_grade_of_record(graded_class):
    sly = by_student(graded_class)["sly"]
    assert statuses(sly) == {"q1": "passed", "q2": "passed", "q3": "failed", "q4": "passed", "q5": "passed"}
    detail = next(r.detail for r in sly.results if r.qid == "q3")
    assert detail == "a hidden test did not pass (a numeric column: ValueError raised)"
    feedback = (graded_class["out"] / "feedback" / "sly" / "00_orientation.md").read_text(encoding="utf-8")
    assert detail in feedback and "pd.DataFrame" not in feedback
    assert not any("edited" in n for n in sly.notes)  # the lab's check cell has no hidden block: not an edit


@pytest.mark.slow
def test_e2e_loops_memory_bombs_and_exit_do_not_stop_the_notebook(graded_class):
    chaos = by_student(graded_class)["chaos"]
    found = statuses(chaos)
    # q3's function loops: stopped inside the kernel ("timeout"), or, on a very busy machine, by
    # nbval's wall-clock limit ("crashed", and the notebook is run again without that check)
    assert found["q3"] in ("timeout", "crashed"), found
    assert {q: v for q, v in found.items() if q != "q3"} == {"q1": "passed", "q2": "passed", "q4": "passed",
                                                             "q5": "passed"}, found


@pytest.mark.slow
def test_e2e_a_killed_kernel_is_rerun_without_the_cell_that_killed_it(graded_class):
    killer = by_student(graded_class)["killer"]
    assert statuses(killer) == {"q1": "passed", "q2": "passed", "q3": "passed", "q4": "failed", "q5": "passed"}
    assert killer.runs == 2
    assert any("stopped the kernel" in n for n in killer.notes)


@pytest.mark.slow
def test_e2e_check_cells_cannot_be_edited_deleted_moved_imitated_or_faked(graded_class):
    tamper = by_student(graded_class)["tamper"]
    assert statuses(tamper) == {"q1": "failed", "q2": "passed", "q3": "passed", "q4": "passed",
                                "q5": "not_attempted"}
    assert all("Flagged for review" in r.detail for r in tamper.results)
    first = tamper.results[0].detail
    assert "print was replaced" in first and "check was redefined" in first and "osai.checks was modified" in first


@pytest.mark.slow
def test_e2e_unreadable_and_old_notebooks(graded_class):
    grades = by_student(graded_class)
    for student in ("notjson", "empty"):
        assert set(statuses(grades[student]).values()) == {"error"}
        assert grades[student].runs == 0
    assert "not valid JSON" in grades["notjson"].results[0].detail
    assert "empty" in grades["empty"].results[0].detail
    assert grades["Zoë Ödegaard"].points == reference().max_points
    assert any("format 3" in n for n in grades["Zoë Ödegaard"].notes)


@pytest.mark.slow
@pytest.mark.skipif(not grading.isolation_available(), reason="needs Linux user namespaces (unshare)")
def test_e2e_nothing_outside_the_sandbox_is_reachable(graded_class):
    zoe = by_student(graded_class)["Zoë Ödegaard"]
    assert statuses(zoe)["q2"] == "passed"  # its q2 answer is wrong if it found, read or wrote anything


@pytest.mark.slow
def test_e2e_reports_cover_every_student_and_check(graded_class):
    out = graded_class["out"]
    with open(out / "gradebook.csv", encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    students = {p.name for p in graded_class["subs"].iterdir()}
    qids = [c.qid for c in reference().checks] + [w.qid for w in reference().written]
    assert {(r["student"], r["check"]) for r in rows} == {(s, q) for s in students for q in qids}
    with open(out / "summary.csv", encoding="utf-8", newline="") as handle:
        summary = {r["student"]: r for r in csv.DictReader(handle)}
    assert summary["Zoë Ödegaard"]["lab00"] == str(reference().max_points)
    for student in students:
        assert (out / "feedback" / student / "00_orientation.md").is_file()
        ET.parse(out / "junit" / student / "00_orientation.xml")
    feedback = (out / "feedback" / "partial" / "00_orientation.md").read_text(encoding="utf-8")
    assert "BEGIN SOLUTION" not in feedback and "bad_rate(frame" not in feedback


@pytest.mark.slow
def test_e2e_second_run_resumes_and_writes_the_same_files(graded_class):
    out = graded_class["out"]
    before = digest_tree(out)
    events = []
    start = time.monotonic()
    grading.grade(graded_class["subs"], SOLUTIONS, out, jobs=2, settings=GradeSettings(timeout=TIMEOUT),
                  progress=lambda g, cached: events.append(cached))
    assert time.monotonic() - start < 10
    assert events and all(events)
    assert digest_tree(out) == before


# ---------------------------------------------------------------------------------------------
# The command


def test_cli_grades_and_exits_zero_whatever_the_scores(tmp_path):
    from typer.testing import CliRunner

    from osai.cli import app

    subs = tmp_path / "subs"
    (subs / "ana").mkdir(parents=True)
    (subs / "ana" / LAB00).write_text("not json", encoding="utf-8")
    runner = CliRunner()
    result = runner.invoke(app, ["grade", str(subs), "--solutions", str(SOLUTIONS), "--jobs", "1"])
    assert result.exit_code == 0, result.output
    assert f"ana/00_orientation.ipynb: 0/{reference().max_points}" in result.output
    assert (tmp_path / "graded" / "gradebook.csv").is_file()
    again = runner.invoke(app, ["grade", str(subs), "--solutions", str(SOLUTIONS), "--out", str(tmp_path / "o2"),
                                "--labs", "0", "--force"])
    assert again.exit_code == 0 and (tmp_path / "o2" / "summary.csv").is_file()


def test_cli_fails_only_when_the_grader_cannot_run(tmp_path):
    from typer.testing import CliRunner

    from osai.cli import app

    runner = CliRunner()
    (tmp_path / "subs").mkdir()
    assert runner.invoke(app, ["grade", str(tmp_path / "nope")]).exit_code == 2
    no_solutions = runner.invoke(app, ["grade", str(tmp_path / "subs"), "--solutions", str(tmp_path / "none")])
    assert no_solutions.exit_code == 2
    bad_lab = runner.invoke(app, ["grade", str(tmp_path / "subs"), "--solutions", str(SOLUTIONS), "--labs", "xx"])
    assert bad_lab.exit_code == 2 and "--labs" in bad_lab.output
    unknown = runner.invoke(app, ["grade", str(tmp_path / "subs"), "--solutions", str(SOLUTIONS), "--labs", "42"])
    assert unknown.exit_code == 2 and "no solution for lab(s) 42" in unknown.output
    blocker = tmp_path / "file"
    blocker.write_text("x")
    unwritable = runner.invoke(app, ["grade", str(tmp_path / "subs"), "--solutions", str(SOLUTIONS),
                                     "--out", str(blocker / "out")])
    assert unwritable.exit_code == 2 and "cannot write" in unwritable.output

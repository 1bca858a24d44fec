# SPDX-FileCopyrightText: 2026 The Open Source AI Lab Kit authors
# SPDX-License-Identifier: MIT
"""Grading across lab versions, re-grading after a fixed check, a term gradebook and kept evidence."""

from __future__ import annotations

import copy
import csv
import shutil
from pathlib import Path

import nbformat
import pytest
from hypothesis import given
from hypothesis import strategies as st

from osai import grading
from osai.build import lab_version
from osai.grading import CheckResult, GradeSettings, SubmissionGrade, checkcode, load_references, restore_checks
from osai.grading.evidence import FailedCell, explain
from osai.grading.term import merge_rows, term_summary
from osai.grading.versions import absent_exercises, removed_checks, version_status

ROOT = Path(__file__).resolve().parent.parent
SOLUTIONS = ROOT / "solutions"
LAB00 = "00_orientation.ipynb"


def solution() -> nbformat.NotebookNode:
    return nbformat.read(SOLUTIONS / LAB00, as_version=4)


def lab() -> nbformat.NotebookNode:
    return nbformat.read(ROOT / "labs" / LAB00, as_version=4)


def ids(nb) -> list[str]:
    return [c.get("id") for c in nb.cells]


def without(nb, *cell_ids):
    new = copy.deepcopy(nb)
    new.cells = [c for c in new.cells if c.get("id") not in cell_ids]
    new.metadata["osai"] = {**new.metadata.get("osai", {}), "version": lab_version(new)}
    return new


def reordered(nb, order):
    new = copy.deepcopy(nb)
    by_id = {c.id: c for c in new.cells}
    new.cells = [by_id[i] for i in order]
    new.metadata["osai"] = {**new.metadata.get("osai", {}), "version": lab_version(new)}
    return new


def reference():
    return load_references(SOLUTIONS, ["00"])["00"]


# ---------------------------------------------------------------------------------------------
# Placing checks, versions (no kernel)


def test_an_older_version_without_an_exercise_is_flagged_not_blamed():
    ref = reference()
    older = without(lab(), "q5-md", "q5-answer", "q5-check")  # made before q5 was added
    assert absent_exercises(older, ref) == ["q5"]
    restored, check_at, notes = restore_checks(older, ref, skip=["q5"])
    assert sorted(check_at.values()) == ["q1", "q2", "q3", "q4"] and "q5-check" not in ids(restored)
    assert not any("q5" in n for n in notes)
    status, version_notes = version_status(older, ref, ["q5"])
    assert status == "older" and "not in your version of the lab: q5" in " ".join(version_notes)
    # the same cells deleted from the current version by the student: graded as usual
    deleted = copy.deepcopy(lab())
    deleted.cells = [c for c in deleted.cells if c.id not in ("q5-md", "q5-answer", "q5-check")]
    assert absent_exercises(deleted, ref) == []


def test_checks_follow_their_answer_cells_in_a_reordered_lab():
    ref = reference()
    order = ids(lab())
    q3 = order[order.index("q3-md"):order.index("q3-check") + 1]
    q2 = order[order.index("q2-md"):order.index("q2-check") + 1]
    swapped = [i for i in order if i not in q2 + q3]
    at = swapped.index("plot")
    swapped[at:at] = q3 + q2  # an older version had q3 before q2
    older = reordered(lab(), swapped)
    restored, check_at, _ = restore_checks(older, ref)
    placed = ids(restored)
    for spec in ref.checks:
        assert placed.index(spec.cell_id) == placed.index(f"{spec.qid}-answer") + 1, spec.qid
    assert version_status(older, ref)[0] == "older"
    assert version_status(lab(), ref) == ("current", [])


def test_a_check_waits_for_the_students_own_cells_after_the_answer():
    nb = lab()
    new = nbformat.v4.new_code_cell("n_bad = 700")
    new.id = "mine"
    nb.cells.insert(ids(nb).index("q2-answer") + 1, new)
    restored, _, _ = restore_checks(nb, reference())
    placed = ids(restored)
    assert placed.index("q2-check") == placed.index("mine") + 1


def test_checks_of_a_removed_exercise_are_named_not_called_extra():
    sol = without(solution(), "q3-answer", "q3-check")
    ref = grading.reference_from_notebook(sol, LAB00)
    restored, check_at, notes = restore_checks(lab(), ref)
    assert "q3" not in check_at.values()
    assert removed_checks(lab().cells, ref) == ["q3"]
    joined = " | ".join(notes)
    assert "q3 are no longer part of this lab" in joined and "extra copy" not in joined


# ---------------------------------------------------------------------------------------------
# The resume key covers the code that checks


def test_a_fixed_verifier_changes_the_key(tmp_path, monkeypatch):
    package = tmp_path / "osai"
    for part in ("exercises", "checks", "grading"):
        shutil.copytree(checkcode.PACKAGE / part, package / part, ignore=shutil.ignore_patterns("__pycache__"))
    ref = reference()
    monkeypatch.setattr(checkcode, "PACKAGE", package)
    before = grading.submission_key(b"nb", ref, GradeSettings())
    assert grading.submission_key(b"nb", ref, GradeSettings()) == before
    lab03 = package / "exercises" / "lab03.py"
    lab03.write_text(lab03.read_text(encoding="utf-8") + "\n# fixed\n", encoding="utf-8")  # another lab: same key
    assert grading.submission_key(b"nb", ref, GradeSettings()) == before
    for changed in ("exercises/lab00.py", "checks/validators.py", "grading/kernel.py"):
        path = package / changed
        path.write_text(path.read_text(encoding="utf-8") + "\n# fixed\n", encoding="utf-8")
        key = grading.submission_key(b"nb", ref, GradeSettings())
        assert key != before, changed
        before = key
    with pytest.raises(ValueError, match="expected a lab number"):
        checkcode.checking_files("3")


# ---------------------------------------------------------------------------------------------
# A term gradebook


def grade_of(student, lab_number, points, max_points=2):
    return SubmissionGrade(student, lab_number, f"{lab_number}_x.ipynb",
                           [CheckResult("q1", points, max_points, "passed" if points else "failed")],
                           lab_version="current", submitted="2026-11-30T10:00:00Z", sha256="ab" * 32)


def read_csv(path):
    with open(path, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_two_runs_for_different_labs_make_one_term_gradebook(tmp_path):
    grading.write_reports(tmp_path, [grade_of("ana", "02", 2), grade_of("bo", "02", 1)], ["02"])
    grading.write_reports(tmp_path, [grade_of("ana", "03", 1, 3)], ["03"])
    rows = read_csv(tmp_path / "gradebook.csv")
    assert [(r["student"], r["lab"]) for r in rows] == [("ana", "02"), ("ana", "03"), ("bo", "02")]
    summary = {r["student"]: r for r in read_csv(tmp_path / "summary.csv")}
    assert list(summary["ana"])[:5] == ["student", "lab02", "lab03", "total", "max_total"]
    assert (summary["ana"]["total"], summary["ana"]["max_total"], summary["bo"]["lab03"]) == ("3", "5", "0")
    assert (summary["ana"]["lab03_max"], summary["ana"]["lab02_submitted"]) == ("3", "2026-11-30T10:00:00Z")
    assert summary["ana"]["lab02_sha256"] == "ab" * 32 and summary["ana"]["lab02_version"] == "current"
    assert (tmp_path / "feedback" / "bo" / "02_x.md").is_file()  # feedback of the other lab stays
    assert merge_rows([{"student": "ana", "lab": "2"}], [], ["02"]) == []  # as a spreadsheet saves it
    grading.write_reports(tmp_path, [grade_of("ana", "02", 0)], ["02"])  # lab 02 graded again: replaced
    rows = read_csv(tmp_path / "gradebook.csv")
    assert [(r["student"], r["lab"], r["points"]) for r in rows] == [("ana", "02", "0"), ("ana", "03", "1")]


def test_a_file_that_is_not_a_gradebook_is_never_overwritten(tmp_path):
    (tmp_path / "gradebook.csv").write_text("name,grade\nana,3\n", encoding="utf-8")
    with pytest.raises(grading.GradingError, match="not a gradebook"):
        grading.write_reports(tmp_path, [grade_of("ana", "02", 2)], ["02"])
    assert (tmp_path / "gradebook.csv").read_text(encoding="utf-8") == "name,grade\nana,3\n"


@given(st.lists(st.tuples(st.sampled_from(["ana", "bo", "Zoë"]), st.sampled_from(["00", "02", "03"]),
                          st.integers(0, 3)), max_size=12),
       st.lists(st.sampled_from(["00", "02", "03"]), max_size=3))
def test_merging_keeps_exactly_the_labs_not_graded(old, graded):
    old_rows = [{"student": s, "lab": lab_, "points": p, "max_points": 3} for s, lab_, p in old]
    new_rows = [{"student": "ana", "lab": lab_, "points": 1, "max_points": 3} for lab_ in graded]
    merged = merge_rows(old_rows, new_rows, graded)
    assert [r for r in merged if r["lab"] in graded] == sorted(new_rows, key=lambda r: r["lab"])
    assert sorted(map(str, (r for r in merged if r["lab"] not in graded))) == sorted(
        map(str, (r for r in old_rows if r["lab"] not in graded)))
    header, summary = term_summary(merged)
    assert all(row["total"] <= row["max_total"] for row in summary)


# ---------------------------------------------------------------------------------------------
# Naming the cell that really failed


def test_a_check_that_found_no_answer_names_the_answer_cell_that_raised():
    results = {"q1": CheckResult("q1", 0, 1, "failed", "name 'n' is not defined: run the cell that defines it"),
               "q2": CheckResult("q2", 0, 1, "failed", "name 'm' is not defined: run the cell that defines it")}
    failed = [FailedCell(2, "helper", "ValueError: no", ""), FailedCell(3, "q1-answer", "NameError: x", "")]
    out = explain(results, failed, {4: "q1", 6: "q2"})
    assert out["q1"].detail.startswith("your cell q1-answer raised NameError: x")
    assert out["q2"] == results["q2"]  # nothing raised between the two checks
    blank = {"q1": CheckResult("q1", 0, 1, "not_attempted", "not attempted.")}
    assert "q1-answer raised" in explain(blank, failed, {4: "q1"})["q1"].detail
    assert explain(blank, failed[:1], {4: "q1"}) == blank  # another cell raised: still not attempted


# ---------------------------------------------------------------------------------------------
# End to end on a tiny planted lab (real kernels)


def tiny_lab(order):
    sol = solution()
    by_id = {c.id: c for c in sol.cells}
    nb = copy.deepcopy(sol)
    nb.cells = [copy.deepcopy(by_id[i]) for i in ["title", "setup", "data-load", *order]]
    nb.metadata["osai"] = {"lab": "00", "version": lab_version(nb)}
    return nb


CURRENT = ["q3-answer", "q3-check", "q2-answer", "q2-check", "q4-answer", "q4-check"]


@pytest.fixture(scope="module")
def planted(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("versions")
    (tmp / "solutions").mkdir()
    nbformat.write(tiny_lab(CURRENT), tmp / "solutions" / LAB00)
    subs = tmp / "subs"
    plants = {
        "current": tiny_lab(CURRENT),
        "before-q4": tiny_lab(CURRENT[:4]),  # q4 added since
        "before-swap": tiny_lab(["q2-answer", "q2-check", "q3-answer", "q3-check", "q4-answer", "q4-check"]),
        "typo": tiny_lab(CURRENT),
    }
    for cell in plants["typo"].cells:
        if cell.id == "q2-answer":
            cell.source = 'n_bad = int((credt["credit_risk"] == "bad").sum())'
    for student, nb in plants.items():
        (subs / student).mkdir(parents=True)
        nbformat.write(nb, subs / student / LAB00)
    out = tmp / "graded"
    events = []
    grades = grading.grade(subs, tmp / "solutions", out, jobs=2, settings=GradeSettings(timeout=60),
                           progress=lambda g, cached: events.append(cached))
    return {"tmp": tmp, "subs": subs, "out": out, "grades": {g.student: g for g in grades}, "events": events}


@pytest.mark.slow
def test_e2e_older_versions_score_what_they_contain_and_are_flagged(planted):
    grades = planted["grades"]
    assert grades["current"].points == 6 and grades["current"].lab_version == "current"
    swap = grades["before-swap"]
    assert (swap.points, swap.lab_version) == (6, "older"), swap
    before = grades["before-q4"]
    assert {r.qid: r.status for r in before.results} == {"q3": "passed", "q2": "passed", "q4": "not_in_version"}
    assert (before.points, before.max_points, before.lab_version) == (4, 6, "older")
    rows = read_csv(planted["out"] / "gradebook.csv")
    assert {r["lab_version"] for r in rows if r["student"] == "before-q4"} == {"older"}
    feedback = (planted["out"] / "feedback" / "before-q4" / "00_orientation.md").read_text(encoding="utf-8")
    assert "older version of lab 00" in feedback and "not in your version" in feedback
    assert "extra copy" not in feedback and "run the cell that defines it" not in feedback


@pytest.mark.slow
def test_e2e_a_typo_is_named_in_the_feedback_and_the_executed_notebook_is_kept(planted):
    typo = planted["grades"]["typo"]
    q2 = next(r for r in typo.results if r.qid == "q2")
    assert q2.status == "failed" and "q2-answer raised NameError: name 'credt' is not defined" in q2.detail
    feedback = (planted["out"] / "feedback" / "typo" / "00_orientation.md").read_text(encoding="utf-8")
    assert "q2-answer raised NameError" in feedback and "run the cell that defines it" not in feedback
    executed = nbformat.read(planted["out"] / "executed" / "typo" / LAB00, as_version=4)
    answer = next(c for c in executed.cells if c.get("id") == "q2-answer")
    assert answer.outputs[0]["ename"] == "NameError" and "credt" in "\n".join(answer.outputs[0]["traceback"])
    assert all((planted["out"] / "executed" / s / LAB00).is_file() for s in planted["grades"])


@pytest.mark.slow
def test_e2e_a_fixed_verifier_regrades_without_force(planted, monkeypatch, tmp_path):
    subs, out = tmp_path / "subs", tmp_path / "graded"
    shutil.copytree(planted["subs"] / "current", subs / "current")
    shutil.copytree(planted["out"] / ".osai-grade" / "current", out / ".osai-grade" / "current")
    again = []
    grading.grade(subs, planted["tmp"] / "solutions", out, jobs=1,
                  settings=GradeSettings(timeout=60), progress=lambda g, cached: again.append(cached))
    assert again == [True]  # nothing changed: the grade resumed
    package = tmp_path / "osai"
    for part in ("exercises", "checks", "grading"):
        shutil.copytree(checkcode.PACKAGE / part, package / part, ignore=shutil.ignore_patterns("__pycache__"))
    verifier = package / "exercises" / "lab00.py"
    verifier.write_text(verifier.read_text(encoding="utf-8") + "\n# a fixed verifier\n", encoding="utf-8")
    monkeypatch.setattr(checkcode, "PACKAGE", package)
    fixed = []
    grades = grading.grade(subs, planted["tmp"] / "solutions", out, jobs=1,
                           settings=GradeSettings(timeout=60), progress=lambda g, cached: fixed.append(cached))
    assert fixed == [False] and grades[0].points == 6


def test_a_zips_submission_time_is_the_time_it_records(tmp_path):
    import zipfile

    from osai.grading.intake import unpack_zip
    from osai.grading.term import submission_facts

    archive = tmp_path / "class.zip"
    with zipfile.ZipFile(archive, "w") as zipped:
        zipped.writestr(zipfile.ZipInfo("ana/00_orientation.ipynb", date_time=(2026, 11, 3, 10, 4, 6)), "{}")
    [path] = unpack_zip(archive, tmp_path / "out")
    grade_ = SubmissionGrade("ana", "00", LAB00, [])
    assert submission_facts(path, grade_) == b"{}"
    assert grade_.submitted == "2026-11-03T10:04:06Z" and len(grade_.sha256) == 64


@given(st.text(max_size=200))
def test_reading_a_hand_edited_gradebook_never_fails_unclearly(text):
    import tempfile

    from osai.grading.term import read_gradebook

    path = Path(tempfile.mkdtemp()) / "gradebook.csv"
    path.write_text("student,lab,check,points,max_points\n" + text, encoding="utf-8")
    try:
        rows = read_gradebook(path)
    except grading.GradingError as error:
        assert "gradebook" in str(error)
    else:
        merged = merge_rows(rows, [], ["02"], grading.GRADEBOOK_FIELDS)
        header, summary = term_summary(merged)
        assert header[0] == "student" and len(summary) <= len(merged)

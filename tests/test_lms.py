# SPDX-FileCopyrightText: 2026 The Open Source AI Lab Kit authors
# SPDX-License-Identifier: MIT
"""Canvas and Moodle grade-import CSVs from the gradebook and a roster (no kernel)."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from osai import grading
from osai.cli import app
from osai.grading.lms import CANVAS_HEADER, LmsError, export_lms, lms_table, read_roster

ROOT = Path(__file__).resolve().parent.parent
SOLUTIONS = ROOT / "solutions"

GRADEBOOK = [
    {"student": "ana", "lab": "00", "check": "q1", "points": "1", "max_points": "1"},
    {"student": "ana", "lab": "00", "check": "q2", "points": "2", "max_points": "2"},
    {"student": "ana", "lab": "04", "check": "q1", "points": "0.5", "max_points": "1"},
    {"student": "ana", "lab": "04", "check": "w1", "points": "2", "max_points": "2"},
    {"student": "bo", "lab": "00", "check": "q1", "points": "0", "max_points": "1"},
    {"student": "bo", "lab": "00", "check": "q2", "points": "0", "max_points": "2"},
    {"student": "Zoë, \"Z\"", "lab": "00", "check": "q1", "points": "1", "max_points": "1"},
]


def read_csv(path: Path) -> list[list[str]]:
    with open(path, encoding="utf-8", newline="") as handle:
        return list(csv.reader(handle))


def test_canvas_import_has_the_documented_header_points_possible_and_plain_numbers(tmp_path):
    roster = read_roster("student,name,id,sis_user_id,sis_login_id,section\n"
                         "ana,\"Lima, Ana\",101,S1,alima,Section A\nZoë, \"Z\",Zoë Z,103,,,\n"
                         "cy,Cy,104,S4,cy,Section A\n".replace('Zoë, "Z"', '"Zoë, ""Z"""'), "canvas")
    header, table, left = lms_table(GRADEBOOK, roster, "canvas")
    assert header == [*CANVAS_HEADER, "Lab 00", "Lab 04"] == ["Student", "ID", "SIS User ID", "SIS Login ID",
                                                             "Section", "Lab 00", "Lab 04"]
    assert table[0] == ["Points Possible", "", "", "", "", "3", "3"]
    assert table[1] == ["Lima, Ana", "101", "S1", "alima", "Section A", "3", "2.5"]
    assert table[2] == ["Zoë Z", "103", "", "", "", "1", "0"]  # lab 04 not handed in: 0, as in summary.csv
    assert [(r["student"], r["why"]) for r in left] == [("bo", "graded, but not on the roster"),
                                                         ("cy", "on the roster, but no submission was graded")]


def test_moodle_import_has_the_identifier_column_then_one_column_per_grade_item():
    for column, title in (("email", "Email address"), ("username", "Username"), ("idnumber", "ID number")):
        roster = read_roster(f"student,{column}\nana,a1\nbo,b2\n", "moodle")
        header, table, left = lms_table(GRADEBOOK, roster, "moodle")
        assert header == [title, "Lab 00", "Lab 04"]
        assert table == [["a1", "3", "2.5"], ["b2", "0", "0"]]
        assert [r["student"] for r in left] == ['Zoë, "Z"']


def test_titles_name_existing_assignments():
    roster = read_roster("student,id\nana,1\n", "canvas")
    header, _, _ = lms_table(GRADEBOOK, roster, "canvas", {"00": "Orientation (4242)"})
    assert header[-2:] == ["Orientation (4242)", "Lab 04"]


def test_export_writes_the_import_and_not_exported_files(tmp_path):
    with open(tmp_path / "gradebook.csv", "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(GRADEBOOK[0]))
        writer.writeheader()
        writer.writerows(GRADEBOOK)
    (tmp_path / "roster.csv").write_text("\ufeffStudent,Email\nana,ana@example.org\nnobody,n@example.org\n",
                                         encoding="utf-8")
    path, left = export_lms(tmp_path, "moodle", tmp_path / "roster.csv")
    assert path.name == "moodle_import.csv"
    assert read_csv(path) == [["Email address", "Lab 00", "Lab 04"], ["ana@example.org", "3", "2.5"]]
    assert read_csv(tmp_path / "not_exported.csv") == [
        ["student", "lms_identity", "why"], ['Zoë, "Z"', "", "graded, but not on the roster"],
        ["bo", "", "graded, but not on the roster"],
        ["nobody", "email=n@example.org", "on the roster, but no submission was graded"]]


@pytest.mark.parametrize(("lms", "text", "message"), [
    ("canvas", "name,id\nAna,1\n", "roster, row 1: no 'student' column"),
    ("canvas", "student,name\nana,Ana\n", "roster, row 1: no canvas identity column; expected one of id, sis_user_id"),
    ("moodle", "student,id\nana,1\n", "roster, row 1: no moodle identity column; expected one of email, username"),
    ("canvas", "student,id\nana,1\nbo,2\nana,3\n", "roster, row 4: student 'ana' is already on row 2"),
    ("canvas", "student,sis_login_id\nana,x\nbo,x\n", "roster, row 3: sis_login_id 'x' is already on row 2"),
    ("moodle", "student,email\nana,a@x\nbo,\n", "roster, row 3: student 'bo' has no email"),
    ("moodle", "student,email\n,a@x\n", "roster, row 2: no student"),
    ("canvas", "student,id\nana,1,extra\n", "roster, row 2: 3 cells for 2 columns"),
    ("canvas", "", "roster is empty"),
    ("blackboard", "student,id\n", "unknown LMS 'blackboard'"),
])
def test_bad_rosters_are_refused_naming_the_row(lms, text, message):
    with pytest.raises(LmsError) as error:
        read_roster(text, lms)
    assert message in str(error.value)


@given(st.text(max_size=120), st.sampled_from(["canvas", "moodle"]))
def test_any_roster_text_is_read_or_refused_with_lms_error(text, lms):
    try:
        entries = read_roster(text, lms)
    except LmsError:
        return
    assert len({e.student for e in entries}) == len(entries)
    header, table, left = lms_table(GRADEBOOK, entries, lms)
    assert all(len(row) == len(header) for row in table)
    assert len(table) - (lms == "canvas") + len([r for r in left if r["why"].startswith("on the roster")]) == \
        len(entries)


def test_cli_refuses_a_bad_roster_before_grading_and_exports_after(tmp_path, monkeypatch):
    subs = tmp_path / "subs"
    for student in ("ana", "bo"):
        (subs / student).mkdir(parents=True)
        shutil.copy(ROOT / "labs" / "00_orientation.ipynb", subs / student / "00_orientation.ipynb")
    roster = tmp_path / "roster.csv"
    roster.write_text("student,id\nana,1\nana,2\n", encoding="utf-8")
    graded: list[str] = []

    def full_marks(todo, references, *args):  # no kernels
        graded.extend(s.student for s, _ in todo)
        return [grading.SubmissionGrade(s.student, s.lab, s.name,
                                        [grading.CheckResult(c.qid, c.points, c.points, "passed")
                                         for c in references[s.lab].checks], origin=s.origin) for s, _ in todo]

    monkeypatch.setattr(grading, "_grade_in_parallel", full_marks)
    runner = CliRunner()
    args = ["grade", str(subs), "--solutions", str(SOLUTIONS), "--out", str(tmp_path / "out"), "--labs", "00"]
    bad = runner.invoke(app, [*args, "--export", "canvas", "--roster", str(roster)])
    assert bad.exit_code == 2 and "row 3: student 'ana' is already on row 2" in bad.output and graded == []
    assert runner.invoke(app, [*args, "--export", "canvas"]).exit_code == 2
    roster.write_text("student,id,name\nana,1,Ana\ncy,3,Cy\n", encoding="utf-8")
    good = runner.invoke(app, [*args, "--export", "canvas", "--roster", str(roster)])
    assert good.exit_code == 0, good.output
    assert "2 student(s) not exported" in good.output
    assert "bo: graded, but not on the roster" in good.output and "cy (id=3): on the roster" in good.output
    rows = read_csv(tmp_path / "out" / "canvas_import.csv")
    assert rows[0] == ["Student", "ID", "SIS User ID", "SIS Login ID", "Section", "Lab 00"]
    automatic = sum(c.points for c in grading.load_references(SOLUTIONS, ["00"])["00"].checks)
    assert rows[2][:2] == ["Ana", "1"] and rows[2][-1] == str(automatic)  # every check; written answers await grading
    assert (tmp_path / "out" / "report.html").is_file()

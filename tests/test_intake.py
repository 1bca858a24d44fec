# SPDX-FileCopyrightText: 2026 The Open Source AI Lab Kit authors
# SPDX-License-Identifier: MIT
"""Step 1 of grading: submissions as they really arrive (renamed notebooks, Canvas, Moodle, GitHub Classroom).

The samples are built here from ``solutions/00_orientation.ipynb`` and a small description of each
LMS's naming; only the last test runs kernels.
"""

from __future__ import annotations

import copy
import csv
import hashlib
import os
import time
import zipfile
from pathlib import Path

import nbformat
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from osai import grading
from osai.cli import app
from osai.grading import GRADEBOOK_FIELDS, GradingError, Origin, SubmissionGrade, lab_from_name, match_notebook, take_in
from osai.grading.intake import canvas_name, detect_layout, moodle_name, opened, unpack_zip
from osai.grading.matching import choose

ROOT = Path(__file__).resolve().parent.parent
SOLUTIONS = ROOT / "solutions"
LAB00 = "00_orientation.ipynb"
LABS = {"00": LAB00, "03": "03_data_categories.ipynb"}


def solution_text(with_id: bool = True) -> str:
    nb = nbformat.read(SOLUTIONS / LAB00, as_version=4)
    if not with_id:
        nb.metadata.pop("osai", None)
    return nbformat.writes(nb)


def bare_notebook() -> str:
    return nbformat.writes(nbformat.v4.new_notebook())


def put(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def digest_tree(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


# Small descriptions of each LMS's download, turned into files -------------------------------------

#: Canvas: <lastfirst>_[LATE_]<user id>_<attachment id>_<original name>, "-1" on a name uploaded again.
CANVAS = {
    "smithbob_1001_55501_00_orientation.ipynb": "lab",
    "onealzoe_LATE_1002_55502_Copy of 00_orientation.ipynb": "lab",
    "leeann_1003_55503_00_orientation-1.ipynb": "lab",
    "leeann_1003_55499_notes.ipynb": "bare",
    "leeann_1003_55498_essay.pdf": "pdf",
}
#: Moodle (4.1 and later): <Full Name>_<participant id>_assignsubmission_file/<file>.
MOODLE = {
    "Bob Smith_417_assignsubmission_file/00_orientation.ipynb": "lab",
    "Zoë O Neal_418_assignsubmission_file/lab00.ipynb": "lab",
    "Zoë O Neal_418_assignsubmission_onlinetext/onlinetext.html": "pdf",
    "Ann Lee_419_assignsubmission_file/Untitled.ipynb": "bare",
}
#: GitHub Classroom: <assignment>-submissions/<assignment>-<github username>/ (a git repository each).
CLASSROOM = {
    "lab-00-bob-smith/labs/00_orientation.ipynb": "lab",
    "lab-00-zoe99/labs/00_orientation.ipynb": "lab",
}


def content(kind: str) -> bytes:
    return {"lab": solution_text().encode(), "bare": bare_notebook().encode(), "pdf": b"%PDF-1.4"}[kind]


def _zip(path: Path, files: dict[str, str]) -> Path:
    with zipfile.ZipFile(path, "w") as zipped:
        for name, kind in files.items():
            zipped.writestr(name, content(kind))
    return path


def canvas_zip(folder: Path, files: dict[str, str] = CANVAS) -> Path:
    return _zip(folder / "course-lab-00 submissions.zip", files)


def moodle_zip(folder: Path, files: dict[str, str] = MOODLE) -> Path:
    return _zip(folder / "OSAI-Lab 00-42.zip", files)


def classroom_folder(folder: Path, files: dict[str, str] = CLASSROOM) -> Path:
    root = folder / "lab-00-submissions"
    for name, kind in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content(kind))
        put(root / name.split("/")[0] / ".git" / "HEAD", "ref: refs/heads/main\n")
    return root


# ---------------------------------------------------------------------------------------------
# Naming rules


@pytest.mark.parametrize(("name", "lab"), [
    ("00_orientation.ipynb", "00"),
    ("Copy of 00_orientation.ipynb", "00"),           # Colab's "Save a copy in Drive"
    ("Copy of Copy of 00_orientation.ipynb", "00"),
    ("00_orientation (1).ipynb", "00"),               # a second download
    ("00_orientation(2).ipynb", "00"),
    ("00_orientation-Copy1.ipynb", "00"),             # Jupyter's "Duplicate"
    ("00_orientation - Copy.ipynb", "00"),            # Windows Explorer
    ("00_orientation copy.ipynb", "00"),              # macOS Finder
    ("00_Orientation.ipynb", "00"),                   # case
    ("00_ORIENTATION.IPYNB", "00"),
    ("00 orientation.ipynb", "00"),                   # spaces, hyphens
    ("00-orientation.ipynb", "00"),
    ("00_orientation_amy.ipynb", "00"),
    ("orientation.ipynb", "00"),
    ("lab00.ipynb", "00"), ("Lab 0.ipynb", "00"), ("lab_00.ipynb", "00"), ("LAB-0.ipynb", "00"),
    ("lab03_rui.ipynb", "03"), ("Lab 3 data categories.ipynb", "03"),
    ("Copy of 03_data_categories (1).ipynb", "03"),
])
def test_names_students_really_produce_match_their_lab(name, lab):
    assert lab_from_name(name, LABS)[0] == lab


@pytest.mark.parametrize("name", [
    "notes.ipynb", "Untitled.ipynb", "00_orientationx.ipynb", "lab42.ipynb", "lab.ipynb", "00_orientation.py",
    "00_orientation.ipynb.bak", "01_what_makes_ai_open.ipynb", "copy.ipynb", ".ipynb", "00_orientation",
])
def test_other_names_match_no_lab(name):
    assert lab_from_name(name, LABS) is None


def test_the_exact_name_ranks_above_a_variant():
    assert lab_from_name(LAB00, LABS) == ("00", 1) and lab_from_name("Copy of " + LAB00, LABS) == ("00", 2)


@given(st.text(max_size=60))
def test_name_matcher_never_crashes_and_only_matches_notebooks(name):
    found = lab_from_name(name, LABS)
    assert found is None or (found[0] in LABS and name.lower().endswith(".ipynb"))


@settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(name=st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="/\x00"), min_size=1,
                    max_size=40),
       body=st.sampled_from(["lab", "bare", "pdf"]))
def test_notebook_matcher_never_crashes_on_any_file_and_never_matches_a_non_notebook(tmp_path, name, body):
    path = tmp_path / "f"
    path.write_bytes(content(body))
    match = match_notebook(path, LABS, name)
    assert match.lab in (None, *LABS)
    if not name.lower().endswith(".ipynb"):
        assert match.lab is None


def test_the_lab_id_in_the_metadata_beats_any_name(tmp_path):
    renamed = put(tmp_path / "my homework.ipynb", solution_text())
    assert match_notebook(renamed, LABS).lab == "00"
    assert match_notebook(renamed, LABS).why == "matched by the lab id in its metadata"
    misnamed = put(tmp_path / "03_data_categories.ipynb", solution_text())
    assert match_notebook(misnamed, LABS).lab == "00"
    other = match_notebook(put(tmp_path / "00_orientation.ipynb", solution_text()), {"03": LABS["03"]})
    assert other.lab is None and "lab 00" in other.why
    assert match_notebook(put(tmp_path / "lab00.ipynb", "not json"), LABS).why == "matched by its name 'lab00.ipynb'"
    assert match_notebook(tmp_path / "00_orientation.pdf", LABS).lab is None


def test_two_notebooks_for_one_lab_are_chosen_by_a_rule_that_is_named(tmp_path):
    old = time.time() - 100
    by_id = put(tmp_path / "a" / "homework.ipynb", solution_text())
    exact = put(tmp_path / "a" / LAB00, solution_text(with_id=False))
    assert choose([(exact, match_notebook(exact, LABS)), (by_id, match_notebook(by_id, LABS))]) == (
        1, "the lab id in its metadata beats a name")
    copy_ = put(tmp_path / "b" / "Copy of 00_orientation.ipynb", solution_text(with_id=False))
    exact = put(tmp_path / "b" / LAB00, solution_text(with_id=False))
    os.utime(exact, (old, old))
    assert choose([(copy_, match_notebook(copy_, LABS)), (exact, match_notebook(exact, LABS))]) == (
        1, "the exact lab name beats a copy")
    first = put(tmp_path / "c" / "00_orientation (1).ipynb", solution_text())
    newer = put(tmp_path / "c" / "00_orientation (2).ipynb", solution_text())
    os.utime(first, (old, old))
    assert choose([(first, match_notebook(first, LABS)), (newer, match_notebook(newer, LABS))]) == (
        1, "the newest of equally good matches")
    found = take_in(tmp_path, LABS, "folders")
    notes = {s.student: s.notes[0] for s in found.submissions}
    assert "graded 'a/homework.ipynb' (matched by the lab id in its metadata" in notes["a"]
    assert "ignored 'a/00_orientation.ipynb'" in notes["a"]
    assert "exact lab name beats a copy" in notes["b"] and "newest" in notes["c"]
    assert ("b/Copy of 00_orientation.ipynb", "b", "another notebook for lab 00 was graded: b/00_orientation.ipynb"
            ) in found.skipped


# ---------------------------------------------------------------------------------------------
# Layouts


def test_canvas_names_give_user_id_late_flag_and_attempt():
    assert canvas_name("smithbob_1001_55501_00_orientation.ipynb") == ("smithbob", False, "1001",
                                                                       "00_orientation.ipynb", None)
    assert canvas_name("onealzoe_late_1002_55502_Copy of x.ipynb") == ("onealzoe", True, "1002", "Copy of x.ipynb",
                                                                       None)
    assert canvas_name("leeann_1003_55503_00_orientation-2.ipynb")[3:] == ("00_orientation.ipynb", 3)
    assert canvas_name("o_neil_1004_55504_lab00.ipynb")[:3] == ("o_neil", False, "1004")
    assert canvas_name("LATE_anon_Xy12z_55505_00_orientation.ipynb")[1:3] == (True, "anon_Xy12z")
    assert canvas_name("00_orientation.ipynb") is None and canvas_name("bob_12_x.ipynb") is None


def test_moodle_names_give_participant_id_in_every_version():
    assert moodle_name("Bob Smith_417_assignsubmission_file") == ("Bob Smith", "417", "")     # 4.1 and later
    assert moodle_name("Bob Smith_417_assignsubmission_file_") == ("Bob Smith", "417", "")    # 3.1 to 4.0
    assert moodle_name("Bob Smith_417_assignsubmission_file_00_orientation.ipynb") == (      # not in folders
        "Bob Smith", "417", "00_orientation.ipynb")
    assert moodle_name("Participant_88_assignsubmission_file")[1] == "88"                   # blind marking
    assert moodle_name("Bob Smith_417") is None and moodle_name("bob_12_34_x.ipynb") is None


def test_a_canvas_zip_maps_each_file_to_its_canvas_user(tmp_path):
    archive = canvas_zip(tmp_path)
    with opened(archive) as root:
        assert detect_layout(root)[0] == "canvas"
        found = take_in(root, LABS)
    by = {s.student: s for s in found.submissions}
    assert set(by) == {"1001", "1002", "1003"} and set(found.people) == {"1001", "1002", "1003"}
    assert by["1001"].origin == Origin("smithbob_1001_55501_00_orientation.ipynb", "matched by the lab id in its "
                                       "metadata", False, None, "canvas", "1001", "smithbob")
    assert by["1002"].origin.late is True
    assert by["1003"].origin.attempt == 2 and by["1003"].name == LAB00
    assert ("leeann_1003_55498_essay.pdf", "1003", "not a notebook (.ipynb)") in found.skipped
    assert any("leeann_1003_55499_notes.ipynb" in n for n in found.unmatched["1003"])


def test_a_moodle_zip_maps_each_folder_to_its_participant(tmp_path):
    with opened(moodle_zip(tmp_path)) as root:
        found = take_in(root, LABS)
    assert found.layout == "moodle"
    assert {s.student: s.origin.lms_name for s in found.submissions} == {"417": "Bob Smith", "418": "Zoë O Neal"}
    assert set(found.people) == {"417", "418", "419"}
    assert "Untitled.ipynb" in found.unmatched["419"][0] and "00_orientation.ipynb" in found.unmatched["419"][0]
    old = tmp_path / "old"
    put(old / "Bob Smith_417_assignsubmission_file_" / "00_orientation.ipynb", solution_text())
    put(old / "Ann Lee_419_assignsubmission_file_lab00.ipynb", solution_text(with_id=False))
    assert {s.student: s.origin.matched_by for s in take_in(old, LABS).submissions} == {
        "417": "matched by the lab id in its metadata", "419": "matched by its name 'lab00.ipynb'"}


def test_github_classroom_repositories_map_to_github_usernames(tmp_path):
    root = classroom_folder(tmp_path)
    found = take_in(root, LABS)
    assert found.layout == "classroom"
    assert {s.student: s.origin.lms_name for s in found.submissions} == {
        "bob-smith": "lab-00-bob-smith", "zoe99": "lab-00-zoe99"}
    renamed = tmp_path / "repos"
    (root).rename(renamed)  # no <assignment>-submissions parent: the common prefix tells the assignment
    assert {s.student for s in take_in(renamed, LABS).submissions} == {"bob-smith", "zoe99"}


def test_a_download_unpacked_into_a_folder_of_its_own_is_found(tmp_path):
    with zipfile.ZipFile(canvas_zip(tmp_path)) as zipped:
        zipped.extractall(tmp_path / "unpacked" / "course-lab-00 submissions")
    found = take_in(tmp_path / "unpacked", LABS)
    assert found.layout == "canvas" and {s.student for s in found.submissions} == {"1001", "1002", "1003"}
    assert found.submissions[0].origin.file == "smithbob_1001_55501_00_orientation.ipynb"


def test_layout_can_be_forced_and_bad_layouts_are_explained(tmp_path):
    put(tmp_path / "c" / "ana" / LAB00, solution_text())
    assert take_in(tmp_path / "c", LABS, "folders").layout == "folders"
    with pytest.raises(GradingError, match="read as canvas"):
        take_in(tmp_path / "c", LABS, "canvas")
    with pytest.raises(GradingError, match="unknown layout 'blackboard'"):
        take_in(tmp_path / "c", LABS, "blackboard")


# ---------------------------------------------------------------------------------------------
# Refusals and what is said


def test_an_empty_folder_or_loose_notebooks_say_what_was_expected_and_seen(tmp_path):
    (tmp_path / "empty").mkdir()
    with pytest.raises(GradingError, match="is empty; expected SUBMISSIONS/<student>/<NN_name>.ipynb"):
        take_in(tmp_path / "empty", LABS)
    for name in ("a.ipynb", "b.ipynb", "c.ipynb"):
        put(tmp_path / "loose" / name, solution_text())
    with pytest.raises(GradingError, match="found 3 notebook.s. and 0 other file.s. directly in it but no student "
                                           "folders"):
        take_in(tmp_path / "loose", LABS)


def test_grading_refuses_a_class_with_no_lab_notebook_and_names_what_it_saw(tmp_path):
    put(tmp_path / "subs" / "ana" / "notes.ipynb", bare_notebook())
    with pytest.raises(GradingError, match=r"1 student\(s\), 1 notebook\(s\), none of them a lab: 'ana/notes.ipynb'"):
        grading.grade(tmp_path / "subs", SOLUTIONS, tmp_path / "out")


def test_out_inside_the_submissions_is_refused(tmp_path):
    put(tmp_path / "subs" / "ana" / LAB00, solution_text())
    for out in (tmp_path / "subs", tmp_path / "subs" / "graded", tmp_path / "subs" / "ana"):
        with pytest.raises(GradingError, match="inside the submissions folder"):
            grading.grade(tmp_path / "subs", SOLUTIONS, out)
    assert digest_tree(tmp_path / "subs") == {f"ana/{LAB00}": hashlib.sha256(solution_text().encode()).hexdigest()}
    result = CliRunner().invoke(app, ["grade", str(tmp_path / "subs"), "--solutions", str(SOLUTIONS),
                                      "--out", str(tmp_path / "subs" / "graded")])
    assert result.exit_code == 2 and "choose --out outside it" in result.output


@pytest.mark.parametrize(("entry", "message"), [
    ("../evil.ipynb", "zip slip"), ("a/../../evil.ipynb", "zip slip"), ("/tmp/evil.ipynb", "zip slip"),
    ("C:/evil.ipynb", "zip slip"),
])
def test_zip_entries_that_escape_the_folder_are_refused(tmp_path, entry, message):
    archive = tmp_path / "bad.zip"
    with zipfile.ZipFile(archive, "w") as zipped:
        zipped.writestr("smithbob_1_2_00_orientation.ipynb", solution_text())
        zipped.writestr(entry, "x")
    (tmp_path / "into").mkdir()
    with pytest.raises(GradingError, match=message):
        unpack_zip(archive, tmp_path / "into")
    assert not (tmp_path / "evil.ipynb").exists() and not Path("/tmp/evil.ipynb").exists()
    result = CliRunner().invoke(app, ["grade", str(archive), "--solutions", str(SOLUTIONS),
                                      "--out", str(tmp_path / "out")])
    assert result.exit_code == 2 and "refused" in result.output


def test_zip_links_absurd_sizes_and_non_zips_are_refused(tmp_path):
    link = zipfile.ZipInfo("link.ipynb")
    link.external_attr = (0o120777 << 16)
    with zipfile.ZipFile(tmp_path / "link.zip", "w") as zipped:
        zipped.writestr(link, "/etc/passwd")
    with pytest.raises(GradingError, match="symbolic link"):
        unpack_zip(tmp_path / "link.zip", tmp_path / "l")
    with zipfile.ZipFile(tmp_path / "big.zip", "w", compression=zipfile.ZIP_DEFLATED) as zipped:
        zipped.writestr("a_1_2_big.ipynb", b"0" * 2_000_000)
    with pytest.raises(GradingError, match="more than 1 MB"):
        unpack_zip(tmp_path / "big.zip", tmp_path / "b", max_bytes=1024**2)
    put(tmp_path / "notazip.zip", "hello")
    with pytest.raises(GradingError, match="neither a folder nor a zip"):
        with opened(tmp_path / "notazip.zip"):
            pass


def test_reading_a_download_never_changes_it_and_unpacks_beside_nothing(tmp_path):
    archive = canvas_zip(tmp_path)
    moodle = moodle_zip(tmp_path)
    classroom = classroom_folder(tmp_path)
    before = digest_tree(tmp_path)
    for source in (archive, moodle, classroom):
        with opened(source) as root:
            take_in(root, LABS)
            assert source == classroom or not root.is_relative_to(tmp_path)
    assert digest_tree(tmp_path) == before


def test_reports_keep_the_old_columns_first_and_list_every_skipped_file(tmp_path, monkeypatch):
    assert GRADEBOOK_FIELDS[:7] == ("student", "lab", "check", "points", "max_points", "status", "detail")
    assert GRADEBOOK_FIELDS[7:14] == ("source_file", "matched_by", "late", "attempt", "lms", "lms_id", "lms_name")

    def full_marks(todo, references, *args):  # no kernels: every notebook taken scores full marks
        return [SubmissionGrade(s.student, s.lab, s.name, [grading.CheckResult(c.qid, c.points, c.points, "passed")
                                                           for c in references[s.lab].checks],
                                list(s.notes), origin=s.origin) for s, _ in todo]

    monkeypatch.setattr(grading, "_grade_in_parallel", full_marks)
    out = tmp_path / "out"
    result = CliRunner().invoke(app, ["grade", str(canvas_zip(tmp_path)), "--solutions", str(SOLUTIONS),
                                      "--out", str(out), "--labs", "00"])
    assert result.exit_code == 0, result.output
    assert "layout: canvas (5 files named like Canvas's" in result.output
    assert "1 notebook(s) matched no lab" in result.output and "leeann_1003_55499_notes.ipynb" in result.output
    with open(out / "gradebook.csv", encoding="utf-8", newline="") as handle:
        rows = {(r["student"], r["check"]): r for r in csv.DictReader(handle)}
    assert rows[("1002", "q1")]["late"] == "yes" and rows[("1001", "q1")]["late"] == "no"
    assert rows[("1003", "q1")]["attempt"] == "2" and rows[("1003", "q1")]["lms_id"] == "1003"
    with open(out / "skipped.csv", encoding="utf-8", newline="") as handle:
        skipped = {r["path"]: r["why"] for r in csv.DictReader(handle)}
    assert skipped == {"leeann_1003_55498_essay.pdf": "not a notebook (.ipynb)",
                       "leeann_1003_55499_notes.ipynb": "its name matches no lab"}
    feedback = (out / "feedback" / "1003" / "00_orientation.md").read_text(encoding="utf-8")
    assert "Graded file: `leeann_1003_55503_00_orientation-1.ipynb` (matched by the lab id in its metadata)" in feedback
    assert "'leeann_1003_55499_notes.ipynb' was not graded: its name matches no lab" in feedback


def test_a_student_whose_only_notebook_matches_no_lab_is_told_so_not_no_submission(tmp_path, monkeypatch):
    monkeypatch.setattr(grading, "_grade_in_parallel", lambda todo, *a: [])
    put(tmp_path / "subs" / "ana" / LAB00, solution_text())
    put(tmp_path / "subs" / "bo" / "homework final.ipynb", bare_notebook())
    grades = {g.student: g for g in grading.grade(tmp_path / "subs", SOLUTIONS, tmp_path / "out", labs=["00"])}
    assert grades["bo"].results[0].detail == "no notebook matched this lab; see the notes."
    assert any("'bo/homework final.ipynb' was not graded" in n and LAB00 in n for n in grades["bo"].notes)


# ---------------------------------------------------------------------------------------------
# End to end: real kernels


@pytest.mark.slow
def test_e2e_every_correct_notebook_gets_full_marks_however_it_arrives(tmp_path):
    downloads = tmp_path / "downloads"
    renamed = downloads / "class"
    old_lab = solution_text(with_id=False)  # handed out before labs carried their id: names alone decide
    for name in ("amy/Copy of 00_orientation.ipynb", "ben/00_orientation (1).ipynb", "cat/00_Orientation.ipynb",
                 "dan/lab00.ipynb"):
        put(renamed / name, old_lab)
    put(renamed / "dan" / "scratch.ipynb", bare_notebook())
    sources = {"folders": renamed, "canvas": canvas_zip(downloads), "moodle": moodle_zip(downloads),
               "classroom": classroom_folder(downloads)}
    before = digest_tree(downloads)
    max_points = grading.load_references(SOLUTIONS, ["00"])["00"].max_points
    for layout, source in sources.items():
        out = tmp_path / f"graded-{layout}"
        result = CliRunner().invoke(app, ["grade", str(source), "--solutions", str(SOLUTIONS), "--out", str(out),
                                          "--jobs", "2", "--timeout", "30"])
        assert result.exit_code == 0, result.output
        assert f"layout: {layout}" in result.output
        with open(out / "summary.csv", encoding="utf-8", newline="") as handle:
            scores = {r["student"]: int(r["lab00"]) for r in csv.DictReader(handle)}
        expected = {"folders": {"amy", "ben", "cat", "dan"}, "canvas": {"1001", "1002", "1003"},
                    "moodle": {"417", "418"}, "classroom": {"bob-smith", "zoe99"}}[layout]
        assert {s for s, points in scores.items() if points == max_points} == expected, result.output
        with open(out / "skipped.csv", encoding="utf-8", newline="") as handle:
            skipped = [r["path"] for r in csv.DictReader(handle)]
        unmatched = {"folders": "dan/scratch.ipynb", "canvas": "leeann_1003_55499_notes.ipynb",
                     "moodle": "Ann Lee_419_assignsubmission_file/Untitled.ipynb", "classroom": None}[layout]
        if unmatched:
            assert unmatched in skipped and unmatched in result.output
    assert digest_tree(downloads) == before

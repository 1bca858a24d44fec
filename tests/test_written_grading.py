# SPDX-FileCopyrightText: 2026 The Open Source AI Lab Kit authors
# SPDX-License-Identifier: MIT
"""Written answers in the grade of record: gradebook rows, the review sheet and page, merging filled sheets.

A planted class of tiny notebooks in the written-answer format of :mod:`osai.written`; the automatic checks
are stubbed (written answers are only read, never run), so no kernel starts.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import warnings
from pathlib import Path

import nbformat
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from osai import grading
from osai.grading import CheckResult, GradeSettings, SubmissionGrade, load_references, submission_key
from osai.grading.review import SHEET_FIELDS, SheetError, pseudonym, read_sheet, sheet_rows, sheet_text
from osai.grading.written import AWAITING, GRADED, NOT_ANSWERED, read_answers

LAB = "99_written.ipynb"
W1_RUBRIC = "**Rubric w1** (3 points)\n\n- 1 point: names the use restriction\n- 2 points: explains the freedom lost"
W2_RUBRIC = "**Rubric w2** (2 points)\n\n- 2 points: names a way to document the data"
GOOD = ("The license forbids some uses, so the weights are not open source: the OSAID asks for the freedom "
        "to use the system for any purpose without asking permission.")
HOSTILE = ("=HYPERLINK(\"http://evil.example\") <script>alert('x')</script><img src=x onerror=alert(1)> "
           "\x00\x1b[31m red \udcff bytes " + "word " * 30)
STUDENTS = ("ana_lima", "bo_chen", "cy_hostile", "=SUM(1)")


# ---------------------------------------------------------------------------------------------
# A planted class


def _written_cell(qid, points, text, cell_id):
    cell = nbformat.v4.new_markdown_cell(text)
    cell.id = cell_id
    cell.metadata = {"tags": ["written"], "nbgrader": {"grade": True, "solution": True, "points": points,
                                                       "grade_id": qid, "locked": False, "schema_version": 3,
                                                       "task": False}, "osai": {"words": [5, 400]}}
    return cell


def _markdown(text, cell_id, tags=()):
    cell = nbformat.v4.new_markdown_cell(text)
    cell.id = cell_id
    if tags:
        cell.metadata = {"tags": list(tags)}
    return cell


def solution_nb(w1=GOOD, w2="A data card lists sources, licenses and known gaps of the data."):
    check = nbformat.v4.new_code_cell('check("q1", 1)')
    check.id = "check-q1"
    check.metadata = {"tags": ["check"], "nbgrader": {"grade": True, "grade_id": "q1", "points": 1, "locked": True,
                                                      "schema_version": 3, "solution": False, "task": False}}
    check.outputs = [nbformat.v4.new_output("stream", name="stdout", text="✅ q1 passed (1/1)\n")]
    nb = nbformat.v4.new_notebook()
    nb.cells = [_markdown("# Lab 99", "title"), check,
                _markdown("Why is this release not open source? (3 points)", "w1-question"),
                _written_cell("w1", 3, w1, "w1-answer"),
                _markdown(W1_RUBRIC, "w1-rubric", ("rubric", "solution-only")),
                _markdown("How would you document the data? (2 points)", "w2-question"),
                _written_cell("w2", 2, w2, "w2-answer"),
                _markdown(W2_RUBRIC, "w2-rubric", ("rubric", "solution-only"))]
    return nb


def submission_nb(w1="YOUR ANSWER HERE", w2="YOUR ANSWER HERE", retag_w2=False, drop_w2=False):
    nb = solution_nb(w1, w2)
    nb.cells = [c for c in nb.cells if "rubric" not in c.metadata.get("tags", [])]
    if drop_w2:
        nb.cells = [c for c in nb.cells if c.id != "w2-answer"]
    if retag_w2:
        cell = next(c for c in nb.cells if c.id == "w2-answer")
        cell.metadata = {"nbgrader": {"grade_id": "my-own"}}  # tags gone, grade_id changed: found by its cell id
    return nb


def write_raw(path: Path, nb) -> None:
    """Written as ASCII JSON, so that a lone surrogate (text that is not valid UTF-8) survives as ``\\udcff``."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(nb, ensure_ascii=True), encoding="ascii")


def plant(root: Path) -> tuple[Path, Path]:
    solutions, subs = root / "solutions", root / "subs"
    solutions.mkdir(parents=True)
    nbformat.write(solution_nb(), solutions / LAB)
    write_raw(subs / "ana_lima" / LAB, submission_nb(GOOD, "I would write a data card with sources and licenses."))
    write_raw(subs / "bo_chen" / LAB, submission_nb(drop_w2=True))
    write_raw(subs / "cy_hostile" / LAB, submission_nb(HOSTILE + "x" * 50_000, "Sources, licenses and gaps go in "
                                                       "the card.", retag_w2=True))
    write_raw(subs / "=SUM(1)" / LAB, submission_nb("Short but fine: restrictions on use.", "A data card."))
    write_raw(subs / "dee" / "notes.ipynb", nbformat.v4.new_notebook())  # no submission for lab 99
    return solutions, subs


def fake_grade(submission, reference, settings, work, hidden=(), evidence=None):
    return SubmissionGrade(submission.student, submission.lab, submission.name,
                           [CheckResult("q1", 1, 1, "passed")], origin=submission.origin)


@pytest.fixture
def klass(tmp_path, monkeypatch):
    monkeypatch.setattr(grading, "grade_submission", fake_grade)
    solutions, subs = plant(tmp_path)
    out = tmp_path / "graded"

    def run(**options):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return grading.grade(subs, solutions, out, jobs=1, **options)

    run()
    return {"solutions": solutions, "subs": subs, "out": out, "run": run}


def rows_of(path: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig"))))


def gradebook(out: Path) -> dict[tuple[str, str], dict[str, str]]:
    return {(r["student"], r["check"]): r for r in rows_of(out / "gradebook.csv")}


def digest_tree(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def fill(sheet: Path, scores: dict[tuple[str, str, str], tuple[str, str]], target: Path | None = None) -> Path:
    """The sheet with scores and comments typed in, as an instructor does: ``{(student, question, criterion):
    (score, comment)}``."""
    rows = rows_of(sheet)
    for row in rows:
        key = (row["student"], row["question"], row["criterion"])
        if key in scores:
            row["score"], row["comment"] = scores[key]
    target = target or sheet.with_name("filled.csv")
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(rows[0]) if rows else list(SHEET_FIELDS), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    target.write_text(buffer.getvalue(), encoding="utf-8")
    return target


# ---------------------------------------------------------------------------------------------
# References and results


def test_the_reference_carries_the_written_questions(tmp_path):
    solutions, _ = plant(tmp_path)
    reference = load_references(solutions)["99"]
    assert [(q.qid, q.points, len(q.rubric.criteria)) for q in reference.written] == [("w1", 3, 2), ("w2", 2, 1)]
    assert reference.max_points == 1  # written points are never automatic


def test_a_solution_with_a_bad_rubric_is_refused_naming_it(tmp_path):
    nb = solution_nb()
    next(c for c in nb.cells if c.id == "w1-rubric").source = "**Rubric w1** (3 points)\n- 1 point: only one"
    (tmp_path / "s").mkdir()
    nbformat.write(nb, tmp_path / "s" / LAB)
    with pytest.raises(grading.GradingError, match=r"solutions/99_written.ipynb.*add up to 1"):
        load_references(tmp_path / "s")


def test_answers_are_found_by_grade_id_then_cell_id_and_only_read():
    questions = load_questions()
    nb = submission_nb(GOOD, "Moved and retagged, still mine.", retag_w2=True)
    nb.cells.reverse()  # moved
    before = json.dumps(nb, sort_keys=True)
    w1, w2 = read_answers(nb, questions)
    assert (w1.status, w1.found_by, w2.status, w2.found_by) == (AWAITING, "grade_id", AWAITING, "cell id")
    assert "cell id" in w2.detail and w1.words == len(GOOD.split())
    assert json.dumps(nb, sort_keys=True) == before
    (gone,) = read_answers(submission_nb(drop_w2=True), questions[1:])
    assert gone.status == NOT_ANSWERED and gone.points == 0 and "no answer cell" in gone.detail


def load_questions():
    from osai.written import written_questions

    return written_questions(solution_nb(), "solutions/99_written.ipynb")


def test_gradebook_summary_and_feedback_show_written_questions_apart_from_the_score(klass):
    out = klass["out"]
    book = gradebook(out)
    assert book[("ana_lima", "q1")]["points"] == "1"
    assert {k: (book[k]["points"], book[k]["max_points"], book[k]["status"]) for k in book if k[1] != "q1"} == {
        ("ana_lima", "w1"): ("", "3", AWAITING), ("ana_lima", "w2"): ("", "2", AWAITING),
        ("bo_chen", "w1"): ("0", "3", NOT_ANSWERED), ("bo_chen", "w2"): ("0", "2", NOT_ANSWERED),
        ("cy_hostile", "w1"): ("", "3", AWAITING), ("cy_hostile", "w2"): ("", "2", AWAITING),
        ("=SUM(1)", "w1"): ("", "3", AWAITING), ("=SUM(1)", "w2"): ("", "2", AWAITING),
        ("dee", "w1"): ("0", "3", NOT_ANSWERED), ("dee", "w2"): ("0", "2", NOT_ANSWERED)}
    assert "cell id" in book[("cy_hostile", "w2")]["detail"]
    summary = {r["student"]: r for r in rows_of(out / "summary.csv")}
    columns = list(summary["ana_lima"])
    assert columns[columns.index("max_total") + 1:][:3] == ["written", "written_max", "written_to_grade"]
    assert (summary["ana_lima"]["lab99"], summary["ana_lima"]["total"], summary["ana_lima"]["max_total"]) == \
        ("1", "1", "1")
    assert (summary["ana_lima"]["written"], summary["ana_lima"]["written_to_grade"]) == ("0", "5")
    assert (summary["bo_chen"]["written"], summary["bo_chen"]["written_to_grade"]) == ("0", "0")
    feedback = (out / "feedback" / "ana_lima" / "99_written.md").read_text(encoding="utf-8")
    assert "**Score: 1 / 1**" in feedback
    assert "| w1 | -/3 | graded by your instructor |" in feedback
    hostile = (out / "feedback" / "cy_hostile" / "99_written.md").read_text(encoding="utf-8")
    assert "<script>" not in hostile and "HYPERLINK" not in hostile  # feedback never repeats the answer


def test_a_changed_written_answer_changes_the_submission_key(tmp_path):
    solutions, _ = plant(tmp_path)
    reference = load_references(solutions)["99"]
    one = json.dumps(submission_nb(GOOD)).encode()
    other = json.dumps(submission_nb(GOOD + " Also.")).encode()
    assert submission_key(one, reference, GradeSettings()) != submission_key(other, reference, GradeSettings())


# ---------------------------------------------------------------------------------------------
# The review sheet and page


def test_the_sheet_has_a_row_per_answered_question_and_criterion(klass):
    sheet = klass["out"] / "written" / "lab99.csv"
    assert sheet.read_bytes().startswith(b"\xef\xbb\xbf")
    rows = rows_of(sheet)
    assert tuple(rows[0]) == SHEET_FIELDS
    keys = [(r["student"], r["question"], r["criterion"]) for r in rows]
    assert ("ana_lima", "w1", "1") in keys and ("ana_lima", "w1", "2") in keys and ("ana_lima", "w2", "1") in keys
    assert not any(k[0] in ("bo_chen", "dee") for k in keys)  # nothing to grade
    assert "'=SUM(1)" in {k[0] for k in keys}  # never a formula in a spreadsheet
    by_key = {(r["student"], r["question"], r["criterion"]): r for r in rows}
    assert by_key[("ana_lima", "w1", "1")]["answer"] == GOOD and by_key[("ana_lima", "w1", "2")]["answer"] == ""
    hostile = by_key[("cy_hostile", "w1", "1")]["answer"]
    assert hostile.startswith("'=HYPERLINK") and "\x00" not in hostile and "\x1b" not in hostile
    assert len(hostile) < 3200 and "cut" in hostile
    assert by_key[("ana_lima", "w1", "2")]["criterion_text"] == "explains the freedom lost"
    assert by_key[("ana_lima", "w1", "2")]["max"] == "2"


def test_the_page_is_self_contained_and_escapes_every_answer(klass):
    page = (klass["out"] / "written" / "lab99.html").read_text(encoding="utf-8")
    assert "<script" not in page.lower() and "<img" not in page.lower() and "http://evil" not in page.split("&quot;")[0]
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in page
    assert "\x00" not in page and "\x1b" not in page
    assert "<link" not in page and "src=" not in page.replace("src=x", "")
    assert "default-src 'none'" in page  # nothing runs or loads even if escaping failed
    assert page.count("<section") == 2
    assert "names the use restriction" in page and "Why is this release not open source?" in page
    assert GOOD in page and f"{len(GOOD.split())} words" in page
    assert "Not answered: bo_chen, dee" in page
    assert len(page) < 200_000  # the huge answer is cut


def test_anonymous_review_hides_names_and_still_merges(klass):
    out = klass["out"]
    klass["run"](anonymous=True)
    page = (out / "written" / "lab99.html").read_text(encoding="utf-8")
    sheet = out / "written" / "lab99.csv"
    for student in STUDENTS:
        assert student not in page and student not in sheet.read_text(encoding="utf-8-sig")
    key = {r["pseudonym"]: r["student"] for r in rows_of(out / "written" / "lab99.key.csv")}
    assert key[pseudonym("99", "ana_lima")] == "ana_lima"
    alias = pseudonym("99", "ana_lima")
    filled = fill(sheet, {(alias, "w2", "1"): ("2", "clear")})
    klass["run"](anonymous=True, merge_written=[filled])
    assert gradebook(out)[("ana_lima", "w2")]["points"] == "2"


# ---------------------------------------------------------------------------------------------
# Merging


def test_a_filled_sheet_is_merged_into_gradebook_summary_and_feedback_and_kept(klass):
    out, run = klass["out"], klass["run"]
    sheet = out / "written" / "lab99.csv"
    filled = fill(sheet, {("ana_lima", "w1", "1"): ("1", "yes"), ("ana_lima", "w1", "2"): ("1.5", "half | of it"),
                          ("cy_hostile", "w2", "1"): ("0", "<b>no</b>"), ("'=SUM(1)", "w1", "1"): ("1", "")})
    run(merge_written=[filled])
    book = gradebook(out)
    assert (book[("ana_lima", "w1")]["points"], book[("ana_lima", "w1")]["status"]) == ("2.5", GRADED)
    assert (book[("cy_hostile", "w2")]["points"], book[("cy_hostile", "w2")]["status"]) == ("0", GRADED)
    assert (book[("=SUM(1)", "w1")]["points"], book[("=SUM(1)", "w1")]["status"]) == ("", AWAITING)
    assert "1 of 2 criteria graded" in book[("=SUM(1)", "w1")]["detail"]
    assert (book[("ana_lima", "w2")]["points"], book[("ana_lima", "w2")]["status"]) == ("", AWAITING)  # empty score
    assert book[("ana_lima", "q1")]["points"] == "1"  # the automatic score is untouched
    summary = {r["student"]: r for r in rows_of(out / "summary.csv")}
    assert (summary["ana_lima"]["total"], summary["ana_lima"]["written"], summary["ana_lima"]["written_to_grade"]) \
        == ("1", "2.5", "2")
    feedback = (out / "feedback" / "ana_lima" / "99_written.md").read_text(encoding="utf-8")
    assert "| w1 | 2.5/3 | graded |" in feedback and "| w2 | -/2 | graded by your instructor |" in feedback
    assert "- 1/1: names the use restriction (comment: yes)" in feedback
    assert "- 1.5/2: explains the freedom lost (comment: half \\| of it)" in feedback
    merged = out / "written" / "lab99.merged.csv"
    assert merged.is_file()
    # The sheet written again shows what was merged, so merging it changes nothing.
    rows = {(r["student"], r["question"], r["criterion"]): r for r in rows_of(sheet)}
    assert rows[("ana_lima", "w1", "2")]["score"] == "1.5"
    before = digest_tree(out)
    run(merge_written=[filled])
    assert digest_tree(out) == before
    run()  # grading again keeps the merged scores
    assert digest_tree(out) == before
    run(merge_written=[sheet])
    assert digest_tree(out) == before


def test_an_answer_changed_after_merging_is_flagged_not_kept(klass):
    out, run = klass["out"], klass["run"]
    filled = fill(out / "written" / "lab99.csv", {("ana_lima", "w2", "1"): ("2", "good")})
    run(merge_written=[filled])
    assert gradebook(out)[("ana_lima", "w2")]["status"] == GRADED
    write_raw(klass["subs"] / "ana_lima" / LAB, submission_nb(GOOD, "A new answer, written after grading."))
    run()
    row = gradebook(out)[("ana_lima", "w2")]
    assert (row["points"], row["status"]) == ("", AWAITING)
    assert "changed after it was graded (2/2 then)" in row["detail"]
    assert "good" in (out / "written" / "lab99.merged.csv").read_text(encoding="utf-8")  # the old mark is not lost
    with pytest.raises(SheetError, match=r"row \d+, column answer"):
        run(merge_written=[filled])  # the old sheet shows the old answer


@pytest.mark.parametrize("damage", [b"\xff\xfe not text", b"student,lab\nana,99\n",
                                    b"student,lab,question,criterion,score,comment,answer_sha256\na,99,w1,1,nan,,x\n"])
def test_damaged_merged_scores_stop_the_run_naming_the_file(klass, damage):
    merged = klass["out"] / "written" / "lab99.merged.csv"
    merged.write_bytes(damage)
    with pytest.raises(grading.GradingError, match="lab99.merged.csv, row"):
        klass["run"]()
    assert merged.read_bytes() == damage


def test_unmerged_scores_in_the_sheet_are_never_overwritten(klass):
    out = klass["out"]
    sheet = out / "written" / "lab99.csv"
    fill(sheet, {("ana_lima", "w2", "1"): ("2", "typed, not merged")}, target=sheet)
    typed = sheet.read_bytes()
    with pytest.warns(UserWarning, match="not merged"):
        grading.grade(klass["subs"], klass["solutions"], out, jobs=1)
    assert sheet.read_bytes() == typed
    assert (out / "written" / "lab99.new.csv").is_file()


def _bad(rows, column, value, where=("ana_lima", "w1", "1")):
    for row in rows:
        if (row["student"], row["question"], row["criterion"]) == where:
            row[column] = value
    return rows


def _first(rows, student, qid):
    return next(r for r in rows if (r["student"], r["question"]) == (student, qid))


BAD_SHEETS = {
    "unknown student": (lambda rows: _bad(rows, "student", "zed"), "column student"),
    "unknown lab": (lambda rows: _bad(rows, "lab", "42"), "column lab"),
    "unknown question": (lambda rows: _bad(rows, "question", "w9"), "column question"),
    "unknown criterion": (lambda rows: _bad(rows, "criterion", "3"), "column criterion"),
    "score above the maximum": (lambda rows: _bad(rows, "score", "2"), "column score"),
    "negative score": (lambda rows: _bad(rows, "score", "-1"), "column score"),
    "text as a score": (lambda rows: _bad(rows, "score", "good"), "column score"),
    "changed answer": (lambda rows: _bad(rows, "answer", GOOD + " (edited)"), "column answer"),
    "changed maximum": (lambda rows: _bad(rows, "max", "5"), "column max"),
    "comment without a score": (lambda rows: _bad(_bad(rows, "score", ""), "comment", "see me"), "column score"),
    "missing column": (lambda rows: [{k: v for k, v in r.items() if k != "score"} for r in rows], "column score"),
    "same criterion twice": (lambda rows: rows + [{**_first(rows, "ana_lima", "w1"), "score": "0"}], "same student"),
}


@pytest.mark.parametrize("kind", sorted(BAD_SHEETS))
def test_a_bad_sheet_is_refused_with_row_and_column_and_nothing_changes(klass, kind):
    out, run = klass["out"], klass["run"]
    rows = rows_of(out / "written" / "lab99.csv")
    for row in rows:
        if (row["student"], row["question"]) == ("ana_lima", "w1"):
            row["score"] = "1"
    change, message = BAD_SHEETS[kind]
    rows = change(rows)
    sheet = out.parent / "bad.csv"
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    sheet.write_text(buffer.getvalue(), encoding="utf-8")
    good = fill(out / "written" / "lab99.csv", {("cy_hostile", "w2", "1"): ("1", "")})
    before = digest_tree(out)
    with pytest.raises(SheetError, match=message) as error:
        run(merge_written=[good, sheet])  # a good sheet beside a bad one is not merged either
    assert str(sheet) in str(error.value)
    if kind != "missing column":
        assert "row " in str(error.value)
    assert digest_tree(out) == before


def test_a_sheet_saved_in_another_encoding_or_with_semicolons(klass):
    out, run = klass["out"], klass["run"]
    filled = fill(out / "written" / "lab99.csv", {("ana_lima", "w2", "1"): ("1,5", "très bien")})
    text = filled.read_text(encoding="utf-8")
    filled.write_bytes(text.encode("cp1252"))
    before = digest_tree(out)
    with pytest.raises(SheetError, match="not UTF-8"):
        run(merge_written=[filled])
    assert digest_tree(out) == before
    rows = list(csv.reader(io.StringIO(text)))
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=";", lineterminator="\r\n").writerows(rows)
    filled.write_text(buffer.getvalue(), encoding="utf-8")
    run(merge_written=[filled])
    assert gradebook(out)[("ana_lima", "w2")]["points"] == "1.5"


def test_the_command_merges_and_refuses_a_bad_sheet_with_exit_2(klass):
    from typer.testing import CliRunner

    from osai.cli import app

    out = klass["out"]
    base = ["grade", str(klass["subs"]), "--solutions", str(klass["solutions"]), "--out", str(out), "--jobs", "1"]
    filled = fill(out / "written" / "lab99.csv", {("ana_lima", "w2", "1"): ("2", "")})
    done = CliRunner().invoke(app, [*base, "--merge-written", str(filled)])
    assert done.exit_code == 0, done.output
    assert "point(s) still to grade" in done.output
    assert gradebook(out)[("ana_lima", "w2")]["status"] == GRADED
    bad = fill(out / "written" / "lab99.csv", {("ana_lima", "w2", "1"): ("3", "")}, target=out.parent / "bad.csv")
    refused = CliRunner().invoke(app, [*base, "--merge-written", str(bad)])
    assert refused.exit_code == 2 and "column score" in refused.output
    missing = CliRunner().invoke(app, [*base, "--merge-written", str(out / "nope.csv")])
    assert missing.exit_code == 2 and "sheet not found" in missing.output


# ---------------------------------------------------------------------------------------------
# Any sheet content: merged within bounds or refused clearly


def _answers():
    questions = load_questions()
    return {("ana", "99"): read_answers(submission_nb(GOOD, "A data card, with sources."), questions)}


ANSWERS = _answers()
SHEET_ROWS = sheet_rows([SubmissionGrade("ana", "99", LAB, [], written=ANSWERS[("ana", "99")])], "99")

cells = st.one_of(st.text(max_size=30), st.sampled_from(["", "0", "1", "2", "2.5", "-1", "1e3", "nan", "inf", " 1 ",
                                                         "99", "w1", "w9", "ana", "'=1", "1,5", "²", "١"]))


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.integers(0, len(SHEET_ROWS) - 1), st.sampled_from(SHEET_FIELDS), cells), max_size=4))
def test_any_sheet_is_merged_within_the_rubric_or_refused(edits):
    rows = [dict(r) for r in SHEET_ROWS]
    for index, column, value in edits:
        rows[index][column] = value
    try:
        marks = read_sheet(sheet_text(rows).encode("utf-8"), ANSWERS, "lab99.csv")
    except SheetError as error:
        assert str(error).startswith("lab99.csv")
        return
    tops = {(a.qid, n): top for a in ANSWERS[("ana", "99")] for n, (top, _) in enumerate(a.rubric, start=1)}
    for (student, qid, criterion), mark in marks.get("99", {}).items():
        assert student == "ana" and 0 <= mark.score <= tops[(qid, criterion)]


@settings(max_examples=100, deadline=None)
@given(st.text(min_size=1, max_size=400))
def test_any_answer_survives_the_sheet_round_trip(text):
    questions = load_questions()[1:]
    answers = {("ana", "99"): read_answers(submission_nb(w2=text), questions)}
    rows = sheet_rows([SubmissionGrade("ana", "99", LAB, [], written=answers[("ana", "99")])], "99")
    for row in rows:
        row["score"] = "1"
    marks = read_sheet(sheet_text(rows).encode("utf-8"), answers, "lab99.csv")
    assert len(marks.get("99", {})) == len(rows)


# ---------------------------------------------------------------------------------------------
# With real kernels: a lab with a written question grades as before


@pytest.mark.slow
def test_a_real_lab_with_a_written_question_grades_its_checks_as_before(tmp_path):
    root = Path(__file__).resolve().parent.parent
    name = "00_orientation.ipynb"
    solution = nbformat.read(root / "solutions" / name, as_version=4)
    lab = nbformat.read(root / "labs" / name, as_version=4)
    for nb in (solution, lab):  # the lab's own written answer gives way to the planted w1 and w2
        nb.cells = [c for c in nb.cells if not c.get("id", "").startswith("w1")]
    written = solution_nb().cells[2:]  # question, answer, rubric of w1 and w2
    solution.cells[1:1] = written
    (tmp_path / "solutions").mkdir()
    nbformat.write(solution, tmp_path / "solutions" / name)
    lab.cells[1:1] = [c for c in submission_nb(GOOD, "A card.").cells[2:]]
    write_raw(tmp_path / "subs" / "ana" / name, lab)
    (grade_,) = grading.grade(tmp_path / "subs", tmp_path / "solutions", tmp_path / "graded", jobs=1)
    assert {r.status for r in grade_.results} == {"not_attempted"} and grade_.points == 0
    assert [(a.qid, a.status) for a in grade_.written] == [("w1", AWAITING), ("w2", AWAITING)]
    assert (tmp_path / "graded" / "written" / "lab00.csv").is_file()

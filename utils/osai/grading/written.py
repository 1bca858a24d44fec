# SPDX-FileCopyrightText: 2026 The Open Source AI Lab Kit authors
# SPDX-License-Identifier: MIT
"""Written answers in the grade of record: read them from each submission (never run them), keep the
instructor's merged scores, and turn both into gradebook rows, summary columns and feedback lines.

A written question (format: :mod:`osai.written`) is graded by the instructor, never by the grader, and never
changes a lab's automatic score. Each submission's answer is found by its nbgrader ``grade_id``, else by the
solution cell's id (a student's editor may drop tags or move the cell), and gets a status:

- ``awaiting instructor``: answered, not graded yet (or its answer changed after it was graded);
- ``not answered``: blank, the placeholder, no answer cell or no submission: 0 points;
- ``graded``: every criterion of its rubric has a score merged from a review sheet
  (:mod:`osai.grading.review`); the points are their sum.

What the instructor merged is kept per lab in ``written/labNN.merged.csv`` (see :func:`load_marks`), with a
fingerprint of the answer it graded, so that grading the class again keeps the scores, and an answer changed
since is flagged rather than silently kept.

>>> from osai.written import Criterion, Rubric, WrittenQuestion
>>> q = WrittenQuestion("w1", 3, "c1", "Why?", "Because.", Rubric("w1", (Criterion(1, "a"), Criterion(2, "b"))))
>>> cell = {"cell_type": "markdown", "id": "c1", "source": "It forbids uses.", "metadata": {}}
>>> (answer,) = read_answers({"cells": [cell]}, [q])
>>> answer.status, answer.found_by, answer.points
('awaiting instructor', 'cell id', None)
>>> graded = apply_marks([answer], {("w1", 1): Mark(1, "", answer.digest), ("w1", 2): Mark(1.5, "", answer.digest)})
>>> graded[0].status, graded[0].points
('graded', 2.5)
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from osai.grading.model import CheckResult, GradingError, NotebookError, Reference, Submission, SubmissionGrade

__all__ = ["AWAITING", "GRADED", "MARK_FIELDS", "NOT_ANSWERED", "Mark", "SheetError", "WrittenAnswer", "answer_digest",
           "apply_marks", "as_results", "attach_written", "clean_text", "format_points", "load_marks",
           "marks_path", "missing_answers", "read_answers", "read_written", "save_marks", "written_feedback",
           "written_summary"]

AWAITING = "awaiting instructor"
NOT_ANSWERED = "not answered"
GRADED = "graded"
#: Columns of ``written/labNN.merged.csv``: what the instructor merged, one row per student and criterion.
MARK_FIELDS = ("student", "lab", "question", "criterion", "score", "comment", "answer_sha256")

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class SheetError(GradingError):
    """A review sheet that cannot be merged (:mod:`osai.grading.review`); the message names the sheet, row and
    column."""


SheetError.__module__ = "osai.grading"  # raised to the user through the package's public name


@dataclass(frozen=True)
class Mark:
    """The instructor's score (and comment) for one criterion, and the :func:`answer_digest` it graded."""

    score: float
    comment: str
    digest: str


@dataclass(frozen=True)
class WrittenAnswer:
    """One written answer of one submission, as the reports show it.

    ``scores`` and ``comments`` follow the rubric's criteria (``None``: not scored); ``length`` is
    :func:`osai.written.answer_status`'s verdict, ``found_by`` says how the cell was found
    (``grade_id``, ``cell id`` or empty) and ``rubric`` holds the question's criteria as ``(points, text)``.
    """

    qid: str
    max_points: int
    status: str
    text: str = ""
    words: int = 0
    length: str = NOT_ANSWERED
    found_by: str = ""
    scores: tuple[float | None, ...] = ()
    comments: tuple[str, ...] = ()
    detail: str = ""
    rubric: tuple[tuple[int, str], ...] = ()  # (points, text) of each criterion

    @property
    def digest(self) -> str:
        return answer_digest(self.text)

    @property
    def points(self) -> float | None:
        """The points of a graded answer, 0 for one not answered, ``None`` while awaiting the instructor."""
        if self.status == NOT_ANSWERED:
            return 0
        if self.status == GRADED:
            total = sum(s for s in self.scores if s is not None)
            return int(total) if float(total).is_integer() else total
        return None


def clean_text(text: str) -> str:
    """Text safe to write anywhere: no control characters (newlines and tabs stay), no lone surrogates.

    >>> clean_text("a\\x00b\\ud800c\\n")
    'ab?c\\n'
    """
    text = str(text).encode("utf-8", "replace").decode("utf-8")
    return _CONTROL.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))


def answer_digest(text: str) -> str:
    """A fingerprint of an answer that ignores blanks and line endings (a spreadsheet may change them).

    >>> answer_digest("one  two\\r\\n") == answer_digest("one two")
    True
    """
    return hashlib.sha256(" ".join(clean_text(text).split()).encode("utf-8")).hexdigest()


def format_points(value: float | None) -> str:
    """Points as a report shows them: ``2``, ``1.5``, or empty for none.

    >>> format_points(2.0), format_points(1.5), format_points(None)
    ('2', '1.5', '')
    """
    if value is None:
        return ""
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


# --------------------------------------------------------------------------------------------------
# Reading the answers of a submission


def _meta(cell: Any) -> Mapping[str, Any]:
    meta = cell.get("metadata") if isinstance(cell, Mapping) else getattr(cell, "metadata", None)
    return meta if isinstance(meta, Mapping) else {}


def _find(cells: Sequence[Any], qid: str, cell_id: str | None) -> tuple[Any, str]:
    for cell in cells:
        nbgrader = _meta(cell).get("nbgrader")
        if isinstance(nbgrader, Mapping) and nbgrader.get("grade_id") == qid:
            return cell, "grade_id"
    for cell in cells:
        if cell_id and (cell.get("id") if isinstance(cell, Mapping) else getattr(cell, "id", None)) == cell_id:
            return cell, "cell id"
    return None, ""


def read_answers(nb: Any, questions: Sequence[Any]) -> list[WrittenAnswer]:
    """The answers of a submission (a notebook read with nbformat, or a dict) to ``questions``
    (:class:`osai.written.WrittenQuestion`), in the questions' order. Nothing is run.

    >>> read_answers({"cells": []}, [])
    []
    """
    from osai.written import answer_status, answer_text

    cells = list((nb.get("cells") if isinstance(nb, Mapping) else getattr(nb, "cells", None)) or [])
    answers = []
    for q in questions:
        cell, found_by = _find(cells, q.qid, q.cell_id)
        if cell is None:
            answers += missing_answers([q], f"no answer cell found (grade_id {q.qid} or cell id {q.cell_id})")
            continue
        text = answer_text(cell)
        length, words = answer_status(text, q.words)
        if length == NOT_ANSWERED:
            answers += [replace(a, found_by=found_by) for a in missing_answers([q], "no answer")]
            continue
        notes = [f"{words} words"]
        if length != "answered":
            notes.append(f"{length} ({q.words[0]} to {q.words[1]} words asked)")
        if found_by == "cell id":
            notes.append("found by its cell id (its grade_id was changed)")
        answers.append(WrittenAnswer(q.qid, q.points, AWAITING, text, words, length, found_by,
                                     detail="; ".join(notes), rubric=_rubric(q)))
    return answers


def missing_answers(questions: Sequence[Any], why: str = "no submission") -> list[WrittenAnswer]:
    """Answers for a submission that is missing or unreadable: every question ``not answered``.

    >>> missing_answers([])
    []
    """
    return [WrittenAnswer(q.qid, q.points, NOT_ANSWERED, detail=why, rubric=_rubric(q)) for q in questions]


def _rubric(question: Any) -> tuple[tuple[int, str], ...]:
    return tuple((c.points, c.text) for c in question.rubric.criteria)


def read_written(found: Iterable[Submission], references: Mapping[str, Reference]) -> dict[tuple[str, str],
                                                                                              list[WrittenAnswer]]:
    """``{(student, lab): answers}`` of every submission whose lab has written questions (files only read).

    >>> read_written([], {})
    {}
    """
    from osai.grading.notebook import load_notebook

    answers: dict[tuple[str, str], list[WrittenAnswer]] = {}
    for submission in found:
        questions = getattr(references.get(submission.lab), "written", None) or []
        if not questions:
            continue
        try:
            nb, _ = load_notebook(submission.path.read_bytes())
        except (NotebookError, OSError) as error:
            answers[(submission.student, submission.lab)] = missing_answers(
                questions, f"the notebook could not be read ({error})")
            continue
        answers[(submission.student, submission.lab)] = read_answers(nb, questions)
    return answers


# --------------------------------------------------------------------------------------------------
# The instructor's merged scores


def apply_marks(answers: Sequence[WrittenAnswer], marks: Mapping[tuple[str, int], Mark]) -> list[WrittenAnswer]:
    """``answers`` with the instructor's ``marks`` (``{(question, criterion number from 1): Mark}``) applied
    (marks of criteria beyond an answer's rubric are ignored).

    An answer is ``graded`` when every criterion has a score. A mark made on another answer than the current
    one is not applied: the answer stays ``awaiting instructor`` and its detail gives the earlier score.
    Not-answered answers stay as they are.

    >>> apply_marks([WrittenAnswer("w1", 2, NOT_ANSWERED)], {}) == [WrittenAnswer("w1", 2, NOT_ANSWERED)]
    True
    """
    done = []
    for answer in answers:
        mine = {c: m for (q, c), m in marks.items() if q == answer.qid}
        if answer.status == NOT_ANSWERED or not mine:
            done.append(answer)
            continue
        if any(m.digest != answer.digest for m in mine.values()):
            earlier = format_points(sum(m.score for m in mine.values()))
            done.append(replace(answer, status=AWAITING, detail=f"the answer changed after it was graded "
                                f"({earlier}/{answer.max_points} then): grade it again; {answer.detail}"))
            continue
        size = len(answer.rubric) or max(mine)
        scores = tuple(mine[c].score if c in mine else None for c in range(1, size + 1))
        comments = tuple(mine[c].comment if c in mine else "" for c in range(1, size + 1))
        scored = sum(s is not None for s in scores)
        if scored == size:
            done.append(replace(answer, status=GRADED, scores=scores, comments=comments))
        else:
            done.append(replace(answer, status=AWAITING, scores=scores, comments=comments,
                                detail=f"{scored} of {size} criteria graded; {answer.detail}"))
    return done


def attach_written(grades: Sequence[SubmissionGrade], answers: Mapping[tuple[str, str], list[WrittenAnswer]],
                   references: Mapping[str, Reference],
                   marks: Mapping[str, Mapping[tuple[str, str, int], Mark]]) -> list[SubmissionGrade]:
    """Give each grade its written answers (``not answered`` when it has none) with ``marks`` (per lab,
    ``{(student, question, criterion): Mark}``) applied; the grades are changed in place and returned.

    >>> attach_written([], {}, {}, {})
    []
    """
    for g in grades:
        questions = getattr(references.get(g.lab), "written", None) or []
        mine = answers.get((g.student, g.lab)) or missing_answers(questions)
        student_marks = {(q, c): m for (s, q, c), m in marks.get(g.lab, {}).items() if s == g.student}
        g.written = apply_marks(mine, student_marks)
    return list(grades)


def marks_path(out: Path | str, lab: str) -> Path:
    """Where the merged scores of a lab are kept: ``OUT/written/labNN.merged.csv``.

    >>> marks_path("graded", "04").as_posix()
    'graded/written/lab04.merged.csv'
    """
    return Path(out) / "written" / f"lab{lab}.merged.csv"


def load_marks(out: Path | str, labs: Iterable[str]) -> dict[str, dict[tuple[str, str, int], Mark]]:
    """The merged scores of ``labs`` kept under ``out``: ``{lab: {(student, question, criterion): Mark}}``.

    Raises :class:`GradingError` naming the file and row when a kept file was damaged.

    >>> load_marks("/nonexistent", ["04"])
    {'04': {}}
    """
    import csv

    marks: dict[str, dict[tuple[str, str, int], Mark]] = {}
    for lab in labs:
        path = marks_path(out, lab)
        marks[lab] = {}
        if not path.is_file():
            continue
        number = 1
        try:
            with path.open(encoding="utf-8", newline="") as handle:
                for number, row in enumerate(csv.DictReader(handle), start=2):
                    key = (row["student"], row["question"], int(row["criterion"]))
                    score = float(row["score"])
                    if not 0 <= score < float("inf"):
                        raise ValueError(score)
                    marks[lab][key] = Mark(score, row["comment"] or "", row["answer_sha256"])
        except (KeyError, TypeError, ValueError, csv.Error):  # UnicodeDecodeError is a ValueError
            raise GradingError(f"{path}, row {number}: not a file of merged scores ({', '.join(MARK_FIELDS)}); "
                               "restore it from a backup, or delete it and merge the filled sheets again") from None
    return marks


def save_marks(out: Path | str, marks: Mapping[str, Mapping[tuple[str, str, int], Mark]]) -> list[Path]:
    """Write each lab's merged scores (sorted, so that merging again writes the same bytes); each file is
    written beside and then moved into place. Labs without marks and no file are skipped.

    >>> save_marks("/nonexistent", {"04": {}})
    []
    """
    import csv
    import io

    written = []
    for lab, lab_marks in sorted(marks.items()):
        path = marks_path(out, lab)
        if not lab_marks and not path.exists():
            continue
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(MARK_FIELDS)
        for (student, qid, criterion), m in sorted(lab_marks.items(), key=lambda item: (item[0][0], _qorder(item[0][1]),
                                                                                     item[0][2])):
            writer.writerow([student, lab, qid, criterion, format_points(m.score), m.comment, m.digest])
        replace_text(path, buffer.getvalue())
        written.append(path)
    return written


def _qorder(qid: str) -> tuple[int, str]:
    digits = re.sub(r"\D", "", qid)
    return (int(digits) if digits else 0, qid)


def replace_text(path: Path, text: str, encoding: str = "utf-8") -> None:
    """Write ``text`` to a file beside ``path`` and move it into place (nothing half-written); unchanged text
    is not written again.

    >>> import tempfile
    >>> p = Path(tempfile.mkdtemp()) / "a" / "b.txt"
    >>> replace_text(p, "x"); p.read_text()
    'x'
    """
    import os

    path.parent.mkdir(parents=True, exist_ok=True)
    data = text.encode(encoding)
    if path.is_file() and path.read_bytes() == data:
        return
    temporary = path.with_name(f".{path.name}.tmp")
    temporary.write_bytes(data)
    os.replace(temporary, path)


# --------------------------------------------------------------------------------------------------
# What the reports show


def as_results(answers: Iterable[WrittenAnswer]) -> list[CheckResult]:
    """Gradebook rows of written answers, as check results: points ``None`` (an empty cell) until graded.

    >>> as_results([WrittenAnswer("w1", 3, AWAITING, detail="40 words")])[0]
    CheckResult(qid='w1', points=None, max_points=3, status='awaiting instructor', detail='40 words')
    """
    return [CheckResult(a.qid, a.points, a.max_points, a.status, a.detail)  # type: ignore[arg-type]
            for a in answers]


def written_summary(grade_: SubmissionGrade) -> tuple[float, int, int]:
    """``(points graded so far, written points in all, points still to grade)`` of one student's lab.

    >>> g = SubmissionGrade("ana", "04", "04_x.ipynb", [])
    >>> g.written = [WrittenAnswer("w1", 3, AWAITING), WrittenAnswer("w2", 2, NOT_ANSWERED)]
    >>> written_summary(g)
    (0, 5, 3)
    """
    answers = getattr(grade_, "written", None) or []
    graded = sum(a.points for a in answers if a.points is not None)
    graded = int(graded) if float(graded).is_integer() else graded
    return graded, sum(a.max_points for a in answers), sum(a.max_points for a in answers if a.points is None)


_STATUS_WORDS = {AWAITING: "graded by your instructor", NOT_ANSWERED: "not answered", GRADED: "graded"}


def _one_line(text: str) -> str:
    return " ".join(clean_text(text).split()).replace("|", "\\|")


def written_feedback(grade_: SubmissionGrade) -> list[str]:
    """Feedback lines for the written answers of one student's lab (empty when it has none): a table of
    questions, then each graded question's criteria with points and the instructor's comment.

    >>> g = SubmissionGrade("ana", "04", "04_x.ipynb", [])
    >>> g.written = [WrittenAnswer("w1", 3, AWAITING)]
    >>> written_feedback(g)[6]
    '| w1 | -/3 | graded by your instructor |'
    """
    answers = getattr(grade_, "written", None) or []
    if not answers:
        return []
    lines = ["## Written answers", "", "Your instructor grades these; they do not change the score above.", "",
             "| question | points | status |", "|---|---|---|"]
    for a in answers:
        shown = format_points(a.points) or "-"
        lines.append(f"| {a.qid} | {shown}/{a.max_points} | {_STATUS_WORDS.get(a.status, a.status)} |")
    for a in answers:
        if a.status != GRADED:
            continue
        lines += ["", f"### {a.qid}: {format_points(a.points)}/{a.max_points}", ""]
        for (top, text), score, comment in zip(a.rubric, a.scores, a.comments):
            said = _one_line(comment)
            lines.append(f"- {format_points(score)}/{top}: {_one_line(text)}" + (f" (comment: {said})" if said else ""))
    return lines

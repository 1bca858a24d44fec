# SPDX-FileCopyrightText: 2026 The Open Source AI Lab Kit authors
# SPDX-License-Identifier: MIT
"""The instructor's review of written answers: a sheet to fill, a page to read, and merging the filled sheet.

``osai grade`` writes, per lab that has written questions, under ``OUT/written/``:

- ``labNN.csv``: the review sheet, one row per student and rubric criterion (:data:`SHEET_FIELDS`); the
  answer is on the first criterion's row of each question, so it is read once and each criterion scored
  below it. It is UTF-8 with a byte-order mark, so that spreadsheet programs read accents right; a cell
  that a spreadsheet would take for a formula starts with ``'``.
- ``labNN.html``: one self-contained page (no script, no network), a section per question: the question,
  the rubric, the model answer, then every answer with its word count. All student text is escaped.
- with ``--anonymous``, both show stable pseudonyms (:func:`pseudonym`) instead of student names, and
  ``labNN.key.csv`` maps them back; a sheet with pseudonyms merges like one with names.

``osai grade SUBMISSIONS --merge-written SHEET`` checks each sheet (:func:`read_sheet`): a sheet with an unknown
student, lab, question or criterion, a score that is not a number from 0 to the criterion's points, an
answer that differs from the student's answer, or a missing column is refused, naming the row and the
column, before anything is written. The scores then go to ``labNN.merged.csv``
(:mod:`osai.grading.written`) and from there into the gradebook, summary and feedback, on this run and
every later one.

>>> pseudonym("04", "ana") == pseudonym("04", "ana") != pseudonym("04", "bo")
True
"""

from __future__ import annotations

import csv
import hashlib
import html
import io
import re
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from osai.grading.model import Reference, SubmissionGrade
from osai.grading.written import (
    NOT_ANSWERED,
    Mark,
    SheetError,
    WrittenAnswer,
    clean_text,
    format_points,
    load_marks,
    replace_text,
)

__all__ = ["SHEET_FIELDS", "SHEET_REQUIRED", "SheetError", "gather_marks", "key_text", "merge_sheets", "pseudonym",
           "read_sheet", "review_html", "sheet_answer", "sheet_rows", "sheet_text", "write_review"]

#: The review sheet's columns, in order.
SHEET_FIELDS = ("student", "lab", "question", "criterion", "criterion_text", "max", "words", "answer", "score",
                "comment")
#: The columns a sheet must still have to be merged.
SHEET_REQUIRED = ("student", "lab", "question", "criterion", "criterion_text", "max", "answer", "score", "comment")
#: An answer longer than this is cut in the sheet (spreadsheet cells hold 32,767 characters); the page has it all.
SHEET_ANSWER_LIMIT = 3000
#: An answer longer than this is cut in the page (the notebook has it all).
PAGE_ANSWER_LIMIT = 20000

_FORMULA = ("=", "+", "-", "@", "\t")

#: ``{(student, lab): answers}``, as :func:`osai.grading.written.read_written` returns.
Answers = Mapping[tuple[str, str], Sequence[WrittenAnswer]]
Marks = dict[str, dict[tuple[str, str, int], Mark]]


def pseudonym(lab: str, student: str) -> str:
    """A student's stable pseudonym in one lab's review (the same on every run; another in each lab).

    It hides names while grading; it is not a secret from someone who has the class list and this code.

    >>> pseudonym("04", "ana")
    'student-367a62'
    """
    return "student-" + hashlib.sha256(f"osai-review\0{lab}\0{student}".encode("utf-8", "replace")).hexdigest()[:6]


# --------------------------------------------------------------------------------------------------
# The sheet


def _guard(text: str) -> str:
    """A cell that a spreadsheet would read as a formula gets a leading ``'``."""
    return "'" + text if text.startswith(_FORMULA) else text


def _unguard(text: str) -> str:
    return text[1:] if text.startswith("'") and text[1:].startswith(_FORMULA) else text


def sheet_answer(text: str) -> str:
    """An answer as the sheet shows it: cleaned, cut at :data:`SHEET_ANSWER_LIMIT` characters, formula-safe.

    >>> sheet_answer("=HYPERLINK(1)")
    "'=HYPERLINK(1)"
    """
    text = clean_text(text).strip()
    if len(text) > SHEET_ANSWER_LIMIT:
        text = text[:SHEET_ANSWER_LIMIT] + f" [... cut: {len(text) - SHEET_ANSWER_LIMIT} more characters, see the page]"
    return _guard(text)


def _same_answer(cell: str, text: str) -> bool:
    """Whether a sheet's answer cell still shows ``text`` (blanks, line endings and a leading ``'`` aside)."""
    return " ".join(_unguard(cell.strip()).split()) == " ".join(_unguard(sheet_answer(text)).split())


def _by_lab(grades: Iterable[SubmissionGrade], lab: str) -> list[SubmissionGrade]:
    return [g for g in grades if g.lab == lab and g.written]


def sheet_rows(grades: Iterable[SubmissionGrade], lab: str, anonymous: bool = False) -> list[dict[str, Any]]:
    """The review sheet of ``lab``: a row per answered question and criterion, scores merged so far filled in.

    >>> sheet_rows([], "04")
    []
    """
    rows = []
    for g in _by_lab(grades, lab):
        who = pseudonym(lab, g.student) if anonymous else g.student
        for a in g.written:
            if a.status == NOT_ANSWERED:
                continue
            for number, (top, text) in enumerate(a.rubric, start=1):
                score = a.scores[number - 1] if number <= len(a.scores) else None
                comment = a.comments[number - 1] if number <= len(a.comments) else ""
                rows.append({"student": _guard(clean_text(who)), "lab": lab, "question": a.qid, "criterion": number,
                             "criterion_text": _guard(clean_text(text)), "max": top,
                             "words": a.words if number == 1 else "",
                             "answer": sheet_answer(a.text) if number == 1 else "",
                             "score": format_points(score), "comment": _guard(clean_text(comment))})
    return sorted(rows, key=lambda r: (r["student"], _qorder(r["question"]), r["criterion"]))


def _qorder(qid: str) -> int:
    digits = re.sub(r"\D", "", qid)
    return int(digits) if digits else 0


def sheet_text(rows: Iterable[Mapping[str, Any]]) -> str:
    """The sheet as CSV text, starting with a byte-order mark (spreadsheets then read it as UTF-8).

    >>> sheet_text([]).splitlines()[0][1:]
    'student,lab,question,criterion,criterion_text,max,words,answer,score,comment'
    """
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(SHEET_FIELDS), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return "\ufeff" + buffer.getvalue()


def _decode(data: bytes, name: str) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise SheetError(f"{name}: not UTF-8 text; save the sheet as 'CSV UTF-8' and merge it again") from None


def _reader(text: str) -> csv.DictReader:
    """A reader for the sheet's delimiter: ``,``, or ``;`` or a tab as some spreadsheet programs save."""
    first = text.split("\n", 1)[0]
    delimiter = max((",", ";", "\t"), key=lambda d: sum(c in first.split(d) for c in ("student", "score", "lab")))
    return csv.DictReader(io.StringIO(text, newline=""), delimiter=delimiter)


_NUMBER = re.compile(r"[0-9]{1,6}(?:[.,][0-9]{1,6})?")


Index = dict[str, dict[str, tuple[str, dict[str, WrittenAnswer]]]]


def _index(answers: Answers) -> Index:
    """``{lab: {name or pseudonym: (student, {question: answer})}}``; a real name wins over a pseudonym."""
    index: Index = {}
    for (student, lab), mine in sorted(answers.items()):
        index.setdefault(lab, {}).setdefault(pseudonym(lab, student), (student, {a.qid: a for a in mine}))
    for (student, lab), mine in answers.items():
        index[lab][student] = (student, {a.qid: a for a in mine})
    return index


def read_sheet(data: bytes | str, answers: Answers, name: str = "sheet") -> Marks:
    """The scores of a filled review sheet, checked against the class's current ``answers``:
    ``{lab: {(student, question, criterion): Mark}}``. Rows without a score are left out.

    Raises :class:`SheetError` naming ``name``, the row (as a spreadsheet numbers it: the header is row 1)
    and the column of the first problem.

    >>> read_sheet("student,lab\\n", {}, "lab04.csv")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    osai.grading.SheetError: lab04.csv: column question is missing (a review sheet has student, lab, ...)
    """
    text = _decode(data, name) if isinstance(data, bytes) else data.lstrip("\ufeff")
    reader = _reader(text)
    header = [h.strip() for h in (reader.fieldnames or [])]
    for column in SHEET_REQUIRED:
        if column not in header:
            raise SheetError(f"{name}: column {column} is missing (a review sheet has {', '.join(SHEET_REQUIRED)})")
    reader.fieldnames = header
    index = _index(answers)
    marks: Marks = {}
    seen: dict[tuple[str, str, str, int], int] = {}
    try:
        for number, raw in enumerate(reader, start=2):
            row = {k: (v if isinstance(v, str) else "") for k, v in raw.items() if k is not None}
            if not any(v.strip() for v in row.values()):
                continue
            found = _row_mark(row, index, f"{name}, row {number}")
            if found is None:
                continue
            lab, student, qid, criterion, mark = found
            key = (lab, student, qid, criterion)
            if key in seen and marks[lab].get((student, qid, criterion)) != mark:
                raise SheetError(f"{name}, row {number}: the same student, question and criterion as row {seen[key]}, "
                                 "with another score or comment")
            seen[key] = number
            marks.setdefault(lab, {})[(student, qid, criterion)] = mark
    except csv.Error as error:
        raise SheetError(f"{name}, row {reader.line_num}: not readable as CSV ({error})") from None
    return marks


def _row_mark(row: Mapping[str, str], index: Index, where: str) -> tuple[str, str, str, int, Mark] | None:
    """One sheet row checked: ``(lab, student, question, criterion, mark)``, or ``None`` without a score."""
    def cell(column: str) -> str:
        return _unguard(row.get(column, "").strip())

    found = re.fullmatch(r"(?:lab)?\s*([0-9]{1,2})", cell("lab"), re.IGNORECASE)
    lab = found.group(1).zfill(2) if found else None
    if lab not in index:
        raise SheetError(f"{where}, column lab: {cell('lab')[:40]!r} is not a lab with written answers graded in this "
                         f"run (labs with written answers here: {', '.join(sorted(index)) or 'none'})")
    if cell("student") not in index[lab]:
        raise SheetError(f"{where}, column student: {cell('student')[:60]!r} is not a student of lab {lab} here")
    student, mine = index[lab][cell("student")]
    qid = cell("question")
    if qid not in mine:
        raise SheetError(f"{where}, column question: {qid[:40]!r} is not a written question of lab {lab} "
                         f"(expected {', '.join(mine)})")
    answer = mine[qid]
    if answer.status == NOT_ANSWERED:
        raise SheetError(f"{where}, column answer: {student if student == cell('student') else 'this student'} has "
                         f"not answered {qid}; there is nothing to grade")
    criterion = int(cell("criterion")) if re.fullmatch(r"[0-9]{1,3}", cell("criterion")) else 0
    if not 1 <= criterion <= len(answer.rubric):
        raise SheetError(f"{where}, column criterion: {cell('criterion')[:20]!r} is not a criterion of {qid} "
                         f"(expected 1 to {len(answer.rubric)})")
    top = answer.rubric[criterion - 1][0]
    if cell("max") != str(top) and not (_NUMBER.fullmatch(cell("max")) and _number(cell("max")) == top):
        raise SheetError(f"{where}, column max: {cell('max')[:20]!r}, but criterion {criterion} of {qid} has {top} "
                         "point(s); do not edit this column")
    shown = row.get("answer", "")
    if (shown.strip() or criterion == 1) and not _same_answer(shown, answer.text):
        raise SheetError(f"{where}, column answer: it differs from the student's answer to {qid} (edited, or the "
                         "answer changed since the sheet was written); run osai grade to write the sheet again")
    score, comment = cell("score"), row.get("comment", "")
    if not score:
        if comment.strip():
            raise SheetError(f"{where}, column score: a comment without a score; give a score (0 is one) or remove "
                             "the comment")
        return None
    if not _NUMBER.fullmatch(score) or _number(score) > top:
        raise SheetError(f"{where}, column score: {score[:20]!r} is not a score from 0 to {top} (criterion "
                         f"{criterion} of {qid} has {top} point(s))")
    return lab, student, qid, criterion, Mark(_number(score), comment.strip(), answer.digest)


def _number(text: str) -> float:
    return float(text.replace(",", "."))


def merge_sheets(sheets: Iterable[tuple[str, bytes | str]], answers: Answers, marks: Marks) -> Marks:
    """``marks`` updated by every sheet (``(name, content)``); a new score replaces the one merged before, an
    empty score changes nothing. Every sheet is checked before any mark is taken, so a bad one changes
    nothing; two sheets that score the same criterion differently are refused.

    >>> merge_sheets([], {}, {"04": {}})
    {'04': {}}
    """
    taken: list[tuple[str, Marks]] = [(name, read_sheet(data, answers, name)) for name, data in sheets]
    merged = {lab: dict(lab_marks) for lab, lab_marks in marks.items()}
    origin: dict[tuple[str, str, str, int], str] = {}
    for name, sheet in taken:
        for lab, lab_marks in sheet.items():
            for key, mark in lab_marks.items():
                full = (lab, *key)
                if full in origin and merged[lab][key] != mark:
                    raise SheetError(f"{name}: {key[0]}'s {key[1]}, criterion {key[2]}, has another score or comment "
                                     f"in {origin[full]}; merge one of them")
                origin[full] = name
                merged.setdefault(lab, {})[key] = mark
    return merged


def gather_marks(out: Path | str, sheets: Sequence[Path | str], answers: Answers, labs: Iterable[str]) -> Marks:
    """The marks merged before (kept under ``out``) with ``sheets`` merged in; raises :class:`SheetError`
    before anything is written when a sheet is bad.

    >>> gather_marks("/nonexistent", [], {}, ["04"])
    {'04': {}}
    """
    contents = []
    for sheet in sheets:
        try:
            contents.append((str(sheet), Path(sheet).read_bytes()))
        except OSError as error:
            raise SheetError(f"{sheet}: cannot read the sheet ({error.strerror})") from None
    return merge_sheets(contents, answers, load_marks(out, labs))


# --------------------------------------------------------------------------------------------------
# The page


_STYLE = """body{font-family:system-ui,sans-serif;max-width:80em;margin:1em auto;padding:0 1em;line-height:1.4}
.text{white-space:pre-wrap;overflow-wrap:anywhere;border-left:3px solid #ccc;padding:.3em .8em;margin:.3em 0}
.model{border-color:#2a7}.answers{display:grid;grid-template-columns:repeat(auto-fill,minmax(24em,1fr));gap:1em}
article{border:1px solid #ddd;border-radius:4px;padding:.5em}h4{margin:.2em 0}.meta{color:#555;font-size:.9em}"""


def _text_block(text: str, css: str = "text", limit: int = PAGE_ANSWER_LIMIT) -> str:
    text = clean_text(text)
    if len(text) > limit:
        text = text[:limit] + f"\n[... cut: {len(text) - limit} more characters; the notebook has the whole answer]"
    return f'<div class="{css}">{html.escape(text)}</div>'


def review_html(reference: Reference, grades: Iterable[SubmissionGrade], anonymous: bool = False) -> str:
    """One lab's review page: per question, the question, rubric and model answer, then every answer.

    >>> from osai.written import Criterion, Rubric, WrittenQuestion
    >>> q = WrittenQuestion("w1", 1, "c", "Why?", "Because.", Rubric("w1", (Criterion(1, "says why"),)))
    >>> "<h2" in review_html(Reference("04", "04_x.ipynb", [], [], {}, [q]), [])
    True
    """
    lab = reference.lab
    mine = sorted(_by_lab(grades, lab), key=lambda g: pseudonym(lab, g.student) if anonymous else g.student)
    title = f"Lab {lab} ({reference.name}): written answers"
    parts = ['<!DOCTYPE html>', '<html lang="en"><head><meta charset="utf-8">',
             # No script, no request: even text that escaped the escaping could not run or fetch anything.
             '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; style-src \'unsafe-inline\'">',
             f"<title>{html.escape(title)}</title><style>{_STYLE}</style></head><body>",
             f"<h1>{html.escape(title)}</h1>",
             f"<p>{len(mine)} student(s){', names replaced by pseudonyms' if anonymous else ''}. Score each "
             f"criterion in <code>lab{lab}.csv</code>, then merge it: <code>osai grade SUBMISSIONS --merge-written "
             f"lab{lab}.csv</code>.</p>"]
    for q in reference.written:
        parts += [f'<section id="{html.escape(q.qid)}"><h2>{html.escape(q.qid)} ({q.points} points)</h2>',
                  "<h3>Question</h3>", _text_block(q.question), "<h3>Rubric</h3><ol>"]
        parts += [f"<li>{c.points} point{'s' if c.points != 1 else ''}: {html.escape(clean_text(c.text))}</li>"
                  for c in q.rubric.criteria]
        parts += ["</ol><h3>Model answer</h3>", _text_block(q.model_answer, "text model"), "<h3>Answers</h3>",
                  '<div class="answers">']
        silent = []
        for g in mine:
            who = pseudonym(lab, g.student) if anonymous else g.student
            answer = next((a for a in g.written if a.qid == q.qid), None)
            if answer is None or answer.status == NOT_ANSWERED:
                silent.append(who)
                continue
            status = answer.status + (f", {format_points(answer.points)}/{q.points}" if answer.points is not None
                                      else "")
            parts += ["<article>", f"<h4>{html.escape(clean_text(who))}</h4>",
                      f'<div class="meta">{answer.words} words ({html.escape(answer.length)}); '
                      f"{html.escape(status)}</div>", _text_block(answer.text), "</article>"]
        parts.append("</div>")
        if silent:
            parts.append(f"<p>Not answered: {html.escape(', '.join(clean_text(s) for s in silent))}</p>")
        parts.append("</section>")
    parts.append("</body></html>\n")
    return "\n".join(parts)


# --------------------------------------------------------------------------------------------------
# Writing the review files


def _typed(score: Any, comment: Any) -> tuple[Any, str]:
    """A score and comment compared as the instructor sees them (``2`` and ``2.0`` are the same score)."""
    score = _unguard(str(score or "").strip())
    return (_number(score) if _NUMBER.fullmatch(score) else score), " ".join(_unguard(str(comment or "")).split())


def _filled(path: Path) -> dict[tuple[str, str, str], tuple[Any, str]]:
    """The scores and comments typed into an existing sheet: ``{(student, question, criterion): (score, comment)}``."""
    try:
        reader = _reader(_decode(path.read_bytes(), str(path)))
        return {(r.get("student") or "", r.get("question") or "", r.get("criterion") or ""):
                _typed(r.get("score"), r.get("comment"))
                for r in reader if (r.get("score") or "").strip() or (r.get("comment") or "").strip()}
    except (OSError, SheetError, csv.Error):
        return {("?", "?", "?"): ("unreadable", "")}


def write_review(out: Path | str, grades: Sequence[SubmissionGrade], references: Mapping[str, Reference],
                 labs: Iterable[str], anonymous: bool = False) -> list[Path]:
    """Write ``written/labNN.csv`` and ``written/labNN.html`` (and ``labNN.key.csv`` when ``anonymous``) for
    each of ``labs`` with written questions; return the files written.

    A sheet holding scores or comments not merged yet is never overwritten: the new sheet goes to
    ``labNN.new.csv`` beside it, and a warning says so.

    >>> write_review("/nonexistent", [], {}, [])
    []
    """
    import warnings

    out = Path(out) / "written"
    written = []
    for lab in labs:
        reference = references.get(lab)
        if reference is None or not reference.written:
            continue
        rows = sheet_rows(grades, lab, anonymous)
        sheet = out / f"lab{lab}.csv"
        ours = {(str(r["student"]), str(r["question"]), str(r["criterion"])): _typed(r["score"], r["comment"])
                for r in rows}
        typed = _filled(sheet) if sheet.is_file() else {}
        if any(ours.get(key) != value for key, value in typed.items()):
            warnings.warn(f"{sheet} holds scores or comments that are not merged: it is kept as it is, and the new "
                          f"sheet is {sheet.with_suffix('.new.csv').name}; merge it with osai grade --merge-written",
                          stacklevel=2)
            sheet = sheet.with_suffix(".new.csv")
        files = [(sheet, sheet_text(rows)), (out / f"lab{lab}.html", review_html(reference, grades, anonymous))]
        if anonymous:
            keys = sorted((pseudonym(lab, g.student), g.student) for g in _by_lab(grades, lab))
            files.append((out / f"lab{lab}.key.csv", key_text(keys)))
        for path, text in files:
            replace_text(path, text)
            written.append(path)
    return written


def key_text(keys: Iterable[tuple[str, str]]) -> str:
    """The key of an anonymous review: ``pseudonym,student`` per line, with a byte-order mark.

    >>> key_text([("student-1", "ana")]).splitlines()[1]
    'student-1,ana'
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["pseudonym", "student"])
    writer.writerows((_guard(p), _guard(clean_text(s))) for p, s in keys)
    return "\ufeff" + buffer.getvalue()

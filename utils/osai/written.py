# SPDX-FileCopyrightText: 2026 The Open Source AI Lab Kit authors
# SPDX-License-Identifier: MIT
"""Written answers: the cell format that ``build``, ``checks`` and ``grading`` share.

A written answer is a **markdown cell** of the solution notebook that carries nbgrader's metadata for a
manually graded answer, so that nbgrader's formgrader shows it as a manual question, and the tag
``written``::

    {"tags": ["written"],
     "nbgrader": {"grade": true, "solution": true, "points": 3, "grade_id": "w1", "locked": false,
                  "schema_version": 3, "task": false},
     "osai": {"words": [30, 250]}}

- In ``solutions/`` its text is a model answer (one answer that earns every point). ``osai build-labs``
  replaces it by :data:`PLACEHOLDER` in ``labs/``, as nbgrader does.
- The markdown cell before it asks the question and says, in general terms, what a good answer covers.
- Its rubric is the next cell, a markdown cell tagged ``rubric`` and ``solution-only`` (so it never reaches
  ``labs/``), in this form::

      **Rubric w1** (3 points)

      - 1 point: names the use restrictions of the license
      - 2 points: explains why a restriction on use fails the OSAID's freedom to use

  The criteria's points add up to the cell's points; :func:`written_questions` refuses a rubric that
  does not, naming the notebook and the question.
- ``osai.words`` (optional) bounds the length the self-check accepts as "answered"; without it, the
  range the question asks for ("about 80 to 250 words", :func:`asked_words`), else :data:`DEFAULT_WORDS`.
  It never earns or costs points: the instructor grades every written answer.

This module only reads notebooks (as ``nbformat`` nodes or plain dicts) and text; it imports nothing of
the kit.

>>> rubric = parse_rubric("**Rubric w1** (3 points)\\n\\n- 1 point: names it\\n- 2 points: explains it")
>>> rubric.qid, rubric.points, [c.points for c in rubric.criteria]
('w1', 3, [1, 2])
>>> answer_status("YOUR ANSWER HERE", (5, 50))
('not answered', 0)
>>> answer_status("Open weights under a license that forbids some uses are not open source.", (5, 50))
('answered', 13)
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Mapping

__all__ = [
    "DEFAULT_WORDS",
    "PLACEHOLDER",
    "RUBRIC_TAG",
    "WRITTEN_TAG",
    "Criterion",
    "Rubric",
    "WrittenError",
    "WrittenQuestion",
    "answer_status",
    "answer_text",
    "asked_words",
    "is_rubric",
    "is_written",
    "parse_rubric",
    "written_questions",
]

WRITTEN_TAG = "written"
RUBRIC_TAG = "rubric"
#: What a written cell holds in ``labs/`` (nbgrader's own placeholder for a markdown answer).
PLACEHOLDER = "YOUR ANSWER HERE"
#: Words an answer must have to count as answered, by default: (at least, at most), what the course's
#: questions ask for ("about 80 to 250 words"). A question that asks for another range is held to that one
#: (:func:`asked_words`).
DEFAULT_WORDS = (80, 250)

_HEADER = re.compile(r"^\s*\*\*Rubric\s+(?P<qid>w\d+)\*\*\s*\((?P<points>\d+)\s+points?\)\s*$")
_CRITERION = re.compile(r"^\s*[-*]\s+(?P<points>\d+)\s+points?\s*:\s*(?P<text>\S.*)$")
_WORD = re.compile(r"[^\W_]+(?:['’-][^\W_]+)*")
_ASKED = re.compile(r"\b(\d+)\s*(?:to|-|–)\s*(\d+)\s+words\b", re.IGNORECASE)


class WrittenError(ValueError):
    """A written-answer cell or rubric that does not follow the format; the message names where."""


@dataclass(frozen=True)
class Criterion:
    """One line of a rubric: what earns ``points``."""

    points: int
    text: str


@dataclass(frozen=True)
class Rubric:
    """The criteria of one written question, in the order the instructor reads them."""

    qid: str
    criteria: tuple[Criterion, ...]

    @property
    def points(self) -> int:
        return sum(c.points for c in self.criteria)


@dataclass(frozen=True)
class WrittenQuestion:
    """A written question of a solution notebook, with everything the instructor grades it by."""

    qid: str
    points: int
    cell_id: str | None
    question: str  # the markdown cell before the answer
    model_answer: str  # the answer cell's text in solutions/
    rubric: Rubric
    words: tuple[int, int] = DEFAULT_WORDS


def _get(cell: Any, key: str, default: Any = None) -> Any:
    return cell.get(key, default) if isinstance(cell, Mapping) else getattr(cell, key, default)


def _source(cell: Any) -> str:
    source = _get(cell, "source", "")
    return "".join(source) if isinstance(source, list) else str(source or "")


def _tags(cell: Any) -> list[str]:
    tags = (_get(cell, "metadata") or {}).get("tags") or []
    return [str(t) for t in tags] if isinstance(tags, list) else []


def is_written(cell: Any) -> bool:
    """Whether a cell is a written-answer cell: tagged ``written``, or a markdown cell that nbgrader marks as a
    manually graded answer (a student's editor may drop tags; nbgrader's metadata stays)."""
    if WRITTEN_TAG in _tags(cell):
        return True
    meta = (_get(cell, "metadata") or {}).get("nbgrader") or {}
    return _get(cell, "cell_type") == "markdown" and bool(meta.get("grade")) and bool(meta.get("solution"))


def is_rubric(cell: Any) -> bool:
    """Whether a cell is a rubric cell (tag ``rubric``)."""
    return RUBRIC_TAG in _tags(cell)


def parse_rubric(source: str, where: str = "rubric") -> Rubric:
    """Read a rubric cell's text; raise :class:`WrittenError` naming ``where`` when it is not in the format."""
    lines = [line for line in str(source).splitlines() if line.strip()]
    header = _HEADER.match(lines[0]) if lines else None
    if header is None:
        raise WrittenError(f"{where}: a rubric starts with a line like '**Rubric w1** (3 points)'")
    criteria = []
    for line in lines[1:]:
        found = _CRITERION.match(line)
        if found:
            criteria.append(Criterion(int(found["points"]), found["text"].strip()))
    if not criteria:
        raise WrittenError(f"{where}: rubric {header['qid']} has no criterion; write lines like '- 1 point: names it'")
    rubric = Rubric(header["qid"], tuple(criteria))
    if rubric.points != int(header["points"]):
        raise WrittenError(f"{where}: rubric {rubric.qid} says {header['points']} points, its criteria add up to "
                           f"{rubric.points}")
    return rubric


def asked_words(question: str) -> tuple[int, int] | None:
    """The range of words a question asks for ("about 80 to 250 words"), or ``None`` when it names none.

    >>> asked_words("Answer in the cell below (double-click it to write; about 80 to\\n250 words).")
    (80, 250)
    >>> asked_words("Why is it open?") is None
    True
    """
    found = _ASKED.search(" ".join(str(question or "").split()))
    if found is None or not 0 <= int(found[1]) < int(found[2]):
        return None
    return int(found[1]), int(found[2])


def _words_setting(cell: Any, where: str, question: str = "") -> tuple[int, int]:
    default = asked_words(question) or DEFAULT_WORDS
    words = ((_get(cell, "metadata") or {}).get("osai") or {}).get("words", default)
    if (not isinstance(words, (list, tuple)) or len(words) != 2
            or not all(isinstance(w, int) and not isinstance(w, bool) for w in words) or not 0 <= words[0] < words[1]):
        raise WrittenError(f"{where}: metadata osai.words must be [at least, at most] with 0 <= at least < at most, "
                           f"got {words!r}")
    asked = asked_words(question)
    if asked is not None and (words[0] > asked[0] or words[1] < asked[1]):
        raise WrittenError(f"{where}: metadata osai.words {list(words)} is stricter than the {asked[0]} to {asked[1]} "
                           "words its question asks for: the self-check would warn about an answer it asks for")
    return int(words[0]), int(words[1])


def written_questions(notebook: Any, where: str = "notebook") -> list[WrittenQuestion]:
    """The written questions of a solution notebook, each with its rubric (the cell right after it).

    Raises :class:`WrittenError` naming ``where`` and the question when a written cell has no ``grade_id`` or
    points, no rubric right after it, a rubric for another question or whose points differ from the cell's,
    or when two written cells share an id.
    """
    cells = list(_get(notebook, "cells", []) or [])
    questions: list[WrittenQuestion] = []
    for index, cell in enumerate(cells):
        if not is_written(cell):
            continue
        meta = (_get(cell, "metadata") or {}).get("nbgrader") or {}
        qid, points = meta.get("grade_id"), meta.get("points")
        at = f"{where}, cell {index}"
        if _get(cell, "cell_type") != "markdown":
            raise WrittenError(f"{at}: a written answer is a markdown cell")
        if not isinstance(qid, str) or not re.fullmatch(r"w\d+", qid):
            raise WrittenError(f"{at}: a written cell needs nbgrader.grade_id like 'w1', got {qid!r}")
        if not isinstance(points, int) or isinstance(points, bool) or points < 1:
            raise WrittenError(f"{at} ({qid}): nbgrader.points must be a whole number of at least 1, got {points!r}")
        if any(q.qid == qid for q in questions):
            raise WrittenError(f"{at}: two written cells are called {qid}")
        following = cells[index + 1] if index + 1 < len(cells) else None
        if following is None or not is_rubric(following):
            raise WrittenError(f"{at} ({qid}): the next cell must be its rubric (markdown, tags 'rubric' and "
                               "'solution-only')")
        rubric = parse_rubric(_source(following), f"{where}, cell {index + 1}")
        if rubric.qid != qid:
            raise WrittenError(f"{where}, cell {index + 1}: the rubric after {qid} is for {rubric.qid}")
        if rubric.points != points:
            raise WrittenError(f"{at} ({qid}): the cell gives {points} points, its rubric {rubric.points}")
        previous = cells[index - 1] if index else None
        question = _source(previous) if previous is not None and _get(previous, "cell_type") == "markdown" else ""
        questions.append(WrittenQuestion(qid, points, _get(cell, "id"), question.strip(), _source(cell).strip(),
                                         rubric, _words_setting(cell, at, question)))
    return questions


def answer_text(cell: Any) -> str:
    """A written cell's answer, without surrounding blanks; ``""`` when it still holds the placeholder."""
    text = _source(cell).strip()
    return "" if text in ("", PLACEHOLDER) else text


def answer_status(text: str, words: tuple[int, int] = DEFAULT_WORDS) -> tuple[str, int]:
    """``(status, number of words)`` of an answer: ``"not answered"``, ``"too short"``, ``"too long"`` or
    ``"answered"``. The placeholder and blank text are not answered."""
    text = str(text or "").strip()
    if text in ("", PLACEHOLDER):
        return "not answered", 0
    count = len(_WORD.findall(text))
    if count < words[0]:
        return "too short", count
    if count > words[1]:
        return "too long", count
    return "answered", count

# SPDX-FileCopyrightText: 2026 The Open Source AI Lab Kit authors
# SPDX-License-Identifier: MIT
"""Points declared once, everything else checked: what ``osai build-labs`` refuses before it writes a lab.

An auto-checked exercise declares its points twice, on purpose: in its verifier
(``@ex("q3", points=2, ...)`` in ``utils/osai/exercises/labNN.py``, what the notebook prints) and in the
nbgrader metadata of its check cell (``nbgrader.points``, what grading and nbgrader read). A written answer
(:mod:`osai.written`) and a code answer that the instructor grades by hand (nbgrader ``grade`` and
``solution`` both true) declare theirs in their own cell (a written answer also in its rubric: ``build`` checks
that the two agree, with :func:`osai.written.written_questions`). Everything else is derived and checked here:

- every check cell has a verifier with the same points, and every verifier has a check cell;
- a heading ``### Exercise q3 (2 points)`` (optionally ``..., and 1 point your instructor grades``) gives the
  exercise's points;
- a heading ``### Written answer w1 (3 points, graded by your instructor)`` gives a written answer's points;
- the title's ``**Exercises:** 9 (15 points)`` (optionally ``7 and a written answer (15 points: 12 checked in
  the notebook, 3 your instructor grades)``) gives the number of exercises and the totals.

:func:`point_problems` is pure (a notebook and the verifiers' points in, problems out); :func:`refuse_drift`
is the one call ``build`` makes.

>>> from osai.consistency import title_numbers
>>> title_numbers("**Time:** 45 minutes · **Exercises:** 5 (7 points) · **Runs offline**")
(5, 7, None, None)
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from osai.build import CellProblem

__all__ = ["PointProblem", "expected_title", "point_problems", "refuse_drift", "title_numbers", "verifier_points"]

#: ``**Exercises:** 9 (15 points)`` or ``**Exercises:** 7 (12 points: 11 checked in the notebook, 1 your instructor grades)``.
TITLE = re.compile(r"\*\*Exercises:\*\*\s*(?P<count>\d+)(?P<written>\s+and\s+(?P<wcount>an?|\d+)\s+written answers?)?"
                   r"\s*\((?P<total>\d+)\s+points?"
                   r"(?::\s*(?P<checked>\d+)\s+checked in the notebook,\s*(?P<manual>\d+)\s+your instructor grades)?\)")
#: ``### Exercise q7 (1 point, and 1 point your instructor grades)``, at the start of a line.
HEADING = re.compile(r"^#{2,4}\s+(?P<kind>Exercise|Written answer)\s+(?P<qid>[qw]\d+[a-z]?)\s+\((?P<points>\d+)\s+points?"
                     r"(?:,\s*and\s+(?P<manual>\d+)\s+points?\s+your instructor grades|,\s*graded by your instructor)?\)",
                     re.M)
#: A markdown heading of a section (``## ...`` or ``### ...``): where an exercise's section ends.
SECTION = re.compile(r"^#{1,3}\s", re.M)


#: Two places that disagree about points.
PointProblem = CellProblem


def title_numbers(text: str) -> tuple[int, int, int | None, int | None] | None:
    """``(exercises, total, checked, instructor-graded)`` read from a title line; ``None`` when it has none.

    >>> title_numbers("**Exercises:** 7 (12 points: 11 checked in the notebook, 1 your instructor grades)")
    (7, 12, 11, 1)
    >>> title_numbers("no totals here") is None
    True
    """
    found = TITLE.search(text)
    if found is None:
        return None
    optional = [int(found[k]) if found[k] is not None else None for k in ("checked", "manual")]
    return int(found["count"]), int(found["total"]), optional[0], optional[1]


def _meta(cell: Any) -> dict:
    nbgrader = (cell.get("metadata") or {}).get("nbgrader") or {}
    return nbgrader if isinstance(nbgrader, dict) else {}


def _points(cell: Any) -> int | None:
    points = _meta(cell).get("points")
    return points if isinstance(points, int) and not isinstance(points, bool) else None


def _is_check(cell: Any) -> bool:
    tags = (cell.get("metadata") or {}).get("tags") or []
    return cell.get("cell_type") == "code" and isinstance(tags, list) and "check" in tags


def _is_manual(cell: Any) -> bool:
    """A cell the instructor grades by hand: nbgrader ``grade`` and ``solution`` (a written answer or a code answer)."""
    meta = _meta(cell)
    return not _is_check(cell) and bool(meta.get("grade")) and bool(meta.get("solution"))


def _owner(grade_id: str) -> str:
    """The exercise a graded cell belongs to: ``q7-answer`` belongs to ``q7``, ``w1`` to itself."""
    return str(grade_id).split("-", 1)[0]


@dataclass(frozen=True)
class _Tally:
    checks: dict[str, tuple[int, Any, int]]  # qid -> (cell index, cell, points)
    manual: list[tuple[int, str, int]]  # (cell index, exercise id, points) of what the instructor grades
    headings: list[tuple[int, re.Match]]  # (cell index, match) of every "### Exercise qK (P points)"
    sections: list[int]  # indices of the markdown cells that start a section (a heading)

    @property
    def exercises(self) -> int:
        """How many exercises a student sees: the exercise headings, or without any, the graded ids."""
        if self.headings:
            return len({found["qid"] for _, found in self.headings if found["kind"] == "Exercise"})
        return len(set(self.checks) | {owner for _, owner, _ in self.manual})

    @property
    def written(self) -> int:
        """How many written questions (``wN``) the instructor grades."""
        return len({owner for _, owner, _ in self.manual if owner.startswith("w")})


def _tally(nb: Any) -> _Tally:
    checks: dict[str, tuple[int, Any, int]] = {}
    manual: list[tuple[int, str, int]] = []
    headings: list[tuple[int, re.Match]] = []
    sections: list[int] = []
    for index, cell in enumerate(nb.get("cells", [])):
        if cell.get("cell_type") == "markdown":
            headings.extend((index, found) for found in HEADING.finditer(_source(cell)))
            if SECTION.search(_source(cell)):
                sections.append(index)
        points, grade_id = _points(cell), _meta(cell).get("grade_id")
        if points is None or not grade_id:
            continue
        if _is_check(cell):
            checks.setdefault(str(grade_id), (index, cell, points))
        elif _is_manual(cell):
            manual.append((index, _owner(grade_id), points))
    return _Tally(checks, manual, headings, sections)


def _by_hand(tally: _Tally, qid: str, start: int, end: int) -> int:
    """Points the instructor grades that belong under exercise ``qid``'s heading (cells ``start`` to ``end``):
    cells named after it (``q7-answer``), or in its section and without a heading of their own (a written part)."""
    headed = {found["qid"] for _, found in tally.headings}
    return sum(points for index, owner, points in tally.manual
               if owner == qid or (start <= index < end and owner not in headed))


def expected_title(nb: Any) -> tuple[int, int, int, int]:
    """``(exercises, total, checked, instructor-graded)`` as the cells declare them: what the title must say.

    >>> check = {"cell_type": "code", "metadata": {"tags": ["check"], "nbgrader": {"grade_id": "q1", "points": 2}}}
    >>> expected_title({"cells": [check]})
    (1, 2, 2, 0)
    """
    tally = _tally(nb)
    checked = sum(points for _, _, points in tally.checks.values())
    manual = sum(points for _, _, points in tally.manual)
    return tally.exercises, checked + manual, checked, manual


def _source(cell: Any) -> str:
    source = cell.get("source", "")
    return "".join(source) if isinstance(source, list) else str(source or "")


def point_problems(nb: Any, name: str, verifiers: Mapping[str, int] | None,
                   verifier_file: str = "the lab's exercises module") -> list[PointProblem]:
    """Every disagreement about points in solution ``nb`` (called ``name`` in messages); empty when all agree.

    ``verifiers`` is ``{qid: points}`` of the lab's verifiers (:func:`verifier_points`), ``None`` when the lab
    has no exercises module.

    >>> check = {"cell_type": "code", "id": "q1-check", "source": 'check("q1", x)',
    ...          "metadata": {"tags": ["check"], "nbgrader": {"grade_id": "q1", "points": 3}}}
    >>> [str(p) for p in point_problems({"cells": [check]}, "solutions/03_x.ipynb", {"q1": 2})]
    ['solutions/03_x.ipynb, cell 0 (id q1-check): check q1 gives 3 points in its nbgrader metadata, its verifier 2']
    """
    problems: list[PointProblem] = []
    tally = _tally(nb)
    cells = nb.get("cells", [])
    known = dict(verifiers or {})
    for qid, (index, cell, points) in tally.checks.items():
        if qid not in known:
            problems.append(PointProblem(name, index, cell.get("id"),
                                         f"check {qid} has no verifier: add @ex({qid!r}, points={points}, ...) "
                                         f"to {verifier_file}"))
        elif known[qid] != points:
            problems.append(PointProblem(name, index, cell.get("id"),
                                         f"check {qid} gives {points} points in its nbgrader metadata, "
                                         f"its verifier {known[qid]}"))
    for qid in sorted(set(known) - set(tally.checks)):
        problems.append(PointProblem(name, None, None, f"verifier {qid} ({known[qid]} points) in {verifier_file} "
                                                       "has no check cell in the notebook"))
    count, total, checked, manual = expected_title(nb)
    for index, cell in enumerate(cells):
        if cell.get("cell_type") != "markdown":
            continue
        text = _source(cell)
        said = title_numbers(text)
        if said is not None:
            wanted = (count, total, checked if said[2] is not None else None, manual if said[3] is not None else None)
            labels = ("exercises", "points in all", "points checked in the notebook", "points the instructor grades")
            for label, got, want in zip(labels, said, wanted):
                if got != want:
                    problems.append(PointProblem(name, index, cell.get("id"),
                                                 f"the title says {got} {label}, the cells {want}"))
            if said[2] is None and manual:
                problems.append(PointProblem(name, index, cell.get("id"), f"the title does not say that {manual} of "
                                             f"the {total} points are graded by the instructor"))
            found = TITLE.search(text)
            if found["wcount"] is not None:
                written_said = 1 if found["wcount"] in ("a", "an") else int(found["wcount"])
                if written_said != tally.written:
                    problems.append(PointProblem(name, index, cell.get("id"), f"the title says {written_said} "
                                                 f"written answer(s), the cells {tally.written}"))
    written: dict[str, int] = {}
    for _, owner, points in tally.manual:
        written[owner] = written.get(owner, 0) + points
    for index, heading in tally.headings:
        qid, end = heading["qid"], next((i for i in tally.sections if i > index), len(cells))  # its section
        if qid in tally.checks:
            points, by_hand = tally.checks[qid][2], _by_hand(tally, qid, index, end)
        elif qid in written:
            points, by_hand = written[qid], 0
        else:
            problems.append(PointProblem(name, index, cells[index].get("id"),
                                         f"heading of exercise {qid}, which has no check cell or graded cell"))
            continue
        said_by_hand = int(heading["manual"]) if heading["manual"] else 0
        if int(heading["points"]) != points or said_by_hand != by_hand:
            want = f"{points}" + (f" and {by_hand} graded by the instructor" if by_hand else "")
            got = heading["points"] + (f" and {said_by_hand} graded by the instructor" if said_by_hand else "")
            problems.append(PointProblem(name, index, cells[index].get("id"),
                                         f"the heading of {qid} says {got} points, its cells {want}"))
    return problems


def verifier_points(lab: str) -> dict[str, int] | None:
    """``{qid: points}`` of the verifiers of ``lab`` (``osai.exercises.labNN``); ``None`` when it has none.

    >>> points = verifier_points("00")
    >>> all(isinstance(n, int) and n > 0 for n in points.values()), verifier_points("99")
    (True, None)
    """
    from osai.checks import available_labs, load_lab

    if lab not in available_labs():
        return None
    return {qid: exercise.points for qid, exercise in load_lab(lab).exercises.items()}


def refuse_drift(nb: Any, name: str, lab: str) -> None:
    """Raise :class:`osai.build.BuildError` listing every :func:`point_problems` of solution ``nb`` of ``lab``.

    >>> refuse_drift({"cells": []}, "solutions/98_empty.ipynb", "98")  # no checks, no verifiers: fine
    """
    from osai.build import BuildError

    problems = point_problems(nb, name, verifier_points(lab), f"utils/osai/exercises/lab{lab}.py")
    if problems:
        raise BuildError(f"{name}: points disagree ({len(problems)}); fix them and run osai build-labs again:\n  "
                         + "\n  ".join(str(p) for p in problems))

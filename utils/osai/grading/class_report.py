# SPDX-FileCopyrightText: 2026 The Open Source AI Lab Kit authors
# SPDX-License-Identifier: MIT
"""``graded/report.html``: the whole class on one self-contained page, read from ``gradebook.csv``.

Per lab: the score distribution (an inline SVG plot, the numbers beside it, and a sentence for screen
readers), each check's pass rate, not-attempted rate and most frequent failure messages, the
submissions flagged for review and why, and the written questions graded or waiting. The page loads
nothing (no script, no font, no stylesheet from elsewhere), every text a student could have written
is escaped, and it has no date in it, so an unchanged gradebook writes the same bytes.

>>> rows = [{"student": "ana", "lab": "00", "check": "q1", "points": "1", "max_points": "1",
...          "status": "passed", "detail": ""}]
>>> check_stats(rows, "00")[0].pass_rate
1.0
"""

from __future__ import annotations

import csv
import html
import statistics
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

__all__ = ["REVIEW_KINDS", "WRITTEN_STATUSES", "CheckStats", "check_stats", "flagged", "histogram_svg",
           "report_html", "review_kinds", "scores", "write_class_report", "written_counts"]

#: Statuses of a written answer's gradebook row (check id ``w1``, ``w2``, ...), in report order.
WRITTEN_STATUSES = ("graded", "awaiting instructor", "not answered")
#: Why a submission is flagged → the words in a ``review`` reason (or ``detail``) that say so.
REVIEW_KINDS = {
    "tampering": ("check cells:", "tampering:", "Flagged for review"),
    "timeout": ("ran past the time limit",),
    "kernel stopped or exit": ("stopped the kernel", "tried to stop the kernel"),
    "out of memory": ("ran out of memory",),
    "grader failure": ("grader error", "the grader failed"),
}
_FAILED = ("failed", "timeout", "crashed", "error")


def _is_written(row: dict[str, Any]) -> bool:
    return str(row.get("check", "")).startswith("w")


def _number(text: Any) -> float:
    try:
        return float(text)
    except (TypeError, ValueError):
        return 0.0


def _handed_in(rows: Iterable[dict[str, Any]], lab: str) -> dict[str, list[dict[str, Any]]]:
    """``{student: their rows of lab}`` for the students who handed the lab in (not every row ``missing``)."""
    mine: dict[str, list[dict[str, Any]]] = {}
    for row in rows:
        if row.get("lab") == lab:
            mine.setdefault(row.get("student", ""), []).append(row)
    # a lab not handed in has every check "missing" (its written questions say "not answered")
    return {s: r for s, r in mine.items()
            if any(x.get("status") != "missing" for x in r if not _is_written(x) or all(map(_is_written, r)))}


def scores(rows: Iterable[dict[str, Any]], lab: str) -> tuple[list[float], float, int]:
    """``(score of each submission handed in, the lab's maximum, how many students did not hand it in)``.

    >>> rows = [{"student": s, "lab": "00", "check": "q1", "points": p, "max_points": "2", "status": st}
    ...         for s, p, st in (("a", "2", "passed"), ("b", "0", "failed"), ("c", "0", "missing"))]
    >>> scores(rows, "00")
    ([2.0, 0.0], 2.0, 1)
    """
    rows = [r for r in rows if r.get("lab") == lab]
    handed = _handed_in(rows, lab)
    everyone = {r.get("student", "") for r in rows}
    possible: dict[str, float] = {}
    for r in rows:
        possible[r.get("student", "")] = possible.get(r.get("student", ""), 0.0) + _number(r.get("max_points"))
    maximum = max(possible.values(), default=0.0)
    totals = [sum(_number(r.get("points")) for r in handed[s]) for s in sorted(handed)]
    return totals, maximum, len(everyone) - len(handed)


@dataclass(frozen=True)
class CheckStats:
    """One automatic check of one lab over the submissions handed in."""

    check: str
    submissions: int
    pass_rate: float
    not_attempted_rate: float
    failures: tuple[tuple[str, int], ...]


def check_stats(rows: Iterable[dict[str, Any]], lab: str, top: int = 3) -> list[CheckStats]:
    """Each automatic check of ``lab`` (written ones left out), in gradebook order: pass rate,
    not-attempted rate and the ``top`` most frequent failure messages with their counts.

    >>> rows = [{"student": s, "lab": "00", "check": "q1", "status": st, "detail": d}
    ...         for s, st, d in (("a", "failed", "too big."), ("b", "failed", "too big."), ("c", "not_attempted", ""))]
    >>> check_stats(rows, "00")[0].failures
    (('too big.', 2),)
    """
    handed = _handed_in(rows, lab)
    order: list[str] = []
    by_check: dict[str, list[dict[str, Any]]] = {}
    for student in sorted(handed):
        for row in handed[student]:
            if _is_written(row):
                continue
            if row["check"] not in by_check:
                order.append(row["check"])
            by_check.setdefault(row["check"], []).append(row)
    stats = []
    for check in order:
        mine = by_check[check]
        failures = Counter(r.get("detail") or r.get("status", "") for r in mine if r.get("status") in _FAILED)
        ranked = tuple(sorted(failures.items(), key=lambda item: (-item[1], item[0]))[:top])
        stats.append(CheckStats(check, len(mine), sum(r.get("status") == "passed" for r in mine) / len(mine),
                                sum(r.get("status") == "not_attempted" for r in mine) / len(mine), ranked))
    return stats


def review_kinds(reasons: str) -> list[str]:
    """The :data:`REVIEW_KINDS` a ``review`` text (or a ``detail``) names.

    >>> review_kinds("tampering: print was replaced; ran past the time limit (CPU time): cell id loop")
    ['tampering', 'timeout']
    """
    return [kind for kind, words in REVIEW_KINDS.items() if any(w in reasons for w in words)]


def flagged(rows: Iterable[dict[str, Any]]) -> list[tuple[str, str, str, str]]:
    """``(student, lab, why, cells stopped)`` of each submission flagged for review, sorted.

    ``why`` is the gradebook's ``review`` column; a gradebook written before that column existed is
    read from the details instead (tampering flags, grader failures).

    >>> flagged([{"student": "a", "lab": "00", "check": "q1", "status": "failed",
    ...           "detail": "wrong. Flagged for review: print was replaced."}])
    [('a', '00', 'tampering: print was replaced', '')]
    """
    found: dict[tuple[str, str], tuple[list[str], str]] = {}
    for row in rows:
        key = (row.get("student", ""), row.get("lab", ""))
        reasons, stopped = found.get(key, ([], ""))
        if row.get("review"):
            reasons = [row["review"]]
        elif "review" not in row:
            detail = str(row.get("detail") or "")
            if "Flagged for review" in detail:
                reasons.append(("tampering: " + detail.split("Flagged for review", 1)[1].strip(":. ")).strip(": "))
            elif row.get("status") == "error" and "the grader failed" in detail:
                reasons.append("grader error")
        found[key] = (reasons, row.get("cells_stopped") or stopped)
    return sorted((s, lab, "; ".join(dict.fromkeys(r)), c) for (s, lab), (r, c) in found.items() if r)


def written_counts(rows: Iterable[dict[str, Any]]) -> dict[tuple[str, str], dict[str, int]]:
    """``{(lab, written check): {status: count}}`` over the rows whose check id starts with ``w``.

    >>> written_counts([{"lab": "04", "check": "w1", "status": "awaiting instructor"}])
    {('04', 'w1'): {'graded': 0, 'awaiting instructor': 1, 'not answered': 0}}
    """
    counts: dict[tuple[str, str], dict[str, int]] = {}
    for row in rows:
        if _is_written(row) and row.get("status") in WRITTEN_STATUSES:
            mine = counts.setdefault((row.get("lab", ""), row["check"]), dict.fromkeys(WRITTEN_STATUSES, 0))
            mine[row["status"]] += 1
    return dict(sorted(counts.items()))


def _describe(totals: Sequence[float], maximum: float, missing: int) -> str:
    if not totals:
        return f"No submission handed in; {missing} student(s) did not hand it in."
    median = statistics.median(totals)
    return (f"{len(totals)} submission(s) scored from {min(totals):g} to {max(totals):g} out of {maximum:g}; "
            f"median {median:g}, mean {statistics.fmean(totals):.1f}; "
            f"{sum(t == maximum for t in totals)} with full marks; {missing} not handed in.")


def histogram_svg(totals: Sequence[float], maximum: float, label: str) -> str:
    """An inline SVG bar chart of how many submissions got each score, ``role="img"`` with ``label``.

    >>> svg = histogram_svg([1, 2, 2], 2, "three submissions")
    >>> svg.startswith('<svg role="img" aria-label="three submissions"'), "<script" in svg
    (True, False)
    """
    import io

    import matplotlib
    from matplotlib.figure import Figure

    counts = Counter(totals)
    whole = maximum <= 40 and float(maximum).is_integer() and all(float(t).is_integer() for t in totals)
    values = sorted(set(counts) | ({float(v) for v in range(int(maximum) + 1)} if whole else set()))
    with matplotlib.rc_context({"svg.hashsalt": "osai-class-report", "svg.fonttype": "none", "font.size": 9}):
        figure = Figure(figsize=(4.2, 2.4))
        axes = figure.subplots()
        axes.bar([f"{v:g}" for v in values], [counts.get(v, 0) for v in values], color="#3b6ea8")
        axes.set_xlabel(f"score (out of {maximum:g})")
        axes.set_ylabel("submissions")
        axes.yaxis.get_major_locator().set_params(integer=True)
        axes.spines[["top", "right"]].set_visible(False)
        figure.subplots_adjust(left=0.14, right=0.97, top=0.95, bottom=0.2)
        buffer = io.StringIO()
        figure.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None})
    svg = buffer.getvalue()
    svg = svg[svg.index("<svg"):]
    return f'<svg role="img" aria-label="{html.escape(label)}"' + svg[len("<svg"):]


_STYLE = """
body{font-family:system-ui,sans-serif;max-width:60rem;margin:1rem auto;padding:0 1rem;color:#1a1a1a;line-height:1.4}
table{border-collapse:collapse;margin:.5rem 0 1rem}th,td{border:1px solid #bbb;padding:.2rem .5rem;text-align:left;
vertical-align:top}th{background:#eef}figure{display:flex;flex-wrap:wrap;gap:1rem;align-items:flex-start;margin:0}
figcaption{max-width:22rem}.note{color:#444}code{white-space:pre-wrap}
nav ul{display:flex;flex-wrap:wrap;gap:.2rem 1rem;list-style:none;padding:0}
"""


def _table(caption: str, header: Sequence[str], rows: Iterable[Sequence[Any]]) -> str:
    e = html.escape
    head = "".join(f'<th scope="col">{e(h)}</th>' for h in header)
    body = "".join("<tr>" + "".join(f"<td>{e(str(c))}</td>" for c in row) + "</tr>" for row in rows)
    return f"<table><caption>{e(caption)}</caption><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _lab_section(rows: list[dict[str, Any]], lab: str) -> str:
    e = html.escape
    totals, maximum, missing = scores(rows, lab)
    text = _describe(totals, maximum, missing)
    counts = Counter(totals)
    numbers = _table(f"Lab {lab}: submissions per score", ["score", "submissions"],
                     [(f"{v:g}", counts[v]) for v in sorted(counts)])
    plot = histogram_svg(totals, maximum, f"Lab {lab} score distribution. {text}") if totals else ""
    parts = [f'<section aria-labelledby="lab{e(lab)}"><h2 id="lab{e(lab)}">Lab {e(lab)}</h2>',
             f"<figure>{plot}<figcaption><p>{e(text)}</p>{numbers}</figcaption></figure>"]
    stats = check_stats(rows, lab)
    if stats:
        parts.append(_table(f"Lab {lab}: checks over the {len(totals)} submission(s) handed in",
                            ["check", "passed", "not attempted", "most frequent failure messages (count)"],
                            [(s.check, f"{s.pass_rate:.0%}", f"{s.not_attempted_rate:.0%}",
                              "; ".join(f"{m} ({n})" for m, n in s.failures) or "none") for s in stats]))
    mine = [f for f in flagged(rows) if f[1] == lab]
    if mine:
        parts.append(f'<p>{len(mine)} submission(s) of lab {e(lab)} <a href="#review">flagged for review</a>: '
                     f'{e(", ".join(sorted({s for s, *_ in mine})))}.</p>')
    parts.append("</section>")
    return "\n".join(parts)


def report_html(rows: Sequence[dict[str, Any]], title: str = "Class report") -> str:
    """The whole page from the gradebook's rows (``csv.DictReader`` of ``gradebook.csv``).

    >>> page = report_html([{"student": "<b>x</b>", "lab": "00", "check": "q1", "points": "0", "max_points": "1",
    ...                      "status": "failed", "detail": "<script>alert(1)</script>", "review": "grader error"}])
    >>> "<script>" in page, "&lt;script&gt;" in page, "<b>x</b>" in page
    (False, True, False)
    """
    e = html.escape
    rows = list(rows)
    labs = sorted({r.get("lab", "") for r in rows})
    students = sorted({r.get("student", "") for r in rows})
    flags = flagged(rows)
    counted = Counter(kind for _, _, why, _ in flags for kind in review_kinds(why))
    kinds = {kind: counted[kind] for kind in REVIEW_KINDS if counted[kind]}
    body = [f"<h1>{e(title)}</h1>",
            f'<p class="note">{len(students)} student(s), {len(labs)} lab(s): {e(", ".join(labs)) or "none"}. '
            "Read from gradebook.csv; written by <code>osai grade</code>.</p>",
            '<nav aria-label="labs"><ul>' + "".join(f'<li><a href="#lab{e(lab)}">Lab {e(lab)}</a></li>'
                                                    for lab in labs) + '<li><a href="#review">Flagged for review</a>'
            '</li><li><a href="#written">Written questions</a></li></ul></nav>']
    body += [_lab_section(rows, lab) for lab in labs]
    body.append('<section aria-labelledby="review"><h2 id="review">Flagged for review</h2>')
    body.append(f"<p>{len(flags)} submission(s) flagged"
                + (": " + e(", ".join(f"{k} {n}" for k, n in kinds.items())) if kinds else "") + ".</p>")
    if flags:
        body.append(_table("Submissions flagged for review", ["student", "lab", "why", "cells grading stopped"],
                           [(s, lab, why, stopped) for s, lab, why, stopped in flags]))
    body.append('</section><section aria-labelledby="written"><h2 id="written">Written questions</h2>')
    written = written_counts(rows)
    if written:
        body.append(_table("Written answers by status", ["lab", "question", *WRITTEN_STATUSES],
                           [(lab, check, *[c[s] for s in WRITTEN_STATUSES]) for (lab, check), c in written.items()]))
    else:
        body.append("<p>No written answer in the gradebook.</p>")
    body.append("</section>")
    return ("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
            '<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>{e(title)}</title><style>{_STYLE}</style></head>\n<body><main>\n"
            + "\n".join(body) + "\n</main></body></html>\n")


def write_class_report(out: Path | str) -> Path:
    """Read ``out/gradebook.csv`` and write ``out/report.html`` (unchanged bytes are not rewritten).

    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp()); _ = (folder / "gradebook.csv").write_text("student,lab,check\\n")
    >>> write_class_report(folder).name
    'report.html'
    """
    out = Path(out)
    source = out / "gradebook.csv"
    if not source.is_file():
        raise FileNotFoundError(f"no gradebook at {source}: run osai grade first")
    with open(source, encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    page = report_html(rows)
    target = out / "report.html"
    if not (target.is_file() and target.read_text(encoding="utf-8") == page):
        target.write_text(page, encoding="utf-8")
    return target

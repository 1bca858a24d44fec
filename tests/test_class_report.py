# SPDX-FileCopyrightText: 2026 The Open Source AI Lab Kit authors
# SPDX-License-Identifier: MIT
"""graded/report.html: the class on one self-contained page, from planted gradebooks (no kernel)."""

from __future__ import annotations

import csv
import re
from html.parser import HTMLParser
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from osai.grading import CellIncident, CheckResult, SubmissionGrade, write_reports
from osai.grading.class_report import check_stats, flagged, report_html, scores, write_class_report, written_counts


def row(student, check, points, max_points, status, detail="", lab="00", **more):
    return {"student": student, "lab": lab, "check": check, "points": str(points), "max_points": str(max_points),
            "status": status, "detail": detail, **more}


PLANTED = [
    row("ana", "q1", 1, 1, "passed"), row("ana", "q2", 2, 2, "passed"),
    row("bo", "q1", 0, 1, "failed", "not the number."), row("bo", "q2", 0, 2, "not_attempted", "not attempted."),
    row("cy", "q1", 0, 1, "failed", "not the number."), row("cy", "q2", 2, 2, "passed"),
    row("di", "q1", 0, 1, "missing", "no submission."), row("di", "q2", 0, 2, "missing", "no submission."),
    row("ana", "q1", 0, 1, "failed", "ValueError: <img src=x onerror=alert(1)>", lab="04"),
    row("ana", "w1", 0, 2, "awaiting instructor", lab="04"), row("bo", "w1", 2, 2, "graded", lab="04"),
    row("bo", "q1", 0, 1, "crashed", "not graded: stopped.", lab="04",
        review="ran past the time limit (CPU time): cell id loop", cells_stopped="cell 3 (id loop: `while 1: pass`)"),
    row("cy", "w1", 0, 2, "not answered", lab="04"),
    row("cy", "q1", 0, 1, "failed", "wrong. Flagged for review: print was replaced.", lab="04"),
]


def test_scores_count_only_what_was_handed_in():
    assert scores(PLANTED, "00") == ([3.0, 0.0, 2.0], 3.0, 1)


def test_check_stats_give_rates_and_the_most_frequent_failures_in_order():
    q1, q2 = check_stats(PLANTED, "00")
    assert (q1.check, q1.submissions, q1.pass_rate, q1.not_attempted_rate) == ("q1", 3, 1 / 3, 0.0)
    assert q1.failures == (("not the number.", 2),)
    assert (q2.pass_rate, q2.not_attempted_rate, q2.failures) == (2 / 3, 1 / 3, ())
    assert [s.check for s in check_stats(PLANTED, "04")] == ["q1"]  # written questions are counted apart


def test_flagged_reads_the_review_column_and_old_details():
    assert flagged(PLANTED) == [
        ("bo", "04", "ran past the time limit (CPU time): cell id loop", "cell 3 (id loop: `while 1: pass`)"),
        ("cy", "04", "tampering: print was replaced", "")]


def test_written_questions_are_counted_by_status():
    assert written_counts(PLANTED) == {("04", "w1"): {"graded": 1, "awaiting instructor": 1, "not answered": 1}}


class Page(HTMLParser):
    """The tags, attributes and text of a page."""

    def __init__(self):
        super().__init__()
        self.tags: list[tuple[str, dict]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data):
        self.text.append(data)


def parse(page: str) -> Page:
    parser = Page()
    parser.feed(page)
    return parser


def test_the_page_is_self_contained_accessible_and_says_the_numbers():
    page = report_html(PLANTED)
    parsed = parse(page)
    names = [t for t, _ in parsed.tags]
    assert "script" not in names and "link" not in names and "iframe" not in names
    assert not re.search(r"(src|href)=\"(https?:)?//", page) and "@import" not in page
    svgs = [a for t, a in parsed.tags if t == "svg"]
    assert svgs and all(a.get("role") == "img" and a.get("aria-label") for a in svgs)
    assert all(a.get("alt") for t, a in parsed.tags if t == "img")
    text = " ".join(" ".join(parsed.text).split())
    assert "3 submission(s) scored from 0 to 3 out of 3; median 2, mean 1.7; 1 with full marks; 1 not handed in." in text
    assert "33%" in text and "not the number. (2)" in text
    assert "ValueError: <img src=x onerror=alert(1)>" in text  # shown as text, never as a tag
    assert "onerror" not in str(parsed.tags)
    assert "2 submission(s) flagged: tampering 1, timeout 1." in text
    assert "2 submission(s) of lab 04 flagged for review : bo, cy." in text


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.text(max_size=12), st.sampled_from(["q1", "w1", "<q>"]),
                          st.sampled_from(["passed", "failed", "missing", "graded", "not_attempted"]),
                          st.text(max_size=30)), max_size=6))
def test_any_student_text_is_escaped(planted):
    rows = [row(s, c, 1, 1, status, detail, review=detail) for s, c, status, detail in planted]
    parsed = parse(report_html(rows))
    assert {t for t, _ in parsed.tags} <= {"html", "head", "meta", "title", "style", "body", "main", "h1", "h2", "p",
                                            "code", "nav", "ul", "li", "a", "section", "figure", "figcaption",
                                            "table", "caption", "thead", "tbody", "tr", "th", "td", "svg", "g",
                                            "path", "defs", "text", "use", "clippath", "rect", "style", "metadata",
                                            "rdf:rdf", "ns2:work", "dc:type", "dc:format", "dc:title", "cc:work"}


def test_osai_grade_writes_the_report_and_the_same_bytes_twice(tmp_path):
    g = SubmissionGrade("Zoë <b>", "00", "00_x.ipynb", [CheckResult("q1", 1, 1, "passed")],
                        incidents=[CellIncident(1, 2, 3, "loop", "while 1: pass", "cpu_timeout", "stopped")])
    paths = write_reports(tmp_path, [g], ["00"])
    report = tmp_path / "report.html"
    assert report in paths
    first = report.read_bytes()
    assert b"Zo\xc3\xab &lt;b&gt;" in first and b"cell id loop" in first
    write_class_report(tmp_path)
    assert report.read_bytes() == first


def test_a_missing_gradebook_is_a_clear_error(tmp_path):
    import pytest

    with pytest.raises(FileNotFoundError, match="run osai grade first"):
        write_class_report(tmp_path)


def test_the_report_reads_the_gradebook_as_written(tmp_path):
    fields = list(PLANTED[0]) + ["review", "cells_stopped"]
    with open(tmp_path / "gradebook.csv", "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=fields, restval="")
        writer.writeheader()
        writer.writerows(PLANTED)
    page = Path(write_class_report(tmp_path)).read_text(encoding="utf-8")
    assert "Lab 00" in page and "Lab 04" in page and "awaiting instructor" in page


def test_a_lab_not_handed_in_stays_not_handed_in_with_its_written_rows():
    rows = [row("ana", "q1", 1, 1, "passed", lab="04"), row("ana", "w1", 2, 2, "graded", lab="04"),
            row("bo", "q1", 0, 1, "missing", "no submission.", lab="04"),
            row("bo", "w1", 0, 2, "not answered", lab="04")]
    assert scores(rows, "04") == ([3.0], 3.0, 1)

# SPDX-FileCopyrightText: 2026 The Open Source AI Lab Kit authors
# SPDX-License-Identifier: MIT
"""The instructor's view: open graded/report.html in headless Chromium, offline."""

from __future__ import annotations

from osai.grading import CellIncident, CheckResult, SubmissionGrade, write_reports

from .conftest import ARTIFACTS


# Every image (img, svg outside another svg, role=img) without alt text, aria-label or aria-hidden.
UNLABELLED = """() => [...document.querySelectorAll('img, svg, [role="img"]')]
    .filter(el => el.parentElement && !el.parentElement.closest('svg'))
    .filter(el => !(el.getAttribute('alt') || el.getAttribute('aria-label') || el.getAttribute('aria-hidden')))
    .map(el => el.outerHTML.slice(0, 80))"""


def planted_class(out):
    """Three students with a pass, a failure with hostile text, a tampering flag and a stopped cell."""
    grades = [
        SubmissionGrade("ana", "00", "00_x.ipynb", [CheckResult("q1", 1, 1, "passed"), CheckResult("q2", 2, 2, "passed")]),
        SubmissionGrade("<script>alert('bo')</script>", "00", "00_x.ipynb",
                        [CheckResult("q1", 0, 1, "failed", "ValueError: <img src=x onerror=alert(1)>"),
                         CheckResult("q2", 0, 2, "not_attempted", "not attempted.")],
                        incidents=[CellIncident(1, 2, 3, "loop", "while True: pass", "cpu_timeout",
                                                "stopped at the limit; the cells after it ran")]),
        SubmissionGrade("cy", "00", "00_x.ipynb",
                        [CheckResult("q1", 0, 1, "failed", "wrong answer. Flagged for review: print was replaced."),
                         CheckResult("q2", 2, 2, "passed")]),
    ]
    write_reports(out, grades, ["00"])
    return out / "report.html"


def test_report_renders_offline_without_console_errors_and_every_image_has_alt_text(browser, tmp_path):
    report = planted_class(tmp_path)
    page = browser.new_page(viewport={"width": 1100, "height": 1400})
    problems: list[str] = []
    page.on("console", lambda message: problems.append(f"console {message.type}: {message.text}")
            if message.type in ("error", "warning") else None)
    page.on("pageerror", lambda error: problems.append(f"page error: {error}"))
    page.on("dialog", lambda dialog: (problems.append(f"dialog: {dialog.message}"), dialog.dismiss()))
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(report.as_uri())
    page.wait_for_load_state("load")
    page.screenshot(path=str(ARTIFACTS / "class-report.png"), full_page=True)

    assert problems == []
    assert requests == [report.as_uri()], "the report loaded something besides itself"
    assert page.locator("h2", has_text="Lab 00").is_visible()
    plots = page.locator("svg[role='img']")
    assert plots.count() == 1 and plots.first.bounding_box()["width"] > 100
    assert page.evaluate(UNLABELLED) == []
    body = page.locator("main").inner_text()
    assert "<script>alert('bo')</script>" in body and "onerror=alert(1)" in body  # shown as text
    assert "ran past the time limit (CPU time)" in body and "tampering: print was replaced" in body
    page.set_content('<img src="data:,"><svg></svg><p>x</p>')  # the probe itself finds what has no text
    assert len(page.evaluate(UNLABELLED)) == 2
    page.close()

# SPDX-FileCopyrightText: 2026 The Open Source AI Lab Kit authors
# SPDX-License-Identifier: MIT
"""A learner's view: open a lab in JupyterLab in headless Chromium, run all cells, use a widget."""

from __future__ import annotations

import os

import pytest

from .conftest import ARTIFACTS

# The notebook with a widget and a SHAP plot; override with OSAI_BROWSER_NOTEBOOK.
NOTEBOOK = os.environ.get("OSAI_BROWSER_NOTEBOOK", "solutions/07_explainability_in_credit.ipynb")
RUN_ALL_TIMEOUT_MS = 180_000


PROMPTS = "[...document.querySelectorAll('.jp-CodeCell .jp-InputArea-prompt')].map(p => p.textContent.trim())"


def run_all(page):
    page.keyboard.press("Escape")
    page.locator(".jp-Notebook").first.click()
    page.get_by_role("menuitem", name="Run", exact=True).click()
    page.get_by_text("Run All Cells", exact=True).click()


def page_state(page) -> str:
    """What the notebook shows, for a failure message: prompts by state, the first error, any dialog."""
    prompts = page.evaluate(f"() => {PROMPTS}")
    counts: dict[str, int] = {}
    for prompt in prompts:
        key = "[N]" if prompt.strip("[]:").isdigit() else prompt or "(empty)"
        counts[key] = counts.get(key, 0) + 1
    error = page.locator(".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr']").first
    dialog = page.locator(".jp-Dialog").first
    return (f"prompts {counts}; first stderr output: "
            f"{error.inner_text()[:500] if error.count() else 'none'!r}; "
            f"dialog: {dialog.inner_text()[:300] if dialog.count() else 'none'!r}")


def open_and_run_all(page, jupyter, notebook):
    page.goto(f"{jupyter['base']}/lab/tree/{notebook}?token={jupyter['token']}&reset")
    page.wait_for_selector(".jp-Notebook", timeout=60_000)
    page.wait_for_selector(".jp-Notebook-ExecutionIndicator[data-status='idle'], .jp-Toolbar-kernelStatus", timeout=60_000)
    run_all(page)
    started = f"() => {PROMPTS}.some(p => /\\[(\\*|\\d+)\\]/.test(p))"
    try:
        page.wait_for_function(started, timeout=30_000)
    except Exception:  # the click landed before the notebook was ready: ask once more
        run_all(page)
    # Every code cell has an execution count once the run is done.
    try:
        page.wait_for_function(f"() => {{ const p = {PROMPTS}; return p.length > 0 && p.every(t => /\\[\\d+\\]/.test(t)); }}",
                               timeout=RUN_ALL_TIMEOUT_MS)
    except Exception as error:
        page.screenshot(path=str(ARTIFACTS / "run-all-failed.png"))
        pytest.fail(f"Run All did not finish within {RUN_ALL_TIMEOUT_MS // 1000} s ({type(error).__name__}): "
                    f"{page_state(page)}")


def test_lab_runs_widget_responds_and_plot_renders(browser, jupyter):
    if not (jupyter["root"] / NOTEBOOK).exists():
        pytest.fail(f"{NOTEBOOK} not found: the browser test needs a lab with a widget and a SHAP plot")
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    open_and_run_all(page, jupyter, NOTEBOOK)
    page.screenshot(path=str(ARTIFACTS / "after-run-all.png"), full_page=False)

    errors = page.locator(".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr'] .jp-RenderedText:has-text('Traceback')")
    assert errors.count() == 0, "a cell raised an error in the browser"

    images = page.locator(".jp-OutputArea-output img")
    assert images.count() >= 1, "no plot image rendered"
    assert images.first.evaluate("img => img.naturalWidth > 0"), "the plot image is empty"

    widget = page.locator(".jp-OutputArea-output .jupyter-widgets").first
    widget.scroll_into_view_if_needed()
    assert widget.is_visible(), "no widget rendered"
    # The widget shows its result in an HTML or Output area; a drop-down or a button changes it.
    result_selector = ".jp-OutputArea-output .widget-html, .jp-OutputArea-output .widget-output"
    output = page.locator(result_selector).last
    before = output.inner_text()
    assert before.strip(), "the widget shows no result"
    page.screenshot(path=str(ARTIFACTS / "widget-before.png"))
    select = page.locator(".jp-OutputArea-output .jupyter-widgets select").first
    if select.count():
        # By position: the drop-down's labels use non-breaking spaces where its values have plain ones.
        count, chosen = select.evaluate("s => [s.options.length, s.selectedIndex]")
        select.select_option(index=next(i for i in range(count) if i != chosen))
    else:
        page.locator(".jp-OutputArea-output .jupyter-widgets button, "
                     ".jp-OutputArea-output .jupyter-widgets input[type='checkbox']").first.click()
    page.wait_for_function(
        "([sel, old]) => { const all = document.querySelectorAll(sel); const el = all[all.length - 1];"
        " return el && el.innerText !== old; }",
        arg=[result_selector, before],
        timeout=30_000,
    )
    page.screenshot(path=str(ARTIFACTS / "widget-after.png"))
    assert output.inner_text() != before
    page.close()

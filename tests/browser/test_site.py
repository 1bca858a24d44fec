# SPDX-FileCopyrightText: 2026 The Open Source AI Lab Kit authors
# SPDX-License-Identifier: MIT
"""The course website (`make test-site`): built offline, then every page opened in headless Chromium.

The build runs in a network namespace with loopback only (as `.ci/run`'s `offline` helper does), so any
download by Sphinx, MyST-NB, the theme or a lab fails it. Then each page must load with no console
error and no request leaving the site's folder; every internal link and anchor resolves; every image has
alt text; each lab's launch buttons point where the course setting says; and no line of a solution
block, hidden test, model answer or rubric of `solutions/` appears anywhere in the HTML.
"""

from __future__ import annotations

import html
import json
import re
import shutil
import subprocess
import sys
import time
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from .conftest import ARTIFACTS, ROOT

BUILD_TIMEOUT_S = 1800


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    """The website built by Sphinx into a scratch folder, with no network but loopback."""
    if subprocess.run(["unshare", "-rn", "true"], capture_output=True).returncode != 0:
        pytest.fail("'unshare -rn' is not permitted here: the offline build cannot be proven")
    out = tmp_path_factory.mktemp("site") / "html"
    command = [sys.executable, "-m", "sphinx", "-b", "html", "-W", "--keep-going", "-q", "site", str(out)]
    started = time.monotonic()
    done = subprocess.run(["unshare", "-rn", "sh", "-c", 'ip link set lo up && exec "$@"', "offline", *command],
                          cwd=ROOT, capture_output=True, text=True, timeout=BUILD_TIMEOUT_S)
    print(f"site built offline in {time.monotonic() - started:.0f} s")
    assert done.returncode == 0, f"the offline build failed:\n{done.stderr[-4000:]}"
    return out


def pages(site: Path) -> list[Path]:
    return sorted(p for p in site.rglob("*.html") if "_static" not in p.parts)


class Links(HTMLParser):
    """Every href/src, every id, every img and the text of a page."""

    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.ids: set[str] = set()
        self.images: list[dict[str, str | None]] = []
        self.text: list[str] = []
        self.launch: dict[str, str] = {}

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if a.get("id"):
            self.ids.add(a["id"])
        if tag == "a" and a.get("name"):
            self.ids.add(a["name"])
        for key in ("href", "src"):
            if a.get(key) and tag in ("a", "img", "script", "link"):
                self.links.append(a[key])
        if tag == "img":
            self.images.append(a)
        if tag == "a":
            for kind in ("binder", "colab", "download"):
                if f"osai-launch-{kind}" in (a.get("class") or ""):
                    self.launch[kind] = a.get("href") or ""

    def handle_data(self, data):
        self.text.append(data)


def parse(path: Path) -> Links:
    parser = Links()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def test_every_page_loads_offline_without_console_errors(site, browser):
    found = pages(site)
    assert len(found) >= 11 + 11 + 6, f"expected the labs, the instructor pages and the guides, got {len(found)}"
    problems: list[str] = []
    for path in found:
        page = browser.new_page()
        page.on("console", lambda m, p=path: problems.append(f"{p.relative_to(site)}: console {m.type}: {m.text}")
                if m.type == "error" else None)
        page.on("pageerror", lambda e, p=path: problems.append(f"{p.relative_to(site)}: page error: {e}"))
        page.on("request", lambda r, p=path: None if r.url.startswith(("file://", "data:", "about:"))
                else problems.append(f"{p.relative_to(site)}: requested {r.url}"))
        page.goto(path.as_uri())
        page.wait_for_load_state("load")
        if path.name == "04_privacy_and_openness.html":
            page.screenshot(path=str(ARTIFACTS / "site-lab04.png"), full_page=False)
        if path.name == "index.html" and path.parent == site:
            page.screenshot(path=str(ARTIFACTS / "site-home.png"), full_page=False)
        if path.name == "lab04.html" and path.parent.name == "instructors":
            page.screenshot(path=str(ARTIFACTS / "site-instructors-lab04.png"), full_page=False)
        page.close()
    assert problems == []


def test_internal_links_and_anchors_resolve(site):
    broken = []
    cache: dict[Path, Links] = {}
    for path in pages(site):
        for link in parse(path).links:
            parts = urlsplit(link)
            if parts.scheme or link.startswith(("//", "mailto:")):
                continue
            target = (path.parent / unquote(parts.path)).resolve() if parts.path else path
            if not target.exists():
                broken.append(f"{path.relative_to(site)} -> {link}")
                continue
            if parts.fragment and target.suffix == ".html":
                ids = cache.setdefault(target, parse(target)).ids
                if parts.fragment not in ids:
                    broken.append(f"{path.relative_to(site)} -> {link} (no anchor)")
    assert broken == []


def test_every_image_has_alt_text(site):
    """Alt text that says something: not empty, and not the image's file name (MyST-NB's default)."""
    missing = [f"{p.relative_to(site)}: {img.get('src')}" for p in pages(site)
               for img in parse(p).images
               if not (img.get("alt") or "").strip() or img.get("alt") == img.get("src")]
    assert missing == []


def test_launch_buttons_follow_the_course_setting(site):
    from osai.course import binder_url, colab_url, load_course

    setting = load_course(ROOT)
    labs = sorted((ROOT / "labs").glob("[0-9][0-9]_*.ipynb"))
    for lab in labs:
        page = site / "gen" / "labs" / f"{lab.stem}.html"
        launch = parse(page).launch
        assert launch.get("binder") == binder_url(setting, lab.name), page
        assert launch.get("colab") == colab_url(setting, lab.name), page
        download = (page.parent / launch["download"]).resolve()
        assert download.read_bytes() == lab.read_bytes(), f"{page}: the download is not the fresh lab"


def test_glossary_terms_are_linked_from_the_lab_where_they_first_appear(site):
    sys.path.insert(0, str(ROOT / "site"))
    import pages as site_pages
    import nbformat

    glossary = site_pages.load_glossary(ROOT / "site" / "glossary.yml")
    texts = [(p.name, site_pages._markdown(nbformat.read(p, as_version=4)))
             for p in sorted((ROOT / "labs").glob("[0-9][0-9]_*.ipynb"))]
    first = site_pages.first_appearances(texts, [g["term"] for g in glossary])
    assert len(first) == len(glossary), f"terms no lab uses: {sorted({g['term'] for g in glossary} - set(first))}"
    ids = parse(site / "gen" / "glossary.html").ids
    for term, lab in first.items():
        links = parse(site / "gen" / "labs" / f"{lab[:-6]}.html").links
        assert f"../glossary.html#{site_pages.anchor(term)}" in links, (term, lab)
        assert site_pages.anchor(term) in ids, term


def secret_lines() -> set[str]:
    """Lines of solution blocks, hidden tests, model answers and rubrics that the lab itself does not show."""
    import nbformat

    public = "\n".join(_norm(line) for lab in (ROOT / "labs").glob("*.ipynb")
                       for cell in nbformat.read(lab, as_version=4).cells for line in cell.source.splitlines())
    secrets: set[str] = set()
    for solution in (ROOT / "solutions").glob("*.ipynb"):
        for cell in nbformat.read(solution, as_version=4).cells:
            tags = cell.metadata.get("tags", [])
            if cell.cell_type == "markdown" and ("written" in tags or "rubric" in tags):
                lines = cell.source.splitlines()
            else:
                lines, inside = [], False
                for line in cell.source.splitlines():
                    if re.match(r"\s*# (BEGIN|END) (SOLUTION|HIDDEN TESTS)", line):
                        inside = "BEGIN" in line
                    elif inside:
                        lines.append(line)
            secrets |= {_norm(line) for line in lines}
    # Short lines ("return x", "}") say nothing; what the lab itself shows (a line, or part of one) is no secret;
    # nor is a card template's section heading ("## Bias, Risks, and Limitations") that another lab prints.
    return {s for s in secrets if len(s) >= 16 and s not in public and not re.match(r"#{2,} ", s)}


def _norm(line: str) -> str:
    line = re.sub(r"^\s*(?:[-*]|\d+\.)\s+", "", line)
    return re.sub(r"\s+", " ", re.sub(r"[*`]", "", line)).strip()


def test_no_solution_hidden_test_or_rubric_reaches_the_html(site):
    secrets = secret_lines()
    assert len(secrets) > 50, "expected the solutions' blocks and rubrics to be found"
    leaks = []
    for path in pages(site):
        text = _norm(html.unescape(" ".join(parse(path).text)))
        leaks += [f"{path.relative_to(site)}: {s}" for s in secrets if s in text]
    # Whatever search data the site ships is checked too.
    for path in site.rglob("*.js"):
        if "_static" not in path.parts:
            text = _norm(json.dumps(path.read_text(encoding="utf-8", errors="replace")))
            leaks += [f"{path.relative_to(site)}: {s}" for s in secrets if s in text]
    assert leaks == []
    assert not (site / "_sources").exists() or not list((site / "_sources").rglob("*.ipynb*")), \
        "the site copies notebook sources"


def test_the_probes_find_what_they_look_for(tmp_path):
    """The checks above can fail: a planted page with a broken link, an image without alt, a secret."""
    page = tmp_path / "p.html"
    page.write_text('<a href="missing.html#x">x</a><img src="a.png"><p id="here">raw_scores = model.predict_proba(X)</p>')
    parsed = parse(page)
    assert parsed.links == ["missing.html#x", "a.png"] and parsed.images[0].get("alt") is None
    assert "here" in parsed.ids and "raw_scores = model.predict_proba(X)" in _norm(" ".join(parsed.text))
    assert _norm("- 2 points: explains **why**") == "2 points: explains why"
    shutil.rmtree(tmp_path)


def test_widgets_show_a_note_not_their_text_form(site):
    for name in ("02_licensing", "07_explainability_in_credit"):
        text = " ".join(parse(site / "gen" / "labs" / f"{name}.html").text)
        assert "VBox(children" not in text and "An interactive widget appears here" in text, name


def test_search_finds_a_term_from_a_labs_body(site, browser):
    # Sphinx's search page runs in the browser from the site's own search index: no server, no network.
    page = browser.new_page()
    page.goto((site / "search.html").as_uri() + "?q=Luhn")
    page.wait_for_selector("#search-results li a", timeout=30_000)
    found = page.eval_on_selector_all("#search-results li a", "links => links.map(a => a.getAttribute('href'))")
    page.close()
    assert any("04_privacy_and_openness" in href for href in found), found

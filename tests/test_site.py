# SPDX-FileCopyrightText: 2026 The Open Source AI Lab Kit authors
# SPDX-License-Identifier: MIT
"""The website's generated pages (site/pages.py), without Sphinx: fast, no kernel.

`make test-site` builds the whole site and opens it in a browser (tests/browser/test_site.py).
"""

from __future__ import annotations

import doctest
import shutil
import sys
import tomllib
from pathlib import Path

import nbformat
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "site"))

import pages  # noqa: E402


def test_docstring_examples():
    failed, tried = doctest.testmod(pages, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert tried > 10 and failed == 0


@given(st.text(max_size=300))
@settings(max_examples=200, deadline=None)
def test_a_title_cell_is_read_or_refused_clearly(text):
    try:
        summary = pages.lab_summary(text)
    except ValueError as error:
        assert "title cell must start" in str(error)
    else:
        assert summary["minutes"] >= 0 and summary["number"].isdigit()


@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=40))
def test_anchor_is_always_a_valid_id(term):
    anchor = pages.anchor(term)
    assert anchor.startswith("term-") and all(c.isalnum() or c == "-" for c in anchor)


def test_glossary_entries_have_a_source_and_a_lab(tmp_path):
    glossary = pages.load_glossary(ROOT / "site" / "glossary.yml")
    assert all(entry["source"].startswith("https://") for entry in glossary)
    bad = tmp_path / "g.yml"
    bad.write_text("- term: x\n  definition: y\n")
    with pytest.raises(ValueError, match="entry 1 lacks source"):
        pages.load_glossary(bad)


@pytest.fixture(scope="module")
def fork(tmp_path_factory):
    """A fork of the kit with its own course setting, generated into site/gen."""
    root = tmp_path_factory.mktemp("fork")
    for name in ("labs", "site", "LICENSES"):
        shutil.copytree(ROOT / name, root / name, ignore=shutil.ignore_patterns("gen", "_build"))
    shutil.copytree(ROOT / "utils" / "osai" / "data", root / "utils" / "osai" / "data")
    shutil.copytree(ROOT / "utils" / "osai" / "exercises", root / "utils" / "osai" / "exercises")
    for name in ("CITATION.cff", "REUSE.toml"):
        shutil.copy(ROOT / name, root / name)
    text = (ROOT / "pyproject.toml").read_text().replace('repository = "osai-labkit/osai-labkit"',
                                                         'repository = "my-uni/osai-fall"').replace(
        'ref = "main"', 'ref = "fall-2026"')
    (root / "pyproject.toml").write_text(text)
    assert tomllib.loads(text)["tool"]["osai"]["course"]["ref"] == "fall-2026"
    made = pages.generate(root / "site" / "gen", root)
    return root, made


def test_every_lab_gets_a_page_with_launch_links_from_the_course_setting(fork):
    root, made = fork
    assert made["labs"] == sorted(p.name for p in (ROOT / "labs").glob("[0-9][0-9]_*.ipynb"))
    for name in made["labs"]:
        page = nbformat.read(root / "site" / "gen" / "labs" / name, as_version=4)
        launch = page.cells[0].source
        assert f"https://mybinder.org/v2/gh/my-uni/osai-fall/fall-2026?urlpath=lab/tree/labs/{name}" in launch
        assert f"https://colab.research.google.com/github/my-uni/osai-fall/blob/fall-2026/labs/{name}" in launch
        assert "colab-badge.svg" not in page.cells[0].source, "a badge is an image from the web"
        assert (root / "site" / "gen" / "extra" / "downloads" / name).read_bytes() == (ROOT / "labs" / name).read_bytes()
    build = (root / "site" / "gen" / "jupyterhub_build.md").read_text()
    assert "--ref fall-2026" in build and "https://github.com/my-uni/osai-fall" in build


def test_the_site_reads_no_solution(fork):
    root, _ = fork
    assert not (root / "solutions").exists()  # generate() ran without solutions/ at all


def test_instructor_pages_carry_each_checks_messages_and_hints(fork):
    root, _ = fork
    from osai.checks import load_lab

    for lab in ("00", "04", "12"):
        text = (root / "site" / "gen" / "instructors" / f"lab{lab}.md").read_text()
        for qid, exercise in load_lab(lab).exercises.items():
            assert f"### {qid} ({exercise.points} point" in text
        assert "minutes of explanation" in text and "What changes between years" in text
    lab04 = (root / "site" / "gen" / "instructors" / "lab04.md").read_text()
    assert "redaction must keep offsets" in lab04  # a message of exercises/lab04.py
    assert "Written answer w1" in lab04  # the discussion prompt of its written answer


def test_time_split_adds_up_to_the_stated_time():
    for path in sorted((ROOT / "labs").glob("[0-9][0-9]_*.ipynb")):
        nb = nbformat.read(path, as_version=4)
        summary = pages.lab_summary(nb.cells[0].source)
        split = pages.time_split(nb, summary["minutes"])
        assert split["teaching"] + split["exercises"] == summary["minutes"] and min(split.values()) > 0, path.name
        assert split["exercise_cells"] >= 2 * summary["exercises"], path.name  # an answer and a check each


def test_exercise_messages_read_every_kind_of_message():
    source = ('@ex("q2", points=1, expects="x")\ndef _q2(v):\n    expect(v, "plain")\n'
              '    raise Mismatch(f"got {v}, " + "expected 3")\n')
    assert pages.exercise_messages(source) == {"q2": ["plain", "got …, expected 3"]}


def test_regulation_tables_are_listed_with_their_verified_on_date(tmp_path):
    data = tmp_path / "utils" / "osai" / "data"
    (data / "rules").mkdir(parents=True)
    (data / "rules" / "a.yaml").write_text("source: https://eur-lex.europa.eu/eli/reg/2024/1689/oj\n"
                                           "entries:\n  - verified_on: 2026-10-01\n  - verified_on: 2026-09-15\n")
    (data / "rules" / "b.yaml").write_text("source: https://example.org/not-a-regulation\n")
    assert pages.verified_dates(data) == [("utils/osai/data/rules/a.yaml",
                                           "https://eur-lex.europa.eu/eli/reg/2024/1689/oj", "2026-09-15")]
    shipped = pages.verified_dates(ROOT / "utils" / "osai" / "data")
    assert any(row[0].endswith("finance/reason_statements.yaml") for row in shipped)


def test_the_pages_workflow_builds_the_site_with_make_and_publishes_what_it_built():
    import yaml

    flow = yaml.safe_load((ROOT / ".github" / "workflows" / "site.yml").read_text(encoding="utf-8"))
    triggers = flow[True]  # YAML 1.1 reads the key `on` as True
    assert triggers["push"]["branches"] == ["main"] and "workflow_dispatch" in triggers
    assert flow["permissions"] == {"contents": "write"}  # to push the gh-pages branch, nothing more
    steps = flow["jobs"]["build"]["steps"]
    assert not any("uses" in step for step in steps)  # plain git, no third-party action
    runs = [step.get("run", "") for step in steps]
    built = next(r for r in runs if r.startswith("make site"))
    folder = built.split("SITE_DIR=")[1].split()[0]
    publish = runs[-1]
    assert publish.startswith(f"cd {folder}\n") and "git push" in publish and publish.rstrip().endswith("gh-pages")
    assert "secrets.GITHUB_TOKEN" in steps[-1]["env"]["TOKEN"]
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert "\nsite:" in makefile and "$(SITE_DIR)" in makefile  # the target and the folder it writes

# SPDX-FileCopyrightText: 2026 The Open Source AI Lab Kit authors
# SPDX-License-Identifier: MIT
"""The course order agrees everywhere. The order is read from one place, the names of ``solutions/NN_slug.ipynb``,
so these tests pass before and after any reordering of the labs.

Checked here: lab titles (``# Lab NN ·``) and file names of solutions, labs, verifiers and their tests; the README
course map and its Colab links; GitHub Classroom's lab set; the benchmark table's labels; and every prose
cross-reference (``Lab NN``, ``labs NN and MM``, ``NN_slug.ipynb``, ``Lab NN, Title``) names an existing lab with the
right number and title. Elsewhere: the Colab badge inside each lab and its metadata by ``osai build-labs --check``
(tests/test_build.py), the Classroom files' full content by tests/test_classroom.py; the website's navigation is
made from the same file names (site/pages.py) and its prose is scanned here.
"""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
#: Where prose and code may name a lab. CHANGELOG.md is history: it keeps the numbers of its day.
SCANNED = ["README.md", "CONTRIBUTING.md", "Makefile", "postBuild", "pyproject.toml", "environment.yml",
           "constraints.txt", "REUSE.toml", "site/*.md", "site/**/*.md", "site/*.py", "site/*.yml", "benchmarks/*",
           "utils/osai/**/*.py", "utils/osai/data/*/*.md", "utils/osai/data/*/*.yaml", "tests/**/*.py",
           "solutions/*.ipynb", "labs/*.ipynb"]
LAB_WORD = re.compile(r"(?<![A-Za-z])[Ll]abs? (\d\d)((?:(?:,| and| or|,? and| to|-|–) ?\d\d(?![0-9]))*)(?![0-9])")
TITLED = re.compile(r"(?<![A-Za-z])Lab (\d\d)(?:,| ·) ([A-Z][^.:(`\"\\\n]{3,})")
#: Examples in docstrings name labs 90-99, which the course never reaches.
PLACEHOLDERS = 90
NOTEBOOK = re.compile(r"(?<![0-9A-Za-z])(\d\d)_([a-z][a-z_]*[a-z])\.ipynb")


def _labs() -> dict[str, dict[str, str]]:
    labs = {}
    for path in sorted((ROOT / "solutions").glob("[0-9][0-9]_*.ipynb")):
        first = json.loads(path.read_text(encoding="utf-8"))["cells"][0]
        heading = "".join(first["source"]).split("\n")[0]
        title = re.sub(r"^# Lab \d\d · ", "", heading).split(":")[0].strip()
        labs[path.name[:2]] = {"file": path.name, "slug": path.stem[3:], "heading": heading, "title": title}
    return labs


LABS = _labs()
BY_SLUG = {lab["slug"]: number for number, lab in LABS.items()}


def _ignored() -> set[Path]:
    """Files git ignores (built pages, caches): generated from the sources scanned here, and possibly stale."""
    try:
        listed = subprocess.run(["git", "ls-files", "--others", "--ignored", "--exclude-standard"], cwd=ROOT,
                                capture_output=True, text=True, check=True).stdout
    except (OSError, subprocess.CalledProcessError):  # not a git checkout: scan everything
        return set()
    return {ROOT / line for line in listed.splitlines()}


def _texts():
    seen = _ignored()
    for pattern in SCANNED:
        for path in sorted(ROOT.glob(pattern)):
            if path.is_file() and path not in seen and "/data/contrib/history" not in str(path):
                seen.add(path)
                yield path.relative_to(ROOT).as_posix(), path.read_text(encoding="utf-8", errors="replace")


def test_the_labs_are_numbered_from_00_without_gaps_and_titled_with_their_number():
    assert list(LABS) == [f"{i:02d}" for i in range(len(LABS))], "solutions/ must hold 00_..., 01_..., without gaps"
    for number, lab in LABS.items():
        assert lab["heading"].startswith(f"# Lab {number} · "), f"solutions/{lab['file']}: {lab['heading']!r}"
        generated = json.loads((ROOT / "labs" / lab["file"]).read_text(encoding="utf-8"))
        assert "".join(generated["cells"][0]["source"]).split("\n")[0] == lab["heading"], f"labs/{lab['file']}"
    assert sorted(p.name for p in (ROOT / "labs").glob("[0-9][0-9]_*.ipynb")) == [lab["file"] for lab in LABS.values()]


@pytest.mark.parametrize("number", sorted(LABS))
def test_each_lab_binds_its_own_checks_verifiers_and_tests(number):
    solution = (ROOT / "solutions" / LABS[number]["file"]).read_text(encoding="utf-8")
    assert f'for_lab(\\"{number}\\")' in solution, f"the set-up cell of {LABS[number]['file']} binds another lab"
    verifiers = (ROOT / "utils" / "osai" / "exercises" / f"lab{number}.py").read_text(encoding="utf-8")
    assert re.search(rf'Exercises\("{number}"[,)]', verifiers), f"exercises/lab{number}.py registers another lab"
    tests = (ROOT / "tests" / "exercises" / f"test_lab{number}.py").read_text(encoding="utf-8")
    assert f'LAB = "{number}"' in tests, f"tests/exercises/test_lab{number}.py tests another lab"
    for path, text in ((f"exercises/lab{number}.py", verifiers), (f"test_lab{number}.py", tests)):
        first = re.search(r"[Ll]ab (\d\d)", text.split('"""')[1])
        assert first is None or first.group(1) == number, f"{path}: its docstring speaks of lab {first.group(1)}"


def test_the_readme_course_map_lists_every_lab_once_in_order_with_its_own_links():
    rows = re.findall(r"(?m)^\| (\d\d) \| \[([^\]]+)\]\(labs/([^)]+)\) \|.*\[open\]\(https://colab[^)]*/labs/([^)]+)\) \|$",
                      (ROOT / "README.md").read_text(encoding="utf-8"))
    assert [row[0] for row in rows] == list(LABS), "the course map's rows are not the labs in order"
    for number, name, link, colab in rows:
        assert link == colab == LABS[number]["file"], f"course map row {number} links {link} and {colab}"
        words = re.sub(r"[^a-z ]", "", name.lower()).split()
        assert "_".join(words) == LABS[number]["slug"], f"course map row {number} is called {name!r}"


def test_classroom_files_and_benchmark_table_name_the_labs_in_order():
    tests = json.loads((ROOT / ".github" / "classroom" / "autograding.json").read_text(encoding="utf-8"))["tests"]
    named = list(dict.fromkeys(re.match(r"lab (\d\d) ", t["name"]).group(1) for t in tests))
    assert named == list(LABS), "autograding.json: its labs are not the labs in order"
    for test in tests:
        assert f"--labs {test['name'].split()[1]} " in test["run"], test["name"]
    reference = json.loads((ROOT / ".github" / "classroom" / "reference.json").read_text(encoding="utf-8"))["labs"]
    assert {k: v["name"] for k, v in reference.items()} == {k: v["file"] for k, v in LABS.items()}
    flow = (ROOT / ".github" / "classroom" / "classroom.yml").read_text(encoding="utf-8")
    assert re.findall(r"--labs (\d\d)", flow) == list(LABS)
    table = re.findall(r"(?m)^\| (\d\d)_\w+\.ipynb \|", (ROOT / "benchmarks" / "RESULTS.md").read_text(encoding="utf-8"))
    assert table and table == sorted(table), "benchmarks/RESULTS.md: the table's rows are not in course order"


def test_every_prose_cross_reference_names_an_existing_lab_with_its_own_number_and_title():
    problems = []
    for where, text in _texts():
        for found in LAB_WORD.finditer(text) if not where.startswith("tests/") else ():  # tests invent labs
            for number in re.findall(r"\d\d", found.group(0)):
                if number not in LABS and int(number) < PLACEHOLDERS:
                    problems.append(f"{where}: {found.group(0)!r} names no lab")
        for number, slug in NOTEBOOK.findall(text):
            if slug in BY_SLUG and BY_SLUG[slug] != number:
                problems.append(f"{where}: {number}_{slug}.ipynb is lab {BY_SLUG[slug]}")
        for number, title in TITLED.findall(text):
            said, lab = title.strip().lower(), LABS.get(number, {})
            if lab and not (lab["title"].lower().startswith(said) or said.startswith(lab["title"].lower())
                            or said.replace(" ", "_") == lab["slug"]):
                problems.append(f"{where}: 'Lab {number}, {title.strip()}' but lab {number} is {lab['title']!r}")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("text, bad", [("Lab 89 shows it", True), ("as labs 01 and 88 do", True),
                                       ("Lab 00 · Orientation", False), ("in 2026-06, RTS 6", False)])
def test_the_scan_itself_finds_a_lab_that_does_not_exist(text, bad):
    numbers = [n for found in LAB_WORD.finditer(text) for n in re.findall(r"\d\d", found.group(0))]
    assert any(n not in LABS for n in numbers) == bad

# SPDX-FileCopyrightText: 2026 The Open Source AI Lab Kit authors
# SPDX-License-Identifier: MIT
"""The pages of the course website that are made from the repository's own files.

``site/conf.py`` calls :func:`generate` before Sphinx reads anything: it writes ``site/gen/`` (never
committed) from ``labs/``, ``utils/osai/exercises/``, ``site/glossary.yml``, ``CITATION.cff`` and
``REUSE.toml``. Nothing here reads ``solutions/``: the website shows what a learner gets, never what a
check compares with.

>>> summary = lab_summary("# Lab 04 · Privacy\\n\\n**Time:** 60 minutes · **Exercises:** 7 (15 points)")
>>> summary["title"], summary["minutes"], summary["exercises"]
('Privacy', 60, 7)
"""

from __future__ import annotations

import ast
import html
import re
import shutil
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
#: Hosts of primary regulation texts: a lab citing one has a table to re-verify each year.
REGULATION_HOSTS = ("eur-lex.europa.eu", "ecfr.gov", "federalregister.gov", "consumerfinance.gov",
                    "legislation.gov.uk")
_BADGE = re.compile(r"\[!\[Open in Colab\]\([^)]*\)\]\([^)]*\)\s*")
_TITLE = re.compile(r"^#\s+Lab\s+(?P<number>\d\d)\s*·\s*(?P<title>.+?)\s*$", re.M)
_TIME = re.compile(r"\*\*Time:\*\*\s*(?P<minutes>\d+)\s*minutes")
_EXERCISES = re.compile(r"\*\*Exercises:\*\*\s*(?P<text>[^·\n]+)")
_URL = re.compile(r"https?://[^\s)>\]\"']+")


def lab_summary(title_cell: str) -> dict[str, Any]:
    """Number, title, stated minutes, exercise count and the exercise line of a lab's title cell.

    Raises ``ValueError`` when the cell has no ``# Lab NN · Title`` heading or no ``**Time:**``.

    >>> lab_summary("# Lab 00 · Orientation\\n**Time:** 45 minutes · **Exercises:** 5 (7 points) · x")["points"]
    '5 (7 points)'
    """
    title, time = _TITLE.search(title_cell), _TIME.search(title_cell)
    if not title or not time:
        raise ValueError("a lab's title cell must start '# Lab NN · Title' and say '**Time:** N minutes', "
                         f"got {title_cell[:80]!r}")
    exercises = _EXERCISES.search(title_cell)
    text = exercises.group("text").strip() if exercises else ""
    count = re.match(r"\d+", text)
    questions = re.findall(r"^- (.+)$", title_cell.split("**Questions**", 1)[-1].split("**Objectives", 1)[0], re.M)
    return {"number": title.group("number"), "title": title.group("title"), "minutes": int(time.group("minutes")),
            "exercises": int(count.group()) if count else 0, "points": text,
            "questions": questions if "**Questions**" in title_cell else []}


def launch_links(setting: Any, lab_file: str) -> dict[str, str]:
    """Binder and Colab addresses of a lab, from the course setting (``osai.course``).

    >>> from osai.course import CourseSetting
    >>> launch_links(CourseSetting("org/kit", "v1"), "00_x.ipynb")["binder"]
    'https://mybinder.org/v2/gh/org/kit/v1?urlpath=lab/tree/labs/00_x.ipynb'
    """
    from osai.course import binder_url, colab_url

    return {"binder": binder_url(setting, lab_file), "colab": colab_url(setting, lab_file)}


def launch_buttons(links: dict[str, str], download: str) -> str:
    """The launch bar of a lab page: Binder, Colab and a download of the fresh lab (MyST markdown).

    >>> print(launch_buttons({"binder": "B", "colab": "C"}, "../downloads/00_x.ipynb"))  # doctest: +ELLIPSIS
    <div class="osai-launch" role="group" aria-label="Open this lab">...href="B"...href="C"...
    """
    return (f'<div class="osai-launch" role="group" aria-label="Open this lab">'
            f'<a class="osai-launch-binder" href="{html.escape(links["binder"])}">Launch on Binder</a> '
            f'<a class="osai-launch-colab" href="{html.escape(links["colab"])}">Open in Colab</a> '
            f'<a class="osai-launch-download" href="{html.escape(download)}" download>Download the notebook</a>'
            "</div>\n\n"
            "The page shows the lab as a learner starts it, run once when this site was built: every check "
            "says it is not attempted yet. Launch it, or download it, to work on it.")


def anchor(term: str) -> str:
    """The anchor Sphinx gives a glossary term (``term-`` and the term, lower case, hyphens).

    >>> anchor("Open weights")
    'term-Open-weights'
    """
    return "term-" + re.sub(r"[^A-Za-z0-9]+", "-", term).strip("-")


def load_glossary(path: Path) -> list[dict[str, str]]:
    """The glossary entries of ``path`` (YAML: a list of ``term``, ``definition``, ``source``).

    >>> import tempfile
    >>> p = Path(tempfile.mkdtemp()) / "g.yml"
    >>> _ = p.write_text("- term: SPDX\\n  definition: License ids.\\n  source: https://spdx.org/licenses/\\n")
    >>> load_glossary(p)[0]["term"]
    'SPDX'
    """
    import yaml

    entries = yaml.safe_load(path.read_text(encoding="utf-8"))
    if not isinstance(entries, list):
        raise ValueError(f"{path}: expected a list of entries with term, definition, source")
    for i, entry in enumerate(entries):
        missing = {"term", "definition", "source"} - set(entry or {})
        if missing:
            raise ValueError(f"{path}: entry {i + 1} lacks {', '.join(sorted(missing))}")
    return entries


def _markdown(nb: Any) -> str:
    return "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")


def first_appearances(texts: list[tuple[str, str]], terms: list[str]) -> dict[str, str]:
    """For each term, the first lab (in the given order) whose text uses it (whole words, any case).

    >>> first_appearances([("00", "No terms."), ("01", "Open weights are not open source.")], ["open weights", "SBOM"])
    {'open weights': '01'}
    """
    found: dict[str, str] = {}
    for term in terms:
        pattern = re.compile(rf"(?<![\w-]){re.escape(term)}(?![\w-])", re.I)
        for name, text in texts:
            if pattern.search(text):
                found[term] = name
                break
    return found


def site_notebook(nb: Any, links: dict[str, str], download: str, terms: list[str]) -> Any:
    """A copy of a lab for its page: no Colab badge (an image from the web), a launch bar under the
    title, the terms first met in the lab, and alt text for every plot.

    >>> import nbformat
    >>> nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("# Lab 00 · X\\n\\n[![Open in Colab](u)](v)\\n")])
    >>> page = site_notebook(nb, {"binder": "B", "colab": "C"}, "d", ["SPDX"])
    >>> page.cells[0].source.startswith("# Lab 00 · X\\n\\n<div class=\\"osai-launch\\"")
    True
    >>> "colab-badge" in page.cells[0].source, "{term}`SPDX`" in page.cells[0].source
    (False, True)
    >>> nb.cells.append(nbformat.v4.new_code_cell("from osai.widgets import chooser\\nchooser()"))
    >>> page = site_notebook(nb, {"binder": "B", "colab": "C"}, "d", [])
    >>> page.cells[1].metadata["tags"], page.cells[2].source == WIDGET_NOTE
    (['remove-output'], True)
    """
    import copy

    page = copy.deepcopy(nb)
    heading, _, rest = _BADGE.sub("", page.cells[0].source).partition("\n")
    page.cells[0].source = f"{heading}\n\n{launch_buttons(links, download)}\n\n{rest.strip()}\n"
    if terms:
        page.cells[0].source += ("\n**Terms first met in this lab** (see the glossary): "
                                 + ", ".join(f"{{term}}`{t}`" for t in terms) + "\n")
    import nbformat

    cells = []
    for cell, after in zip(page.cells, page.cells[1:] + [None]):
        cells.append(cell)
        if cell.cell_type != "code":
            continue
        cell.metadata.setdefault("mystnb", {})["image"] = {"alt": figure_description(after)}
        if _WIDGET.search(cell.source):  # a widget needs a live kernel: say so instead of its text form
            cell.metadata.setdefault("tags", []).append("remove-output")
            cells.append(nbformat.v4.new_markdown_cell(WIDGET_NOTE, id=f"{cell.get('id', 'cell')}-site-widget"))
    page.cells = cells
    return page


#: What a lab page shows where the lab draws an interactive widget.
WIDGET_NOTE = ("*An interactive widget appears here when the lab runs in JupyterLab, Binder or Colab: "
               "launch the lab to use it.*")
_WIDGET = re.compile(r"^\s*(?:from\s+(?:osai\.widgets|ipywidgets)\s+import|import\s+ipywidgets)", re.M)


#: Alt text of a plot that the lab does not describe in the cell after it.
DEFAULT_ALT = "A plot drawn by this cell; the numbers it shows are printed with it."


def figure_description(cell: Any) -> str:
    """The text description of a figure: the markdown cell after the plot, if it starts ``*Figure``.

    >>> import nbformat
    >>> figure_description(nbformat.v4.new_markdown_cell("*Figure (text description): two bars.*\\n\\n### Exercise q6"))
    'Figure (text description): two bars.'
    >>> figure_description(None) == DEFAULT_ALT
    True
    """
    if cell is None or cell.cell_type != "markdown" or not cell.source.lstrip("*_ ").startswith("Figure"):
        return DEFAULT_ALT
    first = re.split(r"\n\s*\n", cell.source.strip(), maxsplit=1)[0]  # the description's own paragraph
    return re.sub(r"\s+", " ", re.sub(r"[*_`]", "", first)).strip()


def exercise_messages(source: str) -> dict[str, list[str]]:
    """The messages each exercise's verifier can show, read from a ``exercises/labNN.py`` source.

    The strings given to ``expect(condition, message)`` and ``Mismatch(message)`` inside the function
    decorated ``@ex("qN", ...)``; the parts computed at run time show as ``…``.

    >>> exercise_messages('@ex("q1", points=1, expects="x")\\ndef _q1(v):\\n    expect(v > 0, f"{v} is not above zero")')
    {'q1': ['… is not above zero']}
    """
    tree = ast.parse(source)
    found: dict[str, list[str]] = {}
    for node in tree.body:
        if not isinstance(node, ast.FunctionDef):
            continue
        qid = next((d.args[0].value for d in node.decorator_list if isinstance(d, ast.Call) and d.args
                    and isinstance(d.args[0], ast.Constant) and isinstance(d.args[0].value, str)), None)
        if not qid:
            continue
        messages: list[str] = []
        for call in ast.walk(node):
            if not isinstance(call, ast.Call):
                continue
            name = getattr(call.func, "id", getattr(call.func, "attr", ""))
            arg = call.args[1] if name == "expect" and len(call.args) > 1 else (
                call.args[0] if name == "Mismatch" and call.args else None)
            text = _text(arg)
            if text and text not in messages:
                messages.append(text)
        found[qid] = messages
    return found


def _text(node: Any) -> str | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return "".join(v.value if isinstance(v, ast.Constant) else "…" for v in node.values)
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        left, right = _text(node.left), _text(node.right)
        return (left or "…") + (right or "…") if left or right else None
    return None


def written_prompts(nb: Any) -> list[tuple[str, str]]:
    """``(id, question)`` for each written answer of a lab: the markdown cell before a ``written`` cell.

    >>> import nbformat
    >>> nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("Why?"),
    ...     nbformat.v4.new_markdown_cell("YOUR ANSWER HERE", metadata={"tags": ["written"], "nbgrader": {"grade_id": "w1"}})])
    >>> written_prompts(nb)
    [('w1', 'Why?')]
    """
    prompts = []
    for before, cell in zip(nb.cells, nb.cells[1:]):
        if cell.cell_type == "markdown" and "written" in cell.metadata.get("tags", []):
            qid = cell.metadata.get("nbgrader", {}).get("grade_id", "w?")
            prompts.append((qid, before.source.strip()))
    return prompts


def time_split(nb: Any, minutes: int) -> dict[str, int]:
    """The lab's stated minutes split in proportion to its cells: exercise cells versus the rest.

    Exercise cells state, answer or check an exercise: an answer cell (id ``qN-answer``) or a written
    cell, the markdown cell right before it, and a check cell (tag ``check``, or id ``qN-check``/``wN-check``).
    ``cells`` counts both kinds, so the page can say what the split rests on.

    >>> import nbformat
    >>> nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("Intro", id="intro"),
    ...     nbformat.v4.new_code_cell("demo()", id="demo"), nbformat.v4.new_markdown_cell("Do q1", id="q1-md"),
    ...     nbformat.v4.new_code_cell("x = ...", id="q1-answer"), nbformat.v4.new_code_cell("check('q1', x)", id="q1-check")])
    >>> time_split(nb, 50)
    {'teaching': 20, 'exercises': 30, 'teaching_cells': 2, 'exercise_cells': 3}
    """
    def answer(cell: Any) -> bool:
        return bool(re.fullmatch(r"[qw]\d+[a-z]?-answer", cell.get("id", ""))) or "written" in cell.metadata.get("tags", [])

    def check(cell: Any) -> bool:
        return "check" in cell.metadata.get("tags", []) or bool(re.fullmatch(r"[qw]\d+[a-z]?-check", cell.get("id", "")))

    cells = nb.cells
    work = sum(1 for i, c in enumerate(cells) if answer(c) or check(c)
               or (c.cell_type == "markdown" and i + 1 < len(cells) and answer(cells[i + 1])))
    teach = len(cells) - work
    exercises = round(minutes * work / max(len(cells), 1))
    return {"teaching": minutes - exercises, "exercises": exercises, "teaching_cells": teach, "exercise_cells": work}


def regulation_sources(text: str) -> list[str]:
    """The addresses of primary regulation texts cited in ``text`` (sorted, no duplicates).

    >>> regulation_sources("see https://eur-lex.europa.eu/eli/reg/2024/1689/oj and https://example.org")
    ['https://eur-lex.europa.eu/eli/reg/2024/1689/oj']
    """
    return sorted({u.rstrip(".,;") for u in _URL.findall(text) if any(h in u for h in REGULATION_HOSTS)})


_VERIFIED = re.compile(r"verified(?:[_ ]on)?\W{0,4}(\d{4}-\d{2}-\d{2})", re.I)


def verified_on(text: str) -> str:
    """The oldest ``verified_on`` date in a data file or a lab's text, or ``"not recorded"``.

    >>> verified_on("a: 1\\n  verified_on: 2026-09-01\\nb:\\n  verified_on: '2026-10-02'"), verified_on("x")
    ('2026-09-01', 'not recorded')
    >>> verified_on("*Verified on 2026-11-02 against EUR-Lex.*")
    '2026-11-02'
    """
    dates = sorted(_VERIFIED.findall(text))
    return dates[0] if dates else "not recorded"


def verified_dates(data_dir: Path) -> list[tuple[str, str, str]]:
    """``(data file, sources, verified on)`` for each shipped YAML data file that cites a regulation text.

    The date is the oldest ``verified_on`` (or ``verified``) date in the file (:func:`verified_on`).
    """
    rows = []
    for path in sorted(data_dir.rglob("*.yaml")):
        text = path.read_text(encoding="utf-8")
        sources = regulation_sources(text)
        if sources:
            rows.append((path.relative_to(data_dir.parent.parent.parent).as_posix(), ", ".join(sources), verified_on(text)))
    return rows


def instructor_page(summary: dict[str, Any], nb: Any, exercises: Any, messages: dict[str, list[str]],
                    data_rows: list[tuple[str, str, str]]) -> str:
    """The instructor's page of one lab (MyST markdown), from the lab, its checks and the data."""
    n, split = summary["number"], time_split(nb, summary["minutes"])
    out = [f"# Lab {n} · {summary['title']}", "",
           f"[The learner's page](/gen/labs/{summary['file'][:-6]}.ipynb) · stated time **{summary['minutes']} minutes** · "
           f"exercises: {summary['points']}", "",
           "## Time", "",
           f"The lab states {summary['minutes']} minutes for {summary['exercises']} exercises. Split in proportion "
           f"to its cells ({split['teaching_cells']} that explain or show, {split['exercise_cells']} that state, "
           f"answer or check an exercise), that is about **{split['teaching']} minutes of explanation and worked "
           f"examples** and **{split['exercises']} minutes on the exercises**: a starting plan to adjust to your "
           "class, not a measurement.", "",
           "## What each check's messages target", "",
           "Each message names the misconception behind a wrong answer. When many learners hit one, stop and "
           "explain it to the room. The hints go from concept to API to code: the first one is below, to "
           "give aloud; learners ask the notebook for the rest (`hint(\"qN\")`).", ""]
    for qid, exercise in exercises:
        out += [f"### {qid} ({exercise.points} point{'s' if exercise.points != 1 else ''}): expects {exercise.expected}", ""]
        for message in messages.get(qid, []):
            out.append(f"- {_inline(message)}")
        if not messages.get(qid):
            out.append("- (a wrong value gets the lab's general message: the exercise recomputes the answer)")
        out.append("")
        if exercise.hints:  # only the first: the later ones go to API and code, which is the learner's to find
            more = len(exercise.hints) - 1
            first = ("Its first hint already shows code: learners get it with `hint(\"" + qid + "\")`."
                     if shows_code(exercise.hints[0]) else f"First hint, to say aloud: *{_inline(exercise.hints[0])}*")
            out += [first + (f" The lab has {more} more, each closer to the code." if more else ""), ""]
    prompts = written_prompts(nb)
    out += ["## Discussion prompts", ""]
    if prompts:
        out += ["Before learners write, discuss the question in pairs or as a class; the rubric stays in "
                "`solutions/` and in the review sheet `osai grade` writes (see the grading page).", ""]
        for qid, question in prompts:
            first = re.sub(r"^#+\s*", "", question.splitlines()[0])
            rest = " ".join(question.splitlines()[1:]).strip()
            out += [f"- **{_inline(first)}** {_inline(rest)}", ""]
    else:
        out += ["This lab has no written answer yet; use its **Questions** (on the learner's page) as prompts.", ""]
    sources = regulation_sources(_markdown(nb))
    out += ["## What changes between years", ""]
    if sources or data_rows:
        out += ["Re-read these primary texts before the term starts and correct the lab or the data where they "
                "changed:", ""]
        out += [f"- <{s}>" for s in sources]
        if sources:
            out.append(f"- the lab's own text about them: verified on **{verified_on(_markdown(nb))}**")
        for file, src, date in data_rows:
            out.append(f"- `{file}` (sources: {src}): verified on **{date}**")
        out.append("")
    else:
        out += ["The lab cites no regulation text; re-run it with the kit's new release (`make test`).", ""]
    return "\n".join(out)


def shows_code(hint: str) -> bool:
    """Whether a hint shows code (an assignment or a call), which the website leaves to the notebook.

    >>> shows_code("verdict = assess(x); then compare"), shows_code("Count the groups of size 1.")
    (True, False)
    """
    return bool(re.search(r"\w\s*=\s*[\w\[{(\"']|\w\([^)]*\)", hint))


def _inline(text: str) -> str:
    """Text safe inside MyST markdown: no raw HTML, no roles, no stray emphasis."""
    return html.escape(text, quote=False).replace("{", "&#123;").replace("*", "\\*").replace("_", "\\_").replace("`", "\\`")


def course_map(summaries: list[dict[str, Any]]) -> str:
    """The home page's course map: one row per lab with its time and exercises (MyST markdown)."""
    rows = ["| Lab | Time | Exercises | Questions it answers |", "|---|---|---|---|"]
    for s in summaries:
        rows.append(f"| [{s['number']} · {s['title']}](/gen/labs/{s['file'][:-6]}.ipynb) | {s['minutes']} min "
                    f"| {s['points']} | {'<br>'.join(_inline(q) for q in s['questions'])} |")
    total = sum(s["minutes"] for s in summaries)
    return "\n".join(rows) + f"\n\n{len(summaries)} labs, {total} minutes ({total / 60:.1f} hours) of stated time.\n"


def generate(out: Path, root: Path = ROOT) -> dict[str, Any]:
    """Write every generated page of the website into ``out`` (emptied first); return what was made."""
    import nbformat

    from osai.checks import load_lab
    from osai.course import load_course

    setting = load_course(root)
    if out.exists():
        shutil.rmtree(out)
    for sub in ("labs", "extra/downloads", "instructors"):
        (out / sub).mkdir(parents=True)
    labs = sorted((root / "labs").glob("[0-9][0-9]_*.ipynb"))
    notebooks = {p.name: nbformat.read(p, as_version=4) for p in labs}
    glossary = load_glossary(root / "site" / "glossary.yml")
    first = first_appearances([(name, _markdown(nb)) for name, nb in notebooks.items()], [g["term"] for g in glossary])
    summaries = []
    data_rows = verified_dates(root / "utils" / "osai" / "data")
    for name, nb in notebooks.items():
        summary = dict(lab_summary(nb.cells[0].source), file=name)
        summaries.append(summary)
        shutil.copy(root / "labs" / name, out / "extra" / "downloads" / name)
        terms = [t for t, lab in first.items() if lab == name]
        page = site_notebook(nb, launch_links(setting, name), f"../../downloads/{name}", terms)
        nbformat.write(page, out / "labs" / name)
        exercises_file = root / "utils" / "osai" / "exercises" / f"lab{summary['number']}.py"
        messages = exercise_messages(exercises_file.read_text(encoding="utf-8")) if exercises_file.exists() else {}
        exercises = sorted(load_lab(summary["number"]).exercises.items(), key=lambda kv: _qkey(kv[0]))
        rows = [r for r in data_rows if summary["number"] in _labs_using(root, r[0])]
        (out / "instructors" / f"lab{summary['number']}.md").write_text(
            instructor_page(summary, nb, exercises, messages, rows), encoding="utf-8")
    (out / "course_map.md").write_text(course_map(summaries), encoding="utf-8")
    (out / "glossary.md").write_text(glossary_page(glossary, first, summaries), encoding="utf-8")
    (out / "licenses.md").write_text(licenses_page(root), encoding="utf-8")
    (out / "jupyterhub_build.md").write_text(
        "```bash\n" + hub_build_command(setting, root / "site" / "jupyterhub" / "config.yaml") + "\n```\n", encoding="utf-8")
    return {"labs": [s["file"] for s in summaries], "terms": first, "setting": setting}


def _qkey(qid: str) -> tuple[int, str]:
    return int(re.sub(r"\D", "", qid) or 0), qid


def _labs_using(root: Path, data_file: str) -> set[str]:
    """Lab numbers whose solution's content module names a data file (by its folder under ``data/``)."""
    folder = Path(data_file).parent.name
    found = set()
    for path in (root / "labs").glob("[0-9][0-9]_*.ipynb"):
        if folder in path.read_text(encoding="utf-8"):
            found.add(path.name[:2])
    return found or {"12"}


def hub_build_command(setting: Any, config: Path) -> str:
    """The repo2docker command that builds and pushes the image a JupyterHub ``config`` serves.

    The repository and ref come from the course setting, the image name and tag from ``config``
    (Zero to JupyterHub values: ``singleuser.image``).
    """
    import yaml

    image = yaml.safe_load(config.read_text(encoding="utf-8"))["singleuser"]["image"]
    return (f"repo2docker --no-run --push --user-id 1000 --user-name jovyan \\\n"
            f"  --ref {setting.ref} --image-name {image['name']}:{image['tag']} \\\n  {setting.url}")


def glossary_page(glossary: list[dict[str, str]], first: dict[str, str], summaries: list[dict[str, Any]]) -> str:
    """The glossary (a Sphinx ``glossary`` directive), each term with its source and first lab."""
    titles = {s["file"]: f"Lab {s['number']}" for s in summaries}
    lines = ["# Glossary", "", "The terms the labs use, each with a source to read further and the lab where it "
             "first appears.", "", ":::{glossary}", ":sorted:", ""]
    for entry in glossary:
        lab = first.get(entry["term"])
        where = f" First met in [{titles[lab]}](/gen/labs/{lab[:-6]}.ipynb)." if lab else ""
        lines += [entry["term"], f"  {entry['definition'].strip()} Source: <{entry['source']}>.{where}", ""]
    return "\n".join(lines + [":::", ""])


def licenses_page(root: Path) -> str:
    """Licenses and citation, from ``LICENSES/``, ``REUSE.toml`` and ``CITATION.cff``."""
    import tomllib

    import yaml

    cff = yaml.safe_load((root / "CITATION.cff").read_text(encoding="utf-8"))
    reuse = tomllib.loads((root / "REUSE.toml").read_text(encoding="utf-8"))
    out = ["# Licenses and citation", "",
           "Every file of the kit says its license, per [REUSE](https://reuse.software/spec-3.3/): in an SPDX "
           "header, in a `.license` file beside it, or in `REUSE.toml`. The license texts are in `LICENSES/`:", ""]
    out += [f"- `{p.stem}`" for p in sorted((root / "LICENSES").glob("*.txt"))]
    out += ["", "`REUSE.toml` annotates these paths:", "", "| paths | license | copyright |", "|---|---|---|"]
    for item in reuse.get("annotations", []):
        paths = item.get("path", [])
        paths = [paths] if isinstance(paths, str) else paths
        out.append(f"| {', '.join(f'`{p}`' for p in paths)} | {item.get('SPDX-License-Identifier', '')} "
                   f"| {_inline(str(item.get('SPDX-FileCopyrightText', '')))} |")
    out += ["", "## Citation", "", f"{_inline(cff.get('message', 'Please cite the kit as below.'))}", "",
            f"- **Title:** {_inline(str(cff.get('title', '')))}",
            f"- **Version:** {cff.get('version', '')}", f"- **License:** {cff.get('license', '')}"]
    if cff.get("repository-code"):
        out.append(f"- **Code:** <{cff['repository-code']}>")
    out += ["", "The full record, as GitHub and Zenodo read it (`CITATION.cff`):", "", "```yaml",
            (root / "CITATION.cff").read_text(encoding="utf-8").strip(), "```", ""]
    return "\n".join(out)

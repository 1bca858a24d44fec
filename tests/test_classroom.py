# SPDX-FileCopyrightText: 2026 The Open Source AI Lab Kit authors
# SPDX-License-Identifier: MIT
"""GitHub Classroom: the shipped autograding files, the template command, and the workflow's own
commands run end to end on planted student repositories (real kernels, real nbval)."""

from __future__ import annotations

import base64
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from osai import classroom
from osai.build import strip_solution
from osai.course import load_course
from osai.grading import CheckResult, SubmissionGrade, load_references
from osai.grading.reference_file import reference_json
from tests.fork_kit import commit_and_push, copy_kit

ROOT = Path(__file__).resolve().parent.parent
SHIPPED = ROOT / ".github" / "classroom"
BIN = Path(sys.executable).parent
LAB00 = "00_orientation.ipynb"


@pytest.fixture(scope="module")
def references():
    return load_references(ROOT / "solutions")


def load_workflow(text: str) -> dict:
    return yaml.safe_load(text)


# ---------------------------------------------------------------------------------------------
# The shipped files


def test_shipped_autograding_json_has_one_valid_test_per_check(references):
    data = json.loads((SHIPPED / "autograding.json").read_text(encoding="utf-8"))
    assert set(data) == {"tests"}
    tests = data["tests"]
    keys = {"name", "setup", "run", "input", "output", "comparison", "timeout", "points"}
    for test in tests:
        assert set(test) == keys, test
        assert test["comparison"] in {"exact", "included", "regex"}
        assert isinstance(test["points"], int) and test["points"] > 0
        assert isinstance(test["timeout"], int) and 1 <= test["timeout"] <= 360  # minutes
        assert test["run"].startswith("osai classroom-report labs ")
    assert len({t["name"] for t in tests}) == len(tests)
    expected = {f"lab {lab} {c.qid}": c.points for lab, ref in references.items() for c in ref.checks}
    assert {t["name"]: t["points"] for t in tests} == expected
    assert sum(t["points"] for t in tests) == sum(r.max_points for r in references.values())


def test_shipped_files_are_what_the_template_command_writes(references):
    refs = [references[k] for k in sorted(references)]
    setting = load_course(ROOT)
    hint = ("regenerate: osai classroom-template /tmp/t, then copy its .github/workflows/classroom.yml and "
            ".github/classroom/{autograding,reference}.json into .github/classroom/")
    assert (SHIPPED / "autograding.json").read_text(encoding="utf-8") == classroom.autograding_json(refs), hint
    assert (SHIPPED / "reference.json").read_text(encoding="utf-8") == reference_json(refs), hint
    flow = classroom.workflow_yaml(sorted(references), setting.ref, setting.repository)
    assert (SHIPPED / "classroom.yml").read_text(encoding="utf-8") == flow, hint


def test_workflow_is_valid_yaml_wired_to_the_reporter():
    flow = load_workflow((SHIPPED / "classroom.yml").read_text(encoding="utf-8"))
    assert flow["name"] == "Autograding Tests"  # the check run name the reporter looks for
    assert set(flow["on"]) >= {"push", "workflow_dispatch", "repository_dispatch"}
    assert flow["permissions"] == {"checks": "write", "actions": "read", "contents": "read"}
    (job,) = flow["jobs"].values()
    steps = job["steps"]
    for step in steps:
        assert ("uses" in step) != ("run" in step), step
        if "uses" in step:
            assert "@v" in step["uses"], f"{step['uses']}: pin a major version"
    kit = next(s for s in steps if s.get("with", {}).get("path") == classroom.KIT_DIR)
    setting = load_course(ROOT)
    assert (kit["with"]["repository"], kit["with"]["ref"]) == (setting.repository, setting.ref)  # no override
    # Only the package reaches the student's runner: a sparse (blob-less) checkout without solutions/.
    assert kit["with"]["sparse-checkout"].split() == list(classroom.KIT_SPARSE)
    assert kit["with"]["persist-credentials"] is False
    assert not any("solutions" in json.dumps(step) for step in steps)
    install = next(s for s in steps if "pip install" in s.get("run", ""))
    assert f"-c {classroom.KIT_DIR}/constraints.txt" in install["run"] and (ROOT / "constraints.txt").is_file()
    assert classroom.TORCH_INDEX in install["run"]
    grading = next(s for s in steps if s.get("id") == classroom.RUNNER)
    assert "--github-output" in grading["run"]
    reporter = steps[-1]
    assert reporter["uses"].startswith("classroom-resources/autograding-grading-reporter@")
    assert reporter["with"]["runners"] == classroom.RUNNER
    assert reporter["env"] == {f"{classroom.RUNNER.upper()}_RESULTS": f"${{{{ steps.{classroom.RUNNER}.outputs.result }}}}"}
    assert steps.index(grading) < steps.index(reporter)


def test_the_solutions_never_reach_a_template(tmp_path, references):
    out = tmp_path / "template"
    written = classroom.write_template(out, ROOT / "labs", [references["03"]])
    names = sorted(str(p.relative_to(out)) for p in written)
    assert names == [".github/classroom/autograding.json", ".github/classroom/reference.json",
                     ".github/workflows/classroom.yml", ".gitignore", "README.md", f"labs/{references['03'].name}"]
    assert not (out / "solutions").exists()
    name = references["03"].name
    mine = nbformat.read(out / "labs" / name, as_version=4)
    kit = nbformat.read(ROOT / "labs" / name, as_version=4)
    assert mine.cells[1:] == kit.cells[1:] and mine.metadata == kit.metadata
    # The kit's Colab badge would open the kit's copy; the student's copy says how to open itself.
    assert "colab-badge" in kit.cells[0].source and "colab-badge" not in mine.cells[0].source
    assert classroom.CLASSROOM_COLAB_NOTE in mine.cells[0].source
    assert mine.cells[0].source.splitlines()[0] == kit.cells[0].source.splitlines()[0]
    assert "--labs 03" in (out / ".github" / "workflows" / "classroom.yml").read_text(encoding="utf-8")
    tests = json.loads((out / ".github" / "classroom" / "autograding.json").read_text(encoding="utf-8"))["tests"]
    assert {t["name"].split()[1] for t in tests} == {"03"}


def test_template_command_writes_the_assignment(tmp_path):
    from typer.testing import CliRunner

    from osai.cli import app

    kit = copy_kit(tmp_path / "kit", "osai-labkit/osai-labkit")
    shutil.copytree(ROOT / "labs", kit / "labs")
    commit_and_push(kit, "osai-labkit/osai-labkit", "v1.0")
    out = tmp_path / "lab05-template"
    result = CliRunner().invoke(app, ["classroom-template", str(out), "--labs", "5", "--kit-ref", "v1.0",
                                      "--solutions", str(kit / "solutions"), "--labs-dir", str(kit / "labs")])
    assert result.exit_code == 0, result.output
    assert "template repository" in result.output
    flow = (out / ".github" / "workflows" / "classroom.yml").read_text(encoding="utf-8")
    assert "--labs 05" in flow and "ref: v1.0" in flow
    assert [p.name[:3] for p in (out / "labs").iterdir()] == ["05_"]


def test_template_refuses_to_overwrite_and_explains_bad_input(tmp_path, references):
    out = tmp_path / "used"
    out.mkdir()
    (out / "keep.txt").write_text("mine", encoding="utf-8")
    with pytest.raises(FileExistsError, match="not an empty folder"):
        classroom.write_template(out, ROOT / "labs", [references["00"]])
    assert [p.name for p in out.iterdir()] == ["keep.txt"]
    with pytest.raises(FileNotFoundError, match="run osai build-labs"):
        classroom.write_template(tmp_path / "new", tmp_path, [references["00"]])
    with pytest.raises(ValueError, match="at least one lab"):
        classroom.write_template(tmp_path / "new2", ROOT / "labs", [])
    with pytest.raises(ValueError, match="two-digit"):
        classroom.workflow_yaml(["3"])
    with pytest.raises(ValueError, match="branch, tag or commit"):
        classroom.workflow_yaml(["03"], kit_ref="main; rm -rf /")
    with pytest.raises(ValueError, match="1 to 360"):
        classroom.classroom_tests([references["00"]], timeout_minutes=0)


def solution_only_lines(path: Path) -> set[str]:
    """Lines a student must not get from a template: solution blocks, hidden tests, solution-only cells (rubrics)
    and model written answers."""
    lines: set[str] = set()
    for cell in nbformat.read(path, as_version=4).cells:
        if {"solution-only", "written"} & set(cell.metadata.get("tags", [])):
            blocks = [cell.source]
        else:
            blocks = re.findall(r"# BEGIN (SOLUTION|HIDDEN TESTS)\n(.*?)\n\s*# END \1", cell.source, flags=re.S)
            blocks = [text for _, text in blocks]
        lines |= {line.strip() for text in blocks for line in text.splitlines() if len(line.strip()) > 12}
    return lines


def test_a_template_holds_no_solution_hidden_test_or_rubric(tmp_path, references):
    out = tmp_path / "template"
    written = classroom.write_template(out, ROOT / "labs", [references[k] for k in sorted(references)])
    forbidden = set().union(*(solution_only_lines(p) for p in sorted((ROOT / "solutions").glob("[0-9][0-9]_*.ipynb"))))
    # A line the lab itself shows elsewhere (given code that repeats an answer's line) is no secret.
    shown = "\n".join(c.source for p in sorted((ROOT / "labs").glob("*.ipynb")) for c in nbformat.read(p, as_version=4).cells)
    forbidden = {line for line in forbidden if line not in shown}
    assert len(forbidden) > 50, "the solutions hold solution blocks to compare with"
    for path in written:
        text = path.read_text(encoding="utf-8")
        if path.suffix == ".ipynb":  # compare the cells' text, not its JSON escaping
            text = "\n".join(c.source for c in nbformat.reads(text, as_version=4).cells)
        elif path.suffix == ".json":
            text = json.dumps(json.loads(text), ensure_ascii=False, indent=0).replace("\\n", "\n").replace('\\"', '"')
        found = sorted(line for line in forbidden if line in text)
        assert not found, f"{path.relative_to(out)} holds solution lines: {found[:3]}"
    reference = json.loads((out / classroom.REFERENCE_FILE).read_text(encoding="utf-8"))
    assert set(reference["labs"]) == set(references)
    for lab, entry in reference["labs"].items():
        assert [(c["qid"], c["points"], c["cell_id"]) for c in entry["checks"]] == \
            [(c.qid, c.points, c.cell_id) for c in references[lab].checks]
        assert all(c["outputs"] for c in entry["checks"]), "expected outputs travel with the checks"


def test_the_reference_file_reads_back_as_the_references_grading_uses(tmp_path, references):
    path = tmp_path / "reference.json"
    path.write_text(reference_json([references["00"], references["03"]]), encoding="utf-8")
    again = load_references(path)
    assert set(again) == {"00", "03"} and load_references(path, ["03"]).keys() == {"03"}
    for lab, ref in again.items():
        assert ref.name == references[lab].name and ref.max_points == references[lab].max_points
        # the file holds each check as the lab shows it: hidden tests never reach a student's runner
        assert [(c.qid, c.source, c.outputs) for c in ref.checks] == \
            [(c.qid, strip_solution(c.source), c.outputs) for c in references[lab].checks]
        for spec in ref.checks:  # each check's position points at its own cell
            assert ref.cells[spec.index]["id"] == spec.cell_id


_json = st.recursive(st.none() | st.booleans() | st.integers(-3, 3) | st.text(max_size=5),
                     lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3),
                     max_leaves=8)


@given(st.sampled_from(["format", "version", "labs", "name", "cells", "checks", "points", "index", "outputs"]), _json)
def test_a_damaged_reference_file_is_refused_with_a_clear_error(key, value):
    import tempfile

    from osai.grading import GradingError

    document = json.loads(reference_json([_small_reference()]))
    entry = document["labs"]["00"]
    target = document if key in ("format", "version", "labs") else (entry if key in ("name", "cells", "checks")
                                                                   else entry["checks"][0])
    target[key] = value
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "reference.json"
        path.write_text(json.dumps(document), encoding="utf-8")
        try:
            references = load_references(path)
        except GradingError as error:
            assert str(path) in str(error) or "no solution" in str(error)
        else:  # a value of the right kind still makes a reference grading can use
            assert all(spec.points >= 1 for ref in references.values() for spec in ref.checks)


def _small_reference():
    from osai.grading import CheckSpec, Reference

    cells = [{"id": "a", "cell_type": "code", "source": "x = 1"}, {"id": "c", "cell_type": "code", "source": 'check("q1", x)'}]
    output = {"output_type": "stream", "name": "stdout", "text": "✅ q1 passed (1/1)\n"}
    return Reference("00", LAB00, cells, [CheckSpec("q1", 1, "c", 1, 'check("q1", x)', (output,))],
                     {"a": "x = ...", "c": 'check("q1", x)'})


# ---------------------------------------------------------------------------------------------
# The payload for GitHub Classroom's reporter

_statuses = st.sampled_from(["passed", "failed", "not_attempted", "timeout", "crashed", "error", "missing"])


@given(st.lists(st.tuples(st.integers(1, 5), _statuses), min_size=1, max_size=12))
def test_payload_scores_add_up_and_pass_only_when_every_check_passed(checks):
    results = [CheckResult(f"q{i}", p if s == "passed" else 0, p, s, "detail") for i, (p, s) in enumerate(checks, 1)]
    payload = classroom.reporter_payload([SubmissionGrade("s", "00", LAB00, results)])
    assert payload["max_score"] == sum(p for p, _ in checks)
    assert sum(t["score"] for t in payload["tests"]) == sum(p for p, s in checks if s == "passed")
    assert (payload["status"] == "pass") == all(s == "passed" for _, s in checks)
    assert json.loads(base64.b64decode(classroom.encode_payload(payload))) == payload


def test_payload_needs_grades():
    with pytest.raises(ValueError, match="at least one lab"):
        classroom.reporter_payload([])


# ---------------------------------------------------------------------------------------------
# End to end: a student's repository graded by the template's own commands


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def student_repo(tmp: Path, references, notebook, kit: bool = True) -> Path:
    repo = tmp / "repo"
    classroom.write_template(repo, ROOT / "labs", [references["00"]])
    if kit:  # the whole kit, solutions included, for the commands that take --solutions
        (repo / classroom.KIT_DIR).symlink_to(ROOT)
    nbformat.write(notebook, repo / "labs" / LAB00)
    return repo


def run_in(repo: Path, command: str, **env: str) -> subprocess.CompletedProcess:
    environment = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}", **env}
    return subprocess.run(["bash", "-c", command], cwd=repo, env=environment, capture_output=True, text=True,
                          timeout=600)


def partial_notebook():
    nb = nbformat.read(ROOT / "solutions" / LAB00, as_version=4)
    answer = next(c for c in nb.cells if c.get("id") == "q3-answer")
    answer.source = "def bad_rate(frame, column, value):\n    return 0.5"
    check = next(c for c in nb.cells if c.get("id") == "q1-check")
    check.source = 'print("✅ q1 passed (1/1)")'  # an edited check cell: restored by the grader
    return nb


@pytest.mark.slow  # two full Classroom runs: real kernels through the workflow's own commands
@pytest.mark.parametrize("kind", ["correct", "partial"])
def test_workflow_and_autograding_commands_grade_a_student_repository(tmp_path, references, kind):
    notebook = nbformat.read(ROOT / "solutions" / LAB00, as_version=4) if kind == "correct" else partial_notebook()
    repo = student_repo(tmp_path, references, notebook, kit=False)  # graded from the reference file alone
    before = digest(repo / "labs" / LAB00)
    flow = load_workflow((repo / ".github" / "workflows" / "classroom.yml").read_text(encoding="utf-8"))
    (job,) = flow["jobs"].values()
    step = next(s for s in job["steps"] if s.get("id") == classroom.RUNNER)
    output, summary = tmp_path / "github_output", tmp_path / "step_summary"
    done = run_in(repo, step["run"], GITHUB_OUTPUT=str(output), GITHUB_STEP_SUMMARY=str(summary))
    assert done.returncode == 0, done.stderr
    (line,) = output.read_text(encoding="utf-8").splitlines()
    key, _, value = line.partition("=")
    payload = json.loads(base64.b64decode(value))
    points = {spec.qid: spec.points for spec in references["00"].checks}  # read from the solution, never typed
    assert key == "result" and payload["max_score"] == references["00"].max_points == sum(points.values())
    scores = {t["name"]: t["score"] for t in payload["tests"]}
    if kind == "correct":
        assert payload["status"] == "pass" and sum(scores.values()) == sum(points.values())
    else:
        assert payload["status"] == "fail"
        assert scores["lab 00 q3"] == 0 and scores["lab 00 q1"] == points["q1"]
        assert sum(scores.values()) == sum(points.values()) - points["q3"]
    assert "# Feedback: lab 00" in summary.read_text(encoding="utf-8")
    assert "def bad_rate" not in summary.read_text(encoding="utf-8")  # feedback never shows code

    # GitHub Classroom's autograding.json: each test passes by exit status, for its points.
    tests = json.loads((repo / ".github" / "classroom" / "autograding.json").read_text(encoding="utf-8"))["tests"]
    earned = {}
    for test in tests:
        done = run_in(repo, test["run"])
        assert done.returncode in (0, 1), done.stderr
        assert test["output"] in done.stdout
        earned[test["name"]] = test["points"] if done.returncode == 0 else 0
    assert earned == scores
    assert digest(repo / "labs" / LAB00) == before  # grading never modifies the student's work


def test_report_cli_answers_bad_input_clearly(tmp_path, references):
    repo = student_repo(tmp_path, references, nbformat.read(ROOT / "labs" / LAB00, as_version=4))
    cases = [
        ("osai classroom-report labs --solutions .osai-kit/solutions --check q1", "exactly one --labs"),
        ("osai classroom-report nowhere --solutions .osai-kit/solutions", "folder of notebooks not found"),
        ("osai classroom-report labs --solutions .osai-kit/solutions --labs 42", "no solution for lab(s) 42"),
        ("osai classroom-report labs --solutions .osai-kit/solutions --labs x", "--labs"),
        ("osai classroom-report labs --solutions .osai-kit/solutions --labs 00 --check q9", "has no check 'q9'"),
        ("osai classroom-template . --solutions .osai-kit/solutions --labs-dir .osai-kit/labs", "not an empty folder"),
        ("osai classroom-report labs --reference nowhere.json", "reference file not found: nowhere.json"),
        ("osai classroom-report labs --reference labs/00_orientation.ipynb", "is not a reference file"),
        (f"osai classroom-report labs --reference {classroom.REFERENCE_FILE} --labs 03", "no solution for lab(s) 03"),
    ]
    for command, message in cases:
        done = run_in(repo, command)
        assert done.returncode == 2, (command, done.stdout, done.stderr)
        assert message in done.stderr, (command, done.stderr)

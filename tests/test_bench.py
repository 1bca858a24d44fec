# SPDX-FileCopyrightText: 2026 The Open Source AI Lab Kit authors
# SPDX-License-Identifier: MIT
"""The benchmark scripts: their arguments, their helpers, and one small run each (they measure; they do not judge).

Grading itself is proven by the grading tests; here only the scripts' own work is. The runs execute
real kernels on lab 02 (the quickest notebook), so they are marked slow.
"""

from __future__ import annotations

import importlib.util
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parent.parent
RUN = ROOT / "benchmarks" / "run.py"
GRADING = ROOT / "benchmarks" / "grading.py"


def _script(*args: str, timeout: float = 60) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, *args], capture_output=True, text=True, cwd=ROOT, timeout=timeout)


@pytest.fixture(scope="module")
def grading_bench():
    """benchmarks/grading.py as a module (it is a script, not part of the package)."""
    spec = importlib.util.spec_from_file_location("grading_bench", GRADING)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("args,message", [
    (["--runs", "0"], "--runs must be 1 or more"),
    (["--only", "x2"], "--only expects lab numbers such as 00, not 'x2'"),
])
def test_bench_rejects_bad_arguments(args, message):
    result = _script(str(RUN), *args)
    assert result.returncode == 2 and message in result.stderr, result.stderr


@pytest.mark.slow
def test_bench_writes_a_results_table(tmp_path):
    out = tmp_path / "RESULTS.md"
    result = _script(str(RUN), "--runs", "1", "--only", "2", "--skip-grading", "--out", str(out), timeout=300)
    assert result.returncode == 0, result.stderr[-2000:]
    text = out.read_text()
    row = re.search(r"^\| 02_licensing\.ipynb \| ([\d.]+) \| (\d+) \| `([\w-]+)` \| ([\d.]+) \|", text, re.M)
    assert row, text
    wall, peak = float(row.group(1)), int(row.group(2))
    assert wall > 0 and peak > 100, "a kernel that loads pandas uses more than 100 MiB"
    assert re.search(r"^\| `import osai` \| 0\.\d{4} \|", text, re.M)
    assert f"- CPU: {os.cpu_count()} logical cores" in text


@pytest.mark.parametrize("args,message", [
    (["--copies", "0"], "--copies and --jobs must be 1 or more"),
    (["--jobs", "0"], "--copies and --jobs must be 1 or more"),
    (["--lab", "two"], "--lab expects a lab number such as 00, not 'two'"),
    (["--lab", "99"], "no solution for lab 99 in solutions/"),
])
def test_grading_benchmark_rejects_bad_arguments(args, message):
    result = _script(str(GRADING), *args)
    assert result.returncode == 2 and message in result.stderr, result.stderr


def test_planted_class_alternates_right_and_broken_copies(grading_bench, tmp_path):
    solution = ROOT / "solutions" / "02_licensing.ipynb"
    paths = grading_bench.plant(solution, tmp_path, 3)
    assert [p.relative_to(tmp_path).as_posix() for p in paths] == [
        f"student{i:03d}/02_licensing.ipynb" for i in range(3)]
    reference = [c.source for c in nbformat.read(solution, as_version=4).cells]
    for index, path in enumerate(paths):
        cells = nbformat.read(path, as_version=4).cells
        code = [c for c in cells if c.cell_type == "code"]
        assert all(c.outputs == [] and c.execution_count is None for c in code), "submissions start unexecuted"
        planted = [c.source for c in cells if "raise ValueError('planted')" in c.source]
        if index % 2:
            assert len(planted) == 1 and "# BEGIN SOLUTION\nraise ValueError('planted')" in planted[0]
        else:
            assert planted == [] and [c.source for c in cells] == reference


def test_missing_or_miswired_nbgrader_says_how_to_set_it_up(grading_bench, tmp_path):
    missing = grading_bench.nbgrader_problem(tmp_path / "no-nbgrader")
    assert "not found" in missing and "make .venv-nbgrader/.installed" in missing
    nbgrader = tmp_path / "venv" / "bin" / "nbgrader"
    nbgrader.parent.mkdir(parents=True)
    nbgrader.touch()
    assert "no python3 kernelspec" in grading_bench.nbgrader_problem(nbgrader)
    spec = tmp_path / "venv" / "share" / "jupyter" / "kernels" / "python3" / "kernel.json"
    spec.parent.mkdir(parents=True)
    spec.write_text(json.dumps({"argv": ["/elsewhere/python", "-m", "ipykernel_launcher"]}))
    assert "its python3 kernel runs /elsewhere/python" in grading_bench.nbgrader_problem(nbgrader)
    spec.write_text(json.dumps({"argv": [sys.executable, "-m", "ipykernel_launcher"]}))
    assert grading_bench.nbgrader_problem(nbgrader) is None


@pytest.mark.slow
def test_grading_benchmark_times_one_submission(tmp_path):
    # One right copy, one job: `osai grade` and a bare run, one kernel each; nbgrader absent.
    result = _script(str(GRADING), "--copies", "1", "--jobs", "1", "--lab", "02",
                     "--nbgrader", str(tmp_path / "no-nbgrader"), timeout=300)
    assert result.returncode == 0, result.stderr[-2000:]
    assert re.search(r"^lab 02_licensing\.ipynb, 1 submissions, 1 parallel jobs", result.stdout, re.M), result.stdout
    line = re.search(r"^osai grade: +([\d.]+) s wall.*mean score ([\d.]+)/(\d+), 1 with full marks", result.stdout, re.M)
    assert line, result.stdout
    assert float(line.group(1)) > 0 and float(line.group(2)) == int(line.group(3)) > 0
    assert re.search(r"^osai grade / bare: +[\d.]+x$", result.stdout, re.M)
    assert "not found" in result.stdout and "make .venv-nbgrader/.installed" in result.stdout

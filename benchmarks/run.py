# SPDX-FileCopyrightText: 2026 The Open Source AI Lab Kit authors
# SPDX-License-Identifier: MIT
"""Measure the kit and write benchmarks/RESULTS.md (``make bench``).

Per solution notebook: wall time to execute it from a fresh kernel (nbclient), the kernel's peak
resident memory (psutil, sampling the kernel's process tree every 20 ms), and the slowest cell
(nbclient's recorded execution timestamps). Also ``import osai`` time, ``osai --help`` time, the
memory each heavy library adds when imported, and, when ``benchmarks/grading.py`` is present, the
grading throughput it prints. Medians of ``--runs`` runs (default 3).

Usage: python benchmarks/run.py [--runs N] [--only NN ...] [--out benchmarks/RESULTS.md]
"""

from __future__ import annotations

import argparse
import datetime as _dt
import json
import os
import platform
import statistics
import subprocess
import sys
import threading
import time
from importlib import metadata
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parent.parent
BUDGET_WALL_S = 30.0
BUDGET_PEAK_MIB = 1024.0
BUDGET_COURSE_S = 180.0
BUDGET_IMPORT_S = 0.15
PACKAGES = ("torch", "transformers", "datasets", "shap", "numba", "scikit-learn", "fairlearn", "nbval", "jupyterlab")
IMPORT_STEPS = ("numpy", "pandas", "sklearn", "matplotlib.pyplot", "torch", "transformers", "datasets", "shap")


class PeakSampler(threading.Thread):
    """Sample the resident memory of a process and its children until stopped.

    A child caught between fork and exec still shows its parent's whole resident set (pages it
    shares, copy-on-write, and does not use twice): a child whose command line is still its
    parent's is not counted. Children that run a program of their own (git, a worker) are.
    """

    def __init__(self, pid: int, interval: float = 0.02):
        super().__init__(daemon=True)
        self.pid, self.interval, self.peak = pid, interval, 0
        self._stop_event = threading.Event()

    def run(self) -> None:
        try:
            root = psutil.Process(self.pid)
        except psutil.Error:
            return
        while not self._stop_event.is_set():
            try:
                total = root.memory_info().rss
                for child in root.children(recursive=True):
                    try:
                        if child.cmdline() != psutil.Process(child.ppid()).cmdline():
                            total += child.memory_info().rss
                    except psutil.Error:
                        continue  # the child ended while it was being read
                self.peak = max(self.peak, total)
            except psutil.Error:
                pass
            time.sleep(self.interval)

    def stop(self) -> int:
        self._stop_event.set()
        self.join(timeout=2)
        return self.peak


def execute_once(path: Path) -> dict:
    import nbformat
    from nbclient import NotebookClient

    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(nb, timeout=600, kernel_name="python3", record_timing=True,
                            resources={"metadata": {"path": str(path.parent)}})
    start = time.perf_counter()
    with client.setup_kernel():
        pid = client.km.provisioner.process.pid if client.km.provisioner else client.km.kernel.pid
        sampler = PeakSampler(pid)
        sampler.start()
        for index, cell in enumerate(nb.cells):
            client.execute_cell(cell, index)
        peak = sampler.stop()
    wall = time.perf_counter() - start
    slowest = ("", 0.0)
    for cell in nb.cells:
        timing = cell.get("metadata", {}).get("execution", {})
        begin, end = timing.get("iopub.execute_input"), timing.get("shell.execute_reply")
        if begin and end:
            seconds = (_dt.datetime.fromisoformat(end.rstrip("Z")) - _dt.datetime.fromisoformat(begin.rstrip("Z"))).total_seconds()
            if seconds > slowest[1]:
                slowest = (cell.get("id", "?"), seconds)
    return {"wall": wall, "peak_mib": peak / 2**20, "slowest_cell": slowest[0], "slowest_s": slowest[1]}


def median_of(runs: list[dict]) -> dict:
    slowest = max(runs, key=lambda r: r["slowest_s"])
    return {
        "wall": statistics.median(r["wall"] for r in runs),
        "peak_mib": statistics.median(r["peak_mib"] for r in runs),
        "slowest_cell": slowest["slowest_cell"],
        "slowest_s": statistics.median(r["slowest_s"] for r in runs),
    }


def time_command(argv: list[str], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(argv, check=True, capture_output=True, cwd=ROOT)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def import_osai_time(runs: int, module: str = "osai") -> float:
    code = f"import time; t = time.perf_counter(); import {module}; print(time.perf_counter() - t)"
    values = [float(subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True).stdout)
              for _ in range(runs)]
    return statistics.median(values)


def import_breakdown() -> list[tuple[str, float, float]]:
    code = (
        "import importlib, json, os, time, psutil, osai\n"
        "p = psutil.Process(); rows = []; last = p.memory_info().rss\n"
        f"for name in {IMPORT_STEPS!r}:\n"
        "    t = time.perf_counter(); importlib.import_module(name); dt = time.perf_counter() - t\n"
        "    rss = p.memory_info().rss; rows.append((name, (rss - last) / 2**20, dt)); last = rss\n"
        "rows.append(('(total resident)', last / 2**20, 0.0))\n"
        "print(json.dumps(rows))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True).stdout
    return [tuple(row) for row in json.loads(out.strip().splitlines()[-1])]


def grading_figures() -> str:
    script = ROOT / "benchmarks" / "grading.py"
    if not script.exists():
        return "benchmarks/grading.py is not present yet: no grading figures."
    result = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, cwd=ROOT)
    if result.returncode != 0:
        return f"benchmarks/grading.py failed (exit {result.returncode}):\n\n```\n{result.stderr[-1500:]}\n```"
    return f"```\n{result.stdout.strip()}\n```"


def machine() -> list[str]:
    versions = []
    for name in PACKAGES:
        try:
            versions.append(f"{name} {metadata.version(name)}")
        except metadata.PackageNotFoundError:
            versions.append(f"{name} (not installed)")
    return [
        f"- CPU: {os.cpu_count()} logical cores ({platform.machine()}), memory {psutil.virtual_memory().total / 2**30:.1f} GiB",
        f"- Python {platform.python_version()} on {platform.system()} {platform.release()}",
        f"- {', '.join(versions)}",
    ]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="runs per measurement; the median is reported")
    parser.add_argument("--only", nargs="*", default=[], help="lab numbers to measure (default: all)")
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "RESULTS.md")
    parser.add_argument("--skip-grading", action="store_true", help="do not run benchmarks/grading.py")
    args = parser.parse_args()
    if args.runs < 1:
        parser.error("--runs must be 1 or more")
    if not all(n.isdigit() for n in args.only):
        parser.error(f"--only expects lab numbers such as 00, not {' '.join(args.only)!r}")

    notebooks = sorted((ROOT / "solutions").glob("[0-9][0-9]_*.ipynb"))
    if args.only:
        notebooks = [p for p in notebooks if p.name[:2] in {f"{int(n):02d}" for n in args.only}]
    rows, over = [], []
    for path in notebooks:
        print(f"executing {path.name} x{args.runs}", flush=True)
        result = median_of([execute_once(path) for _ in range(args.runs)])
        rows.append((path.name, result))
        if result["wall"] > BUDGET_WALL_S or result["peak_mib"] > BUDGET_PEAK_MIB:
            over.append(path.name)
    course = sum(r["wall"] for _, r in rows)
    import_s = import_osai_time(max(5, args.runs))
    help_s = time_command([str(Path(sys.executable).parent / "osai"), "--help"], max(3, args.runs))
    breakdown = import_breakdown()

    lines = [
        "# Benchmark results",
        "",
        f"Made by `make bench` (`python benchmarks/run.py --runs {args.runs}`): medians of {args.runs} runs per notebook,",
        f"of {max(5, args.runs)} runs for `import osai` and {max(3, args.runs)} for `osai --help`.",
        "",
        "## Machine",
        "",
        *machine(),
        "",
        "## Notebooks (solutions, fresh kernel each run)",
        "",
        f"Budgets: under {BUDGET_WALL_S:.0f} s wall and under {BUDGET_PEAK_MIB:.0f} MiB kernel peak per notebook; "
        f"the whole course under {BUDGET_COURSE_S:.0f} s.",
        "",
        "| notebook | wall (s) | kernel peak (MiB) | slowest cell | its time (s) | within budget |",
        "|---|---:|---:|---|---:|---|",
    ]
    for name, r in rows:
        ok = "yes" if name not in over else "NO"
        lines.append(f"| {name} | {r['wall']:.1f} | {r['peak_mib']:.0f} | `{r['slowest_cell']}` | {r['slowest_s']:.1f} | {ok} |")
    lines += [
        f"| **whole course** | **{course:.1f}** | | | | {'yes' if course <= BUDGET_COURSE_S else 'NO'} |",
        "",
        "## Start-up",
        "",
        "| what | median (s) | budget (s) |",
        "|---|---:|---:|",
        f"| `import osai` | {import_s:.4f} | {BUDGET_IMPORT_S} |",
        f"| `import osai.grading` | {import_osai_time(max(5, args.runs), 'osai.grading'):.4f} | |",
        f"| `osai --help` | {help_s:.2f} | |",
        "",
        "## Where kernel memory comes from (imports, in this order, in a fresh interpreter)",
        "",
        "| import | adds resident (MiB) | time (s) |",
        "|---|---:|---:|",
        *[f"| `{name}` | {mib:.0f} | {sec:.2f} |" for name, mib, sec in breakdown],
        "",
        "## Grading throughput",
        "",
        grading_figures() if not args.skip_grading else "skipped (--skip-grading)",
        "",
    ]
    args.out.write_text("\n".join(lines), encoding="utf-8")
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())

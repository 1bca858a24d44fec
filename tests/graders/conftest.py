# SPDX-FileCopyrightText: 2026 The Open Source AI Lab Kit authors
# SPDX-License-Identifier: MIT
"""nbgrader and otter-grader on the labs: run only by `make test-nbgrader` and `make test-otter`.

Each tool lives in a venv of its own (.venv-nbgrader, .venv-otter), never in the kit's .venv, and executes
every lab twice, so these tests are left out of `make test`; the targets set OSAI_GRADER_TESTS=1.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def pytest_collection_modifyitems(config, items):
    if os.environ.get("OSAI_GRADER_TESTS") == "1":
        return
    skip = pytest.mark.skip(reason="nbgrader/otter-grader run: use `make test-nbgrader` or `make test-otter`")
    here = Path(__file__).parent
    for item in items:  # this hook sees the whole session: mark only the tests of this folder
        if here in Path(str(item.path)).parents:
            item.add_marker(skip)


def lab_names() -> list[str]:
    """The solution notebooks to grade: every lab, or those of OSAI_GRADER_LABS (e.g. "00 04")."""
    wanted = os.environ.get("OSAI_GRADER_LABS", "").split()
    return sorted(p.name for p in (ROOT / "solutions").glob("[0-9][0-9]_*.ipynb") if not wanted or p.name[:2] in wanted)


def tool_venv(name: str, target: str) -> Path:
    """The venv of a grading tool (``OSAI_<NAME>_VENV`` or ``ROOT/.venv-<name>``); skip the test without it."""
    venv = Path(os.environ.get(f"OSAI_{name.upper()}_VENV", ROOT / f".venv-{name}"))
    if not (venv / "bin" / name).is_file():
        pytest.skip(f"{venv} has no {name}: `make {target}` creates it (a venv of its own, not the kit's .venv)")
    return venv


def table(title: str, rows: list[tuple]) -> str:
    """A plain text table: lab | solution score | untouched score | manual questions."""
    head = ("lab", "solution score", "untouched score", "manual questions")
    lines = [head] + [tuple(str(v) for v in row) for row in rows]
    widths = [max(len(line[i]) for line in lines) for i in range(len(head))]
    out = [title] + [" | ".join(value.ljust(width) for value, width in zip(line, widths)) for line in lines]
    out.insert(2, "-+-".join("-" * width for width in widths))
    return "\n".join(out)

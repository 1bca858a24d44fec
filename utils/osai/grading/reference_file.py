# SPDX-FileCopyrightText: 2026 The Open Source AI Lab Kit authors
# SPDX-License-Identifier: MIT
"""A solutions-free reference file: what grading needs of ``solutions/``, and nothing a student may not see.

GitHub Classroom grades in the student's own repository, on a runner the student controls (they can
edit the workflow). So the Classroom template carries the reference as a JSON file instead of the
solutions: for each lab its name, its cells as the *lab* shows them (ids, types, tags and nbgrader
metadata, sources with solution blocks replaced by placeholders and hidden tests removed,
``solution-only`` cells such as rubrics left out), and its check cells (id, cell id, position, points, source, expected output). No solution code,
no hidden test, no rubric. Hidden tests and written answers therefore count only in the grade of record
that ``osai grade`` computes with ``solutions/``.

- :func:`reference_document` / :func:`reference_json` - the file's content, from loaded references;
- :func:`read_reference_file` - the file back as :class:`~osai.grading.model.Reference` objects, which
  :func:`osai.grading.load_references` returns when given the file instead of a folder.

>>> from osai.grading.model import CheckSpec
>>> ref = Reference("99", "99_toy.ipynb", [{"id": "a", "cell_type": "code", "source": "x = 42"},
...                                        {"id": "c", "cell_type": "code", "source": 'check("q1", x)'}],
...                 [CheckSpec("q1", 2, "c", 1, 'check("q1", x)', ())], {"a": "x = ...", "c": 'check("q1", x)'})
>>> reference_document([ref])["labs"]["99"]["cells"][0]["source"]
'x = ...'
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from osai.grading.model import CheckSpec, GradingError, Reference
from osai.grading.references import only_labs

__all__ = ["FORMAT", "read_reference_file", "reference_document", "reference_json"]

FORMAT = "osai-reference"  # the document's "format"; "version" 1
_CHECK_KEYS = ("qid", "points", "cell_id", "index", "source", "outputs")


def reference_document(references: Iterable[Reference]) -> dict[str, Any]:
    """The reference file's content (JSON-ready) for the given labs: lab cells and check cells only.

    Each cell's source is the one the *lab* shows (``reference.lab_sources``), so no solution block or
    hidden test reaches the document; cells the lab leaves out (``solution-only``) are left out too.
    """
    labs: dict[str, Any] = {}
    for reference in sorted(references, key=lambda r: r.lab):
        cells = [{"id": c.get("id"), "cell_type": c.get("cell_type"), "metadata": _public_metadata(c),
                  "source": reference.lab_sources[c.get("id")]}
                 for c in reference.cells if c.get("id") in reference.lab_sources]
        position = {cell["id"]: index for index, cell in enumerate(cells)}
        checks = []
        for spec in reference.checks:
            if spec.cell_id not in position:
                raise GradingError(f"{reference.name}: check {spec.qid} is not in the lab; run osai build-labs")
            checks.append({"qid": spec.qid, "points": spec.points, "cell_id": spec.cell_id,
                           "index": position[spec.cell_id], "source": reference.lab_sources[spec.cell_id],
                           "outputs": list(spec.outputs)})
        labs[reference.lab] = {"name": reference.name, "cells": cells, "checks": checks}
    if not labs:
        raise ValueError("references is empty: give at least one lab")
    return {"format": FORMAT, "version": 1, "labs": labs}


def _public_metadata(cell: Any) -> dict[str, Any]:
    """The metadata the lab shows too and grading may read: tags and nbgrader's (ids, points)."""
    metadata = cell.get("metadata", {})
    return {key: metadata[key] for key in ("tags", "nbgrader") if key in metadata}


def reference_json(references: Iterable[Reference]) -> str:
    """The text of a reference file (stable: sorted labs, two-space indent, newline at the end)."""
    return json.dumps(reference_document(references), indent=1, ensure_ascii=False) + "\n"


def read_reference_file(path: Path | str, only: Iterable[str] | None = None) -> dict[str, Reference]:
    """The labs of a reference file (all, or those in ``only``) as ``{lab: Reference}``.

    Raises :class:`GradingError` naming the file when it is not a reference file or lacks a lab.

    >>> read_reference_file("/nonexistent.json")
    Traceback (most recent call last):
    ...
    osai.grading.GradingError: reference file not found: /nonexistent.json
    """
    path = Path(path)
    if not path.is_file():
        raise GradingError(f"reference file not found: {path}")
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if data.get("format") != FORMAT or data.get("version") != 1:
            raise ValueError(f"format must be {FORMAT!r} version 1")
        references = {lab: _reference(lab, entry) for lab, entry in data["labs"].items()}
    except (ValueError, KeyError, TypeError, AttributeError) as error:
        raise GradingError(f"{path} is not a reference file written by osai classroom-template "
                           f"({type(error).__name__}: {error})") from None
    return only_labs(references, only, f"{path}; labs it holds")


def _reference(lab: str, entry: dict[str, Any]) -> Reference:
    from osai.build import NOTEBOOK_NAME

    name = entry["name"]
    if not NOTEBOOK_NAME.match(name) or name[:2] != lab:
        raise ValueError(f"lab {lab!r} has the notebook name {name!r}, expected {lab}_name.ipynb")
    import nbformat

    cells = [nbformat.from_dict({"id": str(c["id"]), "cell_type": str(c["cell_type"]), "source": str(c["source"]),
                                 "metadata": dict(c.get("metadata", {}))}) for c in entry["cells"]]
    checks = [CheckSpec(str(c["qid"]), int(c["points"]), str(c["cell_id"]), int(c["index"]), str(c["source"]),
                        tuple(dict(o) for o in c["outputs"])) for c in entry["checks"]]
    if not checks or any(c.points < 1 for c in checks):
        raise ValueError(f"lab {lab} needs check cells with points >= 1")
    return Reference(lab, name, cells, checks, {c.id: c.source for c in cells})

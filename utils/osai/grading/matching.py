# SPDX-FileCopyrightText: 2026 The Open Source AI Lab Kit authors
# SPDX-License-Identifier: MIT
"""Step 1a: which lab a handed-in notebook is, by what it is first and by its name second.

A lab notebook records its lab id in its metadata (``metadata.osai.lab``, written by
``osai build-labs``), and that id survives every rename. A notebook without it is matched by the
names students really produce: Colab's ``Copy of ...``, a browser's ``... (1)``, Jupyter's
``...-Copy1``, Windows' ``... - Copy``, another case, spaces or hyphens for underscores, and
``lab03``, ``Lab 3`` or ``lab_03`` for the lab number.

>>> labs = {"00": "00_orientation.ipynb", "03": "03_data_categories.ipynb"}
>>> [lab_from_name(n, labs)[0] for n in ("Copy of 00_orientation.ipynb", "00_Orientation (1).ipynb", "Lab 3.ipynb")]
['00', '00', '03']
>>> lab_from_name("notes.ipynb", labs) is None
True
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

__all__ = ["Match", "choose", "lab_from_name", "match_notebook", "normalise_name"]

#: How much a rule is trusted when two notebooks claim the same lab (lower wins).
BY_METADATA, BY_EXACT_NAME, BY_NAME = 0, 1, 2

_DECORATIONS = [
    re.compile(r"^(?:copy[ _]of[ _])+", re.IGNORECASE),          # Colab: "Copy of 00_x"
    re.compile(r"\s*\(\d+\)$"),                                   # browsers: "00_x (1)"
    re.compile(r"-copy\d*$", re.IGNORECASE),                      # Jupyter: "00_x-Copy1"
    re.compile(r"(?:\s*-\s*|\s+)copy(?:\s*\(\d+\))?$", re.IGNORECASE),   # Windows / macOS: "00_x - Copy", "00_x copy"
]
_LAB_NUMBER = re.compile(r"^lab_?(\d{1,2})(?:_|$)")


@dataclass(frozen=True)
class Match:
    """The lab of one notebook (``None``: no lab), how it was found (``rank``: lower is surer) and why."""

    lab: str | None
    rank: int
    why: str
    name_rank: int = BY_NAME + 1  # how its name alone would rank, to break a tie between two metadata matches


def normalise_name(filename: str) -> str:
    """A notebook file name without extension and copy decorations, lower case, ``_`` between words.

    >>> normalise_name("Copy of 00_Orientation - Copy (2).ipynb"), normalise_name("Lab-3 data categories.IPYNB")
    ('00_orientation', 'lab_3_data_categories')
    """
    stem = filename[: -len(".ipynb")] if filename.lower().endswith(".ipynb") else filename
    stem = stem.strip()
    changed = True
    while changed:
        changed = False
        for pattern in _DECORATIONS:
            shorter = pattern.sub("", stem).strip()
            if shorter != stem and shorter:
                stem, changed = shorter, True
    return re.sub(r"[\s._-]+", "_", stem.lower()).strip("_")


def lab_from_name(filename: str, labs: dict[str, str]) -> tuple[str, int] | None:
    """``(lab number, rank)`` of a file name, or ``None``; only ``.ipynb`` files (any case) ever match.

    ``labs`` maps lab numbers to the lab notebooks' names. The exact name ranks above a copy or a
    variant.

    >>> lab_from_name("00_orientation.ipynb", {"00": "00_orientation.ipynb"})
    ('00', 1)
    >>> lab_from_name("lab00.ipynb", {"00": "00_orientation.ipynb"}), lab_from_name("00_orientation.py", {"00": "x"})
    (('00', 2), None)
    """
    if not isinstance(filename, str) or not filename.lower().endswith(".ipynb") or "/" in filename:
        return None
    for number, name in labs.items():
        if filename == name:
            return number, BY_EXACT_NAME
    norm = normalise_name(filename)
    if not norm:
        return None
    for number, name in labs.items():
        stem = normalise_name(name)
        topic = stem[3:] if re.match(r"^\d\d_", stem) else stem
        if norm == stem or norm.startswith(stem + "_") or norm == topic:
            return number, BY_NAME
    found = _LAB_NUMBER.match(norm)
    if found:
        number = found.group(1).zfill(2)
        if number in labs:
            return number, BY_NAME
    return None


def _metadata_lab(path: Path) -> str | None:
    """The lab id recorded in a notebook file's metadata, or ``None`` (unreadable, not JSON, none recorded)."""
    try:
        data = json.loads(path.read_bytes())
    except (OSError, ValueError, RecursionError):
        return None
    meta = data.get("metadata") if isinstance(data, dict) else None
    found = meta.get("osai") if isinstance(meta, dict) else None
    lab = found.get("lab") if isinstance(found, dict) else None
    return lab if isinstance(lab, str) and re.fullmatch(r"\d\d", lab) else None


def match_notebook(path: Path | str, labs: dict[str, str], name: str | None = None) -> Match:
    """Which lab of ``labs`` the notebook at ``path`` is: metadata first, then its ``name`` (default: the file's).

    A lab id in the metadata that is not in ``labs`` is no match: the notebook belongs to another
    lab. The file is only read.
    """
    path = Path(path)
    name = path.name if name is None else name
    if not name.lower().endswith(".ipynb"):
        return Match(None, BY_NAME, "not a notebook (.ipynb)")
    recorded = _metadata_lab(path)
    by_name = lab_from_name(name, labs)
    if recorded is not None:
        name_rank = by_name[1] if by_name and by_name[0] == recorded else BY_NAME + 1
        if recorded in labs:
            return Match(recorded, BY_METADATA, "matched by the lab id in its metadata", name_rank)
        return Match(None, BY_METADATA, f"its metadata names lab {recorded}, which has no solution")
    if by_name is None:
        return Match(None, BY_NAME, "its name matches no lab")
    number, rank = by_name
    why = "matched by its exact name" if rank == BY_EXACT_NAME else f"matched by its name {name!r}"
    return Match(number, rank, why, rank)


def choose(candidates: Sequence[tuple[Path, Match]]) -> tuple[int, str]:
    """The index of the notebook to grade among several for one lab, and the rule that chose it.

    Metadata beats a name, an exact name beats a copy, and otherwise the newest file wins (then the
    name, so that the choice is stable).
    """
    def key(item: tuple[int, tuple[Path, Match]]) -> tuple[int, int, float, str]:
        _, (path, match) = item
        try:
            mtime = path.stat().st_mtime
        except OSError:
            mtime = 0.0
        return (match.rank, match.name_rank, -mtime, path.name)

    ordered = sorted(enumerate(candidates), key=key)
    best, runner_up = ordered[0][1][1], ordered[1][1][1]
    if best.rank < runner_up.rank and best.rank == BY_METADATA:
        rule = "the lab id in its metadata beats a name"
    elif best.rank < runner_up.rank or (best.name_rank < runner_up.name_rank and best.name_rank == BY_EXACT_NAME):
        rule = "the exact lab name beats a copy"
    elif best.name_rank < runner_up.name_rank:
        rule = "a lab's name beats a notebook named like no lab"
    else:
        rule = "the newest of equally good matches"
    return ordered[0][0], rule

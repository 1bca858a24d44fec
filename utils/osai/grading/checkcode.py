# SPDX-FileCopyrightText: 2026 The Open Source AI Lab Kit authors
# SPDX-License-Identifier: MIT
"""The code that decides a grade, as part of the resume key: fixing a verifier re-grades.

A check's verdict comes from the lab's exercise module (``osai/exercises/labNN.py``), the check
machinery (``osai/checks/``) and the grader's code inside the kernel (``osai/grading/kernel.py``); the
reference check cells are in the key already. :func:`checking_digest` hashes those files (read as
bytes, never imported: grading imports no content module), so a fixed verifier changes the key of
every submission of that lab and ``osai grade`` runs them again without ``--force``.

>>> len(checking_digest("00"))
64
"""

from __future__ import annotations

from pathlib import Path

__all__ = ["checking_digest", "checking_files"]

#: The ``osai`` package folder whose files are hashed.
PACKAGE = Path(__file__).resolve().parents[1]


def checking_files(lab: str, package: Path | str | None = None) -> list[Path]:
    """The files whose code decides lab ``lab``'s checks, in a fixed order (missing ones left out).

    >>> [p.name for p in checking_files("03")][:2]
    ['lab03.py', '__init__.py']
    """
    if not isinstance(lab, str) or not lab.isdigit() or len(lab) != 2:
        raise ValueError(f"expected a lab number such as '03', got {lab!r}")
    root = Path(package) if package is not None else PACKAGE
    files = [root / "exercises" / f"lab{lab}.py", root / "exercises" / "__init__.py",
             *sorted((root / "checks").glob("*.py")), root / "grading" / "kernel.py"]
    return [path for path in files if path.is_file()]


def checking_digest(lab: str, package: Path | str | None = None) -> str:
    """SHA-256 over the names and bytes of :func:`checking_files`.

    >>> checking_digest("00") == checking_digest("01")
    False
    """
    import hashlib

    root = Path(package) if package is not None else PACKAGE
    digest = hashlib.sha256()
    for path in checking_files(lab, root):
        digest.update(path.relative_to(root).as_posix().encode() + b"\0")
        digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()

# SPDX-FileCopyrightText: 2026 The Open Source AI Lab Kit authors
# SPDX-License-Identifier: MIT
"""*tinysent*, the project of Lab 11: its files, seed history and issues (data in ``osai/data/contrib/``)."""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

from osai.contrib.gitenv import COMAINTAINER, MAINTAINER, Identity

def _project(*names: str) -> dict[str, str]:
    """``{path in the repository: file under data/contrib/}`` for files of the project folder."""
    # Package data leaves out hidden files, so ".gitignore" is stored as "gitignore".
    return {name: f"tinysent/{name.lstrip('.')}" for name in names}


#: The seed history of upstream: (author, subject, {path in the repository: file under data/contrib/}).
_SEED: tuple[tuple[Identity, str, dict[str, str]], ...] = (
    (MAINTAINER, "chore: start tinysent, a tiny open sentiment model", {
        **_project("LICENSE", "README.md", "pyproject.toml", ".gitignore", "tinysent/__init__.py", "tinysent/model.py"),
        "tests/test_model.py": "history/first-commit/tests/test_model.py"}),
    (MAINTAINER, "docs: add a contributing guide and a code of conduct",
     _project("CONTRIBUTING.md", "CODE_OF_CONDUCT.md")),
    (COMAINTAINER, "test: add a failing test for capitals and punctuation (#2)", _project("tests/test_model.py")),
)
#: What a co-maintainer lands on upstream main after the first pull request opens.
_MOVE_ON = (COMAINTAINER, "docs: add a citation file",
            {"CITATION.cff": "history/after-first-pull-request/CITATION.cff"})


def tinysent_folder() -> Path:
    """The folder of *tinysent*, the project of this lab, as the learner's clone starts (to open and read).

    The sandbox's repositories are built from it (``osai/data/contrib/``, with the seed history's
    other file versions in ``history/`` beside it).

    >>> sorted(p.name for p in tinysent_folder().glob("*.md"))
    ['CODE_OF_CONDUCT.md', 'CONTRIBUTING.md', 'README.md']
    """
    from osai.data import data_path

    return data_path("contrib", "tinysent")


@functools.cache
def _issues() -> tuple[dict[str, Any], ...]:
    import yaml

    from osai.data import data_path

    return tuple(yaml.safe_load(data_path("contrib", "issues.yaml").read_text(encoding="utf-8")))


def tinysent_issues() -> list[dict[str, Any]]:
    """tinysent's issues as the forge lists them when the lab starts (``osai/data/contrib/issues.yaml``).

    Each is a dict with ``number``, ``title``, ``state``, ``labels``, ``author``, ``body`` and
    ``scope`` (the files a pull request that fixes it may change). The list is a fresh copy;
    :meth:`Sandbox.issues` gives a sandbox's issues as they are now.

    >>> [(i["number"], i["state"]) for i in tinysent_issues()]
    [(1, 'open'), (2, 'open'), (3, 'open'), (4, 'closed')]
    """
    import copy

    return copy.deepcopy(list(_issues()))

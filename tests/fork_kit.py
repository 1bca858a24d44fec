# SPDX-FileCopyrightText: 2026 The Open Source AI Lab Kit authors
# SPDX-License-Identifier: MIT
"""A course's fork of the kit in a temporary folder, for the course-setting and Classroom tests:
the kit's solutions/, pyproject.toml and README.md, the course setting changed once, and (on
request) a git repository whose remote is the course's GitHub repository."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def copy_kit(into: Path, repository: str, ref: str = "main") -> Path:
    """Copy what a fork needs into ``into`` and set ``[tool.osai.course]`` to ``repository`` at ``ref``."""
    into.mkdir(parents=True, exist_ok=True)
    shutil.copytree(ROOT / "solutions", into / "solutions")
    shutil.copy(ROOT / "README.md", into / "README.md")
    text = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    text, count = re.subn(r'(?m)^(\[tool\.osai\.course\]\nrepository = )"[^"]*"\nref = "[^"]*"',
                          rf'\1"{repository}"\nref = "{ref}"', text)
    assert count == 1, "pyproject.toml has no [tool.osai.course] table to set"
    (into / "pyproject.toml").write_text(text, encoding="utf-8")
    return into


def git(root: Path, *args: str) -> str:
    done = subprocess.run(["git", "-C", str(root), "-c", "user.name=Instructor", "-c", "user.email=i@example.org",
                           "-c", "commit.gpgsign=false", *args], capture_output=True, text=True, check=True)
    return done.stdout.strip()


def commit_and_push(root: Path, repository: str, ref: str = "main") -> str:
    """Commit everything on branch ``ref``, add the course's remote and record it as pushed; return HEAD."""
    git(root, "init", "-q", "-b", ref)
    git(root, "add", "-A")
    git(root, "commit", "-q", "-s", "-m", "chore: the course's kit")
    git(root, "remote", "add", "origin", f"https://github.com/{repository}.git")
    head = git(root, "rev-parse", "HEAD")
    git(root, "update-ref", f"refs/remotes/origin/{ref}", head)  # what a push and fetch would leave
    return head

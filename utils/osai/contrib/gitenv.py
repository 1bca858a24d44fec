# SPDX-FileCopyrightText: 2026 The Open Source AI Lab Kit authors
# SPDX-License-Identifier: MIT
"""git, run isolated and deterministic: who runs it, with which environment, and which git is needed."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from datetime import datetime, timezone

_START = datetime(2026, 1, 5, 9, 0, tzinfo=timezone.utc)



#: The oldest git that has every feature used here (``GIT_CONFIG_COUNT`` came in 2.31).
MIN_GIT = (2, 31)


def _require_git() -> tuple[int, ...]:
    """The installed git's version; a clear error when it is older than :data:`MIN_GIT`."""
    import subprocess

    said = subprocess.run(["git", "--version"], capture_output=True, text=True).stdout
    found = re.search(r"(\d+)\.(\d+)", said)
    version = (int(found.group(1)), int(found.group(2))) if found else (0, 0)
    if version < MIN_GIT:
        raise RuntimeError(f"git {'.'.join(map(str, MIN_GIT))} or newer is needed, found {said.strip() or 'no version'}")
    return version


@dataclass(frozen=True)
class Identity:
    """Who runs a git command: the name and e-mail written into commits, and a forge login.

    >>> Identity("Ada Learner", "ada@example.org", "ada").signature
    'Ada Learner <ada@example.org>'
    """

    name: str
    email: str
    login: str

    @property
    def signature(self) -> str:
        return f"{self.name} <{self.email}>"


LEARNER = Identity("Ada Learner", "ada@example.org", "ada")
MAINTAINER = Identity("Mo Maintainer", "mo@tinysent.example", "mo")
COMAINTAINER = Identity("Lin Reviewer", "lin@tinysent.example", "lin")
BOT = "tinysent-bot"


class GitError(RuntimeError):
    """A git command failed; the message holds the command and git's own explanation."""


def git_environment(who: Identity, when: datetime, base: dict[str, str] | None = None) -> dict[str, str]:
    """An environment for git that ignores the user's configuration and fixes identity and dates.

    Every ``GIT_*`` variable inherited from outside is dropped; configuration comes only from
    ``GIT_CONFIG_COUNT``/``KEY``/``VALUE`` (git >= 2.31).

    >>> env = git_environment(LEARNER, _START, base={"GIT_DIR": "/elsewhere", "PATH": "/bin"})
    >>> env["GIT_AUTHOR_NAME"], env["GIT_COMMITTER_DATE"], env["GIT_CONFIG_GLOBAL"], "GIT_DIR" in env
    ('Ada Learner', '2026-01-05T09:00:00+00:00', '/dev/null', False)
    """
    source = os.environ if base is None else base
    env = {k: v for k, v in source.items() if not k.startswith(("GIT_", "PYTEST_"))}
    stamp = when.isoformat()
    config = {
        "init.defaultBranch": "main",
        "user.name": who.name,
        "user.email": who.email,
        "commit.gpgsign": "false",
        "tag.gpgsign": "false",
        "core.autocrlf": "false",
        "core.hooksPath": os.devnull,
        "advice.detachedHead": "false",
        "pull.rebase": "false",
        "gc.auto": "0",
        "color.ui": "false",
        "log.showSignature": "false",
    }
    env.update({
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_AUTHOR_NAME": who.name,
        "GIT_AUTHOR_EMAIL": who.email,
        "GIT_AUTHOR_DATE": stamp,
        "GIT_COMMITTER_NAME": who.name,
        "GIT_COMMITTER_EMAIL": who.email,
        "GIT_COMMITTER_DATE": stamp,
        "GIT_TERMINAL_PROMPT": "0",
        "GIT_EDITOR": "true",
        "GIT_SEQUENCE_EDITOR": "true",
        "GIT_MERGE_AUTOEDIT": "no",
        "GIT_PAGER": "cat",
        "PAGER": "cat",
        "LC_ALL": "C",
        "LANG": "C",
        "TZ": "UTC",
        "GIT_CONFIG_COUNT": str(len(config)),
    })
    for index, (key, value) in enumerate(config.items()):
        env[f"GIT_CONFIG_KEY_{index}"] = key
        env[f"GIT_CONFIG_VALUE_{index}"] = value
    return env

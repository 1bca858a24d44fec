# SPDX-FileCopyrightText: 2026 The Open Source AI Lab Kit authors
# SPDX-License-Identifier: MIT
"""A first open source contribution, offline: a forge in a folder, driven by the real git command line.

:class:`Sandbox` builds, in a fresh folder, everything a first pull request needs:

- ``upstream.git``: a bare repository of *tinysent*, a tiny open source sentiment model, with a model
  card whose ``license`` field is not a Hub license id, a bug with a failing test, and a
  ``CONTRIBUTING.md`` that asks for Conventional Commits and DCO sign-off;
- ``forks/<login>.git``: the learner's fork (the "Fork" button is ``git clone --bare``);
- ``work/``: the learner's clone of the fork, with remotes ``origin`` (the fork) and ``upstream``;
- ``forge/``: the forge's records: ``issues.json`` and one JSON file per pull request.

The project's files, the other file versions of its seed history and its issues ship as data in
``osai/data/contrib/`` (:func:`tinysent_folder`, :func:`tinysent_issues`): open them to read the project.

A pull request is a ref in upstream (``refs/pull/N/head``, GitHub's convention) plus a JSON record
(:meth:`Sandbox.open_pull_request`). :meth:`Sandbox.review` is the project's bot: it runs the tests on
the pull request's head and checks commit subjects, sign-offs, scope, secrets, binaries, the model
card and whether the branch is up to date, then approves or requests changes. :meth:`Sandbox.merge`
merges an approved pull request.

Everything is deterministic: git runs isolated from the user's configuration
(``GIT_CONFIG_GLOBAL=/dev/null``, ``GIT_CONFIG_NOSYSTEM=1``), with fixed names, e-mails and dates (a
clock that moves one minute per command that can make a commit), so the same steps give the same
commit ids on every run and every machine.

>>> sb = Sandbox()
>>> print(sb.git("log", "--format=%h %s", "upstream/main"))
4735f10 test: add a failing test for capitals and punctuation (#2)
d82831e docs: add a contributing guide and a code of conduct
5031a2f chore: start tinysent, a tiny open sentiment model
>>> sb.cleanup()
"""

from __future__ import annotations

# The package's parts, arrows one way: gitenv <- project, records <- bot <- sandbox.
#   gitenv:  identities, git's isolated environment, the git version check
#   project: tinysent's files, seed history and issues (data in osai/data/contrib/)
#   records: TestReport, Check, Review, PullRequest
#   bot:     the bot's rules (commit messages, branch names, model card), tests and review
#   sandbox: Sandbox, the forge in a folder
from osai.contrib.bot import (
    _TEST_CACHE,
    _TYPES,
    BRANCH_PATTERN,
    COMMIT_TYPES,
    CONVENTIONAL_PATTERN,
    MAX_FILE_BYTES,
    MAX_SUBJECT,
    SECRET_PATTERNS,
    _bot_comment,
    _pytest,
    branch_name_problem,
    card_problems,
    conventional_problem,
)
from osai.contrib.gitenv import (
    _START,
    BOT,
    COMAINTAINER,
    LEARNER,
    MAINTAINER,
    MIN_GIT,
    GitError,
    Identity,
    _require_git,
    git_environment,
)
from osai.contrib.project import _MOVE_ON, _SEED, _issues, _project, tinysent_folder, tinysent_issues
from osai.contrib.records import Check, PullRequest, Review, TestReport
from osai.contrib.sandbox import _CLOCK_COMMANDS, _FIXES, _MARKER, _PREFIX, Sandbox, _sweep_stale_sandboxes

__all__ = [
    "BRANCH_PATTERN",
    "COMMIT_TYPES",
    "Check",
    "GitError",
    "Identity",
    "LEARNER",
    "MAINTAINER",
    "PullRequest",
    "Review",
    "Sandbox",
    "TestReport",
    "branch_name_problem",
    "card_problems",
    "conventional_problem",
    "git_environment",
    "tinysent_folder",
    "tinysent_issues",
]

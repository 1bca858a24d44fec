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

import functools
import json
import os
import re
import sys
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

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

#: Commit types of Conventional Commits 1.0.0 (``feat``, ``fix``) plus the Angular/commitlint ones.
COMMIT_TYPES = ("build", "chore", "ci", "docs", "feat", "fix", "perf", "refactor", "revert", "style", "test")
_TYPES = "|".join(COMMIT_TYPES)
#: A Conventional Commits subject: ``type(optional scope)!: description``.
CONVENTIONAL_PATTERN = re.compile(rf"^(?P<type>{_TYPES})(?:\((?P<scope>[\w /:,.-]+)\))?(?P<breaking>!)?: \S.*$")
#: tinysent's branch names: ``<type>/<short-description>``, lower case, words joined by hyphens.
BRANCH_PATTERN = re.compile(rf"^(?:{_TYPES})/[a-z0-9]+(?:-[a-z0-9]+)*$")
MAX_SUBJECT = 72
#: Patterns of secrets that must never be committed (Hugging Face, GitHub, AWS tokens, private keys).
SECRET_PATTERNS = (
    re.compile(r"hf_[A-Za-z0-9]{30,}"),
    re.compile(r"gh[pousr]_[A-Za-z0-9]{36,}"),
    re.compile(r"AKIA[0-9A-Z]{16}"),
    re.compile(r"-----BEGIN [A-Z ]*PRIVATE KEY-----"),
)
MAX_FILE_BYTES = 1_000_000
_START = datetime(2026, 1, 5, 9, 0, tzinfo=timezone.utc)
# Commands that may create commits: only these move the sandbox's clock on.
_CLOCK_COMMANDS = frozenset({"am", "cherry-pick", "commit", "merge", "pull", "rebase", "revert", "tag"})
_MARKER = ".osai-sandbox"
# Test results by git tree id: the same files give the same result, so CI need not run twice.
_TEST_CACHE: dict[str, TestReport] = {}
_PREFIX = "osai-lab09-"


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


def _sweep_stale_sandboxes() -> int:
    """Delete temporary sandboxes left by processes that have ended (a killed kernel skips clean-up)."""
    import shutil
    import tempfile

    removed = 0
    if os.name != "posix":  # os.kill(pid, 0) only tests for a process on POSIX
        return removed
    for folder in Path(tempfile.gettempdir()).glob(f"{_PREFIX}*"):
        try:
            found = re.search(r"^pid=(\d+)$", (folder / _MARKER).read_text(encoding="utf-8"), flags=re.M)
        except OSError:
            continue
        if not found:
            continue
        pid = int(found.group(1))
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            shutil.rmtree(folder, ignore_errors=True)
            removed += 1
        except (PermissionError, OSError):
            continue  # alive but another user's, or cannot tell: leave it
    return removed


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


# ----------------------------------------------------------------------------------------------
# Rules the bot applies, as pure functions
# ----------------------------------------------------------------------------------------------

def conventional_problem(message: str) -> str | None:
    """What is wrong with a commit message under Conventional Commits 1.0.0, or ``None``.

    >>> conventional_problem("fix(tokenizer): lower-case words before matching") is None
    True
    >>> conventional_problem("Updated stuff")
    "subject 'Updated stuff' is not '<type>(<scope>): <description>' with a type such as fix, docs or feat"
    >>> conventional_problem("Fix: capitals")
    "type 'Fix' must be lower case: 'fix'"
    """
    import difflib

    if not isinstance(message, str) or not message.strip():
        return "the commit message is empty"
    lines = message.strip("\n").split("\n")
    subject = lines[0].rstrip()
    head = subject.split(":", 1)[0]
    bare = re.sub(r"[(!].*$", "", head)
    if bare.lower() in COMMIT_TYPES and bare != bare.lower():
        return f"type {bare!r} must be lower case: {bare.lower()!r}"
    if not CONVENTIONAL_PATTERN.match(subject):
        close = difflib.get_close_matches(bare.lower(), COMMIT_TYPES, n=1)
        if ":" in subject and close and bare.lower() not in COMMIT_TYPES:
            return f"unknown type {bare!r}: did you mean {close[0]!r}?"
        return (f"subject {subject!r} is not '<type>(<scope>): <description>' with a type such as "
                "fix, docs or feat")
    if len(subject) > MAX_SUBJECT:
        return f"subject is {len(subject)} characters long; keep it to {MAX_SUBJECT}"
    if len(lines) > 1 and lines[1].strip():
        return "leave a blank line between the subject and the body"
    return None


def branch_name_problem(name: str) -> str | None:
    """What is wrong with a branch name under tinysent's CONTRIBUTING.md, or ``None``.

    >>> branch_name_problem("fix/card-license") is None
    True
    >>> branch_name_problem("main")
    "never work on 'main': create a topic branch such as 'fix/short-description'"
    >>> branch_name_problem("feature/tokenizer")
    "'feature' is not a type of CONTRIBUTING.md: did you mean 'feat'?"
    >>> branch_name_problem("Fix/Card License")
    "'Fix/Card License' is not '<type>/<short-description>' in lower case with hyphens, e.g. 'fix/card-license'"
    """
    if not isinstance(name, str) or not name.strip():
        return "the branch has no name"
    if name in {"main", "master"}:
        return f"never work on {name!r}: create a topic branch such as 'fix/short-description'"
    if not BRANCH_PATTERN.match(name):
        kind, _, rest = name.partition("/")
        if rest and kind not in COMMIT_TYPES and BRANCH_PATTERN.match(f"fix/{rest}"):
            import difflib

            close = difflib.get_close_matches(kind.lower(), COMMIT_TYPES, n=1)
            if close:
                return f"{kind!r} is not a type of CONTRIBUTING.md: did you mean {close[0]!r}?"
            return f"{kind!r} is not a type of CONTRIBUTING.md: use one of {', '.join(COMMIT_TYPES)}"
        return (f"{name!r} is not '<type>/<short-description>' in lower case with hyphens, "
                "e.g. 'fix/card-license'")
    return None


def card_problems(text: str) -> list[str]:
    """What the bot finds wrong with a model card's text (an empty list when the card is fine).

    These are the messages of :func:`osai.cards.validate_card`, the kit's one card validator, for a
    model card: the ``license`` must be a Hugging Face Hub license id (lower case, such as ``mit`` or
    ``apache-2.0``), or ``other`` with ``license_name`` and ``license_link``; the required keys and
    sections must be there and filled in. The bot's review reports exactly these problems.

    >>> card = (tinysent_folder() / "README.md").read_text(encoding="utf-8")
    >>> card_problems(card)
    ["license 'MIT License' is not a Hub license id; did you mean 'mit'?"]
    >>> card_problems(card.replace("license: MIT License", "license: mit"))
    []
    """
    from osai.cards import validate_card

    if not isinstance(text, str):
        raise TypeError(f"expected the card's text (a string), got {type(text).__name__}")
    # A string with a line break is always read as a card's text, never as a file name.
    return [p.message for p in validate_card(text if "\n" in text else text + "\n", kind="model")]


# ----------------------------------------------------------------------------------------------
# The tiny project: tinysent (its files and issues are data in osai/data/contrib/)
# ----------------------------------------------------------------------------------------------

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


# ----------------------------------------------------------------------------------------------
# Records
# ----------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class TestReport:
    """The result of running a project's tests: counts and the ids of failed tests."""

    __test__ = False  # not a pytest test class

    passed: int
    failed: tuple[str, ...]
    error: str = ""

    @property
    def ok(self) -> bool:
        return not self.failed and not self.error and self.passed > 0

    def __str__(self) -> str:
        if self.error:
            return f"tests could not run: {self.error}"
        text = f"{self.passed} passed, {len(self.failed)} failed"
        return text + "".join(f"\n  FAILED {name}" for name in self.failed)


@dataclass(frozen=True)
class Check:
    """One row of a review: its name, whether it passed, and what the bot says about it."""

    name: str
    ok: bool
    detail: str


@dataclass(frozen=True)
class Review:
    """The bot's review of one head commit of a pull request."""

    number: int
    head_sha: str
    state: str  # "approved" or "changes_requested"
    checks: tuple[Check, ...]
    comment: str

    @property
    def approved(self) -> bool:
        return self.state == "approved"

    def failed(self) -> list[str]:
        """Names of the checks that failed."""
        return [c.name for c in self.checks if not c.ok]

    def __str__(self) -> str:
        verdict = "approved" if self.approved else "changes requested"
        rows = [f"{BOT} reviewed pull request #{self.number} at {self.head_sha[:7]}: {verdict}"]
        rows += [f"  {'✅' if c.ok else '❌'} {c.name}: {c.detail}" for c in self.checks]
        return "\n".join(rows + ["", self.comment])

    def _repr_pretty_(self, printer: Any, cycle: bool) -> None:
        printer.text(str(self))


@dataclass
class PullRequest:
    """A pull request as the forge records it (``forge/pulls/NNNN.json``)."""

    number: int
    title: str
    body: str
    author: str
    head_repo: str
    head_ref: str
    head_sha: str
    base_ref: str
    base_sha: str
    created_at: str
    ref: str
    fixes: list[int]
    status: str = "open"
    merge_commit_oid: str | None = None
    events: list[dict[str, Any]] = field(default_factory=list)
    reviews: list[dict[str, Any]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> PullRequest:
        return cls(**data)

    def __str__(self) -> str:
        return (f"#{self.number} {self.title!r} by {self.author}: {self.head_repo}:{self.head_ref} -> "
                f"{self.base_ref} ({self.status}, head {self.head_sha[:7]})")


_FIXES = re.compile(r"\b(?:close[sd]?|fix(?:e[sd])?|resolve[sd]?)\s+#(\d+)\b", re.I)


# ----------------------------------------------------------------------------------------------
# The sandbox
# ----------------------------------------------------------------------------------------------

class Sandbox:
    """A forge in a folder: upstream, the learner's fork and clone, issues and pull requests.

    ``root`` is created fresh (a temporary folder when ``None``). An existing folder is only reused
    when it is empty or was made by a previous :class:`Sandbox` (it is then wiped and rebuilt).
    ``upstream_moves`` makes a co-maintainer land one commit on upstream ``main`` right after the
    first pull request opens, so that the learner has to rebase.

    >>> sb = Sandbox()
    >>> sb.remotes()
    {'origin': 'forks/ada.git', 'upstream': 'upstream.git'}
    >>> sb.current_branch()
    'main'
    >>> sb.cleanup()
    """

    def __init__(self, root: str | os.PathLike[str] | None = None, *, learner: Identity = LEARNER,
                 upstream_moves: bool = True) -> None:
        import shutil
        import tempfile
        import weakref

        if not isinstance(learner, Identity):
            raise TypeError(f"learner must be an osai.contrib.Identity, got {type(learner).__name__}")
        if shutil.which("git") is None:
            raise RuntimeError("the git command line is needed: install git (it is on Binder and Colab)")
        _require_git()
        self._owned = root is None
        if root is None:
            _sweep_stale_sandboxes()
            self.root = Path(tempfile.mkdtemp(prefix=_PREFIX))
        else:
            self.root = Path(root).resolve()
            if self.root.exists():
                if not self.root.is_dir():
                    raise ValueError(f"sandbox root {str(root)!r} is a file; expected a folder")
                if any(self.root.iterdir()) and not (self.root / _MARKER).exists():
                    raise ValueError(f"sandbox root {str(root)!r} is a folder with other files in it; "
                                     "expected an empty folder, a new path, or an earlier sandbox")
                shutil.rmtree(self.root)
            self.root.mkdir(parents=True)
        if self._owned:
            self._finalizer = weakref.finalize(self, shutil.rmtree, str(self.root), True)
        (self.root / _MARKER).write_text(f"made by osai.contrib.Sandbox; safe to delete\npid={os.getpid()}\n",
                                         encoding="utf-8")
        self.learner = learner
        self.upstream_moves = upstream_moves
        self._locate(self.root)
        self._ticks = 0
        self._template.mkdir()
        self._seed()

    def _locate(self, root: Path) -> None:
        """Set the paths of the sandbox's parts under ``root``."""
        self.root = root
        self.upstream = root / "upstream.git"
        self.fork = root / "forks" / f"{self.learner.login}.git"
        self.work = root / "work"
        self.forge = root / "forge"
        self._maint = root / "maint"
        self._template = root / ".git-template"

    def _copy_to(self, root: str | os.PathLike[str]) -> Sandbox:
        """This sandbox copied into the new folder ``root``, as if it had been built there (in milliseconds).

        git writes the sandbox's absolute paths into the clones' remotes (``config``), ``FETCH_HEAD``
        and the reflogs: the copy's name the copy's own repositories, so working in the copy never
        touches the original.
        """
        import copy
        import shutil

        target = Path(root).resolve()
        if target.exists():
            raise ValueError(f"a sandbox is copied into a new folder, and {str(root)!r} exists")
        shutil.copytree(self.root, target, symlinks=True)
        old, new = str(self.root).encode(), str(target).encode()
        for path in target.rglob("*"):
            if path.is_file() and path.name != "index" and "objects" not in path.relative_to(target).parts:
                data = path.read_bytes()
                if old in data:
                    path.write_bytes(data.replace(old, new))
        other = copy.copy(self)
        other.__dict__.pop("_finalizer", None)
        other._owned = False
        other._locate(target)
        return other

    # -- running git ------------------------------------------------------------------------
    def _now(self) -> datetime:
        return _START + timedelta(minutes=self._ticks)

    def _run(self, args: Iterable[str], cwd: Path, who: Identity, input_text: str | None = None,
             extra_env: dict[str, str] | None = None) -> str:
        import shlex
        import subprocess

        args = [str(a) for a in args]
        command = next((a for a in args if not a.startswith("-")), "")
        if command in _CLOCK_COMMANDS:
            self._ticks += 1
        env = git_environment(who, self._now())
        env["GIT_TEMPLATE_DIR"] = str(self._template)
        env.update(extra_env or {})
        done = subprocess.run(["git", *args], cwd=cwd, env=env, input=input_text, capture_output=True,
                              text=True, encoding="utf-8", errors="replace")
        if done.returncode != 0:
            said = (done.stderr.strip() or done.stdout.strip()).replace(str(self.root), "<sandbox>")
            raise GitError(f"git {shlex.join(args)} failed (exit {done.returncode}): {said}")
        return done.stdout.rstrip("\n")

    def git(self, *args: str, repo: str = "work") -> str:
        """Run git as the learner in the working clone (or ``repo="upstream"``/``"fork"``); return its output.

        One string with spaces is split like a shell would: ``sb.git("log --oneline")``.
        A failing command raises :class:`GitError` with git's message.

        >>> sb = Sandbox()
        >>> sb.git("switch -c docs/card-license")
        ''
        >>> sb.current_branch()
        'docs/card-license'
        >>> sb.cleanup()
        """
        import shlex

        places = {"work": self.work, "upstream": self.upstream, "fork": self.fork}
        if repo not in places:
            raise ValueError(f"repo must be one of {sorted(places)}, got {repo!r}")
        if len(args) == 1 and isinstance(args[0], str) and " " in args[0].strip():
            args = tuple(shlex.split(args[0]))
        if not args or not all(isinstance(a, (str, os.PathLike)) for a in args):
            raise ValueError("expected git arguments as strings, e.g. sb.git('status', '--short')")
        if args[0] == "git":
            args = args[1:]
        return self._run(args, places[repo], self.learner)

    def _commit_files(self, cwd: Path, who: Identity, subject: str, files: dict[str, str]) -> None:
        """Copy ``{path in the repository: file under data/contrib/}`` into ``cwd`` and commit them."""
        from osai.data import data_path

        for name, source in files.items():
            path = cwd / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data_path("contrib", *source.split("/")).read_bytes())
        self._run(["add", "--", *files], cwd, who)
        self._run(["commit", "--quiet", "--signoff", "-m", subject], cwd, who)

    def _seed(self) -> None:
        import shutil

        seed = self.root / "seed"
        seed.mkdir()
        self._run(["init", "--quiet", "-b", "main"], seed, MAINTAINER)
        for who, subject, files in _SEED:
            self._commit_files(seed, who, subject, files)
        self._run(["clone", "--quiet", "--bare", str(seed), str(self.upstream)], self.root, MAINTAINER)
        self._run(["remote", "remove", "origin"], self.upstream, MAINTAINER)
        shutil.rmtree(seed)
        # The forge's "Fork" button, then the learner's clone with both remotes.
        self.fork.parent.mkdir(parents=True)
        self._run(["clone", "--quiet", "--bare", str(self.upstream), str(self.fork)], self.root, MAINTAINER)
        self._run(["clone", "--quiet", str(self.fork), str(self.work)], self.root, self.learner)
        self._run(["remote", "add", "upstream", str(self.upstream)], self.work, self.learner)
        self._run(["fetch", "--quiet", "upstream"], self.work, self.learner)
        (self.forge / "pulls").mkdir(parents=True)
        self._write_json(self.forge / "issues.json", tinysent_issues())

    # -- reading state ---------------------------------------------------------------------
    @staticmethod
    def _write_json(path: Path, data: Any) -> None:
        path.write_text(json.dumps(data, indent=2, sort_keys=True) + "\n", encoding="utf-8")

    def issues(self) -> list[dict[str, Any]]:
        """The project's issues (number, title, state, labels, body, scope), as the forge lists them."""
        return json.loads((self.forge / "issues.json").read_text(encoding="utf-8"))

    def remotes(self) -> dict[str, str]:
        """The working clone's remotes, as paths relative to the sandbox root."""
        names = self._run(["remote"], self.work, self.learner).split()
        return {n: self._relative(self._run(["remote", "get-url", n], self.work, self.learner)) for n in sorted(names)}

    def _relative(self, location: str) -> str:
        try:
            return Path(location).resolve().relative_to(self.root).as_posix()
        except ValueError:
            return location

    def current_branch(self) -> str:
        """The branch checked out in the working clone (``''`` when detached)."""
        return self._run(["branch", "--show-current"], self.work, self.learner)

    def rev(self, ref: str, repo: str = "work") -> str | None:
        """The commit id a ref points at, or ``None`` when it does not exist."""
        try:
            return self.git("rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}", repo=repo)
        except GitError:
            return None

    def read(self, path: str) -> str:
        """The text of a file in the working clone."""
        return self._work_path(path).read_text(encoding="utf-8")

    def _work_path(self, path: str) -> Path:
        import difflib

        if not isinstance(path, str) or not path.strip():
            raise ValueError(f"expected a path inside the project such as 'README.md', got {path!r}")
        full = (self.work / path).resolve()
        if self.work.resolve() not in full.parents:
            raise ValueError(f"{path!r} is outside the working clone")
        if not full.is_file():
            files = self.git("ls-files").split("\n")
            close = difflib.get_close_matches(path, files, n=1)
            hint = f": did you mean {close[0]!r}?" if close else ""
            raise FileNotFoundError(f"no file {path!r} in the working clone{hint}")
        return full

    def edit(self, path: str, old: str, new: str) -> None:
        """Replace the one occurrence of ``old`` with ``new`` in a file of the working clone.

        >>> sb = Sandbox()
        >>> sb.edit("README.md", "license: MIT Licence", "license: mit")
        Traceback (most recent call last):
        ...
        ValueError: 'license: MIT Licence' is not in README.md; the closest line is 'license: MIT License'
        >>> sb.cleanup()
        """
        import difflib

        if not isinstance(old, str) or not isinstance(new, str) or not old:
            raise ValueError("expected two strings: the exact text to replace and its replacement")
        full = self._work_path(path)
        text = full.read_text(encoding="utf-8")
        count = text.count(old)
        if count == 0:
            close = difflib.get_close_matches(old.strip(), [l.strip() for l in text.splitlines()], n=1, cutoff=0.4)
            hint = f"; the closest line is {close[0]!r}" if close else ""
            raise ValueError(f"{old!r} is not in {path}{hint}")
        if count > 1:
            raise ValueError(f"{old!r} occurs {count} times in {path}; give more text so that it is unique")
        full.write_text(text.replace(old, new), encoding="utf-8")

    # -- redoing a step ------------------------------------------------------------------------
    def reset(self) -> None:
        """Start over: rebuild the sandbox in its folder, as :class:`Sandbox` first made it.

        Everything done in it is gone (branches, commits, pull requests); commit ids come out as on
        the first run. In a lab, run the cells after the one that made the sandbox again, in order.
        """
        import shutil

        for item in self.root.iterdir():
            if item.name != _MARKER:
                shutil.rmtree(item) if item.is_dir() and not item.is_symlink() else item.unlink()
        self._ticks = 0
        self._template.mkdir()
        self._seed()

    def branch_base(self) -> str:
        """The commit where the current branch left upstream's main (``git merge-base HEAD upstream/main``)."""
        return self.git("merge-base", "HEAD", "upstream/main")

    def start_branch(self, name: str) -> str:
        """Put your work on the topic branch ``name``, and return the branch's name.

        From ``main`` it creates the branch and moves onto it (``git switch -c``); from a topic branch
        with another name (an earlier try) it renames that branch, keeping its commits
        (``git branch -m``), so running it again with a corrected name corrects the name.

        >>> sb = Sandbox()
        >>> sb.start_branch("Fix_capitals"), sb.start_branch("fix/capitals"), sb.git("branch", "--format=%(refname:short)")
        ('Fix_capitals', 'fix/capitals', 'fix/capitals\\nmain')
        >>> sb.cleanup()
        """
        if not isinstance(name, str) or not name.strip():
            raise ValueError(f"expected a branch name (a string) such as 'fix/short-description', got {name!r}")
        current = self.current_branch()
        if name == current:
            return name
        if name in {"main", "master"}:
            raise ValueError(branch_name_problem(name))
        if current in {"", "main", "master"}:
            self.git("switch", "--quiet", *([] if self.rev(f"refs/heads/{name}") else ["-c"]), name)
        else:
            self.git("branch", "-m", current, name)
        return name

    def restore(self, path: str) -> None:
        """Put a file of the working clone back as it was where the branch started (:meth:`branch_base`).

        Before applying an answer again, this undoes the earlier try, committed or not
        (``git restore --source=<base> --worktree``; what is staged stays staged).

        >>> sb = Sandbox()
        >>> sb.edit("README.md", "license: MIT License", "license: MIT")
        >>> sb.restore("README.md")
        >>> "license: MIT License" in sb.read("README.md")
        True
        >>> sb.cleanup()
        """
        if not isinstance(path, str) or not path.strip():
            raise ValueError(f"expected a path inside the project such as 'README.md', got {path!r}")
        if self.work.resolve() not in (self.work / path).resolve().parents:
            raise ValueError(f"{path!r} is outside the working clone")
        self.git("restore", f"--source={self.branch_base()}", "--worktree", "--", path)

    # -- tests -----------------------------------------------------------------------------
    def run_tests(self, ref: str | None = None, *, repo: str = "work") -> TestReport:
        """Run the project's tests (``python -m pytest``) on the working clone, or on a commit of ``repo``.

        >>> sb = Sandbox()
        >>> print(sb.run_tests())
        4 passed, 1 failed
          FAILED tests/test_model.py::test_capitals_and_punctuation
        >>> sb.cleanup()
        """
        if ref is None:
            tree = self._work_tree_id()
            if tree not in _TEST_CACHE:
                _TEST_CACHE[tree] = _pytest(self.work)
            return _TEST_CACHE[tree]
        sha = self.rev(ref, repo=repo)
        if sha is None:
            raise ValueError(f"no commit {ref!r} in {repo}")
        places = {"work": self.work, "upstream": self.upstream, "fork": self.fork}
        return self._test_commit(places[repo], sha)

    def _work_tree_id(self) -> str:
        """The git tree id of the working clone's files as they are now (through a throw-away index)."""
        import tempfile

        with tempfile.TemporaryDirectory(dir=self.root, prefix="index-") as folder:
            extra = {"GIT_INDEX_FILE": str(Path(folder) / "index")}
            self._run(["add", "-A", "."], self.work, self.learner, extra_env=extra)
            return self._run(["write-tree"], self.work, self.learner, extra_env=extra)

    def _test_commit(self, repo: Path, sha: str) -> TestReport:
        """Run the tests on a commit's files, in a throw-away copy; same tree, same result (cached)."""
        import tempfile

        tree = self._run(["rev-parse", f"{sha}^{{tree}}"], repo, MAINTAINER)
        if tree not in _TEST_CACHE:
            with tempfile.TemporaryDirectory(dir=self.root, prefix="ci-") as folder:
                self._export(repo, sha, Path(folder))
                _TEST_CACHE[tree] = _pytest(Path(folder))
        return _TEST_CACHE[tree]

    def _export(self, repo: Path, sha: str, target: Path) -> None:
        import io
        import subprocess
        import tarfile

        env = git_environment(MAINTAINER, self._now())
        data = subprocess.run(["git", "archive", "--format=tar", sha], cwd=repo, env=env,
                              capture_output=True, check=True).stdout
        with tarfile.open(fileobj=io.BytesIO(data)) as archive:
            archive.extractall(target, filter="data")

    # -- the forge: pull requests ------------------------------------------------------------
    def pulls(self) -> list[PullRequest]:
        """Every pull request recorded by the forge, by number."""
        return [self._load_pr(p) for p in sorted((self.forge / "pulls").glob("*.json"))]

    def pull(self, number: int) -> PullRequest:
        """One pull request by number."""
        path = self.forge / "pulls" / f"{number:04d}.json" if isinstance(number, int) else None
        if path is None or not path.is_file():
            known = [p.number for p in self.pulls()]
            raise ValueError(f"no pull request {number!r}; open ones: {known}")
        return self._load_pr(path)

    @staticmethod
    def _load_pr(path: Path) -> PullRequest:
        return PullRequest.from_dict(json.loads(path.read_text(encoding="utf-8")))

    def _save_pr(self, pr: PullRequest) -> None:
        self._write_json(self.forge / "pulls" / f"{pr.number:04d}.json", pr.to_dict())

    def open_pull_request(self, title: str, body: str, head: str | None = None, base: str = "main") -> PullRequest:
        """Open a pull request from the fork's branch ``head`` (default: the current branch) into upstream.

        Like GitHub, the forge copies the branch into upstream as ``refs/pull/N/head`` and records the
        pull request in ``forge/pulls/NNNN.json``. The branch must have been pushed to the fork.
        """
        if not isinstance(title, str) or not title.strip():
            raise ValueError("a pull request needs a title (a string), e.g. 'fix: lower-case words'")
        if not isinstance(body, str):
            raise ValueError("the description (body) must be a string, e.g. 'Fixes #2'")
        head = head or self.current_branch()
        if not isinstance(head, str) or head in {"", base}:
            raise ValueError(f"open a pull request from a topic branch, not from {head or 'a detached HEAD'!r}")
        head_sha = self.rev(f"refs/heads/{head}", repo="fork")
        if head_sha is None:
            raise ValueError(f"branch {head!r} is not on your fork yet: push it first "
                             f"(git push -u origin {head})")
        base_sha = self.rev(f"refs/heads/{base}", repo="upstream")
        if base_sha is None:
            raise ValueError(f"upstream has no branch {base!r}")
        for pr in self.pulls():
            if pr.status == "open" and pr.head_ref == head:
                raise ValueError(f"pull request #{pr.number} is already open from {head!r}: push to update its "
                                 "commits, and change its title or description with sb.edit_pull_request(...)")
        number = 1 + max([i["number"] for i in self.issues()] + [p.number for p in self.pulls()])
        ref = f"refs/pull/{number}/head"
        self._run(["fetch", "--quiet", "--no-tags", str(self.fork), f"+refs/heads/{head}:{ref}"], self.upstream, MAINTAINER)
        fixes = sorted({int(n) for n in _FIXES.findall(body)})
        pr = PullRequest(number=number, title=title.strip(), body=body, author=self.learner.login,
                         head_repo=f"{self.learner.login}/tinysent", head_ref=head, head_sha=head_sha,
                         base_ref=base, base_sha=base_sha, created_at=self._now().isoformat(), ref=ref,
                         fixes=fixes, events=[{"type": "opened", "at": self._now().isoformat(), "sha": head_sha}])
        self._save_pr(pr)
        if self.upstream_moves and not any(p.number != number for p in self.pulls()):
            self._upstream_moves_on()
        return pr

    def my_pull_request(self, head: str | None = None) -> PullRequest | None:
        """Your open pull request from branch ``head`` (default: the current branch), or ``None``."""
        head = head or self.current_branch()
        mine = [p for p in self.pulls() if p.status == "open" and p.author == self.learner.login and p.head_ref == head]
        return mine[-1] if mine else None

    def edit_pull_request(self, pr: PullRequest | int, title: str | None = None,
                          body: str | None = None) -> PullRequest:
        """Change the title or description of an open pull request (the forge's "Edit" button).

        The issues it fixes are read again from the new description; anything pushed to its branch
        since is picked up too.
        """
        pr = self.pull(pr.number if isinstance(pr, PullRequest) else pr)
        if pr.status != "open":
            raise ValueError(f"pull request #{pr.number} is {pr.status}; only an open pull request can be edited")
        if title is not None:
            if not isinstance(title, str) or not title.strip():
                raise ValueError("a pull request needs a title (a string), e.g. 'fix: lower-case words'")
            pr.title = title.strip()
        if body is not None:
            if not isinstance(body, str):
                raise ValueError("the description (body) must be a string, e.g. 'Fixes #2'")
            pr.body = body
            pr.fixes = sorted({int(n) for n in _FIXES.findall(body)})
        pr.events.append({"type": "edited", "at": self._now().isoformat(), "sha": pr.head_sha})
        self._save_pr(pr)
        return self._sync_pr(pr)

    def _maintainer_clone(self) -> Path:
        if not self._maint.exists():
            self._run(["clone", "--quiet", str(self.upstream), str(self._maint)], self.root, MAINTAINER)
        else:
            self._run(["fetch", "--quiet", "origin"], self._maint, MAINTAINER)
            self._run(["checkout", "--quiet", "main"], self._maint, MAINTAINER)
            self._run(["reset", "--quiet", "--hard", "origin/main"], self._maint, MAINTAINER)
        return self._maint

    def _upstream_moves_on(self) -> None:
        who, subject, files = _MOVE_ON
        maint = self._maintainer_clone()
        self._commit_files(maint, who, subject, files)
        self._run(["push", "--quiet", "origin", "main"], maint, MAINTAINER)

    def _sync_pr(self, pr: PullRequest) -> PullRequest:
        """Copy the fork branch again into ``refs/pull/N/head`` (what a push to a PR branch does)."""
        sha = self.rev(f"refs/heads/{pr.head_ref}", repo="fork")
        if sha is not None and sha != pr.head_sha and pr.status == "open":
            self._run(["fetch", "--quiet", "--no-tags", str(self.fork), f"+refs/heads/{pr.head_ref}:{pr.ref}"],
                      self.upstream, MAINTAINER)
            pr.head_sha = sha
            pr.events.append({"type": "pushed", "at": self._now().isoformat(), "sha": sha})
            self._save_pr(pr)
        return pr

    def review(self, pr: PullRequest | int) -> Review:
        """The bot's review of a pull request's current head: checks, a comment, and a verdict.

        It first picks up anything pushed to the fork branch since the last review.
        """
        pr = self.pull(pr.number if isinstance(pr, PullRequest) else pr)
        if pr.status != "open":
            raise ValueError(f"pull request #{pr.number} is {pr.status}; only open pull requests are reviewed")
        pr = self._sync_pr(pr)
        checks = self._checks(pr)
        state = "approved" if all(c.ok for c in checks) else "changes_requested"
        comment = _bot_comment(pr, checks)
        review = Review(pr.number, pr.head_sha, state, tuple(checks), comment)
        pr.reviews.append({"by": BOT, "at": self._now().isoformat(), "sha": pr.head_sha, "state": state,
                           "checks": [asdict(c) for c in checks], "comment": comment})
        pr.events.append({"type": "reviewed", "at": self._now().isoformat(), "sha": pr.head_sha, "state": state})
        self._save_pr(pr)
        return review

    def _checks(self, pr: PullRequest) -> list[Check]:
        up = self.upstream
        main = self._run(["rev-parse", f"refs/heads/{pr.base_ref}"], up, MAINTAINER)
        head = pr.head_sha
        base = self._run(["merge-base", main, head], up, MAINTAINER)
        commits = self.commits(f"{base}..{head}", repo="upstream")
        files = [f for f in self._run(["diff", "--name-only", base, head], up, MAINTAINER).split("\n") if f]
        checks = []
        # 1. tests on the head
        report = self._test_commit(up, head)
        if report.ok:
            checks.append(Check("tests", True, f"{report.passed} passed"))
        else:
            checks.append(Check("tests", False, report.error or ("failing: " + ", ".join(report.failed))))
        # 2. Conventional Commits
        bad = [f"{c['sha'][:7]} {problem}" for c in commits if (problem := conventional_problem(c["message"]))]
        if not commits:
            checks.append(Check("conventional commits", False, "the pull request has no commits"))
        else:
            checks.append(Check("conventional commits", not bad, "; ".join(bad) if bad else
                                f"{len(commits)} commit(s) follow Conventional Commits"))
        # 3. DCO sign-off matching the author
        unsigned = [f"{c['sha'][:7]} has no 'Signed-off-by: {c['author']}'" for c in commits
                    if c["author"] not in c["signoffs"]]
        checks.append(Check("sign-off (DCO)", bool(commits) and not unsigned, "; ".join(unsigned) if unsigned else
                            "every commit is signed off by its author"))
        # 4. scope
        issues = {i["number"]: i for i in self.issues()}
        unknown = [n for n in pr.fixes if n not in issues or issues[n]["state"] != "open"]
        allowed = [s for n in pr.fixes if n in issues for s in issues[n]["scope"]]
        outside = [f for f in files if not any(f == s or (s.endswith("/") and f.startswith(s)) for s in allowed)]
        if not pr.fixes:
            checks.append(Check("scope", False, "the description names no issue: write 'Fixes #N'"))
        elif unknown:
            checks.append(Check("scope", False, f"no open issue {', '.join('#%d' % n for n in unknown)}"))
        else:
            checks.append(Check("scope", not outside, ("outside the issues' scope: " + ", ".join(outside)) if outside
                                else f"{len(files)} file(s) changed, all within " +
                                ", ".join(f"#{n}" for n in pr.fixes)))
        # 5. secrets and binaries
        checks.append(self._hygiene(up, base, head))
        # 6. the model card, when the pull request touches it
        if "README.md" in files:
            text = self._run(["show", f"{head}:README.md"], up, MAINTAINER) + "\n"
            problems = card_problems(text)
            checks.append(Check("model card", not problems, "; ".join(problems) if problems else "metadata is valid"))
        else:
            checks.append(Check("model card", True, "not changed"))
        # 7. up to date with main
        behind = self._run(["rev-list", "--count", f"{head}..{main}"], up, MAINTAINER)
        merges = self._run(["rev-list", "--merges", f"{base}..{head}"], up, MAINTAINER)
        if merges:
            checks.append(Check("up to date", False, "the branch has merge commits: rebase instead of merging"))
        elif behind != "0":
            checks.append(Check("up to date", False, f"{pr.base_ref} has {behind} new commit(s) since the branch started"))
        else:
            checks.append(Check("up to date", True, f"based on the latest {pr.base_ref}"))
        return checks

    def commits(self, span: str, repo: str = "work") -> list[dict[str, Any]]:
        """The non-merge commits of ``span`` (such as ``"upstream/main..HEAD"``), oldest first.

        Each is a dict with ``sha``, ``author`` (``Name <email>``), ``message`` and ``signoffs``.

        >>> sb = Sandbox()
        >>> [c["signoffs"] for c in sb.commits("HEAD~1..HEAD")]
        [['Lin Reviewer <lin@tinysent.example>']]
        >>> sb.cleanup()
        """
        places = {"work": self.work, "upstream": self.upstream, "fork": self.fork}
        if repo not in places:
            raise ValueError(f"repo must be one of {sorted(places)}, got {repo!r}")
        fmt = "%H%x1f%an <%ae>%x1f%P%x1f%(trailers:key=Signed-off-by,valueonly,separator=%x1d)%x1f%B%x1e"
        out = self._run(["log", "--reverse", f"--format={fmt}", span], places[repo], MAINTAINER)
        commits = []
        for record in out.split("\x1e"):
            record = record.strip("\n")
            if not record:
                continue
            sha, author, parents, signoffs, message = record.split("\x1f", 4)
            if len(parents.split()) > 1:
                continue  # merge commits are judged by the "up to date" check
            commits.append({"sha": sha, "author": author, "message": message.strip("\n"),
                            "signoffs": [s.strip() for s in signoffs.split("\x1d") if s.strip()]})
        return commits

    def _hygiene(self, repo: Path, base: str, head: str) -> Check:
        found = []
        for line in self._run(["diff", "--numstat", base, head], repo, MAINTAINER).split("\n"):
            if line.startswith("-\t-\t"):
                found.append(f"binary file {line.split(chr(9), 2)[2]}")
        for line in self._run(["diff", "--no-color", "-U0", base, head], repo, MAINTAINER).split("\n"):
            if line.startswith("+") and not line.startswith("+++") and any(p.search(line) for p in SECRET_PATTERNS):
                found.append("a line that looks like a secret token or key")
        for item in self._run(["ls-tree", "-r", "-l", head], repo, MAINTAINER).split("\n"):
            parts = item.split(None, 4)
            if len(parts) == 5 and parts[3].isdigit() and int(parts[3]) > MAX_FILE_BYTES:
                found.append(f"{parts[4]} is larger than {MAX_FILE_BYTES:,} bytes")
        found = list(dict.fromkeys(found))
        return Check("secrets and binaries", not found, "; ".join(found) if found else "none found")

    def merge(self, pr: PullRequest | int) -> str:
        """Merge an approved pull request into upstream ``main`` (``--no-ff``); return the merge commit id."""
        pr = self.pull(pr.number if isinstance(pr, PullRequest) else pr)
        if pr.status != "open":
            raise ValueError(f"pull request #{pr.number} is already {pr.status}")
        pr = self._sync_pr(pr)
        last = pr.reviews[-1] if pr.reviews else None
        if last is None or last["sha"] != pr.head_sha or last["state"] != "approved":
            raise ValueError(f"pull request #{pr.number} needs an approving review of its head {pr.head_sha[:7]} "
                             "first: run sb.review(pr)")
        maint = self._maintainer_clone()
        self._run(["fetch", "--quiet", "origin", f"{pr.ref}:refs/remotes/pr/{pr.number}"], maint, MAINTAINER)
        message = f"Merge pull request #{pr.number} from {pr.author}/{pr.head_ref}\n\n{pr.title}"
        self._run(["merge", "--quiet", "--no-ff", "-m", message, pr.head_sha], maint, MAINTAINER)
        self._run(["push", "--quiet", "origin", "main"], maint, MAINTAINER)
        sha = self._run(["rev-parse", "HEAD"], maint, MAINTAINER)
        pr.status, pr.merge_commit_oid = "merged", sha
        pr.events.append({"type": "merged", "at": self._now().isoformat(), "sha": sha, "by": MAINTAINER.login})
        self._save_pr(pr)
        issues = self.issues()
        for issue in issues:
            if issue["number"] in pr.fixes and issue["state"] == "open":
                issue["state"], issue["closed_by"] = "closed", pr.number
        self._write_json(self.forge / "issues.json", issues)
        return sha

    def cleanup(self) -> None:
        """Delete the sandbox folder (only a folder the sandbox made or was given)."""
        import shutil

        if (self.root / _MARKER).exists():
            shutil.rmtree(self.root, ignore_errors=True)

    def __repr__(self) -> str:
        return f"Sandbox(learner={self.learner.login!r}, branch={self.current_branch()!r})"


def _bot_comment(pr: PullRequest, checks: list[Check]) -> str:
    hello = f"Thanks for your pull request, @{pr.author}!"
    failed = {c.name for c in checks if not c.ok}
    if not failed:
        return f"{hello} Every check passed: approved. A maintainer will merge it."
    asks = {
        "tests": "Please make the tests pass: run `python -m pytest` and fix the code, not the tests.",
        "conventional commits": "Please reword the commit subjects as `<type>(<scope>): <description>` "
                                "(`git commit --amend`, or `git rebase -i` for older commits).",
        "sign-off (DCO)": "Please sign off every commit: `git rebase --signoff upstream/main`, then push again.",
        "scope": "Please keep to the files of the issue(s) named with `Fixes #N` in the description.",
        "secrets and binaries": "Please remove secrets and binary files from the history, and revoke any leaked token.",
        "model card": "Please fix the model card's metadata (see the check above).",
        "up to date": "main has moved on. Please update your branch: `git fetch upstream`, "
                      "`git rebase upstream/main`, then `git push --force-with-lease`.",
    }
    return "\n".join([hello + " Changes requested:"] + [f"- {asks[c.name]}" for c in checks if c.name in failed])


def _pytest(folder: Path) -> TestReport:
    import subprocess

    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST_", "GIT_", "PYTHONPATH"))}
    env.update({"PYTHONDONTWRITEBYTECODE": "1", "PYTHONHASHSEED": "0", "PYTEST_DISABLE_PLUGIN_AUTOLOAD": "1"})
    try:
        done = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-rfE",
                               "--color=no", "-o", "addopts=", "tests"], cwd=folder, env=env,
                              capture_output=True, text=True, timeout=120)
    except subprocess.TimeoutExpired:
        return TestReport(0, (), "the tests took longer than 120 s")
    out = done.stdout
    failed = tuple(sorted({m.group(1) for m in re.finditer(r"^(?:FAILED|ERROR) (\S+)", out, flags=re.M)}))
    passed = re.search(r"(\d+) passed", out)
    count = int(passed.group(1)) if passed else 0
    if done.returncode not in (0, 1) and not failed:
        last = (out.strip().splitlines() or done.stderr.strip().splitlines() or ["no output"])[-1]
        return TestReport(count, (), f"pytest exited with code {done.returncode}: {last}")
    return TestReport(count, failed)

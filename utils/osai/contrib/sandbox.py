# SPDX-FileCopyrightText: 2026 The Open Source AI Lab Kit authors
# SPDX-License-Identifier: MIT
"""The forge in a folder: upstream, the learner's fork and clone, issues and pull requests (:class:`Sandbox`)."""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterable
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from osai.contrib.bot import _ReviewBot, branch_name_problem
from osai.contrib.gitenv import _START, LEARNER, MAINTAINER, GitError, Identity, _require_git, git_environment
from osai.contrib.project import _MOVE_ON, _SEED, tinysent_issues
from osai.contrib.records import PullRequest

# Commands that may create commits: only these move the sandbox's clock on.
_CLOCK_COMMANDS = frozenset({"am", "cherry-pick", "commit", "merge", "pull", "rebase", "revert", "tag"})
_MARKER = ".osai-sandbox"
_PREFIX = "osai-lab11-"


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


_FIXES = re.compile(r"\b(?:close[sd]?|fix(?:e[sd])?|resolve[sd]?)\s+#(\d+)\b", re.I)


# ----------------------------------------------------------------------------------------------
# The sandbox
# ----------------------------------------------------------------------------------------------
# Its tests (run_tests) and the bot's review (review) are written in osai.contrib.bot.

class Sandbox(_ReviewBot):
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
        #: The last branch name :meth:`start_branch` was refused (``None`` after a name that worked).
        self.refused_branch: str | None = None
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

        Everything done in it is gone (branches, commits, pull requests); the project's history has the
        ids of the first run (later ids depend on the steps taken: the sandbox's clock moves on with each
        command that writes a commit). In a lab, run the cells after the one that made the sandbox again, in order.
        """
        import shutil

        self.refused_branch = None

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

        A name git or the project refuses raises :class:`GitError` or :class:`ValueError` and is kept in
        :attr:`refused_branch` (``None`` after a name that worked), so that a check can name it.

        >>> sb = Sandbox()
        >>> sb.start_branch("Fix_capitals"), sb.start_branch("fix/capitals"), sb.git("branch", "--format=%(refname:short)")
        ('Fix_capitals', 'fix/capitals', 'fix/capitals\\nmain')
        >>> sb.start_branch("main")
        Traceback (most recent call last):
        ValueError: never work on 'main': create a topic branch such as 'fix/short-description'
        >>> sb.refused_branch, sb.current_branch()
        ('main', 'fix/capitals')
        >>> sb.cleanup()
        """
        if not isinstance(name, str) or not name.strip():
            raise ValueError(f"expected a branch name (a string) such as 'fix/short-description', got {name!r}")
        current = self.current_branch()
        self.refused_branch = None
        if name in {"main", "master"}:
            self.refused_branch = name
            raise ValueError(branch_name_problem(name))
        if name == current:
            return name
        try:
            if current in {"", "main", "master"}:
                self.git("switch", "--quiet", *([] if self.rev(f"refs/heads/{name}") else ["-c"]), name)
            else:
                self.git("branch", "-m", current, name)
        except (GitError, ValueError):
            self.refused_branch = name
            raise
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

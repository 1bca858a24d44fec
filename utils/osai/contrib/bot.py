# SPDX-FileCopyrightText: 2026 The Open Source AI Lab Kit authors
# SPDX-License-Identifier: MIT
"""The project's bot: its rules as pure functions, and the tests and review it runs on a pull request.

The rules (:func:`conventional_problem`, :func:`branch_name_problem`, :func:`card_problems`) need no
sandbox. The tests and the review are methods of :class:`~osai.contrib.Sandbox`, written here.
"""

from __future__ import annotations

import os
import re
import sys
from dataclasses import asdict
from pathlib import Path

from osai.contrib.gitenv import BOT, MAINTAINER, git_environment
from osai.contrib.records import Check, PullRequest, Review, TestReport

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
# Test results by git tree id: the same files give the same result, so CI need not run twice.
_TEST_CACHE: dict[str, TestReport] = {}


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

    >>> from osai.contrib import tinysent_folder
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
# What the bot runs on a sandbox: the project's tests and the review of a pull request
# ----------------------------------------------------------------------------------------------

class _ReviewBot:
    """The tests and the review of :class:`~osai.contrib.Sandbox`, which inherits them (they use its git and forge)."""

    # -- tests -----------------------------------------------------------------------------
    def run_tests(self, ref: str | None = None, *, repo: str = "work") -> TestReport:
        """Run the project's tests (``python -m pytest``) on the working clone, or on a commit of ``repo``.

        >>> from osai.contrib import Sandbox
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

    # -- the bot's review ----------------------------------------------------------------------
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
    out = re.sub(r"\x1b\[[0-9;]*m", "", done.stdout)  # FORCE_COLOR or PY_COLORS in a kernel outrank --color=no
    failed = tuple(sorted({m.group(1) for m in re.finditer(r"^(?:FAILED|ERROR) (\S+)", out, flags=re.M)}))
    passed = re.search(r"(\d+) passed", out)
    count = int(passed.group(1)) if passed else 0
    if done.returncode not in (0, 1) and not failed:
        last = (out.strip().splitlines() or done.stderr.strip().splitlines() or ["no output"])[-1]
        return TestReport(count, (), f"pytest exited with code {done.returncode}: {last}")
    uncollected = [name for name in failed if "::" not in name]
    if uncollected:  # a test file could not even be imported, e.g. the code under test does not parse
        where = re.findall(r'^E\s+File ".*?[/\\]((?:tinysent|tests)[/\\][^"]+)", line (\d+)', out, flags=re.M)
        errors = re.findall(r"^E\s+(\w+(?:Error|Exception)\b.*)$", out, flags=re.M)
        reason = errors[-1].strip() if errors else "an error while importing it"
        place = f" ({where[-1][0]}, line {where[-1][1]})" if where else ""
        return TestReport(count, failed, f"{uncollected[0]} could not be imported: {reason}{place}")
    return TestReport(count, failed)

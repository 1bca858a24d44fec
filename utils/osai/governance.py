# SPDX-FileCopyrightText: 2026 The Open Source AI Lab Kit authors
# SPDX-License-Identifier: MIT
"""Offline health checks of a project's governance files and history (Lab 10).

:func:`score_repository` reads a project folder (and its git history, when it has one) and scores
ten checks from 0 to 10, each with the reason for its score. They are modelled on the OpenSSF
Scorecard checks that can run without the network (License, Security-Policy, Binary-Artifacts,
Pinned-Dependencies, CI-Tests) and on the community-health files that GitHub and the OpenSSF Best
Practices badge look for (contributing guide, code of conduct, governance, changelog), plus the
Developer Certificate of Origin sign-off that many AI projects ask for. They are approximations
from files, not the real Scorecard (which also asks GitHub's API about reviews, branch protection
and releases): a score says what the files show, not how the project behaves.

A check that cannot be decided (no git history to read) has score ``None`` and does not count in the
overall score. Sample projects ship as plain files (``data/governance_samples/*.yaml``) and are
written out, with a git history made on the spot, by :func:`materialize_sample`.

>>> [c.name for c in score_repository.__globals__["CHECKS"]][:3]
['License', 'Contributing', 'Code-of-Conduct']
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

__all__ = [
    "CHECKS",
    "CheckResult",
    "HealthReport",
    "kit_root",
    "materialize_sample",
    "sample_names",
    "score_repository",
]

# Folders never scanned when a project is not a git repository (or git is not installed).
_SKIP_DIRS = {".git", ".venv", "venv", "env", "node_modules", "__pycache__", ".hypothesis", ".pytest_cache",
              ".ipynb_checkpoints", ".mypy_cache", ".ruff_cache", ".tox", "build", "dist"}
_DOC_DIRS = ("", ".github", "docs")  # where GitHub looks for community-health files
_URL = re.compile(r"https?://\S+")
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+")


@dataclass(frozen=True)
class Check:
    """One health check: its name, what it is modelled on, and the function that scores it."""

    name: str
    modelled_on: str
    run: Callable[[_Project], tuple[int | None, str]]


@dataclass(frozen=True)
class CheckResult:
    """The outcome of one check: a score from 0 to 10 (``None``: could not be decided) and why.

    >>> CheckResult("License", 10, "MIT license file at the top level", "Scorecard License").line()
    '10/10  License: MIT license file at the top level'
    """

    name: str
    score: int | None
    reason: str
    modelled_on: str

    def line(self) -> str:
        """One line: score, name and reason."""
        score = "  ?  " if self.score is None else f"{self.score:>2}/10"
        return f"{score}  {self.name}: {self.reason}"


@dataclass(frozen=True)
class HealthReport:
    """All check results for one project; ``name`` is the folder's name (never an absolute path)."""

    name: str
    checks: tuple[CheckResult, ...]

    @property
    def score(self) -> float:
        """Mean of the decided checks' scores, rounded to one decimal (0.0 when none was decided)."""
        decided = [c.score for c in self.checks if c.score is not None]
        return round(sum(decided) / len(decided), 1) if decided else 0.0

    @property
    def full_marks(self) -> bool:
        """Whether every check was decided and scored 10."""
        return all(c.score == 10 for c in self.checks)

    def failing(self) -> list[str]:
        """Names of the checks that scored below 10 (undecided checks are not listed)."""
        return [c.name for c in self.checks if c.score is not None and c.score < 10]

    def __getitem__(self, name: str) -> CheckResult:
        for check in self.checks:
            if check.name == name:
                return check
        import difflib

        close = difflib.get_close_matches(str(name), [c.name for c in self.checks], n=1)
        hint = f"; did you mean '{close[0]}'?" if close else ""
        raise KeyError(f"no check named {name!r}{hint}")

    def as_dict(self) -> dict[str, int | None]:
        """``{check name: score}``."""
        return {c.name: c.score for c in self.checks}

    def __str__(self) -> str:
        lines = [f"{self.name}: {self.score}/10"] + ["  " + c.line() for c in self.checks]
        return "\n".join(lines)


# ---------------------------------------------------------------------------------------------
# reading a project


def _git(root: Path, *args: str) -> str | None:
    """Run a read-only git command in ``root``; None when git or the repository is missing."""
    import shutil
    import subprocess

    if shutil.which("git") is None or not (root / ".git").exists():
        return None
    env = {**os.environ, "GIT_CONFIG_NOSYSTEM": "1", "GIT_CONFIG_GLOBAL": os.devnull, "LC_ALL": "C"}
    try:
        done = subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True, env=env,
                              timeout=30, check=False)
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout if done.returncode == 0 else None


class _Project:
    """A project folder with cached file listing and reads."""

    def __init__(self, root: Path) -> None:
        self.root = root
        listed = _git(root, "ls-files", "-z", "--cached", "--others", "--exclude-standard")
        if listed is not None:
            files = sorted({f for f in listed.split("\0") if f and (root / f).is_file()})
        else:
            files = []
            for folder, dirs, names in os.walk(root):
                dirs[:] = sorted(d for d in dirs if d not in _SKIP_DIRS)
                for name in names:
                    files.append(Path(folder, name).relative_to(root).as_posix())
            files.sort()
        self.files: list[str] = files
        self.has_git = listed is not None

    def read(self, relative: str, limit: int = 200_000) -> str:
        try:
            with open(self.root / relative, encoding="utf-8", errors="replace") as handle:
                return handle.read(limit)
        except OSError:
            return ""

    def find(self, stems: tuple[str, ...], folders: tuple[str, ...] = _DOC_DIRS) -> str | None:
        """First file whose name (without extension, any case) is one of ``stems`` in ``folders``."""
        wanted = {s.lower() for s in stems}
        for folder in folders:
            for name in self.files:
                parent, _, base = name.rpartition("/")
                if parent == folder and base.split(".")[0].lower() in wanted:
                    return name
        return None


# ---------------------------------------------------------------------------------------------
# the checks

def _license_id(text: str) -> str | None:
    from osai.licenses import identify_license_text

    return identify_license_text(text)


def _osi_approved(ident: str) -> bool | None:
    """OSI approval from osai.licenses (the kit's ids and the whole SPDX list); None for an id it does not know."""
    from osai.licenses import is_osi_approved

    try:
        return is_osi_approved(ident)
    except ValueError:
        return None


def _check_license(p: _Project) -> tuple[int, str]:
    top = p.find(("LICENSE", "LICENCE", "COPYING"), ("",))
    folder = sorted(f for f in p.files if f.startswith("LICENSES/"))
    if top is None and not folder:
        deeper = p.find(("LICENSE", "LICENCE", "COPYING"), (".github", "docs"))
        if deeper is None:
            return 0, "no license file (LICENSE, COPYING or LICENSES/): without one, nobody may reuse the code"
        found, score, where = deeper, 6, f"license file {deeper} is not at the top level"
    elif top is not None:
        found, score, where = top, 9, f"license file {top} at the top level"
    else:
        found, score, where = folder[0], 9, "license texts in LICENSES/ at the top level"
    ident = _license_id(p.read(found)) or (Path(found).stem if found.startswith("LICENSES/") else None)
    approved = _osi_approved(ident) if ident else None
    if approved:
        return score + 1, f"{where}; {ident}, an OSI-approved license"
    if ident:
        return score, f"{where}; {ident} is not an OSI-approved software license"
    return score, f"{where}; its license could not be recognised (add an SPDX license identifier line)"


def _check_contributing(p: _Project) -> tuple[int, str]:
    found = p.find(("CONTRIBUTING",))
    if found is None:
        return 0, "no CONTRIBUTING file: newcomers do not know how to propose a change"
    text = p.read(found).lower()
    how = any(w in text for w in ("pull request", "merge request", "patch"))
    tests = any(w in text for w in ("test", "review"))
    score = 6 + 2 * how + 2 * tests
    missing = [what for what, ok in (("how to send a change (pull request)", how), ("tests or review", tests)) if not ok]
    return score, f"{found} found" + (f"; it does not explain {' nor '.join(missing)}" if missing else
                                      ", explains pull requests and tests")


def _check_code_of_conduct(p: _Project) -> tuple[int, str]:
    found = p.find(("CODE_OF_CONDUCT", "CODE-OF-CONDUCT", "CODEOFCONDUCT"))
    if found is None:
        return 0, "no CODE_OF_CONDUCT file: no stated rules for behaviour or how to report abuse"
    text = p.read(found).lower()
    if any(w in text for w in ("report", "enforce", "contact")) or _EMAIL.search(text):
        return 10, f"{found} found, says how to report and how it is enforced"
    return 7, f"{found} found, but it does not say how to report a problem"


def _check_security_policy(p: _Project) -> tuple[int, str]:
    found = p.find(("SECURITY",))
    if found is None:
        return 0, "no SECURITY file: nobody knows how to report a vulnerability privately"
    text = p.read(found)
    score, notes = 0, []
    if _URL.search(text) or _EMAIL.search(text):
        score += 6
    else:
        notes.append("no email address or web link to report to")
    if len(text.split()) >= 10:
        score += 3
    else:
        notes.append("almost no text")
    hits = len(re.findall(r"vuln|disclos|\b\d+\s*(?:day|week|hour)s?\b", text, flags=re.I))
    if hits >= 2:
        score += 1
    else:
        notes.append("says little about vulnerabilities, disclosure or response times")
    return score, f"{found} found" + (f"; {'; '.join(notes)}" if notes else ", with a contact, a process and time frames")


def _check_governance(p: _Project) -> tuple[int, str]:
    found = p.find(("GOVERNANCE", "MAINTAINERS", "CODEOWNERS", "OWNERS"))
    if found is None:
        return 0, "no GOVERNANCE or MAINTAINERS file: who decides, and how, is not written down"
    text = p.read(found).lower()
    if any(w in text for w in ("decision", "decide", "vote", "consensus")):
        return 10, f"{found} found, says who maintains the project and how decisions are made"
    return 7, f"{found} found, but it does not say how decisions are made"


def _check_changelog(p: _Project) -> tuple[int, str]:
    found = p.find(("CHANGELOG", "CHANGES", "NEWS", "HISTORY", "RELEASE_NOTES"))
    if found is None:
        return 0, "no CHANGELOG: users cannot see what changed between releases"
    text = p.read(found)
    if re.search(r"^#+\s*\[?(unreleased|v?\d+\.\d+)", text, flags=re.I | re.M):
        return 10, f"{found} found, with entries by version"
    return 5, f"{found} found, but it has no version entries"


_CI_FILES = (".gitlab-ci.yml", ".travis.yml", "azure-pipelines.yml", "Jenkinsfile", ".circleci/config.yml",
             "bitbucket-pipelines.yml", ".woodpecker.yml")


def _ci_configs(p: _Project) -> list[str]:
    return [f for f in p.files if (f.startswith(".github/workflows/") and f.endswith((".yml", ".yaml")))
            or f in _CI_FILES]


def _check_ci_tests(p: _Project) -> tuple[int, str]:
    tests = [f for f in p.files if re.search(r"(^|/)(tests?/|test_[^/]*\.py$|[^/]*_test\.py$)", f)]
    configs = _ci_configs(p)
    runs_tests = [c for c in configs if re.search(r"test", p.read(c), flags=re.I)]
    score = 5 * bool(tests) + 5 * bool(runs_tests)
    parts = [f"{len(tests)} test file(s)" if tests else "no tests",
             f"CI runs them ({runs_tests[0]})" if runs_tests else
             ("a CI configuration that runs no tests" if configs else "no CI configuration a CI service reads")]
    return score, "; ".join(parts)


_SHA = re.compile(r"@[0-9a-f]{40}\b")


def _pip_specs(command: str) -> list[str]:
    """Package specifications named on a ``pip install`` command line."""
    specs = []
    for match in re.finditer(r"pip3?\s+install\s+([^\n;&|]*)", command):
        tokens = match.group(1).split()
        skip = False
        for token in tokens:
            if skip:
                skip = False
                continue
            if token in {"-r", "-c", "-e", "--requirement", "--constraint", "--editable", "-i", "--index-url"}:
                skip = True
                continue
            if token.startswith("-") or token.startswith((".", "/")) or token.startswith(("'.", '".')):
                continue
            specs.append(token.strip("'\""))
    return specs


def _check_pinned(p: _Project) -> tuple[int | None, str]:
    pinned = unpinned = 0
    examples: list[str] = []

    def count(ok: bool, what: str) -> None:
        nonlocal pinned, unpinned
        if ok:
            pinned += 1
        else:
            unpinned += 1
            examples.append(what)

    configs = set(_ci_configs(p))
    for name in p.files:
        base = name.rsplit("/", 1)[-1]
        text = p.read(name) if (name in configs or base.startswith("Dockerfile")
                                or re.fullmatch(r"(requirements|constraints)[\w.-]*\.txt", base)
                                or (name.endswith(".sh") and "/" not in name)) else None
        if text is None or ("/" in name and not name.startswith((".github/", "requirements/"))):
            continue
        if base.endswith(".txt"):
            for line in text.splitlines():
                line = line.split("#", 1)[0].strip()
                if not line or line.startswith("-"):
                    continue
                count("==" in line or "--hash" in line, f"{line} in {name}")
            continue
        for action in re.findall(r"uses:\s*([^\s#]+)", text):
            if not action.startswith("./"):
                count(bool(_SHA.search(action)), f"action {action} in {name}")
        for image in re.findall(r"^\s*FROM\s+(?:--\S+\s+)?(\S+)", text, flags=re.M):
            count("@sha256:" in image, f"image {image} in {name}")
        for spec in _pip_specs(text):
            count("==" in spec, f"pip install {spec} in {name}")
    total = pinned + unpinned
    if total == 0:
        return None, "no dependency found in requirements/constraints files, CI workflows, Dockerfiles or scripts"
    score = round(10 * pinned / total)
    reason = f"{pinned} of {total} dependencies pinned to an exact version or hash"
    return score, reason + (f"; not pinned: {examples[0]}" if examples else "")


_SIGNOFF = re.compile(r"^Signed-off-by:\s*(.+?)\s*<([^>]+)>\s*$", re.M)
_LAST_COMMITS = 30


def _check_signoff(p: _Project) -> tuple[int | None, str]:
    if not p.has_git:
        return None, "no git history to read (not a git repository, or git is not installed)"
    log = _git(p.root, "log", "--no-merges", f"-n{_LAST_COMMITS}", "--format=%ae%x00%B%x1e")
    if not log or not log.strip():
        return None, "the git repository has no commits yet"
    commits = [c.strip("\n") for c in log.split("\x1e") if c.strip()]
    signed = 0
    for commit in commits:
        email, _, body = commit.partition("\0")
        if any(e.strip().lower() == email.strip().lower() for _, e in _SIGNOFF.findall(body)):
            signed += 1
    score = round(10 * signed / len(commits))
    return score, (f"{signed} of the last {len(commits)} commits carry a Signed-off-by matching their author "
                   "(Developer Certificate of Origin)")


_BINARY_EXTENSIONS = {".exe", ".dll", ".so", ".dylib", ".o", ".a", ".lib", ".obj", ".pyc", ".pyo", ".class",
                      ".jar", ".war", ".wasm", ".whl", ".egg", ".bin", ".com", ".msi",
                      ".pkl", ".pickle", ".joblib", ".pt", ".pth", ".ckpt"}
_MAGIC = (b"\x7fELF", b"MZ", b"\xca\xfe\xba\xbe", b"\xcf\xfa\xed\xfe", b"\xfe\xed\xfa\xce", b"\x00asm")


def _is_binary_artifact(path: Path) -> bool:
    if path.suffix.lower() in _BINARY_EXTENSIONS:
        return True
    try:
        with open(path, "rb") as handle:
            head = handle.read(4)
    except OSError:
        return False
    return any(head.startswith(m) for m in _MAGIC) or head[:1] == b"\x80" and head[1:2] in {b"\x02", b"\x03", b"\x04", b"\x05"}


def _check_binaries(p: _Project) -> tuple[int, str]:
    found = [f for f in p.files if _is_binary_artifact(p.root / f)]
    if not found:
        return 10, "no binary artifacts (executables, compiled code, pickles) checked in"
    shown = ", ".join(found[:3]) + (" ..." if len(found) > 3 else "")
    return max(0, 10 - len(found)), f"{len(found)} binary artifact(s) checked in: {shown}"


#: The checks, in the order reports list them.
CHECKS: tuple[Check, ...] = (
    Check("License", "OpenSSF Scorecard: License", _check_license),
    Check("Contributing", "OpenSSF Best Practices: contribution; GitHub community health files", _check_contributing),
    Check("Code-of-Conduct", "GitHub community health files", _check_code_of_conduct),
    Check("Security-Policy", "OpenSSF Scorecard: Security-Policy", _check_security_policy),
    Check("Governance", "GitHub community health files; CNCF project template", _check_governance),
    Check("Changelog", "OpenSSF Best Practices: release_notes", _check_changelog),
    Check("CI-Tests", "OpenSSF Scorecard: CI-Tests (from files)", _check_ci_tests),
    Check("Pinned-Dependencies", "OpenSSF Scorecard: Pinned-Dependencies", _check_pinned),
    Check("Signed-Off-Commits", "Developer Certificate of Origin (DCO app)", _check_signoff),
    Check("Binary-Artifacts", "OpenSSF Scorecard: Binary-Artifacts", _check_binaries),
)


def score_repository(path: str | os.PathLike[str]) -> HealthReport:
    """Score a project folder on the offline health checks; nothing is written or downloaded.

    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     report = score_repository(folder)
    >>> report["License"].score, report["Signed-Off-Commits"].score, report.score
    (0, None, 1.2)
    """
    root = Path(path)
    if not root.exists():
        raise FileNotFoundError(f"no folder {str(path)!r}: expected the path of a project folder")
    if not root.is_dir():
        raise NotADirectoryError(f"{str(path)!r} is a file: expected the path of a project folder")
    project = _Project(root.resolve())
    results = []
    for check in CHECKS:
        score, reason = check.run(project)
        results.append(CheckResult(check.name, score, reason, check.modelled_on))
    return HealthReport(root.resolve().name, tuple(results))


def kit_root() -> Path | None:
    """The kit's own repository folder when the package runs from a checkout, else ``None``.

    >>> kit_root() is None or (kit_root() / "pyproject.toml").is_file()
    True
    """
    root = Path(__file__).resolve().parents[2]
    if (root / "pyproject.toml").is_file() and (root / "utils" / "osai").is_dir():
        return root
    return None


# ---------------------------------------------------------------------------------------------
# sample projects


def _sample_dir() -> Path:
    from osai.data import data_path

    return Path(data_path("governance_samples"))


def sample_names() -> list[str]:
    """Names of the sample projects shipped for Lab 10.

    >>> sample_names()
    ['growing', 'neglected', 'thriving']
    """
    return sorted(p.stem for p in _sample_dir().glob("*.yaml"))


def _load_sample(name: str) -> dict:
    import difflib

    import yaml

    names = sample_names()
    if name not in names:
        close = difflib.get_close_matches(str(name), names, n=1)
        hint = f"did you mean '{close[0]}'?" if close else f"expected one of {', '.join(names)}"
        raise ValueError(f"unknown sample project {name!r}: {hint}")
    return yaml.safe_load((_sample_dir() / f"{name}.yaml").read_text(encoding="utf-8"))


def _generated(spec: dict) -> bytes:
    """Deterministic bytes for a binary file a sample needs (shipped as a description, not as bytes)."""
    import pickle

    if spec["kind"] == "pickle":
        return pickle.dumps({"weights": [round(0.1 * i, 1) for i in range(spec.get("size", 8))]}, protocol=4)
    if spec["kind"] == "elf":
        return b"\x7fELF" + bytes(spec.get("size", 60))
    raise ValueError(f"unknown generated file kind {spec['kind']!r}: expected 'pickle' or 'elf'")


def materialize_sample(name: str, dest: str | os.PathLike[str], history: bool = True) -> Path:
    """Write sample project ``name`` into ``dest/name`` and return that folder.

    With ``history`` (and git installed) the files are committed in the order the sample describes,
    with fixed authors and dates, so the commit ids are the same on every run. ``dest/name`` must not
    exist yet.

    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     project = materialize_sample("thriving", folder, history=False)
    ...     print(project.name, (project / "SECURITY.md").is_file())
    thriving True
    """
    sample = _load_sample(name)
    project = Path(dest) / name
    if project.exists():
        raise FileExistsError(f"{project.name!r} already exists in {Path(dest).name!r}: choose an empty folder")
    files: dict[str, bytes] = {path: text.encode("utf-8") for path, text in sample["files"].items()}
    for path, spec in (sample.get("generated") or {}).items():
        files[path] = _generated(spec)
    for path, content in files.items():
        target = project / path
        if ".." in Path(path).parts or Path(path).is_absolute():
            raise ValueError(f"sample file path {path!r} leaves the project folder")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content)
    project.mkdir(parents=True, exist_ok=True)
    import shutil

    if history and shutil.which("git") is not None:
        _commit_history(project, sample.get("history") or [], sorted(files))
    return project


def _commit_history(project: Path, commits: list[dict], all_files: list[str]) -> None:
    import subprocess

    env = {**os.environ, "GIT_CONFIG_NOSYSTEM": "1", "GIT_CONFIG_GLOBAL": os.devnull, "LC_ALL": "C",
           "GIT_TERMINAL_PROMPT": "0"}

    def git(*args: str, extra: dict | None = None) -> None:
        subprocess.run(["git", "-c", "commit.gpgsign=false", "-c", "core.autocrlf=false", *args], cwd=project,
                       env={**env, **(extra or {})}, check=True, capture_output=True, text=True, timeout=60)

    git("init", "-q")
    git("symbolic-ref", "HEAD", "refs/heads/main")  # works with git older than 2.28 (no `init -b`)
    remaining = list(all_files)
    for n, commit in enumerate(commits):
        paths = remaining if n == len(commits) - 1 else [f for f in commit["add"] if f in remaining]
        remaining = [f for f in remaining if f not in paths]
        git("add", "--", *paths)
        message = commit["message"].strip()
        if commit.get("signoff"):
            message += f"\n\nSigned-off-by: {commit['author']} <{commit['email']}>"
        when = f"{commit['date']} +0000"
        who = {"GIT_AUTHOR_NAME": commit["author"], "GIT_AUTHOR_EMAIL": commit["email"], "GIT_AUTHOR_DATE": when,
               "GIT_COMMITTER_NAME": commit["author"], "GIT_COMMITTER_EMAIL": commit["email"],
               "GIT_COMMITTER_DATE": when}
        git("commit", "-q", "--no-verify", "-m", message, extra=who)

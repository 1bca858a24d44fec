# SPDX-FileCopyrightText: 2026 The Open Source AI Lab Kit authors
# SPDX-License-Identifier: MIT
"""One setting for a course: the GitHub repository (``owner/name``) and ref its students use.

It lives in the kit's ``pyproject.toml``, which every fork already carries::

    [tool.osai.course]
    repository = "my-org/osai-course"   # GitHub owner/name of the course's copy of the kit
    ref = "main"                        # the branch or tag students get (and Classroom grades with)

and drives every link a student follows and every copy of the kit a machine fetches:

- the "Open in Colab" badge that ``osai build-labs`` writes in each lab's title cell (:func:`colab_badge`);
- the Colab install line of each notebook's set-up cell (:func:`with_install_line`, :func:`pip_requirement`);
- the Binder and Colab launch links of ``README.md`` (:func:`with_launch_links`);
- the kit that a GitHub Classroom template installs (``osai classroom-template``), compared with
  the local git repository by :func:`compare_with_local`.

``osai build-labs`` writes them from the setting; ``osai build-labs --check`` fails when one disagrees.

>>> setting = CourseSetting("my-org/osai-course", "fall-2026")
>>> pip_requirement(setting)
'osai-labkit@git+https://github.com/my-org/osai-course@fall-2026'
"""

from __future__ import annotations

import re
import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

__all__ = [
    "DEFAULT",
    "CourseError",
    "CourseSetting",
    "KitComparison",
    "binder_url",
    "colab_badge",
    "colab_url",
    "compare_with_local",
    "github_repository",
    "load_course",
    "pip_requirement",
    "setup_cell",
    "sync_readme",
    "sync_setup",
    "with_install_line",
    "with_launch_links",
]

COLAB_BADGE = "https://colab.research.google.com/assets/colab-badge.svg"
PACKAGE = "osai-labkit"
_REPOSITORY = re.compile(r"[A-Za-z0-9-]+/[A-Za-z0-9._-]+")
_REF = re.compile(r"[A-Za-z0-9_][A-Za-z0-9._/-]*")  # never an option to git: no leading "-"
#: The install line of a set-up cell, whatever repository and ref it names today.
_INSTALL = re.compile(r"osai-labkit@git\+https://github\.com/[A-Za-z0-9-]+/[A-Za-z0-9._-]+?(?:\.git)?(?:@[A-Za-z0-9._/-]+)?(?=[\s\"']|$)")
_COLAB_LINK = re.compile(r"https://colab\.research\.google\.com/github/[A-Za-z0-9-]+/[A-Za-z0-9._-]+/blob/[A-Za-z0-9._/-]+?/(?=labs/)")
_BINDER_LINK = re.compile(r"https://mybinder\.org/v2/gh/[A-Za-z0-9-]+/[A-Za-z0-9._-]+/[A-Za-z0-9._%-]+(?=[?)\s]|$)")


class CourseError(ValueError):
    """A course setting that is missing or malformed; the message says what is expected."""


@dataclass(frozen=True)
class CourseSetting:
    """The course's GitHub repository (``owner/name``) and the branch or tag its students use.

    >>> CourseSetting("org/kit").ref
    'main'
    >>> CourseSetting("https://github.com/org/kit")
    Traceback (most recent call last):
    ...
    osai.course.CourseError: [tool.osai.course] repository must be a GitHub owner/name such as 'my-org/osai-course', got 'https://github.com/org/kit'
    """

    repository: str
    ref: str = "main"

    def __post_init__(self) -> None:
        if not isinstance(self.repository, str) or not _REPOSITORY.fullmatch(self.repository):
            raise CourseError("[tool.osai.course] repository must be a GitHub owner/name such as "
                              f"'my-org/osai-course', got {self.repository!r}")
        if not isinstance(self.ref, str) or not _REF.fullmatch(self.ref) or ".." in self.ref:
            raise CourseError("[tool.osai.course] ref must be a branch, tag or commit (letters, digits, . _ / -), "
                              f"got {self.ref!r}")

    @property
    def url(self) -> str:
        """The repository's web address, e.g. ``https://github.com/org/kit``."""
        return f"https://github.com/{self.repository}"


CourseError.__module__ = "osai.course"
#: The setting of the upstream kit, used for a folder without a ``pyproject.toml`` (a bare set of solutions).
DEFAULT = CourseSetting("osai-labkit/osai-labkit", "main")


def load_course(root: Path | str = ".") -> CourseSetting:
    """The course setting of the kit at ``root`` (``[tool.osai.course]`` in ``root/pyproject.toml``).

    A folder without ``pyproject.toml`` gets :data:`DEFAULT`; a ``pyproject.toml`` without the
    table is an error, so that a fork never silently points students at another repository.

    >>> load_course("/nonexistent") == DEFAULT
    True
    """
    import tomllib

    path = Path(root) / "pyproject.toml"
    if not path.is_file():
        return DEFAULT
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise CourseError(f"{path}: not readable TOML ({error})") from None
    table = data.get("tool", {}).get("osai", {}).get("course")
    if not isinstance(table, dict) or "repository" not in table:
        raise CourseError(f"{path} has no [tool.osai.course] table with repository = \"owner/name\" "
                          "(and ref = \"main\"): set the course's GitHub repository there")
    unknown = sorted(set(table) - {"repository", "ref"})
    if unknown:
        raise CourseError(f"{path}: [tool.osai.course] knows repository and ref, not {', '.join(unknown)}")
    return CourseSetting(table["repository"], table.get("ref", "main"))


def colab_url(setting: CourseSetting, lab_file: str) -> str:
    """Where Colab opens ``labs/<lab_file>`` of the course.

    >>> colab_url(CourseSetting("org/kit", "v1"), "00_x.ipynb")
    'https://colab.research.google.com/github/org/kit/blob/v1/labs/00_x.ipynb'
    """
    return f"https://colab.research.google.com/github/{setting.repository}/blob/{setting.ref}/labs/{lab_file}"


def colab_badge(setting: CourseSetting, lab_file: str) -> str:
    """Markdown of the "Open in Colab" badge of a lab's title cell.

    >>> colab_badge(CourseSetting("org/kit"), "00_x.ipynb").endswith("(https://colab.research.google.com/github/org/kit/blob/main/labs/00_x.ipynb)")
    True
    """
    return f"[![Open in Colab]({COLAB_BADGE})]({colab_url(setting, lab_file)})"


def binder_url(setting: CourseSetting, lab_file: str = "00_orientation.ipynb") -> str:
    """Binder's launch address for the course, opening ``labs/<lab_file>`` in JupyterLab.

    >>> binder_url(CourseSetting("org/kit", "v1"))
    'https://mybinder.org/v2/gh/org/kit/v1?urlpath=lab/tree/labs/00_orientation.ipynb'
    """
    return f"https://mybinder.org/v2/gh/{setting.repository}/{setting.ref}?urlpath=lab/tree/labs/{lab_file}"


def pip_requirement(setting: CourseSetting) -> str:
    """What the Colab set-up cell installs: the course's kit at its ref.

    >>> pip_requirement(CourseSetting("org/kit"))
    'osai-labkit@git+https://github.com/org/kit@main'
    """
    return f"{PACKAGE}@git+{setting.url}@{setting.ref}"


def with_install_line(source: str, setting: CourseSetting) -> str:
    """A set-up cell's source with its Colab install pointing at the course (other text unchanged).

    Raises :class:`CourseError` when the cell installs no ``osai-labkit@git+https://github.com/...``.

    >>> with_install_line('%pip install osai-labkit@git+https://github.com/a/b', CourseSetting("org/kit", "v1"))
    '%pip install osai-labkit@git+https://github.com/org/kit@v1'
    """
    new, count = _INSTALL.subn(pip_requirement(setting), source)
    if not count:
        raise CourseError("the set-up cell installs no osai-labkit@git+https://github.com/owner/name: "
                          "expected the Colab install line of solutions/00_orientation.ipynb")
    return new


def with_launch_links(text: str, setting: CourseSetting) -> str:
    """Markdown (the README) with every Binder and Colab launch link pointing at the course.

    >>> with_launch_links("[open](https://colab.research.google.com/github/a/b/blob/main/labs/00_x.ipynb)",
    ...                   CourseSetting("org/kit", "v1"))
    '[open](https://colab.research.google.com/github/org/kit/blob/v1/labs/00_x.ipynb)'
    """
    text = _COLAB_LINK.sub(f"https://colab.research.google.com/github/{setting.repository}/blob/{setting.ref}/", text)
    return _BINDER_LINK.sub(f"https://mybinder.org/v2/gh/{setting.repository}/{setting.ref}", text)


def setup_cell(nb: Any) -> Any | None:
    """The set-up cell of a notebook (the code cell with id ``setup``), or ``None``.

    >>> import nbformat
    >>> setup_cell(nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("import osai", id="setup")])).source
    'import osai'
    """
    return next((c for c in nb.cells if c.get("id") == "setup" and c.get("cell_type") == "code"), None)


# --------------------------------------------------------------------------------------------------
# Is the kit a Classroom template would install the local one? (git, offline)


@dataclass
class KitComparison:
    """What ``osai classroom-template`` found on comparing the setting with the local git repository.

    ``problems`` mean the workflow would grade with another kit (refuse unless forced); ``unknown``
    lists what cannot be known offline.
    """

    problems: list[str] = field(default_factory=list)
    unknown: list[str] = field(default_factory=list)


def github_repository(url: str) -> str | None:
    """``owner/name`` of a GitHub remote URL (https or ssh), else ``None``.

    >>> github_repository("git@github.com:Org/Kit.git"), github_repository("https://github.com/org/kit")
    ('Org/Kit', 'org/kit')
    >>> github_repository("/srv/git/kit") is None
    True
    """
    found = re.fullmatch(r"(?:https?://(?:[^@/]+@)?github\.com/|(?:ssh://)?git@github\.com[:/])"
                         r"([A-Za-z0-9-]+/[A-Za-z0-9._-]+?)(?:\.git)?/?", url.strip())
    return found.group(1) if found else None


def _git(root: Path, *args: str) -> str | None:
    try:
        done = subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout.strip() if done.returncode == 0 else None


def compare_with_local(setting: CourseSetting, kit_ref: str, root: Path | str = ".") -> KitComparison:
    """Compare the kit a Classroom workflow would install (``setting.repository`` at ``kit_ref``)
    with the git repository at ``root``, offline.

    A problem: no remote of ``root`` is the setting's repository; ``kit_ref`` is no branch, tag or
    commit of the local repository (``git rev-parse``); ``HEAD`` is not the commit ``kit_ref``
    names (locally, or as last fetched from the course's remote); uncommitted changes to the
    package, the solutions or ``pyproject.toml``. What cannot be known offline (whether GitHub's
    copy moved since the last fetch, whether the runner can read it) is always listed in ``unknown``.

    >>> result = compare_with_local(CourseSetting("org/kit"), "main", "/nonexistent")
    >>> result.problems, result.unknown[0]
    ([], '/nonexistent is not a git repository: cannot tell which kit the workflow will fetch')
    """
    root = Path(root)
    result = KitComparison()
    later = (f"offline, nobody can tell whether {setting.repository}@{kit_ref} on GitHub moved since the last "
             "fetch, or whether the runner can read it")
    if _git(root, "rev-parse", "--show-toplevel") is None:
        result.unknown += [f"{root} is not a git repository: cannot tell which kit the workflow will fetch", later]
        return result
    remotes: dict[str, str] = {}
    for line in (_git(root, "remote", "-v") or "").splitlines():
        parts = line.split()
        if len(parts) >= 2:
            remotes[parts[0]] = parts[1]
    course = [name for name, url in remotes.items()
              if (github_repository(url) or "").lower() == setting.repository.lower()]
    if not remotes:
        result.unknown.append(f"this repository has no git remote: cannot tell whether it is {setting.repository}")
    elif not course:
        seen = ", ".join(f"{name} = {url}" for name, url in sorted(remotes.items()))
        result.problems.append(f"[tool.osai.course] says {setting.repository}, but this kit's remotes are {seen}: "
                               "the workflow would grade with another kit (set repository to your course's "
                               "owner/name, or push this kit there)")
    head = _git(root, "rev-parse", "--verify", "--quiet", "HEAD^{commit}")
    local = _git(root, "rev-parse", "--verify", "--quiet", f"{kit_ref}^{{commit}}")
    fetched = next((c for c in (_git(root, "rev-parse", "--verify", "--quiet", f"refs/remotes/{name}/{kit_ref}")
                                for name in course) if c), None)
    target = fetched or local
    if target is None:
        result.problems.append(f"--kit-ref {kit_ref} is no branch, tag or commit of this repository "
                               "(git rev-parse): create and push it, or fetch it, first")
    elif head and target != head:
        where = f"{kit_ref} (as last fetched)" if fetched else kit_ref
        result.problems.append(f"the workflow installs {setting.repository}@{where} = {target[:12]}, but this kit "
                               f"is at {head[:12]}: commit and push, or choose the ref of this commit")
    if target is not None and not fetched:
        result.unknown.append(f"whether {kit_ref} is pushed to {setting.repository}: no fetched copy of it")
    changed = _git(root, "status", "--porcelain", "--", "utils", "solutions", "pyproject.toml")
    if changed:
        result.problems.append("uncommitted changes in utils/, solutions/ or pyproject.toml: the template is made "
                               "from them, but the workflow installs the committed kit")
    result.unknown.append(later)
    return result


# --------------------------------------------------------------------------------------------------
# What build-labs writes from the setting


def sync_setup(nb: Any, setting: CourseSetting) -> bool:
    """Point the Colab install line of ``nb``'s set-up cell at the course (in place); ``True`` if it changed.

    A notebook without a set-up cell, or whose set-up cell installs nothing, is left alone.

    >>> import nbformat
    >>> nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("%pip install osai-labkit@git+https://github.com/a/b", id="setup")])
    >>> sync_setup(nb, CourseSetting("org/kit")), sync_setup(nb, CourseSetting("org/kit"))
    (True, False)
    """
    cell = setup_cell(nb)
    if cell is None or not _INSTALL.search(cell.source):
        return False
    new = with_install_line(cell.source, setting)
    changed = new != cell.source
    cell.source = new
    return changed


def sync_readme(path: Path | str, setting: CourseSetting, write: bool = True) -> bool:
    """Point the launch links of the README at ``path`` at the course; ``True`` if they differed.

    With ``write=False`` only compare. A missing file is no difference (a fork may drop the README).

    >>> sync_readme("/nonexistent/README.md", DEFAULT)
    False
    """
    path = Path(path)
    if not path.is_file():
        return False
    text = path.read_text(encoding="utf-8")
    new = with_launch_links(text, setting)
    if new == text:
        return False
    if write:
        path.write_text(new, encoding="utf-8")
    return True

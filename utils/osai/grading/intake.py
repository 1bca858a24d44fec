# SPDX-FileCopyrightText: 2026 The Open Source AI Lab Kit authors
# SPDX-License-Identifier: MIT
"""Step 1: take a class's submissions as they arrive, find each student's notebook for each lab.

Four layouts, detected from the names the tools give (or forced with ``layout=``):

- ``folders``: ``SUBMISSIONS/<student>/<notebook>`` (any depth; nbgrader's exchange layout too);
- ``canvas``: the flat files of Canvas's "Download Submissions", named
  ``<lastfirst>_[LATE_]<user id>_<attachment id>_<original name>``, with ``-1``, ``-2`` added to a
  file name uploaded again (``lib/content_zipper.rb`` and ``Attachment.make_unique_filename`` in
  https://github.com/instructure/canvas-lms);
- ``moodle``: Moodle's "Download all submissions", one folder per student,
  ``<Full Name>_<participant id>_assignsubmission_file`` (with a trailing ``_`` before Moodle 4.1,
  or flat files ``<Full Name>_<participant id>_assignsubmission_file_<name>`` when "download
  submissions in folders" is off; ``mod/assign/classes/downloader.php`` in
  https://github.com/moodle/moodle);
- ``classroom``: GitHub Classroom's student repositories, one folder each named
  ``<assignment>-<github username>`` (what ``gh classroom clone student-repos`` writes, in a
  ``<assignment>-submissions`` folder; https://github.com/github/gh-classroom).

A zip (Canvas's and Moodle's downloads) is unpacked into a fresh temporary folder, refusing entries
that would land outside it and absurd sizes. Nothing in the submissions is ever written.

>>> canvas_name("smithbob_LATE_1234_98765_00_orientation-1.ipynb")
('smithbob', True, '1234', '00_orientation.ipynb', 2)
>>> moodle_name("Bob Smith_417_assignsubmission_file")
('Bob Smith', '417', '')
"""

from __future__ import annotations

import contextlib
import os
import re
import stat
from collections.abc import Collection, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from osai.grading.matching import Match, choose, match_notebook
from osai.grading.model import GradingError, Origin, Submission

__all__ = ["LAYOUTS", "Intake", "canvas_name", "detect_layout", "moodle_name", "opened", "take_in", "unpack_zip"]

LAYOUTS = ("canvas", "moodle", "classroom", "folders")
EXPECTED = ("SUBMISSIONS/<student>/<NN_name>.ipynb, a Canvas or Moodle download (zip or unpacked) "
            "or a folder of GitHub Classroom repositories")
MAX_UNPACKED = 4 * 1024**3  # bytes a zip may unpack to
MAX_ENTRIES = 100_000

_CANVAS = re.compile(r"^(?:(?!late_)(?P<name>.+?)_)?(?:(?P<late>late)_)?(?P<id>\d+|anon_[A-Za-z0-9]+)_"
                     r"(?P<file>\d+)_(?P<orig>.+)$", re.IGNORECASE)
_MOODLE = re.compile(r"^(?P<name>.+?)_(?P<id>\d+)_assignsubmission_(?P<plugin>[a-z]+)_?(?P<orig>(?<=_).+)?$")
_AGAIN = re.compile(r"^(?P<stem>.+)-(?P<n>[1-9]\d*)(?P<ext>\.[A-Za-z0-9]+)$")


def canvas_name(filename: str) -> tuple[str, bool, str, str, int | None] | None:
    """A Canvas download's file name → ``(name, late, user id, original name, attempt)``, or ``None``.

    The attempt is 2 for a ``-1`` suffix (the second upload under that name), ``None`` without one.

    >>> canvas_name("00_orientation.ipynb") is None
    True
    """
    found = _CANVAS.match(filename)
    if not found or not found.group("orig"):
        return None
    original, attempt = found.group("orig"), None
    again = _AGAIN.match(original)
    if again:
        original, attempt = again.group("stem") + again.group("ext"), int(again.group("n")) + 1
    return found.group("name") or "", bool(found.group("late")), found.group("id"), original, attempt


def moodle_name(name: str) -> tuple[str, str, str] | None:
    """A Moodle download's folder or file name → ``(full name, participant id, original name or "")``."""
    found = _MOODLE.match(name)
    if not found or found.group("plugin") not in ("file", "onlinetext"):
        return None
    return found.group("name"), found.group("id"), found.group("orig") or ""


@dataclass(frozen=True)
class _Handed:
    """One file as a layout sees it: whose, where, under which name it is matched, and the LMS's word."""

    student: str
    path: Path
    shown: str
    name: str
    origin: Origin


@dataclass
class Intake:
    """What step 1 found: the layout, every student, the notebooks to grade and every file not graded."""

    layout: str
    why: str
    submissions: list[Submission] = field(default_factory=list)
    people: dict[str, Origin] = field(default_factory=dict)
    skipped: list[tuple[str, str, str]] = field(default_factory=list)  # (path, student, why)
    unmatched: dict[str, list[str]] = field(default_factory=dict)  # student → notes


# --------------------------------------------------------------------------------------------------
# Opening: a folder as it is, a zip unpacked


@contextlib.contextmanager
def opened(submissions: Path | str) -> Iterator[Path]:
    """The folder to read: ``submissions`` itself, or a zip unpacked into a temporary folder (removed after)."""
    import shutil
    import tempfile
    import zipfile

    path = Path(submissions)
    if path.is_dir():
        yield path.resolve()
        return
    if not path.is_file():
        raise GradingError(f"submissions not found: {path} (expected {EXPECTED})")
    if not zipfile.is_zipfile(path):
        raise GradingError(f"{path} is neither a folder nor a zip file (expected {EXPECTED})")
    tmp = Path(tempfile.mkdtemp(prefix="osai-intake-"))
    try:
        unpack_zip(path, tmp)
        yield tmp.resolve()
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def unpack_zip(archive: Path | str, into: Path | str, max_bytes: int = MAX_UNPACKED) -> list[Path]:
    """Unpack ``archive`` into the folder ``into``; refuse the whole zip if an entry would land outside it.

    Refused too: links, more than ``MAX_ENTRIES`` entries, more than ``max_bytes`` unpacked (counted
    while writing, not trusted from the zip's headers).
    """
    import zipfile

    archive, into = Path(archive), Path(into).resolve()
    written: list[Path] = []
    total = 0
    try:
        with zipfile.ZipFile(archive) as zipped:
            entries = zipped.infolist()
            if len(entries) > MAX_ENTRIES:
                raise GradingError(f"{archive.name}: {len(entries)} entries, more than {MAX_ENTRIES}; refused")
            if sum(e.file_size for e in entries) > max_bytes:
                raise GradingError(f"{archive.name} would unpack to more than {max_bytes // 1024**2} MB; refused")
            for entry in entries:
                target = _safe_target(into, entry, archive.name)
                if entry.is_dir():
                    target.mkdir(parents=True, exist_ok=True)
                    continue
                target.parent.mkdir(parents=True, exist_ok=True)
                with zipped.open(entry) as source, open(target, "xb") as sink:
                    while chunk := source.read(1 << 20):
                        total += len(chunk)
                        if total > max_bytes:
                            raise GradingError(f"{archive.name} unpacks to more than {max_bytes // 1024**2} MB; "
                                               "refused")
                        sink.write(chunk)
                _keep_time(target, entry)
                written.append(target)
    except zipfile.BadZipFile as error:
        raise GradingError(f"{archive.name} is not a readable zip file ({error})") from None
    except FileExistsError as error:
        raise GradingError(f"{archive.name} holds {Path(error.filename).name!r} twice; refused") from None
    return written


def _keep_time(target: Path, entry: Any) -> None:
    """Give an unpacked file the time the zip records for it (read as UTC), so a grade's submission time is stable."""
    import calendar
    import os

    try:
        stamp = calendar.timegm((*entry.date_time, 0, 0, 0))
        os.utime(target, (stamp, stamp))
    except (OverflowError, OSError, ValueError):
        pass


def _safe_target(into: Path, entry: Any, archive: str) -> Path:
    name = entry.filename
    parts = re.split(r"[/\\]", name)
    if stat.S_ISLNK(entry.external_attr >> 16):
        raise GradingError(f"{archive}: entry {name!r} is a symbolic link; refused")
    target = (into / name).resolve()
    if (name.startswith(("/", "\\")) or re.match(r"^[A-Za-z]:", name) or ".." in parts
            or not target.is_relative_to(into) or target == into):
        raise GradingError(f"{archive}: entry {name!r} would be written outside the folder it is unpacked "
                           "into (zip slip); refused")
    return target


# --------------------------------------------------------------------------------------------------
# Layouts


def _visible(path: Path) -> bool:
    return not path.name.startswith((".", "__MACOSX"))


def _children(root: Path) -> list[Path]:
    return sorted(p for p in root.iterdir() if _visible(p))


def _walk(folder: Path) -> Iterator[tuple[Path, str | None]]:
    """Every visible file under ``folder`` (links are never followed): ``(path, why skipped or None)``."""
    for here, dirs, files in os.walk(folder, followlinks=False):
        dirs[:] = sorted(d for d in dirs if _visible(Path(d)) and not os.path.islink(os.path.join(here, d)))
        for name in sorted(files):
            path = Path(here) / name
            if not _visible(path):
                continue
            if path.is_symlink():
                yield path, "a symbolic link (not followed)"
            else:
                yield path, None if name.lower().endswith(".ipynb") else "not a notebook (.ipynb)"


def _classroom_slug(root: Path, names: list[str]) -> str | None:
    if root.name.endswith("-submissions") and all(n.startswith(root.name[: -len("submissions")]) for n in names):
        return root.name[: -len("-submissions")]
    if len(names) < 2:
        return None
    prefix = os.path.commonprefix(names)
    prefix = prefix[: prefix.rfind("-")] if "-" in prefix else ""
    return prefix or None


def detect_layout(root: Path) -> tuple[str, str]:
    """``(layout, why)`` of the unpacked submissions in ``root``; raises :class:`GradingError` saying what it saw."""
    entries = _children(root)
    files = [p for p in entries if p.is_file()]
    dirs = [p for p in entries if p.is_dir()]
    moodle = [p for p in entries if moodle_name(p.name)]
    if moodle:
        return "moodle", f"{len(moodle)} entries named like Moodle's <Full Name>_<participant id>_assignsubmission_..."
    canvas = [p for p in files if canvas_name(p.name)]
    if canvas and len(canvas) * 2 >= len(files):
        return "canvas", f"{len(canvas)} files named like Canvas's <lastfirst>_<user id>_<file id>_<name>"
    repos = [p for p in dirs if (p / ".git").exists()]
    if repos and len(repos) * 2 >= len(dirs):
        return "classroom", f"{len(repos)} git repositories named like <assignment>-<github username>"
    if dirs:
        return "folders", f"{len(dirs)} student folders"
    notebooks = sum(p.name.lower().endswith(".ipynb") for p in files)
    if files:
        raise GradingError(f"no submission found in {root}: found {notebooks} notebook(s) and "
                           f"{len(files) - notebooks} other file(s) directly in it but no student folders, and no "
                           f"file named like a Canvas download; expected {EXPECTED}")
    raise GradingError(f"no submission found: {root} is empty; expected {EXPECTED}")


def _read(root: Path, layout: str) -> tuple[list[_Handed], dict[str, Origin], list[tuple[str, str, str]]]:
    """The files of ``root`` read as ``layout``: ``(notebooks, {student: identity}, skipped)``."""
    handed: list[_Handed] = []
    people: dict[str, Origin] = {}
    skipped: list[tuple[str, str, str]] = []

    def take(student: str, folder: Path, origin: Origin) -> None:
        people.setdefault(student, origin)
        for path, why in _walk(folder):
            shown = str(path.relative_to(root))
            if why:
                skipped.append((shown, student, why))
            else:
                handed.append(_Handed(student, path, shown, path.name, origin))

    entries = _children(root)
    slug = None
    if layout == "classroom":
        slug = _classroom_slug(root, [p.name for p in entries if p.is_dir()])
    for entry in entries:
        shown = entry.name
        if layout == "canvas" and entry.is_file():
            parsed = canvas_name(entry.name)
            if parsed is None:
                skipped.append((shown, "", "not named like a Canvas download (<lastfirst>_<user id>_<file id>_<name>)"))
                continue
            name, late, uid, original, attempt = parsed
            origin = Origin(late=late, attempt=attempt, lms="canvas", lms_id=uid, lms_name=name)
            people.setdefault(uid, replace(origin, late=None, attempt=None))
            if original.lower().endswith(".ipynb"):
                handed.append(_Handed(uid, entry, shown, original, origin))
            else:
                skipped.append((shown, uid, "not a notebook (.ipynb)"))
        elif layout == "moodle" and moodle_name(entry.name):
            full, pid, original = moodle_name(entry.name)
            origin = Origin(lms="moodle", lms_id=pid, lms_name=full)
            if entry.is_dir():
                take(pid, entry, origin)
            else:
                people.setdefault(pid, origin)
                if original.lower().endswith(".ipynb"):
                    handed.append(_Handed(pid, entry, shown, original, origin))
                else:
                    skipped.append((shown, pid, "not a notebook (.ipynb)"))
        elif layout == "classroom" and entry.is_dir():
            user = entry.name[len(slug) + 1:] if slug and entry.name.startswith(slug + "-") else entry.name
            take(user, entry, Origin(lms="classroom", lms_id=user, lms_name=entry.name))
        elif layout == "folders" and entry.is_dir():
            take(entry.name, entry, Origin())
        else:
            kind = "folder" if entry.is_dir() else "file"
            skipped.append((shown, "", f"a {kind} that is not part of the {layout} layout"))
    return handed, people, skipped


# --------------------------------------------------------------------------------------------------
# Matching every notebook to a lab


def take_in(root: Path | str, labs: dict[str, str], layout: str = "auto",
            wanted: Collection[str] | None = None) -> Intake:
    """Read ``root`` (a folder) in ``layout`` (``auto``: detected) and pick each student's notebook per lab.

    ``labs`` maps every lab number to its notebook name; only the labs in ``wanted`` (default: all)
    are taken, a notebook of another lab is only logged. Raises :class:`GradingError` when no
    student is found, saying which layout was expected and what was seen.
    """
    root = Path(root)
    if not root.is_dir():
        raise GradingError(f"submissions folder not found: {root} (expected {EXPECTED})")
    if layout == "auto":
        entries = _children(root)
        if len(entries) == 1 and entries[0].is_dir() and not (entries[0] / ".git").exists():
            with contextlib.suppress(GradingError):  # a download unpacked into a folder of its own
                if detect_layout(entries[0])[0] in ("canvas", "moodle", "classroom"):
                    root = entries[0]
        layout, why = detect_layout(root)
    elif layout in LAYOUTS:
        why = "as asked (--layout)"
    else:
        raise GradingError(f"unknown layout {layout!r}; expected auto or one of: {', '.join(LAYOUTS)}")
    handed, people, skipped = _read(root, layout)
    if not people:
        seen = "; ".join(f"{p} ({w})" for p, _, w in skipped[:3]) or "nothing"
        raise GradingError(f"no submission found in {root} read as {layout}: saw {seen}; expected {EXPECTED}")
    intake = Intake(layout, why, people=people, skipped=skipped)
    expected = ", ".join(name for number, name in labs.items() if wanted is None or number in wanted)
    by_student: dict[tuple[str, str], list[tuple[_Handed, Match]]] = {}
    for item in handed:
        match = match_notebook(item.path, labs, item.name)
        if match.lab is None:
            intake.skipped.append((item.shown, item.student, match.why))
            intake.unmatched.setdefault(item.student, []).append(
                f"{item.shown!r} was not graded: {match.why} (expected a lab notebook such as {expected})")
            continue
        if wanted is not None and match.lab not in wanted:
            intake.skipped.append((item.shown, item.student, f"lab {match.lab}, not graded in this run"))
            continue
        by_student.setdefault((item.student, match.lab), []).append((item, match))
    for (student, lab), found in sorted(by_student.items()):
        index, rule = choose([(h.path, m) for h, m in found]) if len(found) > 1 else (0, "")
        item, match = found[index]
        notes: tuple[str, ...] = ()
        if len(found) > 1:
            others = [h for i, (h, _) in enumerate(found) if i != index]
            notes = (f"{len(found)} notebooks for lab {lab}: graded {item.shown!r} ({match.why}; {rule}), "
                     f"ignored {', '.join(repr(h.shown) for h in others)}",)
            intake.skipped += [(h.shown, student, f"another notebook for lab {lab} was graded: {item.shown}")
                               for h in others]
        origin = replace(item.origin, file=item.shown, matched_by=match.why)
        intake.submissions.append(Submission(student, lab, labs[lab], item.path, notes, origin))
    intake.skipped.sort()
    return intake

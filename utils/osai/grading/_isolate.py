# SPDX-FileCopyrightText: 2026 The Open Source AI Lab Kit authors
# SPDX-License-Identifier: MIT
"""The grader's namespace program, run as ``python -m osai.grading._isolate`` (see :data:`USAGE`).

:func:`osai.grading.sandbox.run_nbval` starts it with ``unshare -rmnpf --kill-child --mount-proc``, so
it runs as pid 1 of fresh user, mount, pid and network namespaces, with the run folder's ``box/`` as
its working directory. Outside the system folders, everything that is not on the way to a kept path
(Python, the packages) is hidden; so are the ``HIDDEN`` folders (the instructor's) and the other run
folders. All is read-only but the run folder, and only loopback networking exists. Then it replaces
itself with ``COMMAND`` (pytest with nbval).

It needs Linux and a mount namespace to do anything; reading its arguments does not:

>>> parse_args(["/w/r/box", "/w/r/private", "/srv/solutions", "--", "/usr/lib", "--", "pytest", "-q"])
Plan(box='/w/r/box', private='/w/r/private', hidden=['/srv/solutions'], keep=['/usr/lib'], command=['pytest', '-q'])
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Sequence
from typing import Any, NamedTuple

__all__ = ["Plan", "UsageError", "main", "parse_args"]

USAGE = "usage: python -m osai.grading._isolate BOX PRIVATE [HIDDEN...] -- [KEEP...] -- COMMAND..."
#: Top-level folders left as they are (read-only): the system a kernel needs.
SYSTEM = {"usr", "lib", "lib32", "lib64", "libx32", "bin", "sbin", "etc", "dev", "proc", "sys", "opt",
          "var", "run", "boot", "snap", "nix"}
#: File systems that are not remounted read-only (the kernel's own views), /tmp aside.
_PSEUDO = ("proc", "sysfs", "devtmpfs", "devpts", "mqueue", "cgroup", "cgroup2", "tmpfs")
RDONLY, NOSUID, NODEV, BIND = 1, 2, 4, 4096  # mount(2) flags


class UsageError(ValueError):
    """The arguments are not ``BOX PRIVATE [HIDDEN...] -- [KEEP...] -- COMMAND...``."""


class Plan(NamedTuple):
    """What to do: the run folder's two halves, the folders to hide and to keep, the command to run."""

    box: str
    private: str
    hidden: list[str]
    keep: list[str]
    command: list[str]


def parse_args(argv: Sequence[str]) -> Plan:
    """Read ``BOX PRIVATE [HIDDEN...] -- [KEEP...] -- COMMAND...``; raise :class:`UsageError` when it is not that.

    >>> parse_args(["box", "private", "--", "--", "true"])
    Traceback (most recent call last):
    ...
    osai.grading._isolate.UsageError: BOX and PRIVATE must be absolute paths, got 'box' and 'private'
    >>> parse_args(["/w/r/box", "/w/r/private", "--", "true"])
    Traceback (most recent call last):
    ...
    osai.grading._isolate.UsageError: expected two '--' separators, got 1; usage: python -m osai.grading._isolate ...
    """
    args = list(argv)
    cuts = [i for i, arg in enumerate(args) if arg == "--"]
    if len(cuts) < 2:
        raise UsageError(f"expected two '--' separators, got {len(cuts)}; {USAGE}")
    first, second = cuts[0], cuts[1]
    if first < 2:
        raise UsageError(f"expected BOX and PRIVATE before the first '--'; {USAGE}")
    box, private = args[0], args[1]
    if not (os.path.isabs(box) and os.path.isabs(private)):
        raise UsageError(f"BOX and PRIVATE must be absolute paths, got {box!r} and {private!r}")
    command = args[second + 1:]
    if not command:
        raise UsageError(f"expected a command after the second '--'; {USAGE}")
    return Plan(box, private, args[2:first], args[first + 1:second], command)


def _libc() -> Any:
    import ctypes

    libc = ctypes.CDLL(None, use_errno=True)
    libc.mount.argtypes = [ctypes.c_char_p, ctypes.c_char_p, ctypes.c_char_p, ctypes.c_ulong, ctypes.c_char_p]
    return libc


def mount(libc: Any, source: str | None, target: str, fstype: str | None, flags: int, data: str | None) -> bool:
    """mount(2); whether it worked."""
    def enc(value: str | None) -> bytes | None:
        return None if value is None else value.encode()
    return libc.mount(enc(source), enc(target), enc(fstype), flags, enc(data)) == 0


def hide(libc: Any, path: str, data: str = "size=16k,mode=755", flags: int = RDONLY | NOSUID | NODEV) -> bool:
    """Cover ``path`` with an empty tmpfs (read-only unless ``flags`` say otherwise)."""
    return mount(libc, "osai-hidden", path, "tmpfs", flags, data)


def hide_except(libc: Any, folder: str, keep: Sequence[str]) -> None:
    """Hide every entry of ``folder`` except the system folders (at ``/``), kept paths and the way to them."""
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return
    for entry in entries:
        path = entry.path
        if (folder == "/" and entry.name in SYSTEM) or path in keep:
            continue
        try:
            if entry.is_symlink():
                continue
            if entry.is_file():
                mount(libc, "/dev/null", path, None, BIND, None)  # reads as empty, writes vanish
                continue
            if not entry.is_dir():
                continue
        except OSError:
            continue
        if any(k.startswith(path + "/") for k in keep):
            hide_except(libc, path, keep)
        else:
            hide(libc, path)


def writable_mounts(mountinfo: str) -> list[str]:
    """Mount points of ``/proc/self/mountinfo`` text to remount read-only (real file systems, and /tmp).

    >>> writable_mounts("36 35 98:0 / / rw - ext4 /dev/root rw\\n37 36 0:5 / /proc rw - proc proc rw\\n")
    ['/']
    """
    points = []
    for line in mountinfo.splitlines():
        parts = line.split()
        point, fstype = parts[4], parts[parts.index("-") + 1]
        if fstype not in _PSEUDO or point == "/tmp":
            points.append(point.encode().decode("unicode_escape"))
    return points


def isolate(plan: Plan) -> None:
    """Hide what the run must not see, make the rest read-only, then become ``plan.command`` (never returns)."""
    libc = _libc()
    subprocess.run(["ip", "link", "set", "lo", "up"], capture_output=True)
    with open("/proc/self/mountinfo") as info:
        mounts = writable_mounts(info.read())
    fds = {path: os.open(path, os.O_RDONLY | os.O_DIRECTORY) for path in (plan.box, plan.private)}
    work = os.path.dirname(os.path.dirname(plan.box))  # the folder that holds every run folder
    keep = [*plan.keep, work]
    hide_except(libc, "/", keep)
    for path in plan.hidden:
        if os.path.isdir(path) and os.path.realpath(path) != "/":
            if any(k.startswith(path.rstrip("/") + "/") for k in keep):
                hide_except(libc, path, keep)  # e.g. a virtual environment inside the submissions folder stays usable
            else:
                hide(libc, path)
    if not hide(libc, work, "size=64m,mode=700", NOSUID | NODEV):
        sys.exit("osai grade: could not mount the sandbox")
    for path, fd in fds.items():
        os.makedirs(path)
        if not mount(libc, f"/proc/self/fd/{fd}", path, None, BIND, None):
            sys.exit("osai grade: could not bind the sandbox")
        os.close(fd)
    for point in sorted(set(mounts)):
        subprocess.run(["mount", "-o", "remount,bind,ro", point], capture_output=True)
    os.chdir(plan.box)
    os.execvp(plan.command[0], plan.command)


def main(argv: Sequence[str] | None = None) -> int:
    """The command line: exit 2 with the usage on bad arguments; else run (the process becomes the command)."""
    try:
        plan = parse_args(sys.argv[1:] if argv is None else argv)
    except UsageError as error:
        print(f"osai grade: {error}", file=sys.stderr)
        return 2
    isolate(plan)
    return 0  # not reached: isolate() replaces the process


if __name__ == "__main__":
    sys.exit(main())

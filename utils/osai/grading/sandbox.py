# SPDX-FileCopyrightText: 2026 The Open Source AI Lab Kit authors
# SPDX-License-Identifier: MIT
"""Steps 6 and 7: lay out a fresh run folder for one notebook, and run nbval on it.

With Linux namespaces (:func:`isolation_available`), the run goes through :mod:`osai.grading._isolate`:
the instructor's folders and the other run folders are hidden, the rest is read-only, and there is no
network.

>>> GradeSettings(timeout=5).backstop  # nbval's own wall-clock limit per cell
20.0
"""

from __future__ import annotations

import json
import os
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from osai.grading.model import GradeSettings

__all__ = ["SANDBOX_NOTEBOOK", "RunFolder", "RunOutcome", "isolation_available", "make_run_folder", "run_nbval"]

#: The submission's file name inside its run folder.
SANDBOX_NOTEBOOK = "submission.ipynb"


# --------------------------------------------------------------------------------------------------
# Step 6: the run folder and its kernelspec


@dataclass(frozen=True)
class RunFolder:
    """A fresh folder for one run: ``box/`` (the kernel's world) and ``private/`` (the grader's)."""

    root: Path
    box: Path
    notebook: Path
    private: Path


def make_run_folder(nb: Any, parent: Path | str, memory_mb: int) -> RunFolder:
    """Write ``nb`` into a new folder under ``parent`` that holds nothing else, and a kernelspec.

    The kernelspec starts ipykernel with an address-space limit of ``memory_mb`` (``RLIMIT_AS``).

    >>> import nbformat, tempfile
    >>> run = make_run_folder(nbformat.v4.new_notebook(), tempfile.mkdtemp(), 512)
    >>> sorted(p.name for p in run.box.iterdir()), (run.private / "kernels" / "osai-grade" / "kernel.json").is_file()
    (['home', 'submission.ipynb', 'tmp'], True)
    >>> import shutil; shutil.rmtree(run.root.parent)
    """
    import tempfile

    import nbformat

    root = Path(tempfile.mkdtemp(prefix="run-", dir=parent))
    box, private = root / "box", root / "private"
    for folder in (box, box / "tmp", box / "home", private):
        folder.mkdir(parents=True)
    notebook = box / SANDBOX_NOTEBOOK
    nbformat.write(nb, notebook, version=4)
    spec = private / "kernels" / "osai-grade"
    spec.mkdir(parents=True)
    limit = int(memory_mb) * 1024 * 1024
    launcher = (
        "import resource, runpy, sys\n"
        f"resource.setrlimit(resource.RLIMIT_AS, ({limit}, {limit}))\n"
        "sys.argv = ['ipykernel_launcher'] + sys.argv[1:]\n"
        "runpy.run_module('ipykernel_launcher', run_name='__main__', alter_sys=True)\n"
    )
    (spec / "kernel.json").write_text(json.dumps({
        "argv": [sys.executable, "-c", launcher, "-f", "{connection_file}"],
        "display_name": "osai grade", "language": "python",
        "env": {"OSAI_GRADING": "1"},
    }), encoding="utf-8")
    return RunFolder(root, box, notebook, private)


# --------------------------------------------------------------------------------------------------
# Step 7: run nbval


_ISOLATION: bool | None = None


def isolation_available() -> bool:
    """Whether Linux namespaces (``unshare``) can hide folders and cut the network for each run.

    >>> isinstance(isolation_available(), bool)
    True
    """
    import shutil
    import subprocess

    global _ISOLATION
    if _ISOLATION is None:
        unshare = shutil.which("unshare")
        _ISOLATION = False
        if unshare and sys.platform.startswith("linux"):
            try:
                done = subprocess.run([unshare, "-rmnpf", "--kill-child", "--mount-proc", "true"],
                                      capture_output=True, timeout=20)
                _ISOLATION = done.returncode == 0
            except (OSError, subprocess.SubprocessError):
                _ISOLATION = False
    return _ISOLATION


def _kept_paths(hidden: Sequence[Path]) -> list[str]:
    """Folders a kernel needs (Python, its packages, the osai package), never one holding a hidden folder."""
    import importlib.util
    import site

    spec = importlib.util.find_spec("osai")
    candidates = [sys.prefix, sys.base_prefix, sys.exec_prefix, sys.base_exec_prefix,
                  os.path.dirname(os.path.realpath(sys.executable)), os.path.dirname(sys.executable),
                  *site.getsitepackages(), *[p for p in sys.path if p and os.path.isdir(p)]]
    if spec is not None and spec.origin:
        candidates.append(os.path.dirname(os.path.dirname(spec.origin)))
    hidden_real = [os.path.realpath(h) for h in hidden]
    kept = []
    for candidate in candidates:
        for path in {os.path.abspath(candidate), os.path.realpath(candidate)}:
            if path in ("/", os.getcwd()) or any(h == path or h.startswith(path.rstrip("/") + "/")
                                                  for h in hidden_real):
                continue
            kept.append(path)
    return sorted(set(kept))


@dataclass(frozen=True)
class RunOutcome:
    """What one nbval run left: the JUnit XML text, its exit code, the tail of its output."""

    junit: str
    returncode: int
    output: str
    seconds: float


# How the grader starts pytest. jsonschema (under nbformat, under nbval) imports rfc3987_syntax
# when it is installed, and that import builds a grammar that takes over a second, once per
# submission; notebook schemas never check IRIs, so the grader's pytest goes without it.
_PYTEST_BOOT = ("import sys; sys.modules['rfc3987_syntax'] = None; import pytest; "
                "sys.exit(pytest.main(sys.argv[1:]))")


def _run_env(run: RunFolder) -> dict[str, str]:
    """The environment of one run: the grader's, less its own settings, with home and caches inside ``box/``."""
    import shutil

    env = {key: value for key, value in os.environ.items()
           if not key.startswith(("OSAI_", "JUPYTER", "PYTEST", "IPYTHON", "MPL"))}
    env.update({
        "HF_HUB_OFFLINE": "1", "HF_DATASETS_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1",
        "HOME": str(run.box / "home"), "TMPDIR": str(run.box / "tmp"),
        "JUPYTER_PATH": str(run.private), "JUPYTER_RUNTIME_DIR": str(run.box / "tmp"),
        "IPYTHONDIR": str(run.box / "home" / ".ipython"), "MPLBACKEND": "Agg",
        "PYTHONDONTWRITEBYTECODE": "1", "PYTHONHASHSEED": "0",
        # Only nbval and pytest's own plugins: a plugin that reorders or reruns tests (randomly,
        # xdist, rerunfailures) has no place in grading, and loading every installed plugin costs
        # more than a second per submission.
        "PYTEST_DISABLE_PLUGIN_AUTOLOAD": "1",
        "NUMBA_CACHE_DIR": str(run.box / "tmp" / "numba"),
        "HF_HOME": str(run.box / "home" / ".cache" / "huggingface"),
    })
    mpl_cache = _matplotlib_cache()
    if mpl_cache:
        env["MPLCONFIGDIR"] = str(run.box / "home" / ".mpl")
        shutil.copytree(mpl_cache, env["MPLCONFIGDIR"], dirs_exist_ok=True,
                        ignore=shutil.ignore_patterns("tex.cache"))
    return env


def run_nbval(run: RunFolder, settings: GradeSettings, hidden: Sequence[Path] = ()) -> RunOutcome:
    """Run ``pytest --nbval-lax`` on the run folder's notebook in a subprocess and collect its JUnit XML.

    The working directory is ``run.box``, ``HF_HUB_OFFLINE=1``, ``HOME`` and ``TMPDIR`` point inside
    it, and the kernel has the memory limit of the run folder's kernelspec. With isolation (Linux
    namespaces), ``hidden`` folders (solutions, submissions, reports) are empty, other run folders are
    invisible, the rest of the file system is read-only and there is no network.
    """
    import shutil
    import subprocess

    junit_path = run.private / "nbval.xml"
    env = _run_env(run)
    (run.private / "pytest.ini").write_text("[pytest]\naddopts =\n", encoding="utf-8")
    pytest_argv = [
        sys.executable, "-c", _PYTEST_BOOT, str(run.notebook), "-p", "nbval.plugin", "--nbval-lax",
        f"--nbval-cell-timeout={settings.backstop:g}", "--nbval-kernel-name=osai-grade",
        "--nbval-kernel-startup-timeout=120",
        f"--junitxml={junit_path}", "-c", str(run.private / "pytest.ini"),
        f"--rootdir={run.box}", "-p", "no:cacheprovider", "-q", "--no-header", "-rN", "--tb=no",
    ]
    isolate = isolation_available() if settings.isolate is None else settings.isolate
    if isolate:
        argv = [shutil.which("unshare") or "unshare", "-rmnpf", "--kill-child", "--mount-proc",
                sys.executable, "-m", "osai.grading._isolate", str(run.box), str(run.private),
                *[str(Path(h).resolve()) for h in hidden], "--", *_kept_paths(hidden), "--", *pytest_argv]
    else:
        argv = pytest_argv
    start = time.monotonic()
    limit = 120 + 40 * settings.backstop
    try:
        done = subprocess.run(argv, cwd=run.box, env=env, capture_output=True, timeout=limit,
                              stdin=subprocess.DEVNULL)
        returncode, output = done.returncode, (done.stdout + done.stderr).decode("utf-8", "replace")
    except subprocess.TimeoutExpired as expired:
        returncode = -9
        output = f"the whole run took longer than {limit:g} s and was stopped\n" + \
                 (expired.stdout or b"").decode("utf-8", "replace")[-2000:]
    seconds = time.monotonic() - start
    junit = junit_path.read_text(encoding="utf-8") if junit_path.exists() else ""
    return RunOutcome(junit, returncode, output[-4000:], seconds)


def _matplotlib_cache() -> Path | None:
    """The user's matplotlib cache folder (copied into each run folder so fonts are not rescanned)."""
    candidates = [os.environ.get("MPLCONFIGDIR"), str(Path.home() / ".config" / "matplotlib"),
                  str(Path.home() / ".cache" / "matplotlib")]
    for candidate in candidates:
        if candidate and Path(candidate).is_dir() and any(Path(candidate).glob("fontlist-*.json")):
            return Path(candidate)
    return None

# SPDX-FileCopyrightText: 2026 The Open Source AI Lab Kit authors
# SPDX-License-Identifier: MIT
"""The grader's code inside the student's kernel: :func:`kernel_setup` (first cell) and :func:`kernel_check`.

Each graded check cell drops this module from ``sys.modules`` and imports it afresh: it is the only
grading module a check re-imports (:data:`FRESH_MODULES`), so it imports only the standard library.

>>> FRESH_MODULES[0]
'osai.grading.kernel'
"""

from __future__ import annotations

import io
import json
import os
import sys
from collections.abc import Callable
from typing import Any

__all__ = ["FRESH_MODULES", "RECORD_FILE", "CellTimeout", "kernel_check", "kernel_setup"]

#: Name of the file, inside the run folder, where :func:`kernel_check` records what each check found.
RECORD_FILE = ".osai-grade-checks.jsonl"
#: Modules that every check drops and imports afresh (the check machinery, never content): the
#: check cell drops the first, :func:`kernel_check` the others after looking for signs of tampering.
FRESH_MODULES = ("osai.grading.kernel", "osai.checks", "osai.exercises")
_STATE_MODULE = "_osai_grade_kernel_state"


class CellTimeout(BaseException):
    """Raised inside the kernel when a cell runs past the grader's time limit."""


class _CappedStream:
    """A stream wrapper that drops what a cell prints beyond ``limit`` characters."""

    def __init__(self, stream: Any, limit: int) -> None:
        self._stream, self._limit, self.count, self._told = stream, limit, 0, False

    def reset(self) -> None:  # before each cell
        self.count, self._told = 0, False

    def write(self, text: str) -> int:
        size = len(text)
        if self.count + size <= self._limit:
            self.count += size
            return self._stream.write(text)
        keep = max(0, self._limit - self.count)
        self.count += size
        if keep:
            self._stream.write(text[:keep])
        if not self._told:
            self._told = True
            self._stream.write(f"\n[osai grade: output of this cell cut at {self._limit:,} characters]\n")
        return size

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


def kernel_setup(timeout: float, record: str, output_limit: int = 1_000_000) -> None:
    """Inside the kernel (the grader's first cell): arm a per-cell time limit, keep references.

    Every cell gets ``timeout`` seconds of CPU time (an ``ITIMER_PROF`` timer armed and disarmed through
    IPython's ``pre_run_cell``/``post_run_cell`` events); past it :class:`CellTimeout` is raised in that cell,
    so the cells after it still run. Output beyond ``output_limit`` characters per cell is dropped, and
    ``os._exit`` raises instead of killing the kernel.
    """
    import builtins
    import signal
    import types

    from IPython import get_ipython

    shell = get_ipython()
    state = types.ModuleType(_STATE_MODULE)
    state.print, state.import_ = builtins.print, builtins.__import__
    state.stdout, state.stderr = _CappedStream(sys.stdout, output_limit), _CappedStream(sys.stderr, output_limit)
    state.record, state.flags, state.timeout = os.path.abspath(record), [], float(timeout)
    sys.stdout, sys.stderr = state.stdout, state.stderr
    sys.modules[_STATE_MODULE] = state

    def alarm(signum: int, frame: Any) -> None:
        signal.setitimer(signal.ITIMER_PROF, 2.0)  # again and again, until the cell gives up
        raise CellTimeout(f"this cell used more than {timeout:g} s of CPU time, the limit per cell")

    def before(*args: Any) -> None:
        state.stdout.reset()
        state.stderr.reset()
        signal.signal(signal.SIGPROF, alarm)
        signal.setitimer(signal.ITIMER_PROF, float(timeout))

    def after(*args: Any) -> None:
        signal.setitimer(signal.ITIMER_PROF, 0)

    def no_exit(*args: Any) -> None:
        raise RuntimeError("os._exit() is disabled while grading (it would stop the kernel)")

    state.before, state.after = before, after
    shell.events.register("pre_run_cell", before)
    shell.events.register("post_run_cell", after)
    os._exit = no_exit  # type: ignore[assignment]
    os.abort = no_exit  # type: ignore[assignment]


def _from_notebook(value: Any) -> bool:
    """Whether a function (or bound method) was defined in a notebook cell rather than a module."""
    function = getattr(value, "__func__", value)
    code = getattr(function, "__code__", None)
    if code is None:
        return False
    filename = str(code.co_filename)
    return (getattr(function, "__module__", None) == "__main__" or "ipykernel_" in filename
            or filename.startswith("<ipython-input"))


def _tamper_flags(state: Any, user_ns: dict[str, Any]) -> list[str]:
    import builtins

    flags = []
    if state is None:
        return ["the grader's set-up was removed from the kernel"]
    if builtins.print is not state.print:
        flags.append("print was replaced")
        builtins.print = state.print
    if builtins.__import__ is not state.import_:
        flags.append("__import__ was replaced")
        builtins.__import__ = state.import_
    if sys.stdout is not state.stdout or sys.stderr is not state.stderr:
        flags.append("sys.stdout or sys.stderr was replaced")
        sys.stdout, sys.stderr = state.stdout, state.stderr
    user_check = user_ns.get("check")
    if user_check is not None and getattr(user_check, "__qualname__", "") != "Lab.check":
        flags.append("check was redefined")
    for name, module in list(sys.modules.items()):
        if not (name == "osai" or name.startswith("osai.")) or module is None:
            continue
        spaces = [vars(module)] + [vars(v) for v in vars(module).values()
                                   if isinstance(v, type) and getattr(v, "__module__", "") == name]
        if any(_from_notebook(value) for space in spaces for value in list(space.values())):
            flags.append(f"{name} was modified")
    return flags


def _short(error: BaseException, limit: int = 120) -> str:  # as the host's: this side imports none of it
    text = " ".join(str(error).split())
    return text if len(text) <= limit else text[: limit - 3] + "..."


def kernel_check(lab: str, qid: str, value: Callable[[], Any], hidden: Callable[[], Any] | None = None) -> None:
    """Inside the kernel (a graded check cell): check ``value()`` with freshly imported checks.

    Prints the check's one line (through the stream kept at set-up) and appends what it found, with
    any sign of tampering, to the record file read by the grader. Output of the learner's code
    during the check is discarded. With ``hidden`` (a hidden-test block's cases) it runs ``Lab.evaluate_hidden``.
    """
    import contextlib
    import importlib
    import warnings

    from IPython import get_ipython

    state = sys.modules.get(_STATE_MODULE)
    if hidden is not None and state is not None:
        state.before()  # a time limit again: the visible check of this cell disarmed it
    shell = get_ipython()
    flags = _tamper_flags(state, shell.user_ns if shell is not None else {})
    for name in [m for m in list(sys.modules) if m.startswith(FRESH_MODULES[1:])]:
        del sys.modules[name]
    checks = importlib.import_module("osai.checks")
    Result, loaded = checks.Result, checks.load_lab(lab)
    points = loaded.exercises[qid].points if qid in loaded.exercises else 0
    with contextlib.redirect_stdout(sink := io.StringIO()), contextlib.redirect_stderr(sink), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            answer = value()
        except NameError as error:
            result = Result(lab, qid, "failed", 0, points, f"{error}: run the cell that defines it before the check.")
        except (KeyboardInterrupt, GeneratorExit):
            raise
        except BaseException as error:  # noqa: BLE001 - the learner's code may raise anything
            result = Result(lab, qid, "failed", 0, points, f"{type(error).__name__}: {_short(error)}")
        else:
            result = loaded.evaluate(qid, answer) if hidden is None else loaded.evaluate_hidden(
                qid, answer, hidden(), getattr(state, "last", {}).get(qid, "not run" if state else "passed"))
    if state is not None:
        state.after()  # the check is done: no time limit may interrupt the reporting below
        # once flagged, every later check of this kernel says so too
        flags = state.flags = list(dict.fromkeys([*getattr(state, "flags", []), *flags]))
        state.last = {**getattr(state, "last", {}), **({qid: result.status} if result else {})}
    if result is None:  # every hidden case passed, or the visible check had not
        return
    stream, path = (state.stdout, state.record) if state is not None else (sys.stdout, os.path.abspath(RECORD_FILE))
    stream.write(result.line + "\n")
    stream.flush()
    record = {"qid": qid, "status": result.status, "detail": result.detail, "flags": flags}
    with contextlib.suppress(OSError), open(path, "a", encoding="utf-8") as handle:
        handle.write(json.dumps(record, ensure_ascii=False) + "\n")

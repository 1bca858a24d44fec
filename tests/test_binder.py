# SPDX-FileCopyrightText: 2026 The Open Source AI Lab Kit authors
# SPDX-License-Identifier: MIT
"""Binder: repo2docker, asked for its Dockerfile only, builds the conda environment and installs the kit."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def dockerfile() -> str:
    repo2docker = shutil.which("repo2docker", path=str(Path(sys.executable).parent))
    assert repo2docker, "repo2docker is missing: it comes with the test extras (make test installs it)"
    result = subprocess.run([repo2docker, "--no-build", "--no-run", "--debug", str(ROOT)],
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr[-2000:]
    return result.stdout + result.stderr


def test_conda_environment_comes_from_environment_yml(dockerfile):
    assert "Building conda environment for python=3.11" in dockerfile
    assert re.search(r"env update -p \$\{NB_PYTHON_PREFIX\} --file \"environment.yml\"", dockerfile)


def test_postbuild_installs_the_kit(dockerfile):
    assert "RUN ./postBuild" in dockerfile
    post_build = ROOT / "postBuild"
    assert post_build.stat().st_mode & 0o111, "postBuild must be executable"
    assert "pip install --no-deps -e ." in post_build.read_text()


def test_binder_badge_opens_lab_00_in_jupyterlab():
    readme = (ROOT / "README.md").read_text()
    assert "mybinder.org/v2/gh/" in readme and "urlpath=lab/tree/labs/00_orientation.ipynb" in readme

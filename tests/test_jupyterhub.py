# SPDX-FileCopyrightText: 2026 The Open Source AI Lab Kit authors
# SPDX-License-Identifier: MIT
"""JupyterHub: the Zero to JupyterHub values in site/jupyterhub/config.yaml fit the image repo2docker builds.

As tests/test_binder.py does for Binder, repo2docker is asked for its Dockerfile only (no Docker needed).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
CONFIG = ROOT / "site" / "jupyterhub" / "config.yaml"


@pytest.fixture(scope="module")
def values() -> dict:
    return yaml.safe_load(CONFIG.read_text())["singleuser"]


@pytest.fixture(scope="module")
def dockerfile(values) -> str:
    repo2docker = shutil.which("repo2docker", path=str(Path(sys.executable).parent))
    assert repo2docker, "repo2docker is missing: it comes with the test extras (make test installs it)"
    image = f"{values['image']['name']}:{values['image']['tag']}"
    result = subprocess.run([repo2docker, "--no-build", "--no-run", "--debug", "--user-id", str(values["uid"]),
                             "--user-name", "jovyan", "--image-name", image, str(ROOT)],
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr[-2000:]
    return result.stdout + result.stderr


def test_the_image_runs_as_the_uid_the_hub_expects(dockerfile, values):
    assert values["uid"] == 1000
    assert f"COPY --chown={values['uid']}:{values['uid']} src/ ${{REPO_DIR}}/" in dockerfile
    assert "RUN ./postBuild" in dockerfile and 'env update -p ${NB_PYTHON_PREFIX} --file "environment.yml"' in dockerfile


def test_the_hub_start_command_is_in_repo2dockers_base_environment(dockerfile, values):
    import repo2docker

    assert values["cmd"] == "jupyterhub-singleuser"
    assert "Building conda environment for python=3.11" in dockerfile
    base = Path(repo2docker.__file__).parent / "buildpacks" / "conda" / "environment.py-3.11-linux-64.lock"
    assert "/jupyterhub-singleuser-" in base.read_text(), "repo2docker's base environment lost jupyterhub-singleuser"


def test_default_url_opens_the_first_lab_and_memory_fits_binders_guarantee(values):
    prefix = "/lab/tree/"
    assert values["defaultUrl"].startswith(prefix) and (ROOT / values["defaultUrl"][len(prefix):]).is_file()
    assert values["memory"]["guarantee"] == "1G" and values["memory"]["limit"] in ("1G", "2G", "4G")


def test_the_page_builds_the_image_the_config_names(tmp_path, values):
    sys.path.insert(0, str(ROOT / "site"))
    import pages
    from osai.course import load_course

    command = pages.hub_build_command(load_course(ROOT), CONFIG)
    assert f"--image-name {values['image']['name']}:{values['image']['tag']}" in command
    assert f"--user-id {values['uid']}" in command and "--push" in command
    assert "{include} gen/jupyterhub_build.md" in (ROOT / "site" / "jupyterhub.md").read_text()

# SPDX-FileCopyrightText: 2026 The Open Source AI Lab Kit authors
# SPDX-License-Identifier: MIT
"""The two commands: `make lab` serves JupyterLab on the first lab; a second run installs nothing."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
VENV = ROOT / ".venv"

pytestmark = pytest.mark.skipif(not (VENV / ".installed-lab").exists(), reason="run through `make test` (needs .venv)")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_make_is_idempotent_once_installed():
    dry = subprocess.run(["make", "-n", "test"], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    assert "pip install" not in dry and "-m venv" not in dry, dry
    assert "pytest" in dry


@pytest.mark.slow
def test_make_lab_serves_the_first_lab():
    port = free_port()
    token = "kit-test-token"
    process = subprocess.Popen(
        ["make", "lab", f"PORT={port}", f"JUPYTER_ARGS=--no-browser --IdentityProvider.token={token} --ServerApp.ip=127.0.0.1"],
        cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True,
    )
    try:
        status = None
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and process.poll() is None:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/lab?token={token}", timeout=5) as response:
                    status = response.status
                    break
            except OSError:
                time.sleep(0.5)
        assert status == 200, process.stderr.read().decode()[-2000:] if process.poll() is not None else "no answer"
        # JupyterLab serves the folder of the notebook it opens: labs/
        url = f"http://127.0.0.1:{port}/api/contents/00_orientation.ipynb?content=0&token={token}"
        with urllib.request.urlopen(url, timeout=5) as response:
            assert response.status == 200
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=30)

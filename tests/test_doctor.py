# SPDX-FileCopyrightText: 2026 The Open Source AI Lab Kit authors
# SPDX-License-Identifier: MIT
from __future__ import annotations

from importlib import metadata

import pytest
from typer.testing import CliRunner

from osai import doctor
from osai.cli import app


@pytest.mark.parametrize("environ,modules,expected", [
    ({"COLAB_RELEASE_TAG": "r"}, {}, "colab"),
    ({}, {"google.colab": object()}, "colab"),
    ({"BINDER_SERVICE_HOST": "h"}, {}, "binder"),
    ({"BINDER_REQUEST": "v2/gh/x"}, {}, "binder"),
    ({"HOME": "/home/me"}, {}, "local"),
])
def test_platform_detection(environ, modules, expected):
    assert doctor.detect_platform(environ, modules) == expected


def test_report_lists_python_packages_data_memory():
    report = doctor.report(load_model=False)
    names = [item.name for item in report.items]
    assert names[0] == "python"
    assert set(doctor.KEY_PACKAGES) <= set(names)
    assert "shipped data" in names and "free memory" in names and "offline mode" in names
    text = str(report)
    assert text.splitlines()[0] == f"platform: {report.platform}"


def test_missing_package_comes_with_its_fix(monkeypatch):
    real = metadata.version

    def fake(name):
        if name == "fairlearn":
            raise metadata.PackageNotFoundError(name)
        return real(name)

    monkeypatch.setattr(doctor.metadata, "version", fake)
    report = doctor.report(load_model=False)
    [problem] = [item for item in report.problems if item.name == "fairlearn"]
    assert problem.detail == "not installed" and "fairlearn" in problem.fix
    assert "fix: " in str(report) and not report.ok


def test_colab_fix_is_a_notebook_command(monkeypatch):
    monkeypatch.setenv("COLAB_RELEASE_TAG", "r")
    assert doctor._install_command(doctor.detect_platform(), "shap").startswith("%pip install shap")


def test_bad_argument():
    with pytest.raises(TypeError, match="True or False"):
        doctor.report(load_model="no")


def test_cli_doctor_with_model():
    result = CliRunner().invoke(app, ["doctor"])
    assert "offline model: all-MiniLM-L6-v2 loads offline: 22,713,216 parameters" in result.output
    assert result.exit_code == (0 if "PROBLEM" not in result.output else 1)

# SPDX-FileCopyrightText: 2026 The Open Source AI Lab Kit authors
# SPDX-License-Identifier: MIT
"""Which host the kit runs on: Colab, Binder or a local machine (a base module: imports nothing of osai)."""

from __future__ import annotations

import os
import sys

__all__ = ["detect_platform"]


def detect_platform(environ: dict[str, str] | None = None, modules: dict | None = None) -> str:
    """``"colab"``, ``"binder"`` or ``"local"``, from the environment variables each host sets.

    >>> detect_platform({"COLAB_RELEASE_TAG": "release-x"}, {})
    'colab'
    >>> detect_platform({"BINDER_SERVICE_HOST": "10.0.0.1"}, {})
    'binder'
    >>> detect_platform({}, {})
    'local'
    """
    environ = os.environ if environ is None else environ
    modules = sys.modules if modules is None else modules
    if "google.colab" in modules or "COLAB_RELEASE_TAG" in environ or "COLAB_GPU" in environ:
        return "colab"
    if "BINDER_SERVICE_HOST" in environ or "BINDER_REQUEST" in environ or "BINDER_LAUNCH_HOST" in environ:
        return "binder"
    return "local"

# SPDX-FileCopyrightText: 2026 The Open Source AI Lab Kit authors
# SPDX-License-Identifier: MIT
"""Keep Hugging Face libraries offline and quiet before any of them is imported."""

from __future__ import annotations

import os

#: Variables set by :func:`enable_offline_mode` unless the user already set them.
OFFLINE_ENV: dict[str, str] = {
    "HF_HUB_OFFLINE": "1",
    "HF_DATASETS_OFFLINE": "1",
    "TRANSFORMERS_OFFLINE": "1",
    "HF_HUB_DISABLE_TELEMETRY": "1",
    "HF_HUB_DISABLE_PROGRESS_BARS": "1",
    "HF_HUB_DISABLE_IMPLICIT_TOKEN": "1",
    "HF_DATASETS_DISABLE_PROGRESS_BARS": "1",
    "TRANSFORMERS_NO_ADVISORY_WARNINGS": "1",
    "TRANSFORMERS_VERBOSITY": "error",
    "TOKENIZERS_PARALLELISM": "false",
    "TQDM_DISABLE": "1",
}


def enable_offline_mode() -> dict[str, str]:
    """Set the offline and no-progress-bar switches; return the ones this call set.

    A value the user set before (for example ``HF_HUB_OFFLINE=0``) is left alone.

    >>> isinstance(enable_offline_mode(), dict)
    True
    """
    changed = {}
    for key, value in OFFLINE_ENV.items():
        if key not in os.environ:
            os.environ[key] = value
            changed[key] = value
    return changed

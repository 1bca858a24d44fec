# SPDX-FileCopyrightText: 2026 The Open Source AI Lab Kit authors
# SPDX-License-Identifier: MIT
"""Four invented releases for Lab 01's review exercises: judge them by hand, then compare with the kit.

The names and releases are made up; each one isolates one rule of the OSAID or the MOF (a use-restricted
license on the weights, missing training code, documents that state no license).

>>> cases = review_cases()
>>> sorted(cases)
['Heron-1B', 'Kestrel-7B', 'Lark-3B', 'Wren-2B']
>>> cases["Kestrel-7B"].components["model_parameters_final"]
'LicenseRef-bigscience-openrail-m'
"""

from __future__ import annotations

from osai.openness import Release

__all__ = ["review_cases"]

_FULL = {
    "model_architecture": "Apache-2.0", "model_parameters_final": "Apache-2.0", "model_card": "CC-BY-4.0",
    "data_card": "CC-BY-4.0", "technical_report": "CC-BY-4.0", "evaluation_results": "CC-BY-4.0",
    "training_code": "Apache-2.0", "inference_code": "Apache-2.0", "evaluation_code": "Apache-2.0",
    "evaluation_data": "CC-BY-4.0", "supporting_libraries_and_tools": "Apache-2.0",
    "data_preprocessing_code": "Apache-2.0",
}
_NOT_TRAINING = ("training_code", "data_preprocessing_code", "evaluation_code", "evaluation_data")


def review_cases() -> dict[str, Release]:
    """The four invented releases of Lab 01's exercises q6 and q7, by name.

    - Heron-1B: code, weights and documents under open licenses; no datasets, no intermediate checkpoints.
    - Kestrel-7B: as Heron-1B, but its weights are under BigScience OpenRAIL-M, a license with use restrictions.
    - Lark-3B: as Heron-1B, but without training, pre-processing and evaluation code or evaluation data.
    - Wren-2B: as Heron-1B, but its data card and technical report state no license.
    """
    return {
        "Heron-1B": Release("Heron-1B", dict(_FULL)),
        "Kestrel-7B": Release("Kestrel-7B", {**_FULL, "model_parameters_final": "bigscience-openrail-m"}),
        "Lark-3B": Release("Lark-3B", {k: v for k, v in _FULL.items() if k not in _NOT_TRAINING}),
        "Wren-2B": Release("Wren-2B", {**_FULL, "data_card": "LicenseRef-unspecified",
                                       "technical_report": "LicenseRef-unspecified"}),
    }

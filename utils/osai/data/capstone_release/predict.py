# SPDX-FileCopyrightText: 2026 The Open Source AI Lab Kit authors
# SPDX-License-Identifier: MIT
"""Inference script of the fictional ledgerlight-credit-mini release (part of the reviewed folder).

``probability_bad(row)`` reads ``config.json`` and ``model.safetensors`` next to this file.
"""


def probability_bad(row: dict, folder: str = ".") -> float:
    """The model's probability that an applicant (a dict of the four features) is a bad risk."""
    import json
    import math
    from pathlib import Path

    from safetensors.numpy import load_file

    config = json.loads((Path(folder) / "config.json").read_text())
    weights = load_file(str(Path(folder) / "model.safetensors"))
    z = float(weights["intercept"][0])
    for j, name in enumerate(config["features"]):
        z += float(weights["coef"][0][j]) * (row[name] - config["scaler_mean"][j]) / config["scaler_scale"][j]
    return 1 / (1 + math.exp(-z))

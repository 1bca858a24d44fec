# SPDX-FileCopyrightText: 2026 The Open Source AI Lab Kit authors
# SPDX-License-Identifier: MIT
"""Training script of the fictional ledgerlight-credit-mini release (part of the reviewed folder).

Reads the training table, standardises four features, fits a logistic regression and saves the
coefficients with safetensors. Not run by the kit; importing it does nothing.
"""

FEATURES = ["duration_months", "credit_amount_k", "age_years", "existing_loans"]


def main(csv_path: str = "applications.csv") -> None:
    """Fit and save the model (needs the internal applications table, which is not released)."""
    import json

    import numpy as np
    import pandas as pd
    from safetensors.numpy import save_file
    from sklearn.linear_model import LogisticRegression

    frame = pd.read_csv(csv_path)
    X = frame[FEATURES].to_numpy(dtype=float)
    y = (frame["credit_risk"] == "bad").astype(int)
    mean, scale = X.mean(0), X.std(0)
    clf = LogisticRegression(C=1.0).fit((X - mean) / scale, y)
    save_file({"coef": clf.coef_.astype(np.float32), "intercept": clf.intercept_.astype(np.float32)},
              "model.safetensors", metadata={"format": "np"})
    with open("config.json", "w") as handle:
        json.dump({"features": FEATURES, "scaler_mean": mean.tolist(), "scaler_scale": scale.tolist()}, handle)


if __name__ == "__main__":
    main()

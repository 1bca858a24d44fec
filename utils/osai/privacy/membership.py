# SPDX-FileCopyrightText: 2026 The Open Source AI Lab Kit authors
# SPDX-License-Identifier: MIT
"""Membership inference (Lab 04): the advantage of a confidence-threshold attack on a model."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

__all__ = ["MembershipResult", "membership_advantage", "threshold_advantage"]


@dataclass(frozen=True)
class MembershipResult:
    """A confidence-threshold membership attack: advantage = TPR - FPR at the best threshold."""

    advantage: float
    threshold: float
    true_positive_rate: float
    false_positive_rate: float
    train_confidence: float
    holdout_confidence: float


def _true_label_confidence(model: Any, X: Any, y: Any) -> Any:
    import numpy as np

    proba = np.asarray(model.predict_proba(X), dtype=float)
    classes = list(getattr(model, "classes_", range(proba.shape[1])))
    index = {c: i for i, c in enumerate(classes)}
    try:
        columns = np.array([index[v] for v in (y.tolist() if hasattr(y, "tolist") else list(y))])
    except KeyError as missing:
        raise ValueError(f"label {missing.args[0]!r} is not one of the model's classes {classes}") from None
    return proba[np.arange(len(columns)), columns]


def threshold_advantage(member_scores: Sequence[float], nonmember_scores: Sequence[float]) -> tuple[float, float, float, float]:
    """Best ``(advantage, threshold, tpr, fpr)`` of guessing "member" when the score >= threshold.

    >>> threshold_advantage([0.9, 0.8], [0.7, 0.95])
    (0.5, 0.8, 1.0, 0.5)
    """
    import numpy as np

    members = np.asarray(member_scores, dtype=float)
    others = np.asarray(nonmember_scores, dtype=float)
    if members.size == 0 or others.size == 0:
        raise ValueError("need at least one member and one non-member score")
    if not (np.isfinite(members).all() and np.isfinite(others).all()):
        raise ValueError("scores must be finite numbers")
    best = (0.0, float("inf"), 0.0, 0.0)
    for t in np.unique(np.concatenate([members, others])):
        tpr = float((members >= t).mean())
        fpr = float((others >= t).mean())
        if tpr - fpr > best[0] + 1e-12:
            best = (tpr - fpr, float(t), tpr, fpr)
    return best


def membership_advantage(model: Any, train: tuple[Any, Any], holdout: tuple[Any, Any]) -> MembershipResult:
    """How well a confidence threshold tells training rows from unseen rows (Yeom et al., 2018).

    ``model`` has ``predict_proba`` (scikit-learn style); ``train`` and ``holdout`` are ``(X, y)``.
    The attack scores each row by the model's probability for its true label and guesses "member"
    at or above a threshold; the advantage is the best TPR - FPR (0 = no leak, 1 = total leak).

    >>> from sklearn.tree import DecisionTreeClassifier
    >>> X, y = [[0], [1], [2], [3]], [0, 1, 0, 1]
    >>> tree = DecisionTreeClassifier(random_state=0).fit(X[:2], y[:2])
    >>> membership_advantage(tree, (X[:2], y[:2]), (X[2:], [0, 0])).advantage
    1.0
    """
    for what, pair in (("train", train), ("holdout", holdout)):
        if not isinstance(pair, tuple) or len(pair) != 2:
            raise TypeError(f"{what} must be a tuple (X, y)")
    if not hasattr(model, "predict_proba"):
        raise TypeError("model must have predict_proba (a fitted scikit-learn classifier)")
    members = _true_label_confidence(model, *train)
    others = _true_label_confidence(model, *holdout)
    advantage, threshold, tpr, fpr = threshold_advantage(members, others)
    return MembershipResult(round(advantage, 6), threshold, tpr, fpr, float(members.mean()), float(others.mean()))

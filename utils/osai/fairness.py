# SPDX-FileCopyrightText: 2026 The Open Source AI Lab Kit authors
# SPDX-License-Identifier: MIT
"""Group fairness for Lab 08, through fairlearn's ``MetricFrame``.

Convention (state it in every table): here the decision ``1 = approve`` and the truth ``1 = good``
(repaid), so a group's *selection rate* is its approval rate, its *true positive rate* is the share of
good applicants approved (equal opportunity), its *false positive rate* the share of bad applicants
approved. The credit models of :mod:`osai.finance` predict the probability of "bad"; turn that into
approvals with :func:`approvals`.

The **four-fifths screen** (:func:`four_fifths_screen`) comes from US *employment* law (29 CFR
1607.4(D), 1978); no lending regulator has codified it for credit, the federal Reg B effects test was
removed (CFPB final rule, Federal Register 2026-07804, published 22 Apr 2026, in force since 21 Jul
2026: https://www.federalregister.gov/d/2026-07804), and fairlearn's own guide warns
against using ``demographic_parity_ratio >= 0.8`` as a generic pass mark. Use it as a descriptive
screen, never as a legal test.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
    import numpy as np
    import pandas as pd
    from fairlearn.metrics import MetricFrame

__all__ = [
    "FOUR_FIFTHS",
    "age_group",
    "approvals",
    "disparate_impact_ratio",
    "four_fifths_screen",
    "group_metrics",
    "group_thresholds",
    "mitigation_tradeoff",
    "ppv_from_rates",
    "sex_of",
]

#: The four-fifths (80 %) screen of the US Uniform Guidelines on Employee Selection Procedures.
FOUR_FIFTHS = 0.8


def sex_of(personal_status_sex: Any) -> Any:
    """The sex part of German Credit's ``personal_status_sex`` ("male: single" -> "male").

    Attribute 9 mixes sex with marital status; this keeps only the sex. Works on a string or a Series.

    >>> sex_of("female: divorced/separated/married")
    'female'
    """
    if isinstance(personal_status_sex, str):
        head = personal_status_sex.split(":", 1)[0].strip()
        if head not in {"male", "female"}:
            raise ValueError(f"expected a personal_status_sex value such as 'male: single', got {personal_status_sex!r}")
        return head
    return personal_status_sex.map(sex_of)


def age_group(age: Any, cut: int = 25) -> Any:
    """``"under 25"`` or ``"25 and over"`` (the cut is a parameter): a number or a Series.

    >>> age_group(24), age_group(25), age_group(40, cut=40)
    ('under 25', '25 and over', '40 and over')
    """
    if isinstance(age, bool):
        raise TypeError("age must be a number of years, not a boolean")
    if isinstance(age, (int, float)):
        if not 0 <= age < 130:
            raise ValueError(f"age must be between 0 and 130 years, got {age!r}")
        return f"under {cut}" if age < cut else f"{cut} and over"
    return age.map(lambda a: age_group(a, cut))


def approvals(p_bad: Any, threshold: float | dict[str, float], groups: Any = None) -> np.ndarray:
    """Decisions ``1 = approve`` from the probability of "bad": approve when ``p_bad < threshold``.

    ``threshold`` is one number, or a dict with one threshold per group (then give ``groups``).

    >>> approvals([0.1, 0.3, 0.2], 0.25).tolist()
    [1, 0, 1]
    >>> approvals([0.1, 0.3], {"a": 0.05, "b": 0.5}, groups=["a", "b"]).tolist()
    [0, 1]
    """
    import numpy as np

    p = np.asarray(p_bad, dtype=float)
    if isinstance(threshold, dict):
        if groups is None:
            raise ValueError("per-group thresholds need groups=... (one group label per applicant)")
        g = np.asarray(groups, dtype=object)
        if g.shape != p.shape:
            raise ValueError(f"groups and p_bad differ in shape: {g.shape} and {p.shape}")
        missing = sorted(set(g.tolist()) - set(threshold), key=str)
        if missing:
            raise KeyError(f"no threshold for group {missing[0]!r}; thresholds given for {sorted(threshold, key=str)}")
        cut = np.array([threshold[x] for x in g.tolist()], dtype=float)
    else:
        cut = np.full(p.shape, float(threshold))
    return (p < cut).astype("int64")


def _sensitive(values: Any, n: int) -> np.ndarray:
    import numpy as np

    array = np.asarray(values, dtype=object)
    if array.ndim != 1 or len(array) != n:
        raise ValueError(f"sensitive_features must hold one group label per applicant ({n}), got shape {array.shape}")
    if n == 0:
        raise ValueError("no applicants: the metrics need at least one row")
    return array


def group_metrics(y_true: Any, y_pred: Any, sensitive_features: Any) -> MetricFrame:
    """fairlearn ``MetricFrame`` with selection rate, TPR, FPR, precision and count by group.

    ``y_true``: 1 = good; ``y_pred``: 1 = approve. Read ``.by_group``, ``.difference()``, ``.ratio()``.

    >>> mf = group_metrics([1, 0, 1, 1], [1, 1, 0, 1], ["a", "a", "b", "b"])
    >>> mf.by_group["selection_rate"].to_dict()
    {'a': 1.0, 'b': 0.5}
    """
    import warnings

    import numpy as np
    import pandas as pd
    from fairlearn.metrics import (MetricFrame, count, false_positive_rate, selection_rate,
                                   true_positive_rate)
    from sklearn.metrics import precision_score

    y_true = np.asarray(y_true)
    y_pred = np.asarray(y_pred)
    groups = _sensitive(sensitive_features, len(y_pred))
    name = str(getattr(sensitive_features, "name", None) or "group")  # fairlearn's default is "sensitive_feature_0"
    if y_true.shape != y_pred.shape:
        raise ValueError(f"y_true and y_pred differ in shape: {y_true.shape} and {y_pred.shape}")

    def precision(t, p):
        return precision_score(t, p, zero_division=0.0)

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return MetricFrame(
            metrics={"selection_rate": selection_rate, "tpr": true_positive_rate,
                     "fpr": false_positive_rate, "precision": precision, "count": count},
            y_true=y_true, y_pred=y_pred, sensitive_features=pd.Series(groups, name=name))


def disparate_impact_ratio(y_pred: Any, sensitive_features: Any) -> float:
    """Lowest group selection rate divided by the highest (1.0 = equal rates).

    The same number as fairlearn's ``demographic_parity_ratio`` (and the "adverse impact ratio"
    lenders compute); 0.0 when the highest rate is 0.

    >>> disparate_impact_ratio([1, 1, 0, 1, 0, 0], ["a", "a", "a", "b", "b", "b"])
    0.5
    """
    import numpy as np

    y_pred = np.asarray(y_pred)
    groups = _sensitive(sensitive_features, len(y_pred))
    if not set(np.unique(y_pred).tolist()) <= {0, 1}:
        raise ValueError("y_pred must hold decisions 0 and 1 (1 = approve)")
    rates = [float(y_pred[groups == g].mean()) for g in sorted(set(groups.tolist()), key=str)]
    return 0.0 if max(rates) == 0 else min(rates) / max(rates)


def four_fifths_screen(ratio: float) -> str:
    """Describe a disparate-impact ratio against the four-fifths screen (a screen, not a legal test).

    >>> four_fifths_screen(0.75)
    'ratio 0.750 is below the four-fifths screen (0.8): a disparity worth investigating'
    """
    if isinstance(ratio, bool) or not isinstance(ratio, (int, float)) or not 0 <= ratio <= 1:
        raise ValueError(f"a selection-rate ratio is between 0 and 1, got {ratio!r}")
    if ratio < FOUR_FIFTHS:
        return f"ratio {ratio:.3f} is below the four-fifths screen ({FOUR_FIFTHS}): a disparity worth investigating"
    return f"ratio {ratio:.3f} passes the four-fifths screen ({FOUR_FIFTHS}); this alone does not show the model is fair"


def group_thresholds(p_bad: Any, sensitive_features: Any, target_rate: float) -> dict[str, float]:
    """Per-group thresholds that approve the same share ``target_rate`` of every group.

    A post-processing mitigation towards demographic parity: within each group, approve the
    applicants with the lowest ``p_bad`` until the group's approval rate reaches ``target_rate``
    (ties at the cut may approve slightly more). Use with :func:`approvals`.

    >>> group_thresholds([0.1, 0.2, 0.3, 0.4, 0.5, 0.6], ["a", "a", "a", "b", "b", "b"], 2 / 3)
    {'a': 0.25, 'b': 0.55}
    """
    import numpy as np

    p = np.asarray(p_bad, dtype=float)
    groups = _sensitive(sensitive_features, len(p))
    if isinstance(target_rate, bool) or not isinstance(target_rate, (int, float)) or not 0 < target_rate <= 1:
        raise ValueError(f"target_rate must be a share between 0 (excluded) and 1, got {target_rate!r}")
    out = {}
    for g in sorted(set(groups.tolist()), key=str):
        scores = np.sort(p[groups == g])
        k = int(np.ceil(target_rate * len(scores)))
        if k >= len(scores):
            out[g] = float(np.nextafter(scores[-1], np.inf))
        else:
            middle = (scores[k - 1] + scores[k]) / 2
            out[g] = float(middle if middle > scores[k - 1] else np.nextafter(scores[k - 1], np.inf))
    return out


def mitigation_tradeoff(y_good: Any, before: Any, after: Any, sensitive_features: Any,
                        cost_bad_approved: float = 5.0, cost_good_declined: float = 1.0) -> pd.DataFrame:
    """Compare two sets of approvals: accuracy, expected loss and disparate-impact ratio.

    ``y_good``: 1 = good; ``before``/``after``: 1 = approve. The loss uses German Credit's cost
    matrix by default (approving a bad applicant costs 5, declining a good one 1).

    >>> t = mitigation_tradeoff([1, 0, 1, 1], [1, 0, 0, 1], [1, 1, 1, 1], ["a", "a", "b", "b"])
    >>> t.loc["after"].round(3).to_dict()
    {'accuracy': 0.75, 'cost': 5.0, 'disparate_impact_ratio': 1.0}
    """
    import numpy as np
    import pandas as pd

    y = np.asarray(y_good)
    rows = {}
    for name, decisions in (("before", before), ("after", after)):
        d = np.asarray(decisions)
        if d.shape != y.shape:
            raise ValueError(f"{name} and y_good differ in shape: {d.shape} and {y.shape}")
        cost = cost_bad_approved * int(((y == 0) & (d == 1)).sum()) + cost_good_declined * int(((y == 1) & (d == 0)).sum())
        rows[name] = {"accuracy": float((d == y).mean()), "cost": float(cost),
                      "disparate_impact_ratio": disparate_impact_ratio(d, sensitive_features)}
    return pd.DataFrame(rows).T[["accuracy", "cost", "disparate_impact_ratio"]]


def ppv_from_rates(base_rate: float, tpr: float, fpr: float) -> float:
    """Precision (positive predictive value) implied by a base rate and a classifier's TPR and FPR.

    ``PPV = p*TPR / (p*TPR + (1-p)*FPR)``. With equal TPR and FPR in two groups (equalized odds),
    different base rates force different PPVs: the impossibility result (Chouldechova 2017;
    Kleinberg, Mullainathan and Raghavan 2017) on numbers.

    >>> round(ppv_from_rates(0.7, 0.8, 0.3), 3), round(ppv_from_rates(0.5, 0.8, 0.3), 3)
    (0.862, 0.727)
    """
    for name, value in (("base_rate", base_rate), ("tpr", tpr), ("fpr", fpr)):
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 <= value <= 1:
            raise ValueError(f"{name} must be a rate between 0 and 1, got {value!r}")
    numerator = base_rate * tpr
    denominator = numerator + (1 - base_rate) * fpr
    if denominator == 0:
        raise ValueError("nobody is predicted positive (TPR and FPR are 0 or the base rate rules them out): PPV is undefined")
    return numerator / denominator

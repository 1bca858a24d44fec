# SPDX-FileCopyrightText: 2026 The Open Source AI Lab Kit authors
# SPDX-License-Identifier: MIT
"""osai.fairness: group metrics agree with fairlearn and with hand counts; mitigation; impossibility."""

from __future__ import annotations

import numpy as np
import pytest
from fairlearn.metrics import demographic_parity_ratio
from hypothesis import given, settings
from hypothesis import strategies as st

from osai import fairness


def test_group_metrics_match_hand_counts():
    y_true = [1, 1, 0, 0, 1, 1, 0, 0]
    y_pred = [1, 0, 1, 0, 1, 1, 0, 0]
    groups = ["a"] * 4 + ["b"] * 4
    table = fairness.group_metrics(y_true, y_pred, groups).by_group
    assert table.loc["a", "selection_rate"] == 0.5 and table.loc["b", "selection_rate"] == 0.5
    assert table.loc["a", "tpr"] == 0.5 and table.loc["b", "tpr"] == 1.0
    assert table.loc["a", "fpr"] == 0.5 and table.loc["b", "fpr"] == 0.0
    assert table.loc["a", "precision"] == 0.5 and table.loc["b", "precision"] == 1.0
    assert table["count"].tolist() == [4, 4]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 1), st.sampled_from(["f", "m", "x"])), min_size=2, max_size=60))
def test_disparate_impact_ratio_equals_fairlearn(rows):
    y_pred = np.array([r[0] for r in rows])
    groups = [r[1] for r in rows]
    ours = fairness.disparate_impact_ratio(y_pred, groups)
    if y_pred.max() == 0:
        assert ours == 0.0
        return
    theirs = demographic_parity_ratio(y_pred, y_pred, sensitive_features=groups)
    assert ours == pytest.approx(theirs)
    assert 0.0 <= ours <= 1.0


def test_disparate_impact_rejects_bad_input():
    with pytest.raises(ValueError):
        fairness.disparate_impact_ratio([1, 0], ["a"])
    with pytest.raises(ValueError):
        fairness.disparate_impact_ratio([2, 0], ["a", "b"])
    with pytest.raises(ValueError):
        fairness.disparate_impact_ratio([], [])


def test_four_fifths_screen_is_a_screen():
    assert "below" in fairness.four_fifths_screen(0.79)
    assert "does not show the model is fair" in fairness.four_fifths_screen(0.8)
    for bad in (1.2, -0.1, "0.5", True):
        with pytest.raises(ValueError):
            fairness.four_fifths_screen(bad)


def test_sex_and_age_groups():
    from osai.data import german_credit

    frame = german_credit()
    sex = fairness.sex_of(frame["personal_status_sex"])
    assert set(sex) == {"female", "male"}
    assert (sex == "female").sum() == frame["personal_status_sex"].str.startswith("female").sum()
    ages = fairness.age_group(frame["age_years"])
    assert set(ages) == {"under 25", "25 and over"}
    assert (ages == "under 25").sum() == (frame["age_years"] < 25).sum()
    with pytest.raises(ValueError):
        fairness.sex_of("unknown: x")
    with pytest.raises(ValueError):
        fairness.age_group(-3)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.floats(0, 1, allow_nan=False), min_size=4, max_size=50, unique=True),
       st.floats(0.05, 1.0))
def test_group_thresholds_equalise_selection_rates(scores, rate):
    groups = ["a" if i % 2 else "b" for i in range(len(scores))]
    cut = fairness.group_thresholds(scores, groups, rate)
    decisions = fairness.approvals(scores, cut, groups)
    for g in ("a", "b"):
        mine = decisions[np.array(groups) == g]
        assert mine.sum() == int(np.ceil(rate * len(mine)))


def test_approvals_and_tradeoff():
    assert fairness.approvals([0.1, 0.5], 0.3).tolist() == [1, 0]
    with pytest.raises(KeyError, match="no threshold for group 'c'"):
        fairness.approvals([0.1], {"a": 0.2}, groups=["c"])
    with pytest.raises(ValueError):
        fairness.approvals([0.1], {"a": 0.2})
    table = fairness.mitigation_tradeoff([1, 0, 1, 0], [1, 0, 0, 0], [1, 1, 1, 0], ["a", "a", "b", "b"])
    assert table.loc["before", "cost"] == 1.0 and table.loc["after", "cost"] == 5.0
    assert table.loc["before", "disparate_impact_ratio"] == 0.0
    assert table.loc["after", "disparate_impact_ratio"] == pytest.approx(0.5)


def test_ppv_impossibility_on_numbers():
    # equal TPR and FPR, different base rates: different precision
    assert fairness.ppv_from_rates(0.7, 0.8, 0.3) != pytest.approx(fairness.ppv_from_rates(0.5, 0.8, 0.3))
    # equal base rates: equal precision
    assert fairness.ppv_from_rates(0.6, 0.8, 0.3) == fairness.ppv_from_rates(0.6, 0.8, 0.3)
    # perfect prediction: precision 1 whatever the base rate
    assert fairness.ppv_from_rates(0.2, 1.0, 0.0) == 1.0 == fairness.ppv_from_rates(0.9, 1.0, 0.0)
    with pytest.raises(ValueError):
        fairness.ppv_from_rates(0.5, 0.0, 0.0)
    with pytest.raises(ValueError):
        fairness.ppv_from_rates(1.5, 0.5, 0.5)

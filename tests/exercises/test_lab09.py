# SPDX-FileCopyrightText: 2026 The Open Source AI Lab Kit authors
# SPDX-License-Identifier: MIT
"""Lab 09, Algorithmic trading with open models (``osai.exercises.lab09``)."""

from __future__ import annotations

from importlib.util import find_spec
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from osai.checks import load_lab

LAB = "09"
ROOT = Path(__file__).resolve().parents[2]


def my_backtest(signal, returns, cost=0.0005):
    position = signal.reindex(returns.index).shift(1).fillna(0.0)
    return position * returns - cost * position.diff().abs().fillna(position.abs())


class _Fitted:
    """A stand-in classifier that predicts the planted tone of every distinct headline."""

    classes_ = np.array(["negative", "neutral", "positive"])
    n_features_in_ = 384

    def __init__(self, labels):
        self.labels = labels

    def predict(self, X):
        return self.labels[: len(X)]

    def predict_proba(self, X):
        return np.full((len(X), 3), 1 / 3)


@pytest.fixture(scope="module")
def answers():
    from osai import trading
    from osai.exercises.lab09 import _headline_truth

    folder = find_spec("arch").submodule_search_locations[0]
    prices = pd.read_csv(f"{folder}/data/sp500/sp500.csv.gz", parse_dates=["Date"], index_col="Date")
    close = prices["Adj Close"]
    daily = close / close.shift(1) - 1
    # the experiment of section 4, written without the kit's backtest
    nets = {}
    for fast in (5, 10, 15, 20, 30, 40):
        for slow in (50, 75, 100, 125, 150, 200, 250):
            signal = np.sign(close.rolling(fast).mean() - close.rolling(slow).mean())
            nets[f"ma_{fast}_{slow}"] = my_backtest(signal, daily.fillna(0.0)).loc[:"2012-12-31"]
    daily_sr = {name: net.mean() / net.std() for name, net in nets.items()}
    best = max(daily_sr, key=daily_sr.get)
    net = nets[best]
    args = (daily_sr[best], 42, len(net), float(np.var(list(daily_sr.values()), ddof=1)), float(net.skew()))
    truth, _ = _headline_truth()
    wrong_tones = np.where(truth == "positive", "negative", "positive")
    right = {
        "q1": daily,
        "q2": my_backtest,
        "q3": ("trend_centered", "future"),
        "q4": _Fitted(truth),
        "q5": trading.deflated_sharpe(*args, float(net.kurt()) + 3),
        "q6": "none",
        "q7": {"arch": "yes", "backtesting.py": "no", "backtrader": "conditions", "vectorbt": "no"},
        "q8": {"max_order_size", "max_messages", "credit_limit"},
    }
    wrong = {
        "q1": np.log(close / close.shift(1)),
        "q2": lambda s, r, cost=0.0005: s * r - cost * s.diff().abs().fillna(s.abs()),
        "q3": ("trend_centered", "luck"),
        "q4": _Fitted(wrong_tones),
        "q5": trading.deflated_sharpe(args[0], 1, len(net), 0.0, args[4], float(net.kurt()) + 3),
        "q6": best,
        "q7": {"arch": "yes", "backtesting.py": "yes", "backtrader": "conditions", "vectorbt": "no"},
        "q8": {"max_order_size", "max_messages", "credit_limit", "kill_switch"},
    }
    return right, wrong


@pytest.mark.parametrize("qid", sorted(load_lab(LAB).exercises))
def test_right_passes_and_wrong_fails(qid, answers, right_passes_and_wrong_fails):
    right, wrong = answers
    right_passes_and_wrong_fails(LAB, qid, right[qid], wrong[qid])


def test_every_defensible_decision_is_accepted(status):
    assert status(LAB, "q6", "news") == "passed"
    assert status(LAB, "q6", "trend_centered") == "failed"
    for arch in ("yes", "conditions"):
        for copyleft in ("conditions", "no"):
            decision = {"arch": arch, "backtesting.py": copyleft, "backtrader": copyleft, "vectorbt": "no"}
            assert status(LAB, "q7", decision) == "passed", decision
    assert status(LAB, "q7", {"arch": "yes", "backtesting.py": "conditions", "backtrader": "conditions",
                              "vectorbt": "conditions"}) == "failed"
    # q8: a collar may or may not trip (market-priced orders, but 2,000 of them move the price)
    trips = {"max_order_size", "max_messages", "credit_limit"}
    assert status(LAB, "q8", trips | {"price_collar"}) == "passed"
    assert status(LAB, "q8", sorted(trips)) == "passed"
    for left_out in trips:
        assert status(LAB, "q8", trips - {left_out}) == "failed", left_out
    assert status(LAB, "q8", trips | {"self_assessment"}) == "failed"


def test_q5_accepts_either_variance_of_the_trials(evaluate, answers):
    """The lab says "their variance": numpy's population variance is as right as the sample one."""
    from osai import trading
    from osai.exercises.lab09 import _market

    ref = _market()
    net = ref["net"]
    moments = (float(net.skew()), float(net.kurt()) + 3)
    population = trading.deflated_sharpe(ref["sr"], ref["n_trials"], len(net), ref["variance_population"], *moments)
    assert abs(population - answers[0]["q5"]) > 1e-3  # the two really differ
    assert evaluate(LAB, "q5", population).status == "passed"


def test_misconceptions_are_named(evaluate, answers):
    right, wrong = answers
    assert "log returns" in evaluate(LAB, "q1", wrong["q1"]).detail
    assert "tomorrow's return" in evaluate(LAB, "q1", right["q1"].shift(-1)).detail
    assert "percent" in evaluate(LAB, "q1", right["q1"] * 100).detail
    assert "one day late" in evaluate(LAB, "q1", right["q1"].shift(1)).detail
    assert "look-ahead" in evaluate(LAB, "q2", wrong["q2"]).detail
    no_costs = lambda s, r, cost=0.0005: s.reindex(r.index).shift(1).fillna(0.0) * r  # noqa: E731
    assert "costs are missing" in evaluate(LAB, "q2", no_costs).detail

    def free_first_trade(s, r, cost=0.0005):
        position = s.reindex(r.index).shift(1)
        return (position * r - cost * position.diff().abs()).fillna(0.0)

    assert "first trade" in evaluate(LAB, "q2", free_first_trade).detail

    def counts_changes(s, r, cost=0.0005):
        position = s.reindex(r.index).shift(1).fillna(0.0)
        return position * r - cost * (position != position.shift(1).fillna(0.0)).astype(float)

    assert "size of each change" in evaluate(LAB, "q2", counts_changes).detail
    assert "kill functionality" in evaluate(LAB, "q8", right["q8"] | {"kill_switch"}).detail
    assert "2 of the controls" in evaluate(LAB, "q8", {"max_messages"}).detail
    assert "unknown control 'collar'" in evaluate(LAB, "q8", {"collar"}).detail
    assert "poor Sharpe ratio is not cheating" in evaluate(LAB, "q3", ("momentum_20", "future")).detail
    assert "n_trials=1" in evaluate(LAB, "q5", wrong["q5"]).detail
    assert "not annualised" in evaluate(LAB, "q5", 0.9).detail
    assert "one of 42 tries" in evaluate(LAB, "q6", wrong["q6"]).detail
    assert "copyleft" in evaluate(LAB, "q7", wrong["q7"]).detail


def test_a_backtest_that_only_calls_the_kits_is_refused(evaluate):
    from osai import trading

    for delegate in (trading.backtest, lambda s, r, cost=0.0005: trading.backtest(s, r, cost)):
        result = evaluate(LAB, "q2", delegate)
        assert result.status == "failed" and "backtest" in result.detail and "yourself" in result.detail, result.detail


def test_the_refusal_leaves_no_profiler_behind(evaluate):
    import sys

    evaluate(LAB, "q2", my_backtest)
    assert sys.getprofile() is None


def _hidden_cases(function):
    """Run the hidden cases of q2's check cell in the solution on ``function``: {kind: passed}."""
    import nbformat

    cell = next(c for c in nbformat.read(ROOT / "solutions" / "09_algorithmic_trading.ipynb", as_version=4).cells
                if c.get("id") == "q2-check")
    seen = {}

    class Check:
        def __call__(self, *args):
            pass

        def hidden(self, qid, tried, cases):
            seen.update({kind: bool(probe(tried)) for kind, probe in cases})

    exec(cell.source, {"np": np, "pd": pd, "check": Check(), "backtest": function})  # noqa: S102 - the kit's own cell
    return seen


def test_the_hidden_cases_pass_the_reference_and_catch_slips():
    assert _hidden_cases(my_backtest) == dict.fromkeys(_hidden_cases(my_backtest), True)
    assert len(_hidden_cases(my_backtest)) == 3

    def no_reindex(signal, returns, cost=0.0005):
        position = signal.shift(1).fillna(0.0)
        return position * returns - cost * position.diff().abs().fillna(position.abs())

    def cost_even_when_holding(signal, returns, cost=0.0005):
        position = signal.reindex(returns.index).shift(1).fillna(0.0)
        return position * returns - cost * position.abs()

    assert not all(_hidden_cases(no_reindex).values())
    assert not all(_hidden_cases(cost_even_when_holding).values())

# SPDX-FileCopyrightText: 2026 The Open Source AI Lab Kit authors
# SPDX-License-Identifier: MIT
"""osai.trading: the shipped prices and headlines, the backtest, the audit, the deflated Sharpe ratio."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from osai import trading


@pytest.fixture(scope="module")
def prices():
    return trading.sp500()


def test_the_sp500_history_is_complete_and_ordered(prices):
    assert prices.index.is_monotonic_increasing and prices.index.is_unique
    assert not prices.isna().any().any()
    assert (prices["High"] >= prices["Low"]).all()
    assert 600 < prices["Adj Close"].min() < prices["Adj Close"].max() < 3000


def test_a_bad_price_file_is_named(tmp_path):
    with pytest.raises(FileNotFoundError, match="sp500.csv.gz"):
        trading.sp500(tmp_path / "missing.csv")
    wrong = tmp_path / "wrong.csv"
    wrong.write_text("Date,Price\n2020-01-02,1\n")
    with pytest.raises(ValueError, match="expected the columns"):
        trading.sp500(wrong)


def test_importing_the_module_imports_neither_pandas_nor_arch():
    code = "import sys, osai.trading; print(sorted(m for m in ('pandas', 'arch') if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_the_headlines_carry_the_documented_planted_effect(prices):
    news = trading.headlines(with_tone=True)
    assert news.index.isin(prices.index).all()
    tomorrow = prices["Adj Close"].pct_change().shift(-1).loc[news.index]
    toned = news["tone"] != "neutral"
    agree = ((news["tone"] == "positive") == (tomorrow > 0))[toned].mean()
    assert 0.27 < 1 - toned.mean() < 0.33
    assert 0.61 < agree < 0.69
    # the same day's return carries no such effect: the information is about tomorrow only
    today = prices["Adj Close"].pct_change().loc[news.index]
    assert abs(((news["tone"] == "positive") == (today > 0))[toned].mean() - 0.5) < 0.04


def _loop_backtest(signal, returns, cost):
    held, out = 0.0, []
    for i in range(len(returns)):
        wanted = 0.0 if i == 0 or np.isnan(signal[i - 1]) else signal[i - 1]
        out.append(wanted * returns[i] - cost * abs(wanted - held))
        held = wanted
    return out


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.sampled_from([-1.0, -0.5, 0.0, 0.5, 1.0, float("nan")]),
                          st.floats(-0.1, 0.1, allow_nan=False)), min_size=1, max_size=40),
       st.sampled_from([0.0, 0.0005, 0.01]))
def test_the_backtest_is_the_day_by_day_loop(rows, cost):
    days = pd.bdate_range("2020-01-01", periods=len(rows))
    signal = pd.Series([s for s, _ in rows], index=days)
    returns = pd.Series([r for _, r in rows], index=days)
    got = trading.backtest(signal, returns, cost)
    assert np.allclose(got.to_numpy(), _loop_backtest(signal.to_numpy(), returns.to_numpy(), cost), atol=1e-12)


@pytest.mark.parametrize("bad", [-0.1, 1.0, True, "5bp"])
def test_a_bad_cost_is_refused(bad):
    r = pd.Series([0.01, 0.02])
    with pytest.raises(ValueError, match="cost"):
        trading.backtest(r, r, bad)


def test_the_backtest_wants_pandas():
    with pytest.raises(TypeError, match="pandas"):
        trading.backtest([1, 1], pd.Series([0.01, 0.02]))


def test_the_audit_flags_the_centred_window_and_any_shift_into_the_future(prices):
    audit = trading.lookahead_audit(prices)
    assert audit["uses_future"].to_dict() == {"momentum_20": False, "reversal_5": False, "trend_centered": True}
    peeking = {"tomorrow": lambda close: np.sign(close.shift(-1) - close), "today": lambda close: np.sign(close.diff())}
    assert trading.lookahead_audit(prices.iloc[:500], peeking)["uses_future"].to_dict() == {"tomorrow": True, "today": False}
    with pytest.raises(ValueError, match="checkpoints"):
        trading.lookahead_audit(prices, checkpoints=0)
    with pytest.raises(ValueError, match="at least 60"):
        trading.lookahead_audit(prices.iloc[:10])


def test_the_cheating_signal_is_spectacular_and_the_fix_is_not(prices):
    daily = prices["Adj Close"].pct_change()
    signals = trading.make_signals(prices)
    assert trading.sharpe(trading.backtest(signals["trend_centered"], daily)) > 3
    trailing = np.sign(prices["Adj Close"].rolling(5).mean().diff())
    assert trading.sharpe(trading.backtest(trailing, daily)) < 0.5


def test_the_expected_maximum_matches_a_simulation():
    rng = np.random.default_rng(0)
    for n in (10, 42, 200):
        simulated = rng.standard_normal((4000, n)).max(axis=1).mean()
        assert abs(trading.expected_max_sharpe(n, 1.0) - simulated) < 0.05 * simulated


def test_the_deflated_sharpe_ratio_behaves():
    one = trading.deflated_sharpe(0.05, 1, 1000)
    assert one > trading.deflated_sharpe(0.05, 42, 1000, 0.0004) > trading.deflated_sharpe(0.05, 500, 1000, 0.0004)
    assert trading.deflated_sharpe(0.05, 42, 4000, 0.0004) > trading.deflated_sharpe(0.05, 42, 1000, 0.0004)
    assert trading.deflated_sharpe(0.05, 42, 1000, 0.0004, kurtosis=12) < trading.deflated_sharpe(0.05, 42, 1000, 0.0004)
    with pytest.raises(ValueError, match="annualised"):
        trading.deflated_sharpe(2.5, 42, 1000, 0.0004)
    with pytest.raises(ValueError, match="n_trials"):
        trading.deflated_sharpe(0.05, 0, 1000)
    with pytest.raises(ValueError, match="not excess"):
        trading.deflated_sharpe(0.5, 1, 1000, kurtosis=-20)


def test_the_sharpe_ratio_refuses_too_little_data():
    with pytest.raises(ValueError, match="at least 2"):
        trading.sharpe([0.01])
    assert np.isnan(trading.sharpe([0.01, 0.01]))


@settings(max_examples=60, deadline=None)
@given(st.lists(st.floats(-5, 5, allow_nan=False), min_size=1, max_size=30),
       st.floats(0.1, 2), st.floats(0.1, 2))
def test_pre_trade_limits_hold_whatever_the_targets(targets, max_position, max_trade):
    limited = trading.pre_trade_limits(pd.Series(targets), max_position, max_trade)
    held = limited["position"].to_numpy()
    assert (np.abs(held) <= max_position + 1e-9).all()
    assert (np.abs(np.diff(np.concatenate([[0.0], held]))) <= max_trade + 1e-9).all()
    unblocked = ~limited["blocked"].to_numpy()
    assert np.allclose(held[unblocked], np.asarray(targets)[unblocked])


def test_every_library_has_a_source_and_the_verdicts_follow_the_licenses():
    table = trading.libraries()
    assert table["source"].str.startswith("https://").all()
    assert {name: trading.library_verdict(name) for name in table.index} == {
        "arch": "yes", "backtesting.py": "conditions", "backtrader": "conditions", "vectorbt": "no"}
    with pytest.raises(KeyError, match="unknown library"):
        trading.library_verdict("zipline")

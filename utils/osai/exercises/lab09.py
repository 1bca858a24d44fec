# SPDX-FileCopyrightText: 2026 The Open Source AI Lab Kit authors
# SPDX-License-Identifier: MIT
"""Exercises of Lab 09, Algorithmic trading with open models. Answers are recomputed from the shipped data."""

from __future__ import annotations

import functools
from typing import Any

from osai.checks import Exercises, Mismatch, as_function, as_instance, as_mapping, as_number, as_strings, expect

ex = Exercises("09", salt_lab="12")

#: The reasons a student may give for a signal that cheats (q3), as the notebook lists them.
REASONS = ("future", "costs", "luck", "leverage")
#: The decisions of q6 and q7.
VERDICTS = ("yes", "conditions", "no")


@functools.cache
def _market() -> dict[str, Any]:
    """Prices, returns, signals and the overfitting experiment, rebuilt the way the notebook builds them."""
    import numpy as np

    from osai import trading

    prices = trading.sp500()
    daily = prices["Adj Close"].pct_change()
    variants = trading.crossover_variants(prices)
    nets = {name: trading.backtest(variants[name], daily).loc[:"2012-12-31"] for name in variants}
    per_day = {name: trading.sharpe(net, periods=1) for name, net in nets.items()}
    best = max(per_day, key=per_day.get)
    net = nets[best]
    return {"prices": prices, "daily": daily, "best": best, "n_trials": len(per_day), "net": net,
            "sr": per_day[best], "variance": float(np.var(list(per_day.values()), ddof=1)),
            "variance_population": float(np.var(list(per_day.values()), ddof=0)),
            "audit": trading.lookahead_audit(prices)}


def _close(a: Any, b: Any, tol: float = 1e-9) -> bool:
    import numpy as np

    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    return a.shape == b.shape and bool(np.allclose(a, b, atol=tol, rtol=0, equal_nan=True))


@ex("q1", points=1, expects="a pandas Series of daily simple returns",
    hints=("A daily simple return is today's price over yesterday's, minus one.",
           "pandas has a method for it on a Series: pct_change.",
           'Code: prices["Adj Close"].pct_change()'))
def _q1(answer: Any) -> None:
    import numpy as np
    import pandas as pd

    answer = as_instance(answer, pd.Series, "a pandas Series (one return per day)")
    ref = _market()
    want = ref["daily"]
    got = pd.to_numeric(answer, errors="coerce").reindex(want.index)
    expect(answer.index.isin(want.index).mean() > 0.99 and len(answer) >= len(want) - 1,
           "keep the prices' dates as the index: one return per trading day")
    close = ref["prices"]["Adj Close"]
    expect(not _close(got.iloc[1:], np.log(close / close.shift(1)).iloc[1:]),
           "those are log returns; the backtest adds simple returns (pct_change)")
    expect(not _close(got.iloc[1:], want.iloc[1:] * 100), "returns as fractions (0.01), not percent (1.0)")
    expect(not _close(got.iloc[:-1], want.shift(-1).iloc[:-1]),
           "that is tomorrow's return on today's date: a look-ahead; use pct_change() without shift(-1)")
    expect(not _close(got.iloc[1:], close.diff().iloc[1:]), "divide the change by yesterday's price")
    expect(not _close(got.iloc[2:], want.shift(1).iloc[2:]), "each return is one day late: pct_change() already "
                                                             "puts today's return on today's date; do not shift it")
    expect(_close(got.iloc[1:], want.iloc[1:]), "not the daily simple returns of the adjusted close")


@ex("q2", points=3, expects="a function backtest(signal, returns, cost) returning a Series of daily net returns",
    refuses=("osai.trading.backtest",), compared=True,
    hints=("Yesterday's signal is today's position; a trade is a change of position, and costs cost per unit.",
           "pandas: signal.shift(1) gives the position; position.diff().abs() the size of each trade.",
           "Code: position = signal.shift(1).fillna(0); trades = position.diff().abs().fillna(position.abs()); "
           "return position * returns - cost * trades"))
def _q2(backtest: Any) -> None:
    import pandas as pd

    from osai import trading

    backtest = as_function(backtest, "a function backtest(signal, returns, cost)")
    days = pd.bdate_range("2024-01-01", periods=5)
    r = pd.Series([0.01, 0.02, -0.01, 0.03, -0.02], index=days)
    s = pd.Series([1.0, 1.0, -1.0, 0.0, 1.0], index=days)
    got = backtest(s, r, 0.001)
    expect(isinstance(got, pd.Series), f"return a pandas Series of daily net returns, got {type(got).__name__}")
    expect(len(got) == len(r), f"one net return per day of returns ({len(r)}), got {len(got)}")
    want = trading.backtest(s, r, 0.001)
    got = pd.to_numeric(got, errors="coerce").reindex(r.index)
    same_day = s * r - 0.001 * s.diff().abs().fillna(s.abs())
    expect(not (_close(got.iloc[1:], same_day.iloc[1:]) or _close(got.iloc[1:], (s * r).iloc[1:])),
           "a look-ahead: the signal is known at the close, so it can only be traded the next day (shift(1))")
    no_cost = trading.backtest(s, r, 0.0)
    expect(not _close(got.iloc[1:], no_cost.iloc[1:]), "the costs are missing: subtract cost * |change of position|")
    expect(not _close(got.iloc[2:], want.iloc[2:]) or _close(got.iloc[1:], want.iloc[1:]),
           "the first trade, from flat to a position, costs too: fill the missing position with 0 before diff()")
    position = s.shift(1).fillna(0.0)
    counted = position * r - 0.001 * (position != position.shift(1).fillna(0.0)).astype(float)
    expect(not _close(got.iloc[1:], counted.iloc[1:]), "costs grow with the size of each change of position, "
                                                       "|new - old| (from +1 to -1 is 2 units), not with the number of changes")
    expect(_close(got.iloc[1:], want.iloc[1:]), "not the daily net returns: lag the signal one day, then costs on each change")
    first = got.iloc[0]
    expect(first == 0 or first != first, "the first day starts flat: its return is 0 (or missing)")
    half = trading.backtest(s * 0.5, r, 0.002)
    expect(_close(pd.to_numeric(backtest(s * 0.5, r, 0.002), errors="coerce").reindex(r.index).iloc[1:], half.iloc[1:]),
           "use the cost argument and positions of any size (0.5 is half a position), not only +1 and -1")


@ex("q3", points=2, expects="a pair (signal name, reason), the reason one of " + ", ".join(REASONS),
    hints=("A signal dated day t may only use prices up to the close of day t.",
           "Look at how each signal is computed: which window reaches past the day it is dated?",
           "rolling(..., center=True) averages the days around t, after it as well as before."))
def _q3(answer: Any) -> None:
    from osai import trading

    pair = as_instance(answer, (tuple, list), "a pair (signal name, reason)")
    expect(len(pair) == 2, f"a pair (signal name, reason), got {len(pair)} items")
    name, reason = as_strings(pair, "a pair of two strings (signal name, reason)")
    expect(name in trading.SIGNALS, f"the signal is one of {sorted(trading.SIGNALS)}")
    expect(reason in REASONS, f"the reason is one of {list(REASONS)}")
    audit = _market()["audit"]
    if not bool(audit.loc[name, "uses_future"]):
        raise Mismatch(f"{name} only uses prices up to the day it is dated: a poor Sharpe ratio is not cheating")
    expect(reason == "future", "costs, luck and leverage do not make 4 a year's Sharpe ratio: what does it read?")


@ex("q4", points=2, expects="a fitted scikit-learn classifier of MiniLM embeddings (positive, neutral, negative)",
    hints=("Fit a classifier on X_sent (one embedding per labelled sentence) and y_sent (their labels).",
           "sklearn.linear_model.LogisticRegression(max_iter=1000) has fit(X, y) and predict_proba(X).",
           "Code: LogisticRegression(max_iter=1000).fit(X_sent, y_sent)"))
def _q4(model: Any) -> None:
    import numpy as np

    expect(hasattr(model, "predict") and hasattr(model, "predict_proba"),
           "expected a scikit-learn classifier with predict and predict_proba (call fit first)")
    classes = [str(c) for c in getattr(model, "classes_", [])]
    expect(classes, "the model is not fitted yet: call .fit(X_sent, y_sent)")
    expect(sorted(classes) == ["negative", "neutral", "positive"],
           f"fit on the three labels y_sent (negative, neutral, positive), got classes {classes}")
    expect(getattr(model, "n_features_in_", 384) == 384, "fit on the 384-number MiniLM embeddings X_sent")
    truth, vectors = _headline_truth()
    predicted = np.asarray(model.predict(vectors)).astype(str)
    accuracy = float((predicted == truth).mean())
    expect(accuracy >= 0.7, f"it labels only {accuracy:.0%} of the headlines' planted tones right: "
                            "fit on X_sent and y_sent, with enough iterations (max_iter=1000)")


@functools.cache
def _headline_truth():
    """The distinct headlines' planted tones and their MiniLM embeddings."""
    import numpy as np

    from osai.data import load_minilm
    from osai.finance import embed_sentences
    from osai.trading import headlines

    distinct = headlines(with_tone=True).drop_duplicates("text").sort_values("text")
    tokenizer, model = load_minilm()
    return distinct["tone"].to_numpy(), np.asarray(embed_sentences(list(distinct["text"]), tokenizer, model))


@ex("q5", points=2, expects="a probability between 0 and 1 (the deflated Sharpe ratio)",
    hints=("The deflated Sharpe ratio compares the best ratio with what the best of n skill-less tries would reach.",
           "trading.deflated_sharpe(observed, n_trials, n_obs, sharpe_variance, skew, kurtosis), daily ratios.",
           "Code: trading.deflated_sharpe(daily_sr[best], len(daily_sr), len(best_net), float(np.var(list(daily_sr.values()), ddof=1)), float(best_net.skew()), float(best_net.kurt()) + 3)"))
def _q5(answer: Any) -> None:
    from osai import trading

    value = as_number(answer, "a probability between 0 and 1")
    expect(0 <= value <= 1, "a deflated Sharpe ratio is a probability, between 0 and 1")
    ref = _market()
    net = ref["net"]
    skew, kurt = float(net.skew()), float(net.kurt()) + 3
    args = (ref["sr"], ref["n_trials"], len(net))
    lucky = [trading.deflated_sharpe(ref["sr"], trials, len(net), 0.0, *moments)
             for trials in (1, ref["n_trials"]) for moments in ((skew, kurt), (0.0, 3.0))]
    expect(all(abs(value - p) > 5e-4 for p in lucky),
           f"with n_trials=1 or no sharpe_variance the {ref['n_trials']} tries count for nothing: give both")
    # The variance of the trials' ratios: the sample (ddof=1) or the population (numpy's default) one.
    wants = [trading.deflated_sharpe(*args, ref[key], skew, kurt) for key in ("variance", "variance_population")]
    expect(any(abs(value - want) < 5e-4 for want in wants), "not the deflated Sharpe ratio of the best variant: its daily ratio "
                                     "(not annualised), every try, their variance, skew and kurtosis")


@ex("q6", points=2, expects='a strategy name to deploy: "news", a variant "ma_F_S", "trend_centered", or "none"',
    hints=("Deploy only what survived honest testing: no look-ahead, tested on data it was not chosen on.",
           "Compare the deflated Sharpe ratio and the holdout Sharpe ratio with buy and hold."))
def _q6(answer: Any) -> None:
    name = as_instance(answer, str, "a strategy name (a string)")
    ref = _market()
    expect(name != "trend_centered", "trend_centered reads the future: no live trading can earn its backtest")
    if name.startswith("ma_"):
        raise Mismatch(f"{name} is one of {ref['n_trials']} tries; chosen in-sample, its deflated Sharpe ratio is "
                       "low and it trails buy and hold in the holdout")
    expect(name in ("news", "none"), 'give "news", "none", "trend_centered" or a variant name such as "ma_40_200"')


@ex("q7", points=2, expects='a dict library -> "yes", "conditions" or "no"',
    hints=("Open source first: does the license carry a restriction on use? Then: does it have copyleft?",
           "The licenses are in trading.libraries() (the spdx, copyleft and restriction columns)."))
def _q7(answer: Any) -> None:
    from osai import trading

    answer = as_mapping(answer, 'a dict {library: "yes" | "conditions" | "no"}')
    names = sorted(trading.libraries().index)
    expect(sorted(map(str, answer)) == names, f"give a decision for each of {names}")
    for name in names:
        decision = answer[name]
        expect(decision in VERDICTS, f'{name}: "yes", "conditions" or "no", got {decision!r}')
        kit = trading.library_verdict(name)
        if kit == "no":
            expect(decision == "no", f"{name}: its license adds a restriction on selling; it is not open source, "
                                     "so not without the author's permission")
        elif kit == "conditions":
            expect(decision != "yes", f"{name}: copyleft; a product that ships it (or, for AGPL, serves a modified "
                                      "version) must share its source under the same license")
        else:
            expect(decision != "no", f"{name}: a permissive open source license allows use in a product")


#: The controls of q8, as the notebook lists them, and the ones the incident trips for certain.
CONTROLS = ("price_collar", "max_order_size", "max_messages", "credit_limit", "kill_switch", "self_assessment")
_TRIPPED = ("max_order_size", "max_messages", "credit_limit")
_NOT_TRIPPED = {"kill_switch": "the kill functionality (Art. 12) cancels orders already sent when someone uses it; "
                               "it blocks nothing on its own before an order leaves",
                "self_assessment": "the self-assessment (Art. 9) is a yearly review: it blocks no order"}


@ex("q8", points=2, expects="a set of control names, such as {'price_collar'}",
    hints=("A pre-trade control looks at each order before it leaves: its price, its size, how many came before it, "
           "and how much capital they use together.",
           "Go through the incident's numbers one by one: the price, the size of each order, the number of orders in a "
           "second, the total bought. Which control watches each number?",
           "The kill functionality and the self-assessment are required too, but neither inspects an order "
           "automatically before it is sent."))
def _q8(answer: Any) -> None:
    answer = as_instance(answer, (set, frozenset, list, tuple), "a set of control names, such as {'price_collar'}")
    names = {str(v).strip() for v in answer}
    unknown = sorted(names - set(CONTROLS))
    expect(not unknown, f"unknown control {unknown[0]!r}: use the names {list(CONTROLS)}" if unknown else "")
    for name, why in _NOT_TRIPPED.items():
        expect(name not in names, why)
    missing = [name for name in _TRIPPED if name not in names]
    expect(not missing, f"{len(missing)} of the controls this incident trips {'is' if len(missing) == 1 else 'are'} "
                        "missing: which control watches each of the incident's numbers?")
    # "price_collar" is accepted either way: the orders were at the market price (a collar on each order passes
    # them), but a collar over a period of time can trip as 2,000 buy orders move the price.

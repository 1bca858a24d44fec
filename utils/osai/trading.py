# SPDX-FileCopyrightText: 2026 The Open Source AI Lab Kit authors
# SPDX-License-Identifier: MIT
"""Algorithmic trading with open models: prices, signals, backtests, overfitting and controls.

The lab's content module. Its pieces:

- real prices, offline: :func:`sp500` reads the daily S&P 500 history that the ``arch`` package ships
  for its examples (1999-2018), straight from the installed file, without importing ``arch``;
- synthetic headlines with a documented, planted effect (:func:`headlines`, ``data/trading/``);
- signals known at a day's close (:data:`SIGNALS`), one of which cheats: ``trend_centered`` uses a
  centred moving average, so it reads prices of the next days; :func:`lookahead_audit` finds it by
  recomputing each signal on a history cut at that day;
- the reference backtest (:func:`backtest`: yesterday's signal is today's position, costs on each
  change) and the annualised Sharpe ratio (:func:`sharpe`);
- overfitting: many moving-average variants (:func:`crossover_variants`), the expected maximum Sharpe
  ratio of ``n`` skill-less trials and the deflated Sharpe ratio of Bailey and López de Prado (2014)
  (:func:`expected_max_sharpe`, :func:`deflated_sharpe`);
- controls and licenses: pre-trade limits on positions (:func:`pre_trade_limits`) and the licenses of
  open trading libraries (:func:`libraries`, :func:`library_verdict`).

Heavy libraries (pandas, numpy) are imported inside the functions. Education, not investment advice.

>>> round(sharpe([0.01, -0.005, 0.02, 0.0], periods=1), 3)
0.564
>>> round(deflated_sharpe(0.1, n_trials=1, n_obs=1000), 3)
0.999
"""

from __future__ import annotations

import json
import math
from functools import cache
from importlib.util import find_spec
from pathlib import Path
from statistics import NormalDist
from typing import Any, Callable, Iterable, Mapping

__all__ = [
    "CHEAT",
    "EULER_GAMMA",
    "SIGNALS",
    "SP500_SOURCE",
    "backtest",
    "crossover_variants",
    "deflated_sharpe",
    "expected_max_sharpe",
    "headlines",
    "libraries",
    "library_verdict",
    "lookahead_audit",
    "make_signals",
    "pre_trade_limits",
    "sharpe",
    "sp500",
]

DATA = Path(__file__).parent / "data" / "trading"
#: The Euler-Mascheroni constant of the expected-maximum formula.
EULER_GAMMA = 0.5772156649015329
#: What the kit knows of the S&P 500 file it reads (the package states no more).
SP500_SOURCE = {
    "package": "arch",
    "file": "arch/data/sp500/sp500.csv.gz",
    "license": "NCSA",
    "docs": "https://bashtage.github.io/arch/devel/generated/arch.data.sp500.load.html",
    "columns": "Open, High, Low, Close, Adj Close, Volume (daily, 1999-01-04 to 2018-12-31)",
}
#: The one signal of :data:`SIGNALS` that uses information from after the day it is dated.
CHEAT = "trend_centered"


def _frame_or_series(value: Any, what: str):
    import pandas as pd

    if isinstance(value, (pd.Series, pd.DataFrame)):
        return value
    raise TypeError(f"{what} must be a pandas Series or DataFrame, got {type(value).__name__}")


def sp500(path: str | Path | None = None):
    """The daily S&P 500 history that ``arch`` ships for its examples, as a DataFrame indexed by date.

    Reads ``arch/data/sp500/sp500.csv.gz`` from the installed package (or ``path``) without importing
    ``arch`` (which would take seconds). Columns: Open, High, Low, Close, Adj Close, Volume.

    >>> prices = sp500()
    >>> prices.shape, str(prices.index[0].date()), str(prices.index[-1].date())
    ((5031, 6), '1999-01-04', '2018-12-31')
    """
    import pandas as pd

    if path is None:
        spec = find_spec("arch")
        if spec is None or not spec.submodule_search_locations:
            raise ModuleNotFoundError("the S&P 500 example data come with the arch package; run: pip install arch")
        path = Path(list(spec.submodule_search_locations)[0]) / "data" / "sp500" / "sp500.csv.gz"
    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(f"no S&P 500 file at {path}: expected arch's data/sp500/sp500.csv.gz")
    frame = pd.read_csv(path, parse_dates=["Date"], index_col="Date")
    expected = ["Open", "High", "Low", "Close", "Adj Close", "Volume"]
    if list(frame.columns) != expected:
        raise ValueError(f"{path.name}: expected the columns {expected}, got {list(frame.columns)}")
    return frame


@cache
def _headline_document() -> dict:
    return json.loads((DATA / "headlines.json").read_text(encoding="utf-8"))


def headlines(with_tone: bool = False):
    """The synthetic market headlines (one per trading day, 2013-2018), indexed by publication date.

    Each is published after the close of its date. The planted effect (``data/trading/README.md``):
    30 % are neutral; the others agree in tone with the sign of the **next** day's return with
    probability 0.65. ``with_tone=True`` adds the planted tone (the truth a classifier must not see).

    >>> news = headlines()
    >>> len(news), list(news.columns), news["text"].nunique()
    (1509, ['text'], 50)
    """
    import pandas as pd

    doc = _headline_document()
    frame = pd.DataFrame(doc["headlines"], columns=doc["columns"])
    frame["date"] = pd.to_datetime(frame["date"])
    frame = frame.set_index("date")
    return frame if with_tone else frame[["text"]]


def _close(prices: Any):
    frame = _frame_or_series(prices, "prices")
    if hasattr(frame, "columns"):
        if "Adj Close" not in frame.columns:
            raise ValueError(f"prices need an 'Adj Close' column, got {list(frame.columns)}")
        frame = frame["Adj Close"]
    return frame.astype(float)


def _momentum_20(close):
    return (close / close.shift(20) - 1).apply(lambda x: 1.0 if x > 0 else (-1.0 if x < 0 else 0.0))


def _reversal_5(close):
    return -(close / close.shift(5) - 1).apply(lambda x: 1.0 if x > 0 else (-1.0 if x < 0 else 0.0))


def _trend_centered(close):
    smooth = close.rolling(5, center=True).mean()
    return smooth.diff().apply(lambda x: 1.0 if x > 0 else (-1.0 if x < 0 else 0.0))


#: The candidate signals: each maps a series of closing prices to a position for the next day (+1/-1/0).
SIGNALS: dict[str, Callable[[Any], Any]] = {
    "momentum_20": _momentum_20,
    "reversal_5": _reversal_5,
    "trend_centered": _trend_centered,
}


def make_signals(prices: Any):
    """Every signal of :data:`SIGNALS` on ``prices`` (a DataFrame with 'Adj Close', or a Series), one column each.

    >>> import pandas as pd
    >>> close = pd.Series([1.0, 2, 3, 4, 5, 4, 3, 2, 1] * 4, index=pd.bdate_range("2020-01-01", periods=36))
    >>> make_signals(close).columns.tolist()
    ['momentum_20', 'reversal_5', 'trend_centered']
    """
    import pandas as pd

    close = _close(prices)
    return pd.DataFrame({name: make(close) for name, make in SIGNALS.items()}, index=close.index)


def lookahead_audit(prices: Any, signals: Mapping[str, Callable[[Any], Any]] | None = None,
                    checkpoints: int = 20) -> Any:
    """Which signals change when the future is cut off: recompute each on the history up to a day.

    For ``checkpoints`` days spread over the series, each signal is computed on the prices up to and
    including that day only; a signal whose value on that day differs from its value on the whole
    history read prices after the day. Returns a DataFrame (one row per signal) with ``changed``
    (days out of ``checkpoints``) and ``uses_future`` (bool).

    >>> audit = lookahead_audit(sp500().iloc[:400])
    >>> audit["uses_future"].to_dict()
    {'momentum_20': False, 'reversal_5': False, 'trend_centered': True}
    """
    import numpy as np
    import pandas as pd

    close = _close(prices)
    makers = dict(SIGNALS if signals is None else signals)
    if not makers or not all(callable(make) for make in makers.values()):
        raise TypeError("signals must map names to functions of a price series")
    if not isinstance(checkpoints, int) or checkpoints < 1:
        raise ValueError(f"checkpoints must be a positive int, got {checkpoints!r}")
    if len(close) < 60:
        raise ValueError(f"the audit needs at least 60 prices, got {len(close)}")
    days = np.linspace(40, len(close) - 5, checkpoints).astype(int)
    rows = []
    for name, make in makers.items():
        full = make(close)
        changed = 0
        for day in days:
            cut = make(close.iloc[: day + 1])
            a, b = full.iloc[day], cut.iloc[-1]
            same = (pd.isna(a) and pd.isna(b)) or (not pd.isna(a) and not pd.isna(b) and abs(a - b) < 1e-12)
            changed += not same
        rows.append({"signal": name, "changed": int(changed), "uses_future": bool(changed > 0)})
    return pd.DataFrame(rows).set_index("signal")


def backtest(signal: Any, returns: Any, cost: float = 0.0005):
    """Daily net returns of trading ``signal`` (known at a day's close) on ``returns`` (simple, daily).

    The position held over day ``t`` is the signal of day ``t-1`` (one-day lag); each change of
    position costs ``cost`` times its size (``cost=0.0005`` is 5 basis points); the first day starts
    flat. Missing signals mean no position. Returns a Series aligned on ``returns``.

    >>> import pandas as pd
    >>> r = pd.Series([0.01, 0.02, -0.01, 0.03])
    >>> backtest(pd.Series([1.0, 1.0, -1.0, 0.0]), r, cost=0.001).round(4).tolist()
    [0.0, 0.019, -0.01, -0.032]
    """
    import pandas as pd

    returns = _frame_or_series(returns, "returns")
    signal = _frame_or_series(signal, "signal")
    if not isinstance(cost, (int, float)) or isinstance(cost, bool) or not 0 <= cost < 1:
        raise ValueError(f"cost must be a fraction per unit traded, between 0 and 1, got {cost!r}")
    signal = signal.reindex(returns.index)
    position = signal.shift(1).fillna(0.0)
    trades = position.diff().abs()
    trades.iloc[0] = abs(position.iloc[0])
    net = position * returns.fillna(0.0) - cost * trades
    return net.astype(float) if isinstance(net, pd.Series) else net


def sharpe(returns: Any, periods: int = 252) -> float:
    """The annualised Sharpe ratio of daily returns: mean over standard deviation, times sqrt(periods).

    No risk-free rate is subtracted (the lab compares strategies with each other). ``periods=1`` gives
    the per-period ratio that the deflated Sharpe ratio uses. A constant series has no ratio (nan).

    >>> round(sharpe([0.001, 0.002, 0.0, 0.001]), 2)
    19.44
    """
    import numpy as np

    values = np.asarray(list(returns) if not hasattr(returns, "to_numpy") else returns.to_numpy(), dtype=float)
    values = values[~np.isnan(values)]
    if values.size < 2:
        raise ValueError(f"a Sharpe ratio needs at least 2 returns, got {values.size}")
    if not isinstance(periods, int) or periods < 1:
        raise ValueError(f"periods must be a positive int (252 trading days a year), got {periods!r}")
    spread = values.std(ddof=1)
    return float("nan") if spread == 0 else float(values.mean() / spread * math.sqrt(periods))


def crossover_variants(prices: Any, fast: Iterable[int] = (5, 10, 15, 20, 30, 40),
                       slow: Iterable[int] = (50, 75, 100, 125, 150, 200, 250)):
    """Signals of moving-average crossovers, one column ``ma_F_S`` per pair fast < slow: +1 above, -1 below.

    >>> variants = crossover_variants(sp500().iloc[:300])
    >>> variants.shape[1], variants.columns[0]
    (42, 'ma_5_50')
    """
    import numpy as np
    import pandas as pd

    close = _close(prices)
    columns = {}
    for f in fast:
        for s in slow:
            if not (isinstance(f, int) and isinstance(s, int) and 0 < f < s):
                continue
            gap = close.rolling(f).mean() - close.rolling(s).mean()
            columns[f"ma_{f}_{s}"] = np.sign(gap)
    if not columns:
        raise ValueError("no pair with 0 < fast < slow: give window lengths in days")
    return pd.DataFrame(columns, index=close.index)


def expected_max_sharpe(n_trials: int, sharpe_variance: float, mean_sharpe: float = 0.0) -> float:
    """Expected maximum Sharpe ratio of ``n_trials`` skill-less strategies (Bailey and López de Prado, 2014).

    ``E[max] ~ mean + sqrt(V) * ((1 - g) * z(1 - 1/N) + g * z(1 - 1/(N e)))``, with ``g`` the
    Euler-Mascheroni constant and ``z`` the standard normal quantile; ``V`` is the variance of the
    trials' Sharpe ratios (per period, like the ratios themselves).

    >>> round(expected_max_sharpe(42, 0.0004), 4)
    0.0442
    """
    if not isinstance(n_trials, int) or isinstance(n_trials, bool) or n_trials < 1:
        raise ValueError(f"n_trials must be a positive int (how many variants were tried), got {n_trials!r}")
    if not sharpe_variance >= 0:
        raise ValueError(f"sharpe_variance must be >= 0, got {sharpe_variance!r}")
    if n_trials == 1:
        return float(mean_sharpe)
    z = NormalDist().inv_cdf
    spread = ((1 - EULER_GAMMA) * z(1 - 1 / n_trials) + EULER_GAMMA * z(1 - 1 / (n_trials * math.e)))
    return float(mean_sharpe + math.sqrt(sharpe_variance) * spread)


def deflated_sharpe(observed: float, n_trials: int, n_obs: int, sharpe_variance: float = 0.0,
                    skew: float = 0.0, kurtosis: float = 3.0) -> float:
    """Deflated Sharpe ratio: the probability that the true Sharpe ratio beats the best of ``n_trials`` by luck.

    Bailey and López de Prado (2014), *The Deflated Sharpe Ratio*, Journal of Portfolio Management
    40(5): ``DSR = Phi((SR - SR0) * sqrt(T - 1) / sqrt(1 - skew * SR + (kurtosis - 1) / 4 * SR^2))``, where
    ``SR`` is the observed **per-period** (not annualised) Sharpe ratio, ``T`` the number of returns,
    ``kurtosis`` the plain (not excess) kurtosis, and ``SR0`` :func:`expected_max_sharpe` of the trials.
    With one trial it is the probabilistic Sharpe ratio against 0.

    >>> round(deflated_sharpe(0.05, n_trials=42, n_obs=3000, sharpe_variance=0.0004), 3)
    0.625
    """
    for name, value in (("observed", observed), ("skew", skew), ("kurtosis", kurtosis)):
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
            raise ValueError(f"{name} must be a finite number, got {value!r}")
    if abs(observed) > 2:
        raise ValueError(f"observed = {observed}: give the per-period (daily) Sharpe ratio, not the annualised one")
    if not isinstance(n_obs, int) or isinstance(n_obs, bool) or n_obs < 2:
        raise ValueError(f"n_obs must be an int >= 2 (the number of returns), got {n_obs!r}")
    threshold = expected_max_sharpe(n_trials, sharpe_variance)
    denominator = 1 - skew * observed + (kurtosis - 1) / 4 * observed**2
    if denominator <= 0:
        raise ValueError("skew and kurtosis give a negative variance: is kurtosis the plain (not excess) one?")
    return float(NormalDist().cdf((observed - threshold) * math.sqrt(n_obs - 1) / math.sqrt(denominator)))


def pre_trade_limits(target: Any, max_position: float = 1.0, max_trade: float = 0.5):
    """Apply two pre-trade controls to target positions: a position limit and a maximum order size.

    The kind of limits RTS 6 Article 15 and SEC Rule 15c3-5(c)(1) ask for, in miniature: each day's
    order (the change of position) is cut to ``max_trade``, and the position to ``max_position``.
    Returns a DataFrame with ``target``, ``position`` and ``blocked`` (the order was cut).

    >>> import pandas as pd
    >>> pre_trade_limits(pd.Series([0.0, 1.0, 3.0, -1.0]))["position"].tolist()
    [0.0, 0.5, 1.0, 0.5]
    """
    import pandas as pd

    target = _frame_or_series(target, "target")
    if not (0 < max_position and 0 < max_trade):
        raise ValueError(f"limits must be positive, got max_position={max_position}, max_trade={max_trade}")
    positions, blocked, held = [], [], 0.0
    for wanted in target.fillna(0.0).astype(float):
        goal = min(max(wanted, -max_position), max_position)
        step = min(max(goal - held, -max_trade), max_trade)
        blocked.append(bool(abs(held + step - wanted) > 1e-12))
        held += step
        positions.append(held)
    return pd.DataFrame({"target": target.astype(float), "position": positions, "blocked": blocked},
                        index=target.index)


def libraries():
    """The licenses of open trading libraries (``data/trading/libraries.yaml``), one row per library.

    >>> libraries()["spdx"].to_dict()["backtrader"]
    'GPL-3.0-or-later'
    """
    import pandas as pd
    import yaml

    rows = yaml.safe_load((DATA / "libraries.yaml").read_text(encoding="utf-8"))["libraries"]
    return pd.DataFrame(rows).set_index("name")


def library_verdict(name: str) -> str:
    """May a company use the library in a product it sells? ``"yes"``, ``"conditions"`` or ``"no"``.

    ``"no"``: the license is not open source (an added use restriction, no OSI-approved id);
    ``"conditions"``: open source with copyleft (GPL passes on when you distribute, AGPL also when you
    offer a modified version over a network); ``"yes"``: a permissive open source license. Education, not
    legal advice.

    >>> [library_verdict(n) for n in ("arch", "backtrader", "vectorbt")]
    ['yes', 'conditions', 'no']
    """
    from osai import licenses

    table = libraries()
    if name not in table.index:
        raise KeyError(f"unknown library {name!r}; expected one of {sorted(table.index)}")
    row = {key: (None if value is None or value != value else value) for key, value in table.loc[name].items()}
    if row["restriction"] or not row["spdx"] or not licenses.is_osi_approved(row["spdx"]):
        return "no"
    return "conditions" if row["copyleft"] else "yes"

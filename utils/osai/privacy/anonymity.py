# SPDX-FileCopyrightText: 2026 The Open Source AI Lab Kit authors
# SPDX-License-Identifier: MIT
"""Re-identification in a table (Lab 04): k-anonymity, and the least generalisation that reaches it.

:func:`k_anonymity`, :func:`generalize` and :func:`least_generalization` (German Credit's
quasi-identifiers, with :func:`german_credit_ladders`).
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

__all__ = ["Generalization", "generalize", "german_credit_ladders", "information_loss", "k_anonymity",
           "least_generalization"]


def _check_columns(df: pd.DataFrame, columns: Iterable[str]) -> list[str]:
    if isinstance(columns, str):
        columns = [columns]
    columns = list(columns)
    if not columns:
        raise ValueError("expected at least one quasi-identifier column")
    for column in columns:
        if column not in df.columns:
            import difflib

            close = difflib.get_close_matches(str(column), [str(c) for c in df.columns], n=1)
            hint = f"; did you mean {close[0]!r}?" if close else ""
            raise KeyError(f"no column {column!r} in the table{hint}")
    return columns


def k_anonymity(df: pd.DataFrame, quasi_identifiers: Iterable[str]) -> int:
    """The k of a table: the size of the smallest group of rows that share all quasi-identifiers.

    Every row is then indistinguishable from at least k - 1 others on those columns. Missing values
    form a group of their own.

    >>> import pandas as pd
    >>> k_anonymity(pd.DataFrame({"age": [30, 30, 41], "zip": ["A", "A", "B"]}), ["age", "zip"])
    1
    """
    columns = _check_columns(df, quasi_identifiers)
    if len(df) == 0:
        raise ValueError("k-anonymity of an empty table is undefined")
    return int(df.groupby(columns, dropna=False, observed=True).size().min())


def _band(value: Any, edges: Sequence[float]) -> Any:
    if value is None or value != value:  # missing stays missing
        return value
    for low, high in itertools.pairwise(edges):
        if low <= value < high and high >= 150:
            return f"{low:g}+"
        if low <= value < high:
            return f"{low:g}-{high - 1:g}" if float(high).is_integer() and float(low).is_integer() else f"[{low:g}, {high:g})"
    return f">={edges[-1]:g}" if value >= edges[-1] else f"<{edges[0]:g}"


def generalize(df: pd.DataFrame, rules: Mapping[str, Any]) -> pd.DataFrame:
    """A copy of ``df`` with columns coarsened by ``rules`` (column -> rule).

    A rule is ``"*"`` (suppress: every value becomes ``"*"``), an int ``w`` (numeric bands of width
    ``w``: ``30-39``), a list of band edges (``[0, 25, 40, 60, 200]``: ``25-39``; a last edge of 150
    or more makes an open band, ``60+``), a mapping value -> group
    (values not in it stay as they are), or ``None`` (leave the column).

    >>> import pandas as pd
    >>> generalize(pd.DataFrame({"age": [23, 37], "sex": ["f", "m"]}), {"age": 10, "sex": "*"}).values.tolist()
    [['20-29', '*'], ['30-39', '*']]
    """
    out = df.copy()
    if not isinstance(rules, Mapping):
        raise TypeError(f"rules must map column names to rules, got {type(rules).__name__}")
    if rules:
        _check_columns(df, list(rules))
    for column, rule in rules.items():
        if rule is None:
            continue
        if isinstance(rule, str):
            if rule != "*":
                raise ValueError(f"the only text rule is '*' (suppress), got {rule!r} for {column!r}")
            out[column] = "*"
        elif isinstance(rule, bool):
            raise TypeError(f"rule for {column!r} must be '*', a band width, edges, a mapping or None")
        elif isinstance(rule, int):
            if rule < 1:
                raise ValueError(f"band width for {column!r} must be >= 1, got {rule}")
            out[column] = df[column].map(lambda v, w=rule: v if v != v else f"{v // w * w}-{v // w * w + w - 1}")
        elif isinstance(rule, Mapping):
            out[column] = df[column].map(lambda v, m=rule: m.get(v, v))
        elif isinstance(rule, Sequence) and len(rule) >= 2 and all(isinstance(e, (int, float)) for e in rule):
            edges = list(rule)
            if edges != sorted(edges):
                raise ValueError(f"band edges for {column!r} must be increasing, got {edges}")
            out[column] = df[column].map(lambda v, e=edges: _band(v, e))
        else:
            raise TypeError(f"rule for {column!r} must be '*', a band width, edges, a mapping or None; got {rule!r}")
    return out


def german_credit_ladders() -> dict[str, list[Any]]:
    """Generalisation ladders for German Credit's quasi-identifiers (level 0 = as is, last = ``"*"``).

    Columns: age in years (5-year bands, then wider bands, all with an open top band), personal
    status and sex (then sex only), job (then three skill groups), housing, foreign worker.

    >>> {c: len(levels) for c, levels in german_credit_ladders().items()}
    {'age_years': 5, 'personal_status_sex': 3, 'job': 3, 'housing': 2, 'foreign_worker': 2}
    """
    from osai.data import codebook

    codes = {a["name"]: a.get("codes") or {} for a in codebook()["attributes"]}
    sex = {v: v.split(":")[0] for v in codes["personal_status_sex"].values()}
    jobs = list(codes["job"].values())
    job = {jobs[0]: "unskilled", jobs[1]: "unskilled", jobs[2]: "skilled", jobs[3]: "management / highly qualified"}
    return {
        "age_years": [None, list(range(15, 70, 5)) + [200], [0, 25, 35, 45, 55, 65, 200], [0, 25, 40, 60, 200], "*"],
        "personal_status_sex": [None, sex, "*"],
        "job": [None, job, "*"],
        "housing": [None, "*"],
        "foreign_worker": [None, "*"],
    }


@dataclass(frozen=True)
class Generalization:
    """The result of :func:`least_generalization`."""

    levels: dict[str, int]
    rules: dict[str, Any]
    k: int
    information_loss: float
    candidates_tried: int


def _entropy_bits(codes: Any) -> float:
    import numpy as np

    counts = np.bincount(codes)
    p = counts[counts > 0] / len(codes)
    return float(-(p * np.log2(p)).sum())


def information_loss(original: pd.DataFrame, generalized: pd.DataFrame, columns: Iterable[str]) -> float:
    """The share of the columns' entropy (in bits, summed over columns) that a generalisation removes.

    0 means the columns are as they were, 1 that they are all suppressed; :func:`least_generalization`
    measures its candidates the same way.

    >>> from osai.data import german_credit
    >>> credit = german_credit()
    >>> information_loss(credit, credit, ["age_years"])
    0.0
    >>> information_loss(credit, generalize(credit, {"age_years": "*"}), ["age_years"])
    1.0
    """
    import pandas as pd

    columns = _check_columns(original, columns)
    _check_columns(generalized, columns)
    before = sum(_entropy_bits(pd.factorize(original[c])[0]) for c in columns)
    after = sum(_entropy_bits(pd.factorize(generalized[c])[0]) for c in columns)
    return float(1 - after / before) if before else 0.0


def least_generalization(df: pd.DataFrame, k: int, ladders: Mapping[str, Sequence[Any]] | None = None) -> Generalization:
    """The least generalisation of the ladders' columns that makes ``df`` k-anonymous.

    Tries every combination of ladder levels, by increasing information loss, and returns the first
    that reaches ``k``. Information loss is measured on the data: the share of the quasi-identifiers'
    entropy (in bits, summed over columns) that the generalisation removes (0 = as is, 1 = all
    suppressed); ties go to the higher k, then the lower levels. Suppressing every column always
    reaches ``k`` when ``k <= len(df)``.

    >>> from osai.data import german_credit
    >>> result = least_generalization(german_credit(), k=5)
    >>> result.k >= 5, result.rules["foreign_worker"]
    (True, '*')
    """
    import numpy as np
    import pandas as pd

    if isinstance(k, bool) or not isinstance(k, int) or k < 1:
        raise ValueError(f"k must be a whole number >= 1, got {k!r}")
    if k > len(df):
        raise ValueError(f"k={k} is larger than the table ({len(df)} rows): no generalisation can reach it")
    ladders = dict(german_credit_ladders() if ladders is None else ladders)
    columns = _check_columns(df, list(ladders))
    codes: dict[tuple[str, int], Any] = {}
    bits: dict[tuple[str, int], float] = {}
    for column in columns:
        if len(ladders[column]) < 1:
            raise ValueError(f"ladder of {column!r} is empty")
        for level, rule in enumerate(ladders[column]):
            values = generalize(df[[column]], {column: rule})[column]
            codes[column, level] = pd.factorize(values.astype(str), sort=True)[0].astype(np.int64)
            bits[column, level] = _entropy_bits(codes[column, level])
    total = sum(bits[c, 0] for c in columns) or 1.0

    def loss(levels: tuple[int, ...]) -> float:
        return round(sum(bits[c, 0] - bits[c, lv] for c, lv in zip(columns, levels)) / total, 9)

    def k_of(levels: tuple[int, ...]) -> int:
        key = np.zeros(len(df), dtype=np.int64)
        for column, level in zip(columns, levels):
            key = key * (int(codes[column, level].max()) + 1) + codes[column, level]
        return int(np.unique(key, return_counts=True)[1].min())

    combos = sorted(itertools.product(*(range(len(ladders[c])) for c in columns)), key=lambda lv: (loss(lv), lv))
    tried = 0
    best = None
    for levels in combos:
        if best is not None and loss(levels) > best[0]:
            break
        tried += 1
        reached = k_of(levels)
        if reached >= k and (best is None or reached > best[2]):
            best = (loss(levels), levels, reached)
    assert best is not None  # suppressing everything gives k = len(df)
    levels = dict(zip(columns, best[1]))
    rules = {c: ladders[c][lv] for c, lv in levels.items()}
    return Generalization(levels, rules, best[2], round(best[0], 4), tried)

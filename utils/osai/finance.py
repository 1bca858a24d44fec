# SPDX-FileCopyrightText: 2026 The Open Source AI Lab Kit authors
# SPDX-License-Identifier: MIT
"""Finance content of labs 07 and 08: credit risk, card fraud and finance-sentence sentiment.

Three real or reproducible artifacts, each with its conventions stated once here:

- **Credit risk** on UCI Statlog German Credit (through :func:`osai.data.german_credit`). The positive
  class is ``1 = "bad"`` (the risk the lender wants to predict). The dataset's documented cost matrix
  says that approving a bad applicant costs 5 and declining a good one costs 1 (:data:`CREDIT_COSTS`).
- **Card fraud** on a synthetic transaction stream (:func:`make_transactions`) with planted fraud
  patterns and their ground truth, so an explanation can be checked against the real cause.
- **Finance sentences** (:func:`finance_sentences`): 75 sentences written for this kit (CC BY 4.0),
  and a classifier on all-MiniLM-L6-v2 sentence embeddings (:class:`SentenceClassifier`).

Heavy libraries (pandas, scikit-learn, torch) are imported inside the functions.
"""

from __future__ import annotations

import difflib
import functools
import json
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
    import numpy as np
    import pandas as pd

__all__ = [
    "CREDIT_COSTS",
    "FRAUD_FEATURES",
    "FRAUD_PATTERNS",
    "SENSITIVE",
    "CostMatrix",
    "SentenceClassifier",
    "best_threshold",
    "cost_threshold",
    "credit_categories",
    "credit_columns",
    "credit_xy",
    "embed_sentences",
    "encode_credit",
    "expected_cost",
    "finance_sentences",
    "fit_boosting",
    "fit_logistic",
    "fraud_cost",
    "fraud_flags",
    "make_transactions",
    "split_credit",
]


@dataclass(frozen=True)
class CostMatrix:
    """Cost of each wrong decision; right decisions cost nothing.

    ``fn``: a positive (a bad applicant, a fraud) predicted negative (approved, not flagged);
    ``fp``: a negative predicted positive (a good applicant declined, a legitimate payment flagged).

    >>> CostMatrix(fp=1, fn=5).fn
    5
    """

    fp: float
    fn: float

    def __post_init__(self) -> None:
        for name in ("fp", "fn"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, (int, float)) or not value >= 0:
                raise ValueError(f"cost {name} must be a number >= 0, got {value!r}")
        if self.fp + self.fn <= 0:
            raise ValueError("at least one of the costs fp and fn must be positive")


@functools.cache
def _credit_costs() -> CostMatrix:
    """German Credit's documented cost matrix, as the shipped codebook (``cost_matrix``) states it."""
    from osai.data import codebook

    matrix = codebook()["cost_matrix"]
    return CostMatrix(fp=matrix["good_predicted_bad"], fn=matrix["bad_predicted_good"])


def __getattr__(name: str) -> Any:
    # CREDIT_COSTS (German Credit's documented cost matrix: declining a good applicant costs 1,
    # approving a bad one 5) is read from the codebook on first use: importing this module reads no file.
    if name == "CREDIT_COSTS":
        return _credit_costs()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


# ---------------------------------------------------------------------------------------------- credit

@functools.cache
def credit_categories() -> tuple[tuple[str, str, tuple[str, ...]], ...]:
    """``(name, kind, categories)`` for every German Credit attribute, in codebook order.

    ``kind`` is ``"numeric"`` (no categories) or ``"categorical"``, with the decoded categories
    present in the data, in codebook order (the one-hot columns of :func:`credit_columns`).

    >>> rows = credit_categories()
    >>> rows[0][:2], rows[0][2][0], [r for r in rows if r[0] == "duration_months"]
    (('checking_status', 'categorical'), '< 0 DM', [('duration_months', 'numeric', ())])
    """
    from osai.data import codebook, german_credit

    frame = german_credit()
    out = []
    for attribute in codebook()["attributes"]:
        name = attribute["name"]
        if attribute["kind"] == "numeric":
            out.append((name, "numeric", ()))
        else:
            present = set(frame[name])
            out.append((name, "categorical", tuple(v for v in attribute["codes"].values() if v in present)))
    return tuple(out)


def credit_columns() -> list[str]:
    """Model columns of the encoded credit data: numeric attributes, then ``attribute=category`` one-hots.

    Columns follow the codebook's order; categories documented but absent from the data are left out.

    >>> cols = credit_columns()
    >>> cols[:3]
    ['checking_status=< 0 DM', 'checking_status=0 <= ... < 200 DM', 'checking_status=>= 200 DM or salary assigned for at least 1 year']
    >>> "duration_months" in cols, len(cols)
    (True, 61)
    """
    columns: list[str] = []
    for name, kind, categories in credit_categories():
        columns.extend([name] if kind == "numeric" else [f"{name}={c}" for c in categories])
    return columns


def encode_credit(frame: pd.DataFrame) -> pd.DataFrame:
    """One-hot encode German Credit attributes (decoded values) into the model columns.

    Works on any number of rows, including one applicant, because the categories come from the
    codebook and the shipped data, not from the rows given. Unknown categories raise a clear error.

    >>> from osai.data import german_credit
    >>> X = encode_credit(german_credit().head(2))
    >>> X.shape, int(X.iloc[0]["duration_months"]), int(X.iloc[0]["checking_status=< 0 DM"])
    ((2, 61), 6, 1)
    """
    import pandas as pd

    if not isinstance(frame, pd.DataFrame):
        raise TypeError(f"expected a DataFrame of German Credit attributes, got {type(frame).__name__}")
    parts = {}
    for name, kind, categories in credit_categories():
        if name not in frame.columns:
            near = difflib.get_close_matches(str(name), [str(c) for c in frame.columns], n=1)
            hint = f" (found {near[0]!r})" if near else ""
            raise KeyError(f"missing attribute column {name!r}{hint}; use osai.data.german_credit() column names")
        column = frame[name]
        if kind == "numeric":
            parts[name] = pd.to_numeric(column).astype("float64").to_numpy()
            continue
        unknown = sorted(set(column) - set(categories), key=str)
        if unknown:
            near = difflib.get_close_matches(str(unknown[0]), categories, n=1)
            hint = f"; did you mean {near[0]!r}?" if near else f"; expected one of {list(categories)}"
            raise ValueError(f"unknown {name} value {unknown[0]!r}{hint}")
        for category in categories:
            parts[f"{name}={category}"] = (column == category).astype("float64").to_numpy()
    return pd.DataFrame(parts, index=frame.index)[credit_columns()]


#: Attributes the codebook marks sensitive (sex with marital status, age, foreign-worker status). ECOA
#: forbids discrimination on sex, marital status, age and national origin, so the lab's models leave
#: them out of their inputs by default; Lab 08 then shows that leaving them out is not enough.
SENSITIVE = ("personal_status_sex", "age_years", "foreign_worker")


def credit_xy(drop_sensitive: bool = True) -> tuple[pd.DataFrame, pd.Series]:
    """German Credit as model input ``X`` (encoded columns) and target ``y`` (1 = bad, 0 = good).

    With ``drop_sensitive=True`` (the default) the columns of :data:`SENSITIVE` attributes are left
    out. The index is the row number of :func:`osai.data.german_credit`, so the sensitive attributes
    of any row can be looked up there.

    >>> X, y = credit_xy()
    >>> X.shape, int(y.sum())
    ((1000, 54), 300)
    >>> credit_xy(drop_sensitive=False)[0].shape
    (1000, 61)
    """
    from osai.data import german_credit

    if not isinstance(drop_sensitive, bool):
        raise TypeError(f"drop_sensitive must be True or False, got {drop_sensitive!r}")
    frame = german_credit()
    y = (frame["credit_risk"] == "bad").astype("int64").rename("bad")
    X = encode_credit(frame)
    if drop_sensitive:
        X = X[[c for c in X.columns if c.split("=", 1)[0] not in SENSITIVE]]
    return X, y


def split_credit(seed: int = 0, test_size: float = 0.3, drop_sensitive: bool = True):
    """Stratified train/test split of :func:`credit_xy`: ``X_train, X_test, y_train, y_test``.

    >>> X_train, X_test, y_train, y_test = split_credit()
    >>> len(X_train), len(X_test), int(y_test.sum())
    (700, 300, 90)
    """
    from sklearn.model_selection import train_test_split

    if isinstance(test_size, bool) or not isinstance(test_size, (int, float)) or not 0 < test_size < 1:
        raise ValueError(f"test_size must be between 0 and 1, got {test_size!r}")
    X, y = credit_xy(drop_sensitive=drop_sensitive)
    return train_test_split(X, y, test_size=test_size, stratify=y, random_state=seed)


def fit_logistic(X: pd.DataFrame, y: Any, C: float = 0.5):
    """An intrinsically interpretable baseline: L2 logistic regression on the encoded columns.

    Its log-odds of "bad" are ``intercept + sum(coef * x)``, so each coefficient is readable as it is.

    >>> X_train, X_test, y_train, y_test = split_credit()
    >>> model = fit_logistic(X_train, y_train)
    >>> model.coef_.shape
    (1, 54)
    """
    from sklearn.linear_model import LogisticRegression

    return LogisticRegression(C=C, solver="newton-cholesky", max_iter=200).fit(X, y)


def fit_boosting(X: pd.DataFrame, y: Any, seed: int = 0):
    """A gradient-boosting baseline (scikit-learn, 150 shallow trees, fixed seed).

    >>> X_train, X_test, y_train, y_test = split_credit()
    >>> model = fit_boosting(X_train, y_train)
    >>> model.n_estimators_
    150
    """
    from sklearn.ensemble import GradientBoostingClassifier

    return GradientBoostingClassifier(n_estimators=150, max_depth=3, learning_rate=0.05,
                                      subsample=0.8, random_state=seed).fit(X, y)


def cost_threshold(costs: CostMatrix | None = None) -> float:
    """The probability of the positive class above which predicting positive costs less on average.

    Predict positive when ``p * fn >= (1 - p) * fp``, that is when ``p >= fp / (fp + fn)`` (Elkan 2001).
    ``costs`` defaults to :data:`CREDIT_COSTS`: for German Credit (fp = 1, fn = 5) decline when the
    probability of "bad" is at least 1/6.

    >>> round(cost_threshold(), 4)
    0.1667
    >>> cost_threshold(CostMatrix(fp=5, fn=100))
    0.047619047619047616
    """
    costs = _credit_costs() if costs is None else costs
    if not isinstance(costs, CostMatrix):
        raise TypeError(f"expected a CostMatrix(fp=..., fn=...), got {type(costs).__name__}")
    return costs.fp / (costs.fp + costs.fn)


def _binary(values: Any, name: str) -> np.ndarray:
    import numpy as np

    array = np.asarray(values)
    if array.ndim != 1:
        raise ValueError(f"{name} must be one-dimensional, got shape {array.shape}")
    if array.dtype == bool:
        return array.astype("int64")
    if not set(np.unique(array).tolist()) <= {0, 1}:
        raise ValueError(f"{name} must hold only 0 and 1 (or booleans), got values {sorted(set(array.tolist()), key=str)[:5]}")
    return array.astype("int64")


def expected_cost(y_true: Any, y_pred: Any, costs: CostMatrix | None = None) -> float:
    """Total cost of decisions ``y_pred`` (1 = predicted positive) against the truth ``y_true``.

    ``costs`` defaults to :data:`CREDIT_COSTS`.

    >>> expected_cost([1, 0, 1, 0], [0, 1, 1, 0])   # one bad approved (5), one good declined (1)
    6.0
    """
    y_true = _binary(y_true, "y_true")
    y_pred = _binary(y_pred, "y_pred")
    if len(y_true) != len(y_pred):
        raise ValueError(f"y_true and y_pred differ in length: {len(y_true)} and {len(y_pred)}")
    fn = int(((y_true == 1) & (y_pred == 0)).sum())
    fp = int(((y_true == 0) & (y_pred == 1)).sum())
    costs = _credit_costs() if costs is None else costs
    if not isinstance(costs, CostMatrix):
        raise TypeError(f"expected a CostMatrix(fp=..., fn=...), got {type(costs).__name__}")
    return float(fn * costs.fn + fp * costs.fp)


def best_threshold(y_true: Any, scores: Any, costs: CostMatrix | None = None, grid: int = 99) -> float:
    """The threshold on ``scores`` (predict positive when ``score >= t``) with the lowest total cost.

    ``costs`` defaults to :data:`CREDIT_COSTS`. Searches ``t`` in ``1/(grid+1), ..., grid/(grid+1)``;
    ties go to the smallest threshold.

    >>> best_threshold([0, 0, 1, 1], [0.1, 0.3, 0.35, 0.9], grid=19)
    0.35
    """
    import numpy as np

    y_true = _binary(y_true, "y_true")
    scores = np.asarray(scores, dtype=float)
    if scores.shape != y_true.shape:
        raise ValueError(f"scores and y_true differ in shape: {scores.shape} and {y_true.shape}")
    if not isinstance(grid, int) or grid < 1:
        raise ValueError(f"grid must be a positive whole number, got {grid!r}")
    candidates = [round((i + 1) / (grid + 1), 6) for i in range(grid)]
    totals = [expected_cost(y_true, (scores >= t).astype(int), costs) for t in candidates]
    return candidates[int(np.argmin(totals))]


# ---------------------------------------------------------------------------------------------- fraud

#: Feature columns of :func:`make_transactions`, in order.
FRAUD_FEATURES = ("amount", "hour", "distance_km", "foreign", "online", "tx_last_hour", "account_age_days")

#: The planted fraud patterns and the features that cause each (the ground truth an explanation should find).
FRAUD_PATTERNS = {
    "card_testing": ("tx_last_hour",),
    "night_abroad": ("distance_km", "foreign", "hour"),
}


def make_transactions(n: int = 20000, fraud_rate: float = 0.01, seed: int = 0) -> pd.DataFrame:
    """A synthetic card-transaction stream with planted fraud patterns and their ground truth.

    Legitimate payments: mostly daytime, near home, moderate amounts; a few travellers pay far away
    at any hour and a few customers pay in bursts, so the patterns overlap with honest behaviour. Frauds
    (``round(n * fraud_rate)`` of them, split between the patterns of :data:`FRAUD_PATTERNS`):

    - ``card_testing``: a burst of small, mostly online payments (4 to 12 transactions in the last hour);
    - ``night_abroad``: a larger payment far from home (150 km or more), mostly abroad, between 0:00 and 5:59.

    Columns: :data:`FRAUD_FEATURES`, then ``is_fraud`` (0/1) and ``pattern`` (``"none"`` or the
    pattern's name). The same ``seed`` gives the same stream.

    >>> tx = make_transactions(1000, fraud_rate=0.02, seed=1)
    >>> tx.shape, int(tx["is_fraud"].sum()), sorted(tx["pattern"].unique())
    ((1000, 9), 20, ['card_testing', 'night_abroad', 'none'])
    """
    import numpy as np
    import pandas as pd

    if isinstance(n, bool) or not isinstance(n, int) or n < 10:
        raise ValueError(f"n must be a whole number of transactions >= 10, got {n!r}")
    if isinstance(fraud_rate, bool) or not isinstance(fraud_rate, (int, float)) or not 0 <= fraud_rate <= 0.5:
        raise ValueError(f"fraud_rate must be a share between 0 and 0.5, got {fraud_rate!r}")
    if isinstance(seed, bool) or not isinstance(seed, int):
        raise ValueError(f"seed must be a whole number, got {seed!r}")
    rng = np.random.default_rng(seed)
    n_fraud = int(round(n * fraud_rate))
    n_legit = n - n_fraud
    legit = pd.DataFrame({
        "amount": np.round(rng.lognormal(3.3, 0.9, n_legit), 2),
        "hour": np.clip(np.round(rng.normal(14, 4, n_legit)), 0, 23).astype(int),
        "distance_km": np.round(rng.exponential(8, n_legit), 1),
        "foreign": (rng.random(n_legit) < 0.04).astype(int),
        "online": (rng.random(n_legit) < 0.3).astype(int),
        "tx_last_hour": rng.poisson(0.4, n_legit),
        "account_age_days": rng.integers(30, 3650, n_legit),
    })
    # Legitimate travellers: some payments far away and abroad, at any hour; and legitimate bursts
    # (a shopping spree, a parking meter): the planted patterns overlap with honest behaviour.
    travel = rng.random(n_legit) < 0.03
    legit.loc[travel, "distance_km"] = np.round(rng.uniform(100, 4000, int(travel.sum())), 1)
    legit.loc[travel, "foreign"] = (rng.random(int(travel.sum())) < 0.7).astype(int)
    legit.loc[travel, "hour"] = rng.integers(0, 24, int(travel.sum()))
    spree = rng.random(n_legit) < 0.02
    legit.loc[spree, "tx_last_hour"] = rng.integers(2, 9, int(spree.sum()))
    legit["is_fraud"] = 0
    legit["pattern"] = "none"
    n_test = n_fraud // 2
    n_night = n_fraud - n_test
    testing = pd.DataFrame({
        "amount": np.round(rng.uniform(1, 30, n_test), 2),
        "hour": rng.integers(0, 24, n_test),
        "distance_km": np.round(rng.exponential(8, n_test), 1),
        "foreign": (rng.random(n_test) < 0.04).astype(int),
        "online": (rng.random(n_test) < 0.9).astype(int),
        "tx_last_hour": rng.integers(4, 13, n_test),
        "account_age_days": rng.integers(30, 3650, n_test),
        "is_fraud": 1,
        "pattern": "card_testing",
    })
    night = pd.DataFrame({
        "amount": np.round(rng.lognormal(4.2, 0.8, n_night), 2),
        "hour": rng.integers(0, 6, n_night),
        "distance_km": np.round(rng.uniform(150, 5000, n_night), 1),
        "foreign": (rng.random(n_night) < 0.85).astype(int),
        "online": (rng.random(n_night) < 0.3).astype(int),
        "tx_last_hour": rng.poisson(0.4, n_night),
        "account_age_days": rng.integers(30, 3650, n_night),
        "is_fraud": 1,
        "pattern": "night_abroad",
    })
    stream = pd.concat([legit, testing, night], ignore_index=True)
    order = rng.permutation(len(stream))
    stream = stream.iloc[order].reset_index(drop=True)
    for column in ("hour", "foreign", "online", "tx_last_hour", "account_age_days", "is_fraud"):
        stream[column] = stream[column].astype("int64")
    stream["pattern"] = stream["pattern"].astype(str)
    return stream[list(FRAUD_FEATURES) + ["is_fraud", "pattern"]]


def fraud_flags(p_fraud: Any, amount: Any, review_cost: float = 5.0) -> np.ndarray:
    """Flag a payment when its expected loss ``p_fraud * amount`` is at least the cost of reviewing it.

    This is the cost-based threshold with an example-dependent cost: a missed fraud loses its amount,
    a review costs ``review_cost`` whether the payment is a fraud or not.

    >>> fraud_flags([0.5, 0.01, 0.2], [8.0, 1000.0, 10.0]).tolist()
    [False, True, False]
    """
    import numpy as np

    p = np.asarray(p_fraud, dtype=float)
    a = np.asarray(amount, dtype=float)
    if p.shape != a.shape:
        raise ValueError(f"p_fraud and amount differ in shape: {p.shape} and {a.shape}")
    if not review_cost > 0:
        raise ValueError(f"review_cost must be positive, got {review_cost!r}")
    return p * a > review_cost


def fraud_cost(y_true: Any, flagged: Any, amount: Any, review_cost: float = 5.0) -> float:
    """Total cost of a flagging policy: every flag costs a review, every missed fraud loses its amount.

    >>> fraud_cost([1, 0, 1], [True, True, False], [100.0, 20.0, 50.0])
    60.0
    """
    import numpy as np

    y = _binary(y_true, "y_true")
    f = _binary(np.asarray(flagged).astype(bool), "flagged")
    a = np.asarray(amount, dtype=float)
    if not (len(y) == len(f) == len(a)):
        raise ValueError(f"y_true, flagged and amount differ in length: {len(y)}, {len(f)}, {len(a)}")
    return float(round(review_cost * f.sum() + a[(y == 1) & (f == 0)].sum(), 2))


# ------------------------------------------------------------------------------------------ sentences

def finance_sentences() -> pd.DataFrame:
    """The kit's 75 finance sentences (written for this project, CC BY 4.0) with sentiment labels.

    >>> frame = finance_sentences()
    >>> frame.shape, frame["label"].value_counts().sort_index().to_dict()
    ((75, 2), {'negative': 25, 'neutral': 25, 'positive': 25})
    """
    import pandas as pd

    from osai.data import data_path

    payload = json.loads(data_path("finance", "finance_sentences.json").read_text(encoding="utf-8"))
    return pd.DataFrame(payload["sentences"], columns=["text", "label"])


def embed_sentences(texts: list[str], tokenizer: Any, model: Any, batch_size: int = 32) -> np.ndarray:
    """Sentence embeddings the way all-MiniLM-L6-v2 defines them: mean of token states, then unit length.

    ``tokenizer`` and ``model`` come from :func:`osai.data.load_minilm`. Returns a float array of
    shape ``(len(texts), hidden_size)``.
    """
    import numpy as np
    import torch

    if isinstance(texts, str) or not all(isinstance(t, str) for t in texts):
        raise TypeError("texts must be a list of strings (wrap a single sentence in a list)")
    texts = list(texts)
    if not texts:
        return np.zeros((0, model.config.hidden_size), dtype="float32")
    chunks = []
    # One intra-op thread: these batches are small, and on a shared machine (Binder, a grading
    # server) spinning worker threads make each call many times slower. Restored afterwards.
    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    try:
        with torch.no_grad():
            for start in range(0, len(texts), batch_size):
                batch = tokenizer(texts[start:start + batch_size], padding=True, truncation=True,
                                  max_length=128, return_tensors="pt")
                states = model(**batch).last_hidden_state
                mask = batch["attention_mask"].unsqueeze(-1).to(states.dtype)
                pooled = (states * mask).sum(1) / mask.sum(1).clamp(min=1e-9)
                chunks.append(torch.nn.functional.normalize(pooled, dim=1).numpy())
    finally:
        torch.set_num_threads(threads)
    return np.concatenate(chunks).astype("float64")


class SentenceClassifier:
    """A finance-sentiment classifier: logistic regression on MiniLM sentence embeddings.

    Calling it on a list of strings returns class probabilities of shape ``(n, n_labels)`` (the form
    shap's text explainer needs); :attr:`labels` names the columns.
    """

    def __init__(self, tokenizer: Any, model: Any, C: float = 10.0) -> None:
        self.tokenizer = tokenizer
        self.model = model
        self.C = C
        self.labels: list[str] = []
        self._head = None

    def fit(self, texts: list[str], labels: list[str]) -> SentenceClassifier:
        """Embed ``texts`` and fit the logistic-regression head on ``labels``."""
        from sklearn.linear_model import LogisticRegression

        labels = [str(label) for label in labels]
        if len(labels) != len(texts):
            raise ValueError(f"texts and labels differ in length: {len(texts)} and {len(labels)}")
        self._head = LogisticRegression(C=self.C, max_iter=5000).fit(
            embed_sentences(texts, self.tokenizer, self.model), labels)
        self.labels = [str(c) for c in self._head.classes_]
        return self

    def predict_proba(self, texts: list[str]) -> np.ndarray:
        """Class probabilities, columns in the order of :attr:`labels`."""
        if self._head is None:
            raise RuntimeError("the classifier is not trained yet: call fit(texts, labels) first")
        return self._head.predict_proba(embed_sentences(list(texts), self.tokenizer, self.model))

    def predict(self, texts: list[str]) -> list[str]:
        """The most probable label of each text."""
        probabilities = self.predict_proba(texts)
        return [self.labels[i] for i in probabilities.argmax(axis=1)]

    def __call__(self, texts: Any) -> np.ndarray:
        return self.predict_proba([str(t) for t in texts])

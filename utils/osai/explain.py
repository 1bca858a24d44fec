# SPDX-FileCopyrightText: 2026 The Open Source AI Lab Kit authors
# SPDX-License-Identifier: MIT
"""Thin, honest helpers over shap for Lab 07 (and the fraud alert of Lab 08).

Honest means three things here:

- every explanation says which **output space** it explains (:func:`output_space`): shap explains a
  logistic regression or a gradient-boosting classifier in **log-odds**, a random forest in
  **probability**; :func:`check_additivity` compares ``base value + contributions`` with the model's
  own output in that space and fails loudly when they do not add up;
- explanations are **relative to a background** (the reference population): pass it explicitly, keep
  it small, and choose it on purpose (:func:`cutoff_background` builds the one Reg B comment
  9(b)(2)-5 describes: applicants at or slightly above the passing score);
- explanations are **deterministic**: tree and linear explainers are exact; the model-agnostic path
  (Kernel SHAP) uses a fixed seed without touching the caller's random state.

The positive class is the risk (1 = "bad" credit, 1 = fraud), so a positive contribution is adverse.
shap is imported inside the functions (it is slow to import).
"""

from __future__ import annotations

import contextlib
import difflib
import functools
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
    import numpy as np
    import pandas as pd
    import shap

__all__ = [
    "AdditivityError",
    "Additivity",
    "Reason",
    "check_additivity",
    "cutoff_background",
    "explain_tabular",
    "explain_text",
    "group_one_hot",
    "made_by_kit",
    "model_output",
    "output_space",
    "reason_codes",
    "reason_statements",
    "what_if",
]


class AdditivityError(AssertionError):
    """Base value plus contributions do not equal the model's output in the explained space."""


@dataclass(frozen=True)
class Additivity:
    """The result of :func:`check_additivity`: the output space and the largest gap found."""

    space: str
    rows: int
    max_gap: float

    def __str__(self) -> str:
        import math

        bound = 10.0 ** math.ceil(math.log10(self.max_gap)) if self.max_gap > 0 else 0.0
        return f"additivity holds in {self.space} space for {self.rows} rows (largest gap below {bound:.0e})"


@dataclass(frozen=True)
class Reason:
    """One adverse-action reason: the feature, the applicant's value, its contribution and the statement."""

    feature: str
    value: Any
    contribution: float
    statement: str

    def __str__(self) -> str:
        value = self.value
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        return f"{self.statement}: {value}"


#: The attribute with which :func:`explain_tabular` marks its output (read it with :func:`made_by_kit`).
_MADE_BY = "_osai_made_by"


def _shap():
    """Import shap without the deprecation warnings its import emits (they would print in notebooks)."""
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        import shap
    return shap


def _kind(model: Any) -> str:
    """Which explainer path a model takes: 'linear', 'tree-margin', 'tree-probability' or 'agnostic'."""
    name = type(model).__name__
    if name in {"LogisticRegression", "LogisticRegressionCV", "SGDClassifier", "RidgeClassifier"}:
        return "linear"
    if name in {"GradientBoostingClassifier", "HistGradientBoostingClassifier", "XGBClassifier", "LGBMClassifier"}:
        return "tree-margin"
    if name in {"RandomForestClassifier", "ExtraTreesClassifier", "DecisionTreeClassifier"}:
        return "tree-probability"
    return "agnostic"


def output_space(model: Any) -> str:
    """The space in which :func:`explain_tabular` explains ``model``: ``"log-odds"`` or ``"probability"``.

    >>> from sklearn.linear_model import LogisticRegression
    >>> from sklearn.ensemble import RandomForestClassifier
    >>> output_space(LogisticRegression()), output_space(RandomForestClassifier())
    ('log-odds', 'probability')
    """
    return "log-odds" if _kind(model) in {"linear", "tree-margin"} else "probability"


def model_output(model: Any, X: Any) -> np.ndarray:
    """The model's output for the positive class, in the space of :func:`output_space`.

    >>> import numpy as np
    >>> from sklearn.linear_model import LogisticRegression
    >>> m = LogisticRegression().fit([[0.0], [1.0], [2.0], [3.0]], [0, 0, 1, 1])
    >>> bool(np.allclose(model_output(m, [[1.5]]), m.decision_function([[1.5]])))
    True
    """
    import numpy as np

    if output_space(model) == "log-odds":
        return np.asarray(model.decision_function(X), dtype=float).reshape(-1)
    return np.asarray(model.predict_proba(X), dtype=float)[:, 1]


def explain_tabular(model: Any, X: pd.DataFrame, background: pd.DataFrame, seed: int = 0) -> shap.Explanation:
    """SHAP values of ``model`` for the rows of ``X``, relative to ``background``, for the positive class.

    - logistic regression: ``shap.LinearExplainer`` (exact; log-odds);
    - gradient boosting: ``shap.TreeExplainer`` with interventional perturbation (exact; log-odds);
    - random forest / decision tree: ``shap.TreeExplainer`` (exact; probability of class 1);
    - anything else with ``predict_proba``: ``shap.KernelExplainer`` on the probability of class 1,
      with ``l1_reg=False`` (shap's default keeps only 10 non-zero attributions) and ``seed`` for its
      sampling (exact enumeration up to 11 features; sampled, but repeatable, above). Additivity holds
      exactly; keep ``X`` and ``background`` small, the cost grows with both.

    Returns a ``shap.Explanation`` with ``values`` of shape ``(len(X), n_features)``; the output space
    is :func:`output_space` ``(model)``. Works with shap 0.46 to 0.52+.

    >>> import pandas as pd
    >>> from sklearn.linear_model import LogisticRegression
    >>> X = pd.DataFrame({"a": [0.0, 1.0, 2.0, 3.0], "b": [1.0, 0.0, 1.0, 0.0]})
    >>> e = explain_tabular(LogisticRegression().fit(X, [0, 0, 1, 1]), X, X)
    >>> e.values.shape, e.feature_names
    ((4, 2), ['a', 'b'])
    """
    import numpy as np
    import pandas as pd

    shap = _shap()
    if not isinstance(X, pd.DataFrame) or not isinstance(background, pd.DataFrame):
        raise TypeError("X and background must be DataFrames with the model's columns")
    if list(X.columns) != list(background.columns):
        raise ValueError("X and background must have the same columns in the same order")
    if len(background) == 0 or len(background) > 1000:
        raise ValueError(f"background must have 1 to 1000 rows (100 is typical), got {len(background)}")
    kind = _kind(model)
    names = [str(c) for c in X.columns]
    if kind == "linear":
        explanation = shap.LinearExplainer(model, background)(X)
    elif kind.startswith("tree"):
        explainer = shap.TreeExplainer(model, data=background, feature_perturbation="interventional")
        explanation = explainer(X, check_additivity=False)
        if explanation.values.ndim == 3:  # sklearn forests: one output per class, take class 1
            explanation = explanation[..., 1]
    else:
        if not hasattr(model, "predict_proba"):
            raise TypeError(f"{type(model).__name__} has no predict_proba; explain_tabular needs a classifier")
        columns = list(X.columns)

        def positive(data):
            return model.predict_proba(pd.DataFrame(data, columns=columns))[:, 1]

        state = np.random.get_state()  # KernelExplainer samples with NumPy's global generator
        np.random.seed(seed)
        try:
            explainer = shap.KernelExplainer(positive, background.to_numpy(dtype=float))
            values = explainer.shap_values(X.to_numpy(dtype=float), l1_reg=False, silent=True)
        finally:
            np.random.set_state(state)
        explanation = shap.Explanation(values=np.asarray(values, dtype=float).reshape(len(X), -1),
                                       base_values=np.full(len(X), float(np.ravel(explainer.expected_value)[0])))
    values = np.asarray(explanation.values, dtype=float)
    base = np.broadcast_to(np.asarray(explanation.base_values, dtype=float).reshape(-1), (len(X),)).copy()
    result = shap.Explanation(values=values, base_values=base, data=np.asarray(X.to_numpy(), dtype=float),
                              feature_names=names)
    setattr(result, _MADE_BY, "osai.explain.explain_tabular")  # so a check can tell the kit's call from the student's
    return result


def made_by_kit(explanation: Any) -> str | None:
    """The kit function that built ``explanation`` (``"osai.explain.explain_tabular"``), or None.

    A check uses it to refuse the kit's output where the student must write the shap call. Anything
    that is not an explanation returned by the kit gives None (slicing an explanation drops the mark).

    >>> import pandas as pd
    >>> from sklearn.linear_model import LogisticRegression
    >>> X = pd.DataFrame({"a": [0.0, 1.0, 2.0, 3.0]})
    >>> made_by_kit(explain_tabular(LogisticRegression().fit(X, [0, 0, 1, 1]), X, X))
    'osai.explain.explain_tabular'
    >>> made_by_kit("my own explanation") is None
    True
    """
    try:
        mark = vars(explanation).get(_MADE_BY)
    except TypeError:  # no __dict__: not one of the kit's explanations
        return None
    return mark if isinstance(mark, str) else None


def check_additivity(explanation: shap.Explanation, model: Any, X: Any, tol: float = 1e-6) -> Additivity:
    """Check local accuracy: ``base value + sum of contributions == model output`` for every row.

    The model output is taken in the space shap explained (:func:`output_space`): log-odds for
    logistic regression and gradient boosting, probability for forests. Raises
    :class:`AdditivityError` naming the row and both numbers when a gap exceeds ``tol``.

    >>> import pandas as pd
    >>> from sklearn.linear_model import LogisticRegression
    >>> X = pd.DataFrame({"a": [0.0, 1.0, 2.0, 3.0], "b": [1.0, 0.0, 1.0, 0.0]})
    >>> m = LogisticRegression().fit(X, [0, 0, 1, 1])
    >>> print(check_additivity(explain_tabular(m, X, X), m, X))
    additivity holds in log-odds space for 4 rows (largest gap below ...)
    """
    import numpy as np

    values = np.asarray(explanation.values, dtype=float)
    if values.ndim == 1:
        values = values.reshape(1, -1)
    if values.ndim != 2:
        raise ValueError(f"expected one output per row (values of shape (n, features)), got shape {values.shape}")
    base = np.broadcast_to(np.asarray(explanation.base_values, dtype=float).reshape(-1), (len(values),))
    output = model_output(model, X)
    if len(output) != len(values):
        raise ValueError(f"the explanation has {len(values)} rows but X has {len(output)}")
    total = base + values.sum(axis=1)
    gaps = np.abs(total - output)
    space = output_space(model)
    worst = int(np.argmax(gaps)) if len(gaps) else 0
    if len(gaps) and gaps[worst] > tol:
        raise AdditivityError(
            f"row {worst}: base {base[worst]:.4f} + contributions {values[worst].sum():.4f} = {total[worst]:.4f}, "
            f"but the model's output in {space} space is {output[worst]:.4f} (gap {gaps[worst]:.2e}); "
            "check the column order, the output space and the background")
    return Additivity(space=space, rows=len(values), max_gap=float(gaps.max()) if len(gaps) else 0.0)


def group_one_hot(explanation: shap.Explanation, separator: str = "=") -> shap.Explanation:
    """Fold one-hot columns named ``feature=category`` back into one column per original feature.

    Contributions of a group are summed (SHAP values are additive, so the sum is the group's
    contribution); the data of a folded column is the category that is set (its one-hot value is 1),
    so reasons can name it. Columns without ``separator`` are kept as they are. The base values do not
    change, so additivity still holds.

    >>> import numpy as np, shap
    >>> e = shap.Explanation(values=np.array([[0.1, 0.2, -0.05]]), base_values=np.array([0.0]),
    ...                      data=np.array([[1.0, 0.0, 30.0]]), feature_names=["job=a", "job=b", "age"])
    >>> g = group_one_hot(e)
    >>> g.feature_names, np.round(g.values, 2).tolist(), g.data.tolist()
    (['job', 'age'], [[0.3, -0.05]], [['a', 30.0]])
    """
    import numpy as np

    shap = _shap()
    if not isinstance(separator, str) or not separator:
        raise ValueError("separator must be a non-empty string such as '='")
    names = [str(n) for n in (explanation.feature_names or [])]
    values = np.asarray(explanation.values, dtype=float)
    single = values.ndim == 1
    if single:
        values = values.reshape(1, -1)
    if values.ndim != 2 or len(names) != values.shape[1]:
        raise ValueError("expected an explanation with one name per feature and values of shape (n, features)")
    data = np.asarray(explanation.data, dtype=object).reshape(values.shape) if explanation.data is not None \
        else np.full(values.shape, None, dtype=object)
    groups: dict[str, list[int]] = {}
    for index, name in enumerate(names):
        groups.setdefault(name.split(separator, 1)[0], []).append(index)
    new_values = np.stack([values[:, idx].sum(axis=1) for idx in groups.values()], axis=1)
    new_data = np.empty(new_values.shape, dtype=object)
    for j, (group, idx) in enumerate(groups.items()):
        one_hot = len(idx) > 1 or separator in names[idx[0]]
        for i in range(values.shape[0]):
            if not one_hot:
                new_data[i, j] = data[i, idx[0]]
                continue
            on = [names[k].split(separator, 1)[1] for k in idx if _truthy(data[i, k])]
            new_data[i, j] = on[0] if len(on) == 1 else ("" if not on else " & ".join(on))
    base = np.asarray(explanation.base_values, dtype=float)
    if single:
        return shap.Explanation(values=new_values[0], base_values=float(base.reshape(-1)[0]),
                                data=new_data[0], feature_names=list(groups))
    return shap.Explanation(values=new_values, base_values=base, data=new_data, feature_names=list(groups))


def _truthy(value: Any) -> bool:
    try:
        return float(value) == 1.0
    except (TypeError, ValueError):
        return False


@functools.cache
def reason_statements() -> dict[str, str]:
    """Plain-language statement of each German Credit attribute (shipped in ``data/finance``).

    >>> reason_statements()["checking_status"]
    'Status of your checking account with us'
    """
    import yaml

    from osai.data import data_path

    payload = yaml.safe_load(data_path("finance", "reason_statements.yaml").read_text(encoding="utf-8"))
    return dict(payload["statements"])


def reason_codes(explanation: shap.Explanation, row: int = 0, k: int = 4,
                 statements: dict[str, str] | None = None) -> list[Reason]:
    """The ``k`` strongest adverse contributions of one applicant, as reasons a notice can state.

    Adverse means a positive contribution to the risk (class 1 = "bad"). One-hot columns are folded
    first (:func:`group_one_hot`), so a reason names the attribute the model scored, with the
    applicant's value. Reasons are ordered from the strongest; ties break by name. Fewer than ``k``
    are returned when fewer contributions are adverse.

    Regulation B does not cap the number of reasons: its official commentary (comment 9(b)(2)-1)
    only says that more than four is not likely to help the applicant. The hard limit of four key
    factors (five with inquiries) belongs to the FCRA credit-score disclosure, a different duty.

    >>> import numpy as np, shap
    >>> e = shap.Explanation(values=np.array([[0.4, -0.2, 0.1]]), base_values=np.array([0.0]),
    ...     data=np.array([[1.0, 0.0, 48.0]]), feature_names=["housing=rent", "housing=own", "duration_months"])
    >>> [str(r) for r in reason_codes(e, 0, k=4)]
    ['Housing situation: rent', 'Length of the loan term requested, in months: 48']
    """
    import numpy as np

    if isinstance(k, bool) or not isinstance(k, int) or k < 1:
        raise ValueError(f"k must be a whole number of reasons >= 1, got {k!r}")
    names = [str(n) for n in (explanation.feature_names or [])]
    if any("=" in n for n in names):
        explanation = group_one_hot(explanation)
        names = [str(n) for n in explanation.feature_names]
    values = np.asarray(explanation.values, dtype=float)
    data = np.asarray(explanation.data, dtype=object)
    if values.ndim == 1:
        values, data = values.reshape(1, -1), data.reshape(1, -1)
    if isinstance(row, bool) or not isinstance(row, (int, np.integer)) or not -len(values) <= row < len(values):
        raise IndexError(f"row must be a whole number from 0 to {len(values) - 1}, got {row!r}")
    table = reason_statements() if statements is None else statements
    order = sorted(range(len(names)), key=lambda j: (-values[row, j], names[j]))
    reasons = []
    for j in order[:k]:
        if values[row, j] <= 0:
            break
        statement = table.get(names[j])
        if statement is None:
            near = difflib.get_close_matches(names[j], list(table), n=1)
            statement = f"Other: {names[j]}" + (f" (no statement; nearest is {near[0]!r})" if near else "")
        reasons.append(Reason(names[j], data[row, j], float(values[row, j]), statement))
    return reasons


def cutoff_background(X: pd.DataFrame, p_bad: Any, threshold: float, n: int = 50) -> pd.DataFrame:
    """Applicants at or slightly above the passing score: the ``n`` approved rows closest to the cut-off.

    Approved means ``p_bad < threshold``. This is the reference population of Reg B comment
    9(b)(2)-5 method (a); using all applicants (method b) is the other named option.

    >>> import pandas as pd
    >>> X = pd.DataFrame({"a": range(6)})
    >>> cutoff_background(X, [0.05, 0.1, 0.15, 0.2, 0.3, 0.4], threshold=0.2, n=2)["a"].tolist()
    [1, 2]
    """
    import numpy as np

    p = np.asarray(p_bad, dtype=float)
    if p.shape != (len(X),):
        raise ValueError(f"p_bad must have one score per row of X ({len(X)}), got shape {p.shape}")
    if isinstance(n, bool) or not isinstance(n, int) or n < 1:
        raise ValueError(f"n must be a whole number >= 1, got {n!r}")
    approved = np.flatnonzero(p < threshold)
    if len(approved) == 0:
        raise ValueError(f"no applicant is approved at threshold {threshold}: nothing to compare with")
    closest = approved[np.argsort(threshold - p[approved], kind="stable")[:n]]
    return X.iloc[np.sort(closest)]


def explain_text(classifier: Any, texts: list[str], max_evals: int = 200) -> shap.Explanation:
    """Word-level SHAP values of a text classifier, with shap's text masker (Owen values).

    ``classifier`` maps a list of strings to class probabilities (``(n, n_labels)``) and has
    ``.tokenizer`` and ``.labels`` (as :class:`osai.finance.SentenceClassifier`). The masker hides
    tokens by replacing them with the tokenizer's mask token; the partition explainer is
    deterministic. Values are in probability space: for each text and label,
    ``base value + sum over tokens == probability of that label``. shap's numba kernels run as plain
    Python during the call (the same code and numbers, without 7 to 10 s of compiling in each new kernel).
    """
    shap = _shap()
    if isinstance(texts, str) or not all(isinstance(t, str) for t in texts):
        raise TypeError("texts must be a list of strings (wrap a single sentence in a list)")
    for attribute in ("tokenizer", "labels"):
        if not hasattr(classifier, attribute):
            raise TypeError(f"the classifier needs a .{attribute} attribute (see osai.finance.SentenceClassifier)")
    masker = shap.maskers.Text(classifier.tokenizer)
    explainer = shap.Explainer(classifier, masker, output_names=list(classifier.labels), algorithm="partition")
    with _plain_python(_TEXT_KERNELS):
        return explainer(list(texts), max_evals=max_evals, silent=True)


#: shap's numba kernels on the partition explainer's path (module, name). Compiling them costs 7 to 10 s in every
#: fresh kernel; on a sentence and a few hundred evaluations their plain Python runs in milliseconds, same numbers.
_TEXT_KERNELS = (("shap.utils._masked_model", "_build_fixed_single_output"),
                 ("shap.utils._masked_model", "_build_fixed_multi_output"),
                 ("shap.utils._masked_model", "_init_masks"), ("shap.utils._masked_model", "_rec_fill_masks"),
                 ("shap.explainers._partition", "lower_credit"))


@contextlib.contextmanager
def _plain_python(kernels: tuple[tuple[str, str], ...]) -> Iterator[None]:
    """Within the block, run the named numba functions as the Python they were written in; restore them after.

    A name that is missing or not a numba function (another shap version) is left alone.
    """
    import importlib

    swapped = []
    try:
        for module_name, name in kernels:
            try:
                module = importlib.import_module(module_name)
            except ImportError:
                continue
            compiled = getattr(module, name, None)
            if callable(getattr(compiled, "py_func", None)):
                setattr(module, name, compiled.py_func)
                swapped.append((module, name, compiled))
        yield
    finally:
        for module, name, compiled in swapped:
            setattr(module, name, compiled)


def what_if(model: Any, applicant: Any, background: pd.DataFrame, threshold: float, k: int = 4) -> dict[str, Any]:
    """Score one applicant (German Credit attributes, decoded) and give the adverse reasons.

    The pure logic behind :func:`osai.widgets.what_if_widget`: change a value in ``applicant`` and
    call it again. Returns ``{"p_bad", "decision", "reasons"}``; ``decision`` is ``"decline"`` when
    ``p_bad >= threshold``.

    >>> from osai import finance
    >>> from osai.data import german_credit
    >>> X_train, X_test, y_train, y_test = finance.split_credit()
    >>> model = finance.fit_logistic(X_train, y_train)
    >>> applicant = german_credit().drop(columns="credit_risk").loc[X_test.index[0]].to_dict()
    >>> result = what_if(model, {**applicant, "duration_months": 60}, X_train.iloc[:20], threshold=1 / 6)
    >>> result["decision"] in {"approve", "decline"}, len(result["reasons"]) <= 4
    (True, True)
    """
    import pandas as pd

    from osai.finance import encode_credit

    if isinstance(applicant, pd.Series):
        applicant = applicant.to_dict()
    if not isinstance(applicant, dict):
        raise TypeError(f"applicant must be a dict or Series of attribute values, got {type(applicant).__name__}")
    X = encode_credit(pd.DataFrame([applicant]))[list(background.columns)]
    p_bad = float(model.predict_proba(X)[0, 1])
    explanation = explain_tabular(model, X, background)
    return {"p_bad": p_bad, "decision": "decline" if p_bad >= threshold else "approve",
            "reasons": reason_codes(explanation, 0, k=k)}

# SPDX-FileCopyrightText: 2026 The Open Source AI Lab Kit authors
# SPDX-License-Identifier: MIT
"""The capstone (Lab 12): small pure helpers to review the fictional release folder end to end.

The review itself reuses the lab modules (``openness``, ``licenses``, ``datacards``, ``privacy``,
``cards``, ``governance``); this module only loads the shipped folder, computes the exact
explanation of its linear model, and assembles one :class:`ReleaseReview` with a recommendation.

>>> release_folder().name
'capstone_release'
>>> sorted(load_weights()["features"])
['age_years', 'credit_amount_k', 'duration_months', 'existing_loans']
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

__all__ = ["DECISIONS", "ReleaseReview", "linear_contributions", "load_sample", "load_weights",
           "read_front_matter", "recommend", "release_folder", "scan_frame"]

#: The three possible recommendations, from best to worst.
DECISIONS = ("release", "fix before release", "do not release")


def release_folder() -> Path:
    """A fresh copy of the fictional release ``ledgerlight-credit-mini`` that ships with the kit.

    Every call copies the kit's own folder into a new temporary folder (removed when Python exits)
    and returns the copy, writable: whatever is changed, added or signed there stays there, and the
    next call, the checks and every later run read the release as shipped.

    >>> folder = release_folder()
    >>> _ = (folder / "config.json").write_text("{}", encoding="utf-8")  # damage the copy
    >>> (release_folder() / "config.json").read_text(encoding="utf-8") == "{}"
    False
    """
    import atexit
    import shutil
    import stat
    import tempfile

    parent = Path(tempfile.mkdtemp(prefix="osai-release-"))
    atexit.register(shutil.rmtree, parent, ignore_errors=True)
    copy = Path(shutil.copytree(_shipped_folder(), parent / "capstone_release"))
    for path in (copy, *copy.iterdir()):  # the copy is the student's: writable even if the kit is installed read-only
        path.chmod(path.stat().st_mode | stat.S_IWUSR)
    return copy


def _shipped_folder() -> Path:
    """The kit's own release folder: read it, never hand it out (that is :func:`release_folder`'s copy)."""
    from osai.data import data_path

    return data_path("capstone_release")


def read_front_matter(path: str | Path) -> dict[str, Any]:
    """The YAML front matter of a Markdown card (``{}`` when there is none).

    The reader of a file over :func:`osai.cards.front_matter`, the kit's one reader of card metadata
    (as :func:`osai.openness.read_card_metadata`).

    >>> read_front_matter(release_folder() / "DATA_CARD.md")["license"]
    'cc-by-4.0'
    """
    from osai.openness import read_card_metadata

    return read_card_metadata(path)


def load_sample(folder: str | Path | None = None):
    """The release's ``training_sample.csv`` as a DataFrame (postcodes kept as text).

    >>> load_sample().shape
    (24, 11)
    """
    import pandas as pd

    folder = Path(folder) if folder is not None else _shipped_folder()
    return pd.read_csv(folder / "training_sample.csv", dtype={"postcode": str, "officer_note": str},
                       keep_default_na=False)


def load_weights(folder: str | Path | None = None) -> dict[str, Any]:
    """Features, standardisation and coefficients of the release's logistic model (safetensors, no pickle).

    Returns ``features``, ``mean``, ``scale``, ``coef`` (one per feature, on standardised inputs) and
    ``intercept``, all as plain Python floats.

    >>> w = load_weights()
    >>> len(w["coef"]) == len(w["features"]) == len(w["mean"])
    True
    """
    import json

    from safetensors.numpy import load_file

    folder = Path(folder) if folder is not None else _shipped_folder()
    config = json.loads((folder / "config.json").read_text(encoding="utf-8"))
    tensors = load_file(str(folder / "model.safetensors"))
    coef = [float(v) for v in tensors["coef"].reshape(-1)]
    features = list(config["features"])
    if len(coef) != len(features):
        raise ValueError(f"model.safetensors has {len(coef)} coefficients but config.json lists {len(features)} features")
    return {"features": features, "mean": [float(m) for m in config["scaler_mean"]],
            "scale": [float(s) for s in config["scaler_scale"]], "coef": coef,
            "intercept": float(tensors["intercept"].reshape(-1)[0])}


def linear_contributions(weights: Mapping[str, Any], row: Mapping[str, Any]) -> dict[str, float]:
    """Each feature's contribution to the log-odds of ``bad`` for one applicant, against the average applicant.

    For a logistic model the SHAP value of feature j with the training means as background is
    exactly ``coef_j * (x_j - mean_j) / scale_j`` (what ``osai.explain.explain_tabular`` computes with
    shap's LinearExplainer). The contributions add up to the applicant's log-odds minus the log-odds
    of the average applicant.

    >>> w = {"features": ["a", "b"], "mean": [0.0, 10.0], "scale": [1.0, 2.0], "coef": [0.5, -1.0], "intercept": 0.0}
    >>> linear_contributions(w, {"a": 2, "b": 14})
    {'a': 1.0, 'b': -2.0}
    >>> linear_contributions(w, {"a": 2})
    Traceback (most recent call last):
    ...
    KeyError: "the applicant has no value for feature 'b'"
    """
    out: dict[str, float] = {}
    for name, mean, scale, coef in zip(weights["features"], weights["mean"], weights["scale"], weights["coef"], strict=True):
        if name not in row:
            raise KeyError(f"the applicant has no value for feature {name!r}")
        if not scale:
            raise ValueError(f"feature {name!r} has scale 0: cannot standardise")
        out[name] = coef * (float(row[name]) - mean) / scale
    return out


def scan_frame(frame, names: Iterable[str] = (), columns: Iterable[str] | None = None) -> dict[str, int]:
    """Count personal data in a table with :func:`osai.privacy.find_pii`, cell by cell: ``{kind: count}``.

    Every cell of ``columns`` (default: all) is converted to text and scanned; ``names`` are passed on
    to ``find_pii`` so that known names are found as whole words. Kinds found nowhere are left out.

    >>> import pandas as pd
    >>> scan_frame(pd.DataFrame({"note": ["mail anna@example.org", "nothing here"]}))
    {'email': 1}
    """
    from osai.privacy import find_pii

    names = [n for n in names if isinstance(n, str) and n.strip()]
    chosen = list(frame.columns) if columns is None else list(columns)
    missing = [c for c in chosen if c not in frame.columns]
    if missing:
        raise KeyError(f"no column {missing[0]!r}; the table has {', '.join(map(str, frame.columns))}")
    counts: dict[str, int] = {}
    for column in chosen:
        for value in frame[column]:
            for finding in find_pii(str(value), names=names):
                counts[finding.kind] = counts.get(finding.kind, 0) + 1
    return dict(sorted(counts.items()))


@dataclass
class ReleaseReview:
    """One release review: a finding per lab, and (after :func:`recommend`) the decision.

    ``osaid_unmet`` lists the OSAID requirements not met; ``conflicts`` the reasons why the
    intended use is not allowed by a license; ``duties`` what the licenses require for that use;
    ``data_categories`` maps dataset names to OSAID data categories; ``pii`` counts personal data
    by kind in the shipped files; ``k_anonymity`` is the k of the shipped sample on its
    quasi-identifiers; ``top_reasons`` the features that push the reviewed applicant towards
    ``bad`` most; ``card_problems`` the problem codes of the shipped model card, each once (two
    problems of one kind are one code: the review keeps the codes sorted and unique, so that every
    reader of the field, :func:`recommend` and a printout alike, sees the same list).

    >>> ReleaseReview("x", True, [], 1, [], [], {}, 1.0, {}, 5, [], ["model-index", "empty-section", "empty-section"]).card_problems
    ['empty-section', 'model-index']
    """

    name: str
    osaid_meets: bool
    osaid_unmet: list[str]
    mof_class: int | None
    conflicts: list[str]
    duties: list[str]
    data_categories: dict[str, str]
    data_information: float
    pii: dict[str, int]
    k_anonymity: int
    top_reasons: list[str]
    card_problems: list[str]
    health: float | None = None
    decision: str = ""
    reasons: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        codes = self.card_problems
        expected = "card_problems: expected a list of problem codes (str), e.g. [p.code for p in problems], got"
        if isinstance(codes, (str, bytes)) or not isinstance(codes, Iterable):
            raise TypeError(f"{expected} {type(codes).__name__}")
        listed = list(codes)
        wrong = [c for c in listed if not isinstance(c, str)]
        if wrong:
            raise TypeError(f"{expected} a {type(wrong[0]).__name__}: {str(wrong[0])[:60]!r}")
        self.card_problems = sorted(set(listed))


def recommend(review: ReleaseReview) -> tuple[str, list[str]]:
    """The release recommendation for a review: one of :data:`DECISIONS`, with the reasons.

    - **do not release** when the shipped files contain personal data, when a shipped table has
      k < 2 on its quasi-identifiers, or when a license forbids the intended use;
    - **fix before release** when the model card has problems, the data information is incomplete,
      or the release is called open source AI without meeting OSAID 1.0 (this is the kit's rule:
      the release may still go out, honestly described, once fixed);
    - **release** otherwise.

    >>> ok = ReleaseReview("x", True, [], 1, [], [], {}, 1.0, {}, 5, [], [])
    >>> recommend(ok)
    ('release', [])
    >>> ok.pii = {"email": 2}
    >>> recommend(ok)
    ('do not release', ['the shipped files contain personal data: email (2)'])
    """
    if not isinstance(review, ReleaseReview):
        raise TypeError(f"expected a ReleaseReview, got {type(review).__name__}")
    blockers: list[str] = []
    if review.pii:
        blockers.append("the shipped files contain personal data: "
                        + ", ".join(f"{k} ({n})" for k, n in sorted(review.pii.items())))
    if review.k_anonymity < 2:
        blockers.append(f"the shipped sample is only {review.k_anonymity}-anonymous: someone can be singled out")
    blockers += [f"license conflict: {c}" for c in review.conflicts]
    if blockers:
        return DECISIONS[2], blockers
    fixes: list[str] = []
    if review.card_problems:
        fixes.append(f"the model card has {len(review.card_problems)} kind(s) of problem: " + ", ".join(review.card_problems))
    if review.data_information < 1:
        fixes.append(f"data information is incomplete ({review.data_information:.0%} of OSAID's requirements met)")
    if not review.osaid_meets:
        fixes.append("not open source AI under OSAID 1.0 (" + ", ".join(review.osaid_unmet) + "): do not call it that")
    return (DECISIONS[1], fixes) if fixes else (DECISIONS[0], [])

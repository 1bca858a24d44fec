# SPDX-FileCopyrightText: 2026 The Open Source AI Lab Kit authors
# SPDX-License-Identifier: MIT
"""Tests of osai.capstone, the shipped fictional release."""

from __future__ import annotations

import math

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from osai import capstone
from osai.capstone import ReleaseReview, linear_contributions, load_sample, load_weights, recommend, release_folder, scan_frame

TAG = "SPDX-License-" + "Identifier"  # split so that REUSE does not read these strings as this file's header
RELEASE_FILES = {"README.md", "LICENSE", "DATA_CARD.md", "config.json", "model.safetensors", "train.py",
                 "predict.py", "training_sample.csv"}


def _review(**changes):
    base = dict(name="x", osaid_meets=True, osaid_unmet=[], mof_class=1, conflicts=[], duties=[],
                data_categories={}, data_information=1.0, pii={}, k_anonymity=5, top_reasons=[], card_problems=[])
    base.update(changes)
    return ReleaseReview(**base)


def test_release_folder_files_and_reuse_sidecars():
    folder = release_folder()
    names = {p.name for p in folder.iterdir()}
    assert RELEASE_FILES <= names
    for name in RELEASE_FILES - {"train.py", "predict.py"}:
        sidecar = folder / f"{name}.license"
        assert sidecar.is_file(), name
        assert f"{TAG}: CC-BY-4.0" in sidecar.read_text()
    for name in ("train.py", "predict.py"):
        assert f"{TAG}: MIT" in (folder / name).read_text()
    assert not any(p.suffix in {".pkl", ".pickle", ".joblib", ".bin"} for p in folder.iterdir())
    assert sum(p.stat().st_size for p in folder.iterdir()) < 20_000


def test_safetensors_is_not_flagged_as_binary_and_folder_scores():
    from osai.governance import _is_binary_artifact, score_repository

    assert not _is_binary_artifact(release_folder() / "model.safetensors")
    report = score_repository(release_folder())
    assert report["License"].score == 10 and report["Binary-Artifacts"].score == 10
    assert not report.full_marks


def test_weights_match_predict_script_and_contributions_are_additive():
    import importlib.util

    spec = importlib.util.spec_from_file_location("release_predict", release_folder() / "predict.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    w = load_weights()
    for _, row in load_sample().iterrows():
        features = {f: float(row[f]) for f in w["features"]}
        p = module.probability_bad(features, folder=str(release_folder()))
        contributions = linear_contributions(w, features)
        base = w["intercept"]  # log-odds of the average applicant (standardised features are 0)
        assert math.isclose(1 / (1 + math.exp(-(base + sum(contributions.values())))), p, rel_tol=1e-6)


def test_linear_contributions_agree_with_explain_tabular():
    import numpy as np
    from sklearn.linear_model import LogisticRegression

    from osai.explain import explain_tabular

    w = load_weights()
    sample = load_sample()
    X = sample[w["features"]].astype(float)
    model = LogisticRegression()
    model.coef_ = np.array([[c / s for c, s in zip(w["coef"], w["scale"])]])
    model.intercept_ = np.array([w["intercept"] - sum(c * m / s for c, m, s in zip(w["coef"], w["mean"], w["scale"]))])
    model.classes_ = np.array([0, 1])
    background = pd.DataFrame([w["mean"]], columns=w["features"])
    explanation = explain_tabular(model, X.iloc[[2]], background)
    ours = linear_contributions(w, X.iloc[2])
    assert np.allclose(explanation.values[0], [ours[f] for f in w["features"]], atol=1e-6)


def test_linear_contributions_bad_input():
    w = {"features": ["a"], "mean": [0.0], "scale": [0.0], "coef": [1.0], "intercept": 0.0}
    with pytest.raises(ValueError, match="scale 0"):
        linear_contributions(w, {"a": 1})
    with pytest.raises(KeyError, match="no value"):
        linear_contributions({**w, "scale": [1.0]}, {})


def test_sample_has_planted_personal_data_and_is_one_anonymous():
    from osai.privacy import k_anonymity

    sample = load_sample()
    found = scan_frame(sample, names=list(sample["full_name"]))
    assert {"email", "name", "iban", "card", "phone", "date_of_birth"} <= set(found)
    assert k_anonymity(sample, ["postcode", "sex", "age_years"]) == 1
    assert k_anonymity(sample, ["postcode", "sex"]) >= 2
    assert all(e.endswith("@example.org") for e in sample["email"] if e)  # reserved domain: nobody real


def test_scan_frame_counts_and_errors():
    frame = pd.DataFrame({"a": ["x@example.org y@example.org", ""], "b": ["call +49 30 1234567", "n"]})
    assert scan_frame(frame) == {"email": 2, "phone": 1}
    assert scan_frame(frame, columns=["b"]) == {"phone": 1}
    with pytest.raises(KeyError, match="no column 'c'"):
        scan_frame(frame, columns=["c"])


@settings(max_examples=40, deadline=None)
@given(st.lists(st.text(max_size=40), min_size=1, max_size=5))
def test_scan_frame_never_raises_on_text(cells):
    counts = scan_frame(pd.DataFrame({"t": cells}))
    assert all(isinstance(v, int) and v > 0 for v in counts.values())


def test_card_and_data_card_have_planted_problems():
    from osai.cards import validate_card
    from osai.datacards import data_information_score

    codes = {p.code for p in validate_card(release_folder() / "README.md")}
    assert {"model-index", "empty-section"} <= codes
    assert "public data only" in (release_folder() / "README.md").read_text().lower()
    assert data_information_score((release_folder() / "DATA_CARD.md").read_text()).score < 1


def test_openness_of_release_as_inspected_and_corrected():
    from osai.openness import Release, assess_osaid, inspect_release, mof_class

    found = inspect_release(release_folder())
    assert found.components["data_card"] is None and found.components["inference_code"] is None
    corrected = Release("c", {**{k: v for k, v in found.components.items() if v}, "data_card": "CC-BY-4.0",
                              "inference_code": "MIT", "training_code": "MIT"})
    verdict = assess_osaid(corrected)
    assert not verdict.meets and verdict.requirements["data information"]
    assert mof_class(corrected) is None


def test_recommend_rules():
    assert recommend(_review()) == ("release", [])
    decision, reasons = recommend(_review(card_problems=["yaml"]))
    assert decision == "fix before release" and "yaml" in reasons[0]
    assert recommend(_review(osaid_meets=False, osaid_unmet=["code"]))[0] == "fix before release"
    assert recommend(_review(data_information=0.5))[0] == "fix before release"
    assert recommend(_review(k_anonymity=1))[0] == "do not release"
    assert recommend(_review(conflicts=["no"]))[0] == "do not release"
    with pytest.raises(TypeError):
        recommend({"pii": {}})
    assert capstone.DECISIONS[0] == "release"


def _snapshot(folder):
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def test_release_folder_hands_out_a_copy_that_writing_cannot_harm():
    from osai.data import data_path

    shipped = data_path("capstone_release")
    before = _snapshot(shipped)
    weights, sample = load_weights(), load_sample()
    handed = release_folder()
    assert handed != shipped and not handed.resolve().is_relative_to(shipped.resolve().parent)
    assert _snapshot(handed) == before  # a faithful copy, sidecars included
    (handed / "model.safetensors").write_bytes(b"tampered")
    (handed / "training_sample.csv").write_text("applicant_id\nA9999\n", encoding="utf-8")
    (handed / "README.md").unlink()
    (handed / "added.txt").write_text("new", encoding="utf-8")
    assert _snapshot(shipped) == before
    fresh = release_folder()
    assert fresh != handed and _snapshot(fresh) == before
    assert load_weights() == weights and load_sample().equals(sample)
    assert load_weights(fresh) == weights


def test_review_keeps_each_card_problem_code_once():
    review = _review(card_problems=["model-index", "empty-section", "empty-section"])
    assert review.card_problems == ["empty-section", "model-index"]
    decision, reasons = recommend(review)
    assert decision == "fix before release"
    assert reasons[0] == "the model card has 2 kind(s) of problem: empty-section, model-index"
    with pytest.raises(TypeError, match="list of problem codes"):
        _review(card_problems="empty-section")
    with pytest.raises(TypeError, match="list of problem codes"):
        _review(card_problems=[1])


@settings(max_examples=40, deadline=None)
@given(st.lists(st.sampled_from(["yaml", "model-index", "empty-section", "license"]), max_size=8))
def test_card_problem_codes_are_sorted_and_unique_for_every_list(codes):
    review = _review(card_problems=codes)
    assert review.card_problems == sorted(set(codes))
    decision, reasons = recommend(review)
    assert (decision == "fix before release") == bool(codes)
    if codes:
        assert reasons[0].startswith(f"the model card has {len(set(codes))} kind(s) of problem: ")

# SPDX-FileCopyrightText: 2026 The Open Source AI Lab Kit authors
# SPDX-License-Identifier: MIT
"""Exercises of Lab 10, the capstone release review. Answers are salted fingerprints or recomputed
from the shipped release folder with the lab modules."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from osai.checks import Exercises, as_instance, as_mapping, expect

ex = Exercises("10")
QUASI = ["postcode", "sex", "age_years"]
REVIEWED = "A1003"


@ex("q1", points=2, expects="an osai.openness.Release",
    hints=("Start from inspect_release(folder).components and correct it with what the LICENSE file says.",
           "inspect_release misses DATA_CARD.md (data_card) and predict.py (inference_code).",
           "Code is MIT, the weights are LicenseRef-bigscience-openrail-m, documentation is CC-BY-4.0."))
def _q1(answer: Any) -> None:
    from osai.openness import Release

    answer = as_instance(answer, Release, "an osai.openness.Release")
    released = {k: v for k, v in answer.components.items() if v is not None}
    expect("data_card" in released, "DATA_CARD.md is a data card: inspect_release does not detect it, add it")
    expect("inference_code" in released, "predict.py is inference code: inspect_release does not detect it, add it")
    expect(released.get("training_code") == "MIT", "the LICENSE file puts the code (train.py, predict.py, config.json) under MIT")
    expect(ex.matches(released, "1c0420161d77c1688bd686e607f0e1bc4ee20b605cc16f533c43f465fdf1a123"),
           "not yet the components and licenses the LICENSE file states (one license per released component)")


@ex("q2", points=1, expects="{'osaid': bool, 'mof_class': int or None, 'unmet': [...]}",
    hints=("verdict = assess_osaid(corrected); verdict.requirements maps each requirement to True/False.",
           "unmet = sorted(k for k, ok in verdict.requirements.items() if not ok)"))
def _q2(answer: Any) -> None:
    answer = as_mapping(answer, "a dict with keys 'osaid', 'mof_class' and 'unmet'")
    expect(set(answer) == {"osaid", "mof_class", "unmet"}, "use exactly the keys 'osaid', 'mof_class' and 'unmet'")
    expect(isinstance(answer["osaid"], bool), "'osaid' is True or False (Verdict.meets)")
    expect(answer["mof_class"] in (1, 2, 3, None), "'mof_class' is 1, 2, 3 or None")
    expect(isinstance(answer["unmet"], list), "'unmet' is a sorted list of requirement names")
    expect(ex.matches(dict(answer), "d92227d4801c91210085f31a764e6d254347206adb851faee25673dbc654cf35"),
           "not the verdict of assess_osaid and mof_class on your corrected release (unmet: the requirement names, sorted)")


@ex("q3", points=2, expects="{'conflicts': [reason, ...], 'duties': int}",
    hints=("Build the bill of materials as {file: (kind, license)} for the six licensed files.",
           "conflicts(bom, DEPLOYMENT) returns Conflict objects; keep their .reason.",
           "duties is len(obligations(bom, DEPLOYMENT))."))
def _q3(answer: Any) -> None:
    answer = as_mapping(answer, "a dict with keys 'conflicts' and 'duties'")
    expect(set(answer) == {"conflicts", "duties"}, "use exactly the keys 'conflicts' and 'duties'")
    expect(isinstance(answer["conflicts"], list) and all(isinstance(c, str) for c in answer["conflicts"]),
           "'conflicts' is a list of the conflicts' reasons (strings)")
    expect(isinstance(answer["duties"], int) and not isinstance(answer["duties"], bool), "'duties' is a whole number")
    expect(answer["conflicts"], "the intended use does conflict with one license: check the weights' license")
    expect(ex.matches(sorted(answer["conflicts"]), "726afc45d36f7a099443030e3db10d94025f787a172c834ef5a7a39da5f925c7"),
           "not the conflicts of the release's bill of materials with the DEPLOYMENT use")
    expect(ex.matches(answer["duties"], "a3065e19733267c665427bd8d455c8094dcddd18defc1210098e93ad5d834664", part="n"),
           "the conflicts are right, but not the number of obligations for that use")


@ex("q4", points=2, expects="{dataset name: category}",
    hints=("read_front_matter(folder / 'DATA_CARD.md')['training_datasets'] lists the facts of each dataset.",
           "classify(facts).category.value is 'open', 'public', 'obtainable' or 'unshareable'."))
def _q4(answer: Any) -> None:
    from osai.capstone import read_front_matter, release_folder
    from osai.datacards import classify

    answer = as_mapping(answer, "a dict of dataset name -> category")
    facts = read_front_matter(release_folder() / "DATA_CARD.md")["training_datasets"]
    want = {f["name"]: classify(f).category.value for f in facts}
    expect(set(answer) == set(want), "use the dataset names exactly as the data card's training_datasets list them")
    for name, category in want.items():
        got = getattr(answer[name], "value", answer[name])
        expect(got == category, f"{name!r}: not its OSAID data category (use classify on its facts)")


@ex("q5", points=2, expects="{'note_pii': {kind: count}, 'k': int}",
    hints=("Run find_pii on each officer_note, with names=list(sample['full_name']).",
           "Count the findings by their .kind; leave out kinds with no finding.",
           "k_anonymity(sample, ['postcode', 'sex', 'age_years'])"))
def _q5(answer: Any) -> None:
    from osai.capstone import load_sample, scan_frame
    from osai.privacy import k_anonymity

    answer = as_mapping(answer, "a dict with keys 'note_pii' and 'k'")
    expect(set(answer) == {"note_pii", "k"}, "use exactly the keys 'note_pii' and 'k'")
    sample = load_sample()
    want = scan_frame(sample, names=list(sample["full_name"]), columns=["officer_note"])
    got = answer["note_pii"]
    expect(isinstance(got, Mapping), "'note_pii' is a dict kind -> count")
    expect(dict(got) == want, "'note_pii' is not the count by kind of find_pii's findings in the officer_note column "
                              "(pass the applicants' full names as names)")
    expect(answer["k"] == k_anonymity(sample, QUASI), f"'k' is not the k-anonymity of the sample on {QUASI}")


@ex("q6", points=2, expects="{feature: contribution to the log-odds of 'bad'}",
    hints=("weights = load_weights() gives features, mean, scale and coef in the same order.",
           "contribution of feature j = coef[j] * (x[j] - mean[j]) / scale[j]"))
def _q6(answer: Any) -> None:
    from osai.capstone import linear_contributions, load_sample, load_weights

    answer = as_mapping(answer, "a dict of feature -> contribution")
    weights = load_weights()
    row = load_sample().set_index("applicant_id").loc[REVIEWED]
    want = linear_contributions(weights, row)
    expect(set(answer) == set(want), f"use the four features of config.json as keys: {', '.join(want)}")
    for name, value in want.items():
        expect(isinstance(answer[name], (int, float)) and not isinstance(answer[name], bool),
               f"{name}: expected a number")
        expect(abs(float(answer[name]) - value) < 1e-3,
               f"{name}: not coef * (x - mean) / scale for applicant {REVIEWED}")


@ex("q7", points=2, expects="a ModelCard made with osai.cards.model_card",
    hints=("Keep license 'bigscience-openrail-m'; give the model-index result a dataset, or leave eval_results out.",
           "Fill every required section: uses, bias risks and limitations, training data, evaluation.",
           "Say honestly where the training data came from."))
def _q7(answer: Any) -> None:
    from osai.cards import validate_card

    expect(hasattr(answer, "content") or isinstance(answer, str), f"expected a ModelCard (or its text), got {type(answer).__name__}")
    text = answer if isinstance(answer, str) else answer.content
    problems = validate_card(text, kind="model")
    expect(not problems, "the card still has problems: " + "; ".join(str(p) for p in problems[:2]))
    import tempfile
    from pathlib import Path

    from osai.openness import read_card_metadata

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "README.md"
        path.write_text(text, encoding="utf-8")
        meta = read_card_metadata(path)
    expect(ex.matches(str(meta.get("license", "")), "8004cb0d9d42e5a82e6ef44de29ce5569dd9ddb95f62b4e69e6b349452bb9653"),
           "the card's license field should stay the Hub id of the weights' license")
    expect("public data only" not in text.lower(), "the card still claims the model was trained on public data only")


@ex("q8", points=3, expects="an osai.capstone.ReleaseReview with decision and reasons set",
    hints=("Fill each field from the earlier sections; count pii over the whole sample with scan_frame.",
           "top_reasons: the two features with the largest positive contribution, largest first.",
           "review.decision, review.reasons = recommend(review)"))
def _q8(answer: Any) -> None:
    from osai.capstone import (ReleaseReview, linear_contributions, load_sample, load_weights, recommend,
                               release_folder, scan_frame)
    from osai.cards import validate_card
    from osai.privacy import k_anonymity

    answer = as_instance(answer, ReleaseReview, "an osai.capstone.ReleaseReview")
    sample = load_sample()
    expect(answer.pii == scan_frame(sample, names=list(sample["full_name"])),
           "pii: count personal data in the whole sample (every column), with the full names as names")
    expect(answer.k_anonymity == k_anonymity(sample, QUASI), f"k_anonymity: on {QUASI}")
    codes = sorted(p.code for p in validate_card(release_folder() / "README.md"))
    expect(sorted(answer.card_problems) == codes, "card_problems: the codes of validate_card on the shipped README.md")
    expect(isinstance(answer.osaid_unmet, list) and all(isinstance(u, str) for u in answer.osaid_unmet),
           "osaid_unmet: a list of requirement names")
    expect(ex.matches({"osaid": answer.osaid_meets, "mof_class": answer.mof_class, "unmet": sorted(answer.osaid_unmet)},
                      "d92227d4801c91210085f31a764e6d254347206adb851faee25673dbc654cf35", qid="q2"),
           "osaid_meets, mof_class and osaid_unmet: take them from your q2 verdict")
    contributions = linear_contributions(load_weights(), sample.set_index("applicant_id").loc[REVIEWED])
    top = [n for n, v in sorted(contributions.items(), key=lambda kv: -kv[1]) if v > 0][:2]
    expect(isinstance(answer.top_reasons, list) and answer.top_reasons == top,
           "top_reasons: the two features with the largest positive contribution (q6), largest first")
    decision, reasons = recommend(answer)
    expect(answer.decision == decision and list(answer.reasons) == reasons,
           "decision and reasons: set them from recommend(review)")
    expect(ex.matches(decision, "d0af0244065760bbc95b4a0d4f9e45bd3e75a9fe013f0220318cdaccac9b8468"),
           "the review's findings do not lead to the expected recommendation: recheck each finding")

# SPDX-FileCopyrightText: 2026 The Open Source AI Lab Kit authors
# SPDX-License-Identifier: MIT
"""Exercises of Lab 12, the capstone release review. Answers are salted fingerprints or recomputed
from the shipped release folder with the lab modules."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from osai.checks import Exercises, Mismatch, as_function, as_instance, as_mapping, expect

ex = Exercises("12", salt_lab="10")
QUASI = ["postcode", "sex", "age_years"]
REVIEWED = "A1003"


def _shipped() -> Path:
    """The kit's own release folder: the checks only read it, so they need no copy (release_folder() makes one)."""
    from osai.capstone import _shipped_folder

    return _shipped_folder()


#: The file that proves each component (the lab says so), and the fingerprint of its license.
_Q1_FILES = {"model_architecture": "config.json", "model_parameters_final": "model.safetensors",
             "model_card": "README.md", "data_card": "DATA_CARD.md", "evaluation_results": "README.md",
             "training_code": "train.py", "inference_code": "predict.py"}
_Q1_LICENSES = {
    "model_architecture": "3e5fd1dc0a7efbb3cb6a9cc93b81c59e1042a193f21a142341dac602f249ae95",
    "model_parameters_final": "3cbf7bd9f138c5a83d5aad5de49ca2a04ca917f73fa731c9dc7eb9ed391b5ff7",
    "model_card": "25a63cb1548a70afa997db51d3fa96a97b9413e178adbb689926b3461bd63039",
    "data_card": "42890fe27027557154046a0d16bc0847b0bd42b92882804848165763e26a7b98",
    "evaluation_results": "f88020e872e9f1ee9383bdc24d68be1b98bd8080775ef81df901413dd242ca8c",
    "training_code": "a4acbce36f69c2630c580260ef13647240c4bff714d8cedd29fe95ed6e3fb567",
    "inference_code": "5bf5d59aa47fcb04a6c0958064e8999c652000981c8b332a2f988a91c1cffab1",
}


@ex("q1", points=2, expects="an osai.openness.Release",
    hints=("Start from inspect_release(folder).components and correct it with what the LICENSE file says.",
           "inspect_release misses DATA_CARD.md (data_card) and predict.py (inference_code).",
           "This hint gives the answer: code is MIT, the weights are LicenseRef-bigscience-openrail-m, documentation "
           "is CC-BY-4.0."))
def _q1(answer: Any) -> None:
    from osai.openness import Release

    answer = as_instance(answer, Release, "an osai.openness.Release")
    released = {k: v for k, v in answer.components.items() if v is not None}
    expect("data_card" in released, "DATA_CARD.md is a data card: inspect_release does not detect it, add it")
    expect("inference_code" in released, "predict.py is inference code: inspect_release does not detect it, add it")
    expect(released.get("training_code") == "MIT", "the LICENSE file puts the code (train.py, predict.py, config.json) under MIT")
    for component, digest in _Q1_LICENSES.items():
        expect(component not in released or ex.matches(released[component], digest, part=component),
               f"{component} is proved by {_Q1_FILES[component]}: give it the license the LICENSE file gives that file, "
               f"not {released.get(component)!r}")
    expect(ex.matches(released, "1c0420161d77c1688bd686e607f0e1bc4ee20b605cc16f533c43f465fdf1a123"),
           "not yet the components and licenses the LICENSE file states (one license per released component)")


@ex("q2", points=2, expects="{'osaid': True or False, 'mof_class': 1, 2, 3 or None}",
    hints=("OSAID asks for terms that let anyone use the system for any purpose; the MOF's classes ask for each "
           "required component under an open license.",
           "Read the weights' license in the LICENSE file: does BigScience OpenRAIL-M restrict use? Then list what "
           "Class III requires (the prompt names it) and look for each in corrected.components.",
           "This hint gives the answer: OpenRAIL-M restricts use, so OSAID is not met; Class III fails on that "
           "license and the missing technical report: {'osaid': False, 'mof_class': None}."))
def _q2(answer: Any) -> None:
    answer = as_mapping(answer, "a dict with keys 'osaid' and 'mof_class'")
    expect(set(answer) == {"osaid", "mof_class"}, "use exactly the keys 'osaid' and 'mof_class'")
    expect(isinstance(answer["osaid"], bool), "'osaid' is True or False")
    expect(answer["mof_class"] in (1, 2, 3, None) and not isinstance(answer["mof_class"], bool),
           "'mof_class' is 1, 2, 3 or None (no class reached)")
    expect(answer["osaid"] is False, "OpenRAIL-M forbids some uses (its Attachment A), and OSAID requires the "
           "freedom to use the system for any purpose: the release cannot meet it")
    if answer["mof_class"] is not None:
        needs = "Class III" if answer["mof_class"] == 3 else f"Class {answer['mof_class']} needs all of Class III, which"
        raise Mismatch(f"{needs} needs the final parameters under an open license (OpenRAIL-M restricts use) "
                       "and a technical report: no class is reached")


#: The files the LICENSE file licenses (the sample has no license); not a secret: the LICENSE file lists them.
LICENSED_FILES = ["DATA_CARD.md", "README.md", "config.json", "model.safetensors", "predict.py", "train.py"]


@ex("q3", points=2, expects="{'files': sorted(bom), 'conflicts': [reason, ...], 'duties': int}",
    hints=("Build the bill of materials as {file: (kind, license)} for the six licensed files.",
           "conflicts(bom, DEPLOYMENT) returns Conflict objects; keep their .reason.",
           "This hint shows the code: duties = len(obligations(bom, DEPLOYMENT))."))
def _q3(answer: Any) -> None:
    answer = as_mapping(answer, "a dict with keys 'files', 'conflicts' and 'duties'")
    expect(set(answer) == {"files", "conflicts", "duties"}, "use exactly the keys 'files', 'conflicts' and 'duties'")
    files = answer["files"]
    expect(isinstance(files, list) and all(isinstance(f, str) for f in files), "'files' is sorted(bom): a list of names")
    missing = [f for f in LICENSED_FILES if f not in files]
    expect(not missing, f"the bill of materials misses {', '.join(missing)}: the LICENSE file licenses it")
    extra = [f for f in files if f not in LICENSED_FILES]
    expect(not extra, f"{', '.join(extra)} is not under a license of the LICENSE file: leave it out of bom")
    expect(isinstance(answer["conflicts"], list) and all(isinstance(c, str) for c in answer["conflicts"]),
           "'conflicts' is a list of the conflicts' reasons (strings)")
    expect(isinstance(answer["duties"], int) and not isinstance(answer["duties"], bool), "'duties' is a whole number")
    expect(answer["conflicts"], "the intended use does conflict with one license: check the weights' license")
    expect(ex.matches(sorted(answer["conflicts"]), "726afc45d36f7a099443030e3db10d94025f787a172c834ef5a7a39da5f925c7"),
           "not the conflicts of the release's bill of materials with the DEPLOYMENT use")
    expect(ex.matches(answer["duties"], "a3065e19733267c665427bd8d455c8094dcddd18defc1210098e93ad5d834664", part="n"),
           "the conflicts are right, but not the number of obligations for that use")


#: Why a category other than classify's is not defensible, per (category classify gives, category given).
_CATEGORY_WHY = {
    ("unshareable", "obtainable"): "its access is 'none': no one outside the lender can get it, not even for a fee",
    ("unshareable", "public"): "its access is 'none': it was never published, so it is not public",
    ("unshareable", "open"): "its access is 'none' and it has no license: it holds applicants' personal data",
    ("open", "public"): "its license, CC-BY-4.0, lets anyone copy, change and reshare it: that makes it open, not only public",
    ("open", "obtainable"): "it is free to download under CC-BY-4.0: nothing has to be obtained from a third party",
    ("open", "unshareable"): "it is published under CC-BY-4.0 for anyone to download: it can be shared",
}


@ex("q4", points=2, expects="{dataset name: 'open', 'public', 'obtainable' or 'unshareable'}",
    hints=("Ask of each dataset: can anyone get it, and may they reshare it (open), only view it (public), get it "
           "from a third party, perhaps for a fee (obtainable), or not at all (unshareable)?",
           "Read each entry's 'access' and 'license' above; Lab 03's table of the OSAID FAQ's categories applies.",
           "This hint gives the answer: no access and no license make the lender's applications unshareable; "
           "free access under CC-BY-4.0 makes Statlog open."))
def _q4(answer: Any) -> None:
    from osai.capstone import read_front_matter
    from osai.datacards import classify

    answer = as_mapping(answer, "a dict of dataset name -> category")
    facts = read_front_matter(_shipped() / "DATA_CARD.md")["training_datasets"]
    want = {f["name"]: classify(f).category.value for f in facts}
    missing = [name for name in want if name not in answer]
    expect(not missing, f"no category for {missing[0] if missing else ''}: use the dataset names exactly as "
           "printed above")
    expect(set(answer) == set(want), "only the two datasets printed above: use their names exactly")
    for name, category in want.items():
        got = getattr(answer[name], "value", answer[name])
        expect(got in ("open", "public", "obtainable", "unshareable"),
               f"{name!r}: the category is one of 'open', 'public', 'obtainable', 'unshareable'")
        expect(got == category, f"{name!r}: " + _CATEGORY_WHY.get((category, got), f"not {got!r}"))


@ex("q5", points=2, expects="{'note_pii': {kind: count}, 'k': int}",
    hints=("Run find_pii on each officer_note, with names=list(sample['full_name']).",
           "Count the findings by their .kind; leave out kinds with no finding.",
           "This hint shows the code for k: k_anonymity(sample, ['postcode', 'sex', 'age_years'])"))
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


@ex("q6", points=3, expects="a function contribution(weights, row) -> {feature: contribution}",
    refuses=("osai.capstone.linear_contributions",),
    hints=("With the training means as background, a linear model's SHAP value of a feature is its coefficient "
           "times the feature's standardised distance from the mean.",
           "zip(weights['features'], weights['mean'], weights['scale'], weights['coef']) walks the four lists "
           "together; row[name] is the applicant's value.",
           "This hint gives the formula as code: {name: coef * (float(row[name]) - mean) / scale for name, mean, "
           "scale, coef in zip(...)}"))
def _q6(contribution: Any) -> None:
    from osai.capstone import linear_contributions, load_sample, load_weights

    contribution = as_function(contribution, "a function contribution(weights, row)")
    weights = load_weights()
    rows = load_sample().set_index("applicant_id")
    for applicant in [REVIEWED] + [a for a in rows.index if a != REVIEWED][:5]:
        want = linear_contributions(weights, rows.loc[applicant])
        got = as_mapping(contribution(weights, rows.loc[applicant]), "a dict feature -> contribution")
        expect(set(got) == set(want), f"use the four features of weights['features'] as keys: {', '.join(want)}")
        for name, value in want.items():
            expect(isinstance(got[name], (int, float)) and not isinstance(got[name], bool),
                   f"{name}: expected a number, got {type(got[name]).__name__}")
            if abs(float(got[name]) + value) < 1e-6 and abs(value) > 1e-6:
                raise Mismatch(f"{name} for {applicant}: the sign is flipped: (x - mean), not (mean - x)")
            if abs(float(got[name]) - value) >= 1e-6:
                raise Mismatch(f"{name} for {applicant}: expected {value:.4f}, got {float(got[name]):.4f} "
                               f"({_q6_why(weights, rows.loc[applicant], name, float(got[name]))})")


def _q6_why(weights: Mapping[str, Any], row: Any, name: str, got: float) -> str:
    """The likely slip behind a wrong contribution of feature ``name``: compared with two usual mistakes."""
    i = list(weights["features"]).index(name)
    coef, mean, scale = weights["coef"][i], weights["mean"][i], weights["scale"][i]
    x = float(row[name])
    if abs(got - coef * (x - mean)) < 1e-6:
        return "divide (x - mean) by the scale: the coefficients are per standard deviation"
    if abs(got - coef * (x - mean) * scale) < 1e-6:
        return "divide by the scale, do not multiply"
    return "coef * (x - mean) / scale, with the mean, scale and coef of that same feature"


@ex("q7", points=2, expects="a huggingface_hub ModelCard (or its text)",
    hints=("A card is YAML metadata between two '---' lines, then markdown; every section a reader needs is filled.",
           "ModelCardData(license=..., library_name=..., pipeline_tag=...).to_yaml() gives the metadata; "
           "ModelCard(text) parses the whole card; validate_card(card.content) lists what is still wrong.",
           "Say honestly where the training data came from: the lender's internal loan applications."))
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
    expect("internal" in text.lower() or "ledgerlight loan applications" in text.lower(),
           "say where the training data came from: the lender's internal loan applications (see the data card)")
    import re

    stated = re.findall(r"accuracy\D{0,30}?(0?\.\d+|\d{1,3}\s?%)", text.lower())
    for value in stated:
        number = float(value.rstrip("% ")) / (100 if "%" in value else 1)
        expect(abs(number - 0.71) < 0.005, f"the card states an accuracy of {value.strip()}: the evaluation the "
               "release reports (the shipped card) is 0.71; a card must not change a measured number")


@ex("q8", points=2, expects="an osai.capstone.ReleaseReview of your findings",
    hints=("Fill each field from the earlier sections; count pii over the whole sample with scan_frame.",
           "top_reasons: the two features with the largest positive contribution (q6), largest first."))
def _q8(answer: Any) -> None:
    from osai.capstone import ReleaseReview, linear_contributions, load_sample, load_weights, scan_frame
    from osai.cards import validate_card
    from osai.privacy import k_anonymity

    answer = as_instance(answer, ReleaseReview, "an osai.capstone.ReleaseReview")
    sample = load_sample()
    expect(answer.pii == scan_frame(sample, names=list(sample["full_name"])),
           "pii: count personal data in the whole sample (every column), with the full names as names")
    expect(answer.k_anonymity == k_anonymity(sample, QUASI), f"k_anonymity: on {QUASI}")
    codes = sorted({p.code for p in validate_card(_shipped() / "README.md")})
    expect(list(answer.card_problems) == codes, "card_problems: the codes of validate_card on the shipped README.md")
    expect(isinstance(answer.osaid_unmet, list) and all(isinstance(u, str) for u in answer.osaid_unmet),
           "osaid_unmet: a list of requirement names")
    expect(ex.matches({"osaid": answer.osaid_meets, "mof_class": answer.mof_class, "unmet": sorted(answer.osaid_unmet)},
                      "d92227d4801c91210085f31a764e6d254347206adb851faee25673dbc654cf35", qid="q2"),
           "osaid_meets, mof_class and osaid_unmet: take them from the tools' verdict after q2 (openness)")
    expect(list(answer.conflicts) != [], "conflicts: the reasons of q3's conflicts (the intended use conflicts)")
    contributions = linear_contributions(load_weights(), sample.set_index("applicant_id").loc[REVIEWED])
    top = [n for n, v in sorted(contributions.items(), key=lambda kv: -kv[1]) if v > 0][:2]
    expect(isinstance(answer.top_reasons, list) and answer.top_reasons == top,
           "top_reasons: the two features with the largest positive contribution (q6), largest first")


#: The recommendations a reviewer can defend for this release as it stands, and why "release" is not one.
DEFENSIBLE_DECISIONS = ("do not release", "fix before release")


@ex("q9", points=2, expects="'release', 'fix before release' or 'do not release'",
    hints=("Which findings harm someone if the release goes out as it is, and which only make it less useful?",
           "Look again at the shipped sample (q5, q8's pii and k) and at what the weights' license says of the "
           "intended use (q3)."))
def _q9(answer: Any) -> None:
    from osai.capstone import DECISIONS

    expect(isinstance(answer, str), f"expected one of {', '.join(repr(d) for d in DECISIONS)}, got {type(answer).__name__}")
    decision = " ".join(answer.strip().lower().split())
    expect(decision in DECISIONS, f"{answer!r} is not one of {', '.join(repr(d) for d in DECISIONS)}")
    expect(decision in DEFENSIBLE_DECISIONS, "as it stands it ships personal data in a 1-anonymous sample, for a "
           "use its weights' license forbids: it cannot go out unchanged")


def _check_mlbom(ml_bom: Any, facts: Mapping[str, Any], label: str) -> None:
    import json

    from osai.standards import mlbom_mismatches, mlbom_problems

    text = ml_bom(json.loads(json.dumps(facts)))
    expect(isinstance(text, str), f"ml_bom returns the JSON text (a str, from the library's outputter), got "
           f"{type(text).__name__}")
    problems = mlbom_problems(text)
    expect(not problems, f"{label}: {problems[0] if problems else ''}")
    expect(str(json.loads(text).get("$schema", "")).endswith("bom-1.6.schema.json"),
           "write the BOM with cyclonedx-python-lib and serialise it with JsonV1Dot6 (it names the schema)")
    mismatches = mlbom_mismatches(text, facts)
    expect(not mismatches, f"{label}: {mismatches[0] if mismatches else ''}")


@ex("q10", points=3, expects="a function ml_bom(facts) -> the ML-BOM as JSON text",
    hints=("A BOM lists components: the model is one (type machine-learning-model), each dataset another (type "
           "data); the model card, the licenses and the hash describe them.",
           "Component(type=ComponentType.MACHINE_LEARNING_MODEL, name=..., version=..., bom_ref='model', "
           "licenses=[LicenseFactory().make_from_string(...)], hashes=[HashType(alg=HashAlgorithm.SHA_256, "
           "content=...)]); bom.components.add(...); JsonV1Dot6(bom).output_as_string().",
           "This hint shows code for the model card: doc = json.loads(text); then for the model's dict c: "
           "c['modelCard'] = {'modelParameters': {'task': ..., 'architectureFamily': ..., 'datasets': "
           "[{'ref': r} for r in data_refs]}, 'quantitativeAnalysis': {'performanceMetrics': [{'type': k, "
           "'value': str(v)} ...]}, 'considerations': {'technicalLimitations': [...]}}; return json.dumps(doc)."))
def _q10(ml_bom: Any) -> None:
    from osai.capstone import read_front_matter
    from osai.standards import file_sha256

    ml_bom = as_function(ml_bom, "a function ml_bom(facts)")
    folder = _shipped()
    mine = {"name": "ledgerlight-credit-mini", "version": "1.0.0",
            "model_license": "LicenseRef-bigscience-openrail-m",
            "weights_sha256": file_sha256(folder / "model.safetensors"), "task": "classification",
            "architecture": "logistic regression", "metrics": {"accuracy": 0.71},
            "limitations": ["four numeric features only"],
            "datasets": read_front_matter(folder / "DATA_CARD.md")["training_datasets"]}
    _check_mlbom(ml_bom, mine, "this release")


@ex("q11", points=2, expects="{'file': the file you changed, 'problems': verify_folder(...)}",
    hints=("Change the bytes of one file of signed_copy (not of folder): the weights, the card, the license.",
           "After the change, run verify_folder(signed_copy, public_key, signature) again and keep its result.",
           "This hint shows code: p = signed_copy / 'LICENSE'; p.write_text(p.read_text() + 'Use freely.\\n'); "
           "tampering = {'file': 'LICENSE', 'problems': verify_folder(signed_copy, public_key, signature)}"))
def _q11(answer: Any) -> None:
    answer = as_mapping(answer, "a dict with keys 'file' and 'problems'")
    expect(set(answer) == {"file", "problems"}, "use exactly the keys 'file' and 'problems'")
    name, problems = answer["file"], answer["problems"]
    expect(isinstance(name, str) and name, "'file' is the name of the file you changed, e.g. 'model.safetensors'")
    original = _shipped() / name
    expect(original.is_file() and not name.endswith(".license"), f"{name!r} is not a file of the release")
    expect(isinstance(problems, list) and all(isinstance(p, str) for p in problems),
           "'problems' is what verify_folder returned: a list of strings")
    expect(problems, "verify_folder found nothing: run it again after your change (or did you change a file "
           "of folder, not of signed_copy? only signed_copy was signed)")
    expect(any(p.startswith(f"{name}:") for p in problems),
           f"verification names {', '.join(p.split(':')[0] for p in problems)}, not {name!r}: did you change the "
           "file you named?")


#: Which NIST AI RMF functions each finding can defensibly belong to, and why another one is not the place.
FINDING_FUNCTIONS = {
    "license_forbids_use": {"map", "govern"},
    "sample_leaks_personal_data": {"map", "measure", "manage"},
    "no_fairness_by_group": {"measure"},
    "card_claims_public_data": {"govern", "map", "measure"},
    "no_security_or_governance_files": {"govern"},
    "no_signature_or_bom": {"govern", "manage"},
    "release_decision": {"manage"},
}
_FUNCTION_WHY = {
    "license_forbids_use": "the intended use and the legal terms that bind it are context: MAP 1.1, or GOVERN 1.1 "
                           "(legal requirements understood)",
    "sample_leaks_personal_data": "this privacy risk is identified (MAP), examined (MEASURE 2.10) or treated "
                                  "(MANAGE); GOVERN sets policies",
    "no_fairness_by_group": "what is missing is the evaluation itself: MEASURE 2.11 (fairness and bias evaluated, "
                            "results documented)",
    "card_claims_public_data": "documentation and transparency are GOVERN's (policies, accountability), MAP's "
                               "(knowledge of the data) or MEASURE's (documented results), not a risk response",
    "no_security_or_governance_files": "policies, roles and a way to report problems are GOVERN (GOVERN 1, 2, 5)",
    "no_signature_or_bom": "supply-chain and third-party risks: GOVERN 6 (policies) or MANAGE 3 (controls applied)",
    "release_decision": "deciding whether deployment should proceed is MANAGE 1.1",
}


@ex("q12", points=2, expects="{finding: 'govern', 'map', 'measure' or 'manage'}",
    hints=("Read what each function is for in the printed table: GOVERN sets the rules, MAP knows the context, "
           "MEASURE evaluates, MANAGE acts on risks.",
           "Ask of each finding: was a rule missing, was the context not known, was something not measured, or "
           "was a known risk not acted on?"))
def _q12(answer: Any) -> None:
    answer = as_mapping(answer, "a dict finding -> NIST AI RMF function")
    missing = [f for f in FINDING_FUNCTIONS if f not in answer]
    expect(not missing, f"no function for {missing[0] if missing else ''}: map every finding of FINDINGS")
    extra = [f for f in answer if f not in FINDING_FUNCTIONS]
    expect(not extra, f"{extra[0] if extra else ''!r} is not one of the findings: use the keys of FINDINGS")
    for finding, allowed in FINDING_FUNCTIONS.items():
        got = str(answer[finding]).strip().lower()
        expect(got in ("govern", "map", "measure", "manage"),
               f"{finding}: {answer[finding]!r} is not a function of the AI RMF (govern, map, measure, manage)")
        expect(got in allowed, f"{finding}: not {got.upper()}: {_FUNCTION_WHY[finding]}")


def _fairness_inputs() -> tuple[Any, Any, Any]:
    """The release's model applied to Statlog German Credit: (truly good, approved, age band), as in the lab."""
    import numpy as np

    from osai.capstone import load_weights
    from osai.data import german_credit
    from osai.fairness import age_group

    weights, credit = load_weights(), german_credit()
    rows = {"duration_months": credit["duration_months"], "credit_amount_k": credit["credit_amount"] / 1000,
            "age_years": credit["age_years"], "existing_loans": credit["existing_credits"]}
    z = weights["intercept"] + sum(coef * (rows[f].to_numpy(dtype=float) - m) / s for f, m, s, coef in
                                   zip(weights["features"], weights["mean"], weights["scale"], weights["coef"]))
    return (credit["credit_risk"] == "good").to_numpy(), np.asarray(z < 0), age_group(credit["age_years"])


@ex("q13", points=2, expects="a fairlearn MetricFrame with approval_rate and accuracy by age band",
    hints=("A MetricFrame computes each metric once overall and once per group of sensitive_features.",
           "MetricFrame(metrics={'approval_rate': selection_rate, 'accuracy': accuracy_score}, y_true=..., "
           "y_pred=..., sensitive_features=...)",
           "This hint shows the code: MetricFrame(metrics={...}, y_true=truly_good, y_pred=approved, "
           "sensitive_features=age_band)"))
def _q13(frame: Any) -> None:
    from fairlearn.metrics import MetricFrame, selection_rate
    from sklearn.metrics import accuracy_score

    frame = as_instance(frame, MetricFrame, "a fairlearn.metrics.MetricFrame")
    by_group = frame.by_group
    expect(hasattr(by_group, "columns"), "pass metrics as a dict, e.g. {'approval_rate': selection_rate, ...}")
    for name in ("approval_rate", "accuracy"):
        expect(name in by_group.columns, f"no metric named {name!r}: name the metrics with those keys")
    groups = sorted(str(g) for g in by_group.index)
    expect(groups == ["25 and over", "under 25"], f"the groups are {groups}: use age_band as sensitive_features "
           "(not a model feature, not sex)")
    truly_good, approved, band = _fairness_inputs()
    want = MetricFrame(metrics={"approval_rate": selection_rate, "accuracy": accuracy_score}, y_true=truly_good,
                       y_pred=approved, sensitive_features=band).by_group
    got_rate = by_group["approval_rate"].astype(float)
    if abs(float(got_rate["under 25"]) + float(want["approval_rate"]["under 25"]) - 1) < 1e-9:
        raise Mismatch("approval_rate is the share declined: y_pred is approved (True = approved), not declined")
    expect(all(abs(float(got_rate[g]) - float(want["approval_rate"][g])) < 1e-9 for g in want.index),
           "approval_rate by group is not the share approved: y_pred=approved, and the metric selection_rate")
    expect(all(abs(float(by_group["accuracy"][g]) - float(want["accuracy"][g])) < 1e-9 for g in want.index),
           "accuracy by group is off: y_true=truly_good (what happened), y_pred=approved (what the model said)")


#: The criteria a reviewer can choose, and the thresholds that are defensible for each.
FAIRNESS_CRITERIA = {"approval_ratio": (0.7, 0.95), "approval_difference": (0.0, 0.1),
                     "accuracy_difference": (0.0, 0.1)}


@ex("q14", points=2, expects="{'criterion': ..., 'threshold': number, 'acceptable': True or False}",
    hints=("Choose what must be equal enough: the approval rates (as a ratio or a difference) or the accuracy.",
           "Compute your criterion from frame.by_group; acceptable is whether it meets your threshold."))
def _q14(answer: Any) -> None:
    from fairlearn.metrics import MetricFrame, selection_rate
    from sklearn.metrics import accuracy_score

    answer = as_mapping(answer, "a dict with keys 'criterion', 'threshold' and 'acceptable'")
    expect(set(answer) == {"criterion", "threshold", "acceptable"},
           "use exactly the keys 'criterion', 'threshold' and 'acceptable'")
    criterion = answer["criterion"]
    expect(criterion in FAIRNESS_CRITERIA, f"'criterion' is one of {', '.join(FAIRNESS_CRITERIA)}")
    threshold = answer["threshold"]
    expect(isinstance(threshold, (int, float)) and not isinstance(threshold, bool), "'threshold' is a number")
    low, high = FAIRNESS_CRITERIA[criterion]
    expect(low <= threshold <= high, f"a threshold of {threshold} for {criterion} is hard to defend: between "
           f"{low} and {high}" + (" (the four-fifths rule uses 0.8)" if criterion == "approval_ratio" else ""))
    expect(isinstance(answer["acceptable"], bool), "'acceptable' is True or False")
    truly_good, approved, band = _fairness_inputs()
    frame = MetricFrame(metrics={"approval_rate": selection_rate, "accuracy": accuracy_score}, y_true=truly_good,
                        y_pred=approved, sensitive_features=band)
    rates, accuracy = frame.by_group["approval_rate"], frame.by_group["accuracy"]
    value = {"approval_ratio": rates.min() / rates.max(), "approval_difference": rates.max() - rates.min(),
             "accuracy_difference": accuracy.max() - accuracy.min()}[criterion]
    meets = value >= threshold if criterion == "approval_ratio" else value <= threshold
    expect(answer["acceptable"] == bool(meets), f"by your own criterion the gap is {'' if meets else 'not '}"
           f"acceptable: {criterion} is {value:.3f}, your threshold {threshold}")

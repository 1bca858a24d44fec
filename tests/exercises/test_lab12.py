# SPDX-FileCopyrightText: 2026 The Open Source AI Lab Kit authors
# SPDX-License-Identifier: MIT
"""Lab 12, the capstone release review (``osai.exercises.lab12``): the solution's own answers pass,
plausible wrong answers fail with the message that names the misconception, and the student's own
recommendation is judged, not computed."""

from __future__ import annotations

import io
import sys
from contextlib import redirect_stdout
from pathlib import Path

import pytest

from osai.capstone import release_folder
from tests.exercises.conftest import own_pair_tests

LAB = "12"


def _solution_namespace():
    """Run the solution notebook's code cells (without check cells) and return their globals."""
    import nbformat

    root = Path(__file__).resolve().parents[2]
    nb = nbformat.read(root / "solutions" / "12_capstone_release_review.ipynb", as_version=4)
    ns: dict = {"get_ipython": lambda: None}
    import matplotlib

    matplotlib.use("Agg")
    with redirect_stdout(io.StringIO()):
        for cell in nb.cells:
            if cell.cell_type == "code" and "check" not in cell.metadata.get("tags", []):
                exec(compile(cell.source, "<cell>", "exec"), ns)  # noqa: S102 - our own notebook
    return ns


ANSWERS = {"q1": "corrected", "q2": "my_openness", "q3": "license_review", "q4": "my_categories", "q5": "privacy",
           "q6": "contribution", "q7": "fixed_card", "q8": "review", "q9": "my_decision", "q10": "ml_bom",
           "q11": "tampering", "q12": "my_mapping", "q13": "frame", "q14": "my_fairness"}


@pytest.fixture(scope="module")
def solution():
    return _solution_namespace()


def test_every_exercise_passes_with_the_solution(solution, status, solution_points):
    assert set(ANSWERS) | {"w1", "w2", "w3"} | own_pair_tests(sys.modules[__name__]) == set(solution_points(LAB)) | {"w1", "w2", "w3"}
    for qid, name in ANSWERS.items():
        assert status(LAB, qid, solution[name]) == "passed", qid


def test_plausible_wrong_answers_fail(solution, status):
    import copy
    import dataclasses

    from osai.openness import Release

    wrong = {
        "q1": Release("x", {k: v for k, v in solution["corrected"].components.items() if v and k != "data_card"}),
        "q2": {"osaid": False, "mof_class": 3},
        "q3": {**solution["license_review"], "conflicts": []},
        "q4": {k: "public" for k in solution["my_categories"]},
        "q5": {**solution["privacy"], "k": 2},
        "q6": lambda weights, row: {k: -v for k, v in solution["contribution"](weights, row).items()},
        "q7": (release_folder() / "README.md").read_text(),
        "q8": dataclasses.replace(copy.deepcopy(solution["review"]), pii={}),
        "q9": "release",
        "q10": lambda facts: solution["ml_bom"]({**facts, "datasets": facts["datasets"][:1]}),  # drops a dataset
        "q11": {**solution["tampering"], "problems": []},
        "q12": {**solution["my_mapping"], "no_fairness_by_group": "govern"},
        "q13": None,
        "q14": {**solution["my_fairness"], "acceptable": True},
    }
    for qid, value in wrong.items():
        assert status(LAB, qid, value) == "failed", qid


def test_judgement_messages_name_the_misconception(evaluate):
    assert "freedom to use the system for any purpose" in evaluate(LAB, "q2", {"osaid": True, "mof_class": None}).detail
    assert "technical report" in evaluate(LAB, "q2", {"osaid": False, "mof_class": 3}).detail
    both = {"Ledgerlight loan applications 2019-2024": "unshareable", "Statlog (German Credit Data)": "public"}
    assert "open, not only public" in evaluate(LAB, "q4", both).detail
    both["Ledgerlight loan applications 2019-2024"] = "obtainable"
    assert "not even for a fee" in evaluate(LAB, "q4", both).detail
    assert "cannot go out unchanged" in evaluate(LAB, "q9", "Release").detail


def test_every_defensible_recommendation_is_accepted(status):
    for decision in ("do not release", "fix before release", "  Fix before release "):
        assert status(LAB, "q9", decision) == "passed", decision
    assert status(LAB, "q9", "ship it") == "failed"


def test_q6_refuses_the_kit_and_runs_hidden_cases(solution, evaluate, check_cell_output):
    from osai.capstone import linear_contributions, load_weights

    assert "linear_contributions" in evaluate(LAB, "q6", lambda w, row: linear_contributions(w, row)).detail
    assert check_cell_output(LAB, "q6", contribution=solution["contribution"]) == "✅ q6 passed (3/3)\n"

    def release_only(weights, row):  # ignores the weights it is given: right on the release, wrong elsewhere
        return solution["contribution"](load_weights(), row)

    assert check_cell_output(LAB, "q6", contribution=release_only).splitlines()[1:] == [
        "❌ q6 failed: a hidden test did not pass (a row at the training means: KeyError raised)"]

    def flipped(weights, row):
        return {k: -v for k, v in solution["contribution"](weights, row).items()}

    assert "the sign is flipped" in evaluate(LAB, "q6", flipped).detail


def test_q7_wants_the_data_source_said(solution, evaluate):
    text = solution["fixed_card"].content.replace("internal ", "").replace("Ledgerlight Labs", "a lender")
    assert "internal loan applications" in evaluate(LAB, "q7", text).detail


def test_walkthrough_messages_name_the_slip(solution, evaluate):
    from osai.openness import Release

    components = dict(solution["corrected"].components)
    components["evaluation_results"] = "LicenseRef-bigscience-openrail-m"
    assert "evaluation_results is proved by README.md" in evaluate(LAB, "q1", Release("x", components)).detail

    def no_scale(weights, row):
        return {n: c * (float(row[n]) - m) for n, m, c in zip(weights["features"], weights["mean"], weights["coef"])}

    assert "divide (x - mean) by the scale" in evaluate(LAB, "q6", no_scale).detail
    card = solution["fixed_card"].content
    assert "0.71" in card
    assert "accuracy of 0.74" in evaluate(LAB, "q7", card.replace("0.71", "0.74")).detail


def test_q10_runs_hidden_releases_and_refuses_invented_licenses(solution, evaluate, check_cell_output):
    import json

    assert check_cell_output(LAB, "q10", ml_bom=solution["ml_bom"]) == "✅ q10 passed (3/3)\n"

    def release_only(facts):  # ignores the facts: right for this release, wrong for any other
        return solution["ml_bom"](solution["release_facts"])

    assert check_cell_output(LAB, "q10", ml_bom=release_only).splitlines()[1:] == [
        "❌ q10 failed: a hidden test did not pass (another release: three datasets, two metrics)"]

    def invents(facts):
        doc = json.loads(solution["ml_bom"](facts))
        for c in doc["components"]:
            if c["type"] == "data" and "licenses" not in c:
                c["licenses"] = [{"license": {"id": "CC-BY-4.0"}}]
        return json.dumps(doc)

    assert "never invent a license" in evaluate(LAB, "q10", invents).detail

    def no_card(facts):
        doc = json.loads(solution["ml_bom"](facts))
        for c in doc["components"]:
            c.pop("modelCard", None)
        return json.dumps(doc)

    assert "has no modelCard" in evaluate(LAB, "q10", no_card).detail


def test_q11_wants_the_file_verification_names(solution, evaluate):
    named_wrong = {**solution["tampering"], "file": "model.safetensors"}
    assert "not 'model.safetensors'" in evaluate(LAB, "q11", named_wrong).detail
    assert "run it again after your change" in evaluate(LAB, "q11", {**solution["tampering"], "problems": []}).detail


def test_q12_accepts_every_defensible_mapping(status, evaluate):
    from osai.exercises.lab12 import FINDING_FUNCTIONS

    for choice in ("map", "measure", "manage"):
        mapping = {f: sorted(allowed)[0] for f, allowed in FINDING_FUNCTIONS.items()}
        mapping["sample_leaks_personal_data"] = choice
        assert status(LAB, "q12", mapping) == "passed", choice
    mapping["sample_leaks_personal_data"] = "govern"
    assert "GOVERN sets policies" in evaluate(LAB, "q12", mapping).detail


def test_q13_q14_measure_by_age_band_and_judge_by_the_students_criterion(solution, status, evaluate):
    from fairlearn.metrics import MetricFrame, selection_rate
    from sklearn.metrics import accuracy_score

    metrics = {"approval_rate": selection_rate, "accuracy": accuracy_score}
    declined = MetricFrame(metrics=metrics, y_true=solution["truly_good"], y_pred=~solution["approved"],
                           sensitive_features=solution["age_band"])
    assert "share declined" in evaluate(LAB, "q13", declined).detail
    from osai.fairness import sex_of

    by_sex = MetricFrame(metrics=metrics, y_true=solution["truly_good"], y_pred=solution["approved"],
                         sensitive_features=sex_of(solution["credit"]["personal_status_sex"]))
    assert "use age_band" in evaluate(LAB, "q13", by_sex).detail
    for verdict in ({"criterion": "approval_ratio", "threshold": 0.8, "acceptable": True},
                    {"criterion": "accuracy_difference", "threshold": 0.06, "acceptable": True},
                    {"criterion": "accuracy_difference", "threshold": 0.05, "acceptable": False},
                    {"criterion": "approval_difference", "threshold": 0.05, "acceptable": True}):
        assert status(LAB, "q14", verdict) == "passed", verdict
    assert "hard to defend" in evaluate(LAB, "q14", {"criterion": "approval_ratio", "threshold": 0.5,
                                                      "acceptable": True}).detail
    contradicts = evaluate(LAB, "q14", {"criterion": "approval_ratio", "threshold": 0.8, "acceptable": False}).detail
    assert "by your own criterion the gap is acceptable: approval_ratio is 0.990" in contradicts


def test_q3_checks_the_bill_of_materials_itself(solution, evaluate):
    five = {**solution["license_review"], "files": [f for f in solution["license_review"]["files"] if f != "config.json"]}
    assert "misses config.json" in evaluate(LAB, "q3", five).detail
    seven = {**solution["license_review"], "files": sorted(solution["license_review"]["files"] + ["training_sample.csv"])}
    assert "training_sample.csv is not under a license" in evaluate(LAB, "q3", seven).detail


def test_q5_needs_the_names(solution, evaluate):
    from osai.capstone import load_sample, scan_frame
    from osai.privacy import k_anonymity

    sample = load_sample()
    without = {"note_pii": scan_frame(sample, columns=["officer_note"]),
               "k": k_anonymity(sample, ["postcode", "sex", "age_years"])}
    assert "pass the applicants' full names" in evaluate(LAB, "q5", without).detail


def test_the_lab_reviews_and_signs_copies_never_the_kits_folder(solution):
    from osai.data import data_path

    shipped = data_path("capstone_release")
    before = {p.name: p.read_bytes() for p in shipped.iterdir()}
    folder = solution["folder"]
    assert not folder.resolve().is_relative_to(shipped.resolve().parent)  # what the lab hands out is a copy
    (folder / "LICENSE").write_text("anything goes", encoding="utf-8")  # a student writes through it
    assert {p.name: p.read_bytes() for p in shipped.iterdir()} == before
    assert (release_folder() / "LICENSE").read_bytes() == before["LICENSE"]
    assert not solution["signed_copy"].exists()  # the signed copy lived in a temporary folder, now removed


def test_q8_review_keeps_each_card_problem_code_once(solution, status):
    import copy

    assert solution["review"].card_problems == ["empty-section", "model-index"]
    twice = copy.deepcopy(solution["review"])
    twice.card_problems = ["empty-section", "empty-section", "model-index"]  # set after construction
    assert status(LAB, "q8", twice) == "failed"

# SPDX-FileCopyrightText: 2026 The Open Source AI Lab Kit authors
# SPDX-License-Identifier: MIT
"""Lab 08, Documentation and governance (``osai.exercises.lab08``): cards (q1-q5), then project health (q6-q8)."""

from __future__ import annotations

from osai.cards import broken_card, dataset_card, model_card, validate_card
from tests.test_cards import META, SECTIONS  # the complete model card the card tests build on

LAB = "08"
TAG = "SPDX-License-" + "Identifier"  # split so that REUSE does not read these test strings as this file's header


# ---- cards ---------------------------------------------------------------------------------------

def test_q1_minilm_missing(status):
    assert status(LAB, "q1", {"limitations", "evaluation", "bias and fairness"}) == "passed"
    assert status(LAB, "q1", {"limitations", "evaluation"}) == "failed"
    assert status(LAB, "q1", {"limitations", "evaluation", "bias and fairness", "intended use"}) == "failed"
    assert status(LAB, "q1", ["Limitations", "evaluation", "bias and fairness"]) == "passed"


def test_q2_hub_license_id(status, evaluate):
    assert status(LAB, "q2", "cc-by-4.0") == "passed"
    result = evaluate(LAB, "q2", "CC-BY-4.0")
    assert result.status == "failed" and "SPDX" in result.detail
    assert status(LAB, "q2", "cc-by-sa-4.0") == "failed"


def test_q3_fixed_card(status):
    card = broken_card()
    assert len(validate_card(card)) == 3
    fixed = (card.replace("license: llama-3.1", "license: llama3.1")
             .replace("    - type: accuracy\n", "    - type: accuracy\n      value: 0.91\n")
             .replace("<!-- Write the limitations here. -->", "Synthetic data only."))
    assert status(LAB, "q3", fixed) == "passed"
    assert status(LAB, "q3", card) == "failed"
    assert status(LAB, "q3", fixed.replace("license: llama3.1", "license: llama3")) == "failed"  # valid id, wrong license
    assert status(LAB, "q3", fixed.replace("    - type: accuracy\n      value: 0.91\n", "")) == "failed"


def _credit_card(bias="Accuracy by age: <= 25: 0.62; > 25: 0.76.", accuracy=0.727, **extra):
    from huggingface_hub import EvalResult

    meta = {**META, "model_name": "m", "eval_results": [EvalResult(
        task_type="tabular-classification", dataset_type="g", dataset_name="Statlog German Credit",
        metric_type="accuracy", metric_value=accuracy)], **extra}
    return model_card(meta, {**SECTIONS, "Bias and fairness": bias}, "Credit")


def test_q4_credit_model_card(status):
    assert status(LAB, "q4", _credit_card()) == "passed"
    assert status(LAB, "q4", _credit_card(bias="We did not look.")) == "failed"
    assert status(LAB, "q4", _credit_card(accuracy=7.0)) == "failed"
    assert status(LAB, "q4", model_card(META, SECTIONS, "No evaluation results")) == "failed"
    assert status(LAB, "q4", _credit_card(library_name="pytorch")) == "failed"


def test_q5_dataset_card(status, evaluate):
    sections = {"Uses": "Teaching.", "Dataset Structure": "1000 rows.", "Dataset Creation": "Hofmann (1994).",
                "Bias, Risks, and Limitations": "Holds sex mixed with marital status and foreign worker."}
    meta = {"license": "cc-by-4.0", "pretty_name": "German Credit", "task_categories": ["tabular-classification"]}
    assert status(LAB, "q5", dataset_card(meta, sections, "German Credit")) == "passed"
    assert status(LAB, "q5", dataset_card({**meta, "license": "mit"}, sections, "German Credit")) == "failed"
    assert status(LAB, "q5", dataset_card(meta, {**sections, "Dataset Creation": "Unknown."}, "G")) == "failed"
    assert status(LAB, "q5", model_card(META, SECTIONS, "not a dataset card")) == "failed"
    silent = {**sections, "Bias, Risks, and Limitations": "Old data from 1994."}
    assert "sensitive attributes" in evaluate(LAB, "q5", dataset_card(meta, silent, "German Credit")).detail


# ---- project health ------------------------------------------------------------------------------

def test_q6_growing_failing(status, tmp_path):
    from osai.governance import materialize_sample, score_repository

    want = set(score_repository(materialize_sample("growing", tmp_path)).failing())
    assert status(LAB, "q6", want) == "passed"
    assert status(LAB, "q6", sorted(want)) == "passed"
    assert status(LAB, "q6", want - {"Changelog"}) == "failed"
    assert status(LAB, "q6", want | {"License"}) == "failed"
    assert status(LAB, "q6", {"NotACheck"}) == "failed"


def add_files(project):
    (project / "LICENSE").write_text(TAG + ": MIT\nMIT License\n")
    (project / "SECURITY.md").write_text("Report a vulnerability to security@x.example. We answer within 7 days "
                                         "and agree a disclosure date.\n")


def test_q7_add_missing_files(status, evaluate):
    assert status(LAB, "q7", add_files) == "passed"

    def only_license(project):
        (project / "LICENSE").write_text(TAG + ": MIT\n")
    assert status(LAB, "q7", only_license) == "failed"

    def deletes(project):
        add_files(project)
        (project / "README.md").unlink()
    assert "do not delete" in evaluate(LAB, "q7", deletes).detail

    def raises(project):
        raise NotImplementedError
    assert status(LAB, "q7", raises) == "not_attempted"


def test_q8_release_plan(status):
    plan = {"code": "open", "weights": "open", "german_credit": "open", "customer_records": "closed",
            "data_information": "open"}
    assert status(LAB, "q8", plan) == "passed"
    assert status(LAB, "q8", {**plan, "customer_records": "gated"}) == "passed"
    assert status(LAB, "q8", {**plan, "customer_records": "open"}) == "failed"
    assert status(LAB, "q8", {**plan, "weights": "gated"}) == "failed"
    assert status(LAB, "q8", {**plan, "german_credit": "closed"}) == "failed"
    assert status(LAB, "q8", {**plan, "code": "public"}) == "failed"
    assert status(LAB, "q8", {k: v for k, v in plan.items() if k != "code"}) == "failed"


def test_lab_notebooks_made_before_the_move_still_import_the_broken_card():
    from osai.exercises.lab08 import BROKEN_CARD

    assert BROKEN_CARD == broken_card()


def test_q7_hidden_cases(check_cell_output):
    from pathlib import Path

    def any_folder(project):
        add_files(Path(project))

    assert check_cell_output(LAB, "q7", add_missing_files=any_folder) == "✅ q7 passed (3/3)\n"
    assert check_cell_output(LAB, "q7", add_missing_files=add_files).splitlines()[1:] == [  # project / "x" on a str
        "❌ q7 failed: a hidden test did not pass (a project folder given as a string: TypeError raised)"]

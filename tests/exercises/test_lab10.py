# SPDX-FileCopyrightText: 2026 The Open Source AI Lab Kit authors
# SPDX-License-Identifier: MIT
"""Lab 10, Documentation and governance (``osai.exercises.lab10``): cards (q1-q4), then project health (q5, q6) and governance (q7)."""

from __future__ import annotations

from osai.cards import broken_card, dataset_card, model_card, validate_card
from tests.test_cards import META, SECTIONS  # the complete model card the card tests build on

LAB = "10"
TAG = "SPDX-License-" + "Identifier"  # split so that REUSE does not read these test strings as this file's header


# ---- cards ---------------------------------------------------------------------------------------

def test_q1_minilm_missing(status, evaluate):
    assert status(LAB, "q1", {"limitations", "evaluation", "bias and fairness"}) == "passed"
    assert status(LAB, "q1", ["Limitations", "evaluation", "bias and fairness"]) == "passed"
    # "Training procedure" may or may not be read as the training-data section: both are accepted
    assert status(LAB, "q1", {"limitations", "evaluation", "bias and fairness", "training data"}) == "passed"
    assert "no heading on bias and fairness" in evaluate(LAB, "q1", {"limitations", "evaluation"}).detail
    assert "'Intended uses'" in evaluate(LAB, "q1", {"limitations", "evaluation", "bias and fairness",
                                                     "intended use"}).detail
    assert status(LAB, "q1", {"ethics"}) == "failed"


def test_q2_fixed_card(status, evaluate):
    card = broken_card()
    assert len(validate_card(card)) == 3
    fixed = (card.replace("license: llama-3.1", "license: llama3.1")
             .replace("    - type: accuracy\n", "    - type: accuracy\n      value: 0.91\n")
             .replace("<!-- Write the limitations here. -->", "Synthetic data only."))
    assert status(LAB, "q2", fixed) == "passed"
    assert status(LAB, "q2", card) == "failed"
    assert status(LAB, "q2", fixed.replace("license: llama3.1", "license: llama3")) == "failed"  # valid id, wrong license
    assert status(LAB, "q2", fixed.replace("    - type: accuracy\n      value: 0.91\n", "")) == "failed"
    assert "0.91" in evaluate(LAB, "q2", fixed.replace("value: 0.91", "value: 91")).detail
    for placeholder in ("TODO", "TBD.", "n/a"):
        assert "placeholder" in evaluate(LAB, "q2", fixed.replace("Synthetic data only.", placeholder)).detail


def _write_card(bias="{groups}", evaluation="Accuracy {accuracy} at p(bad) >= 0.5.",
                intended="Teaching. Out of scope: real lending decisions.", **extra):
    from huggingface_hub import EvalResult, ModelCard, ModelCardData

    def write_card(accuracy, group_accuracy):
        meta = {**META, "model_name": "m", "eval_results": [EvalResult(
            task_type="tabular-classification", dataset_type="g", dataset_name="Statlog German Credit",
            metric_type="accuracy", metric_value=accuracy)], **extra}
        groups = "; ".join(f"{g}: {v}" for g, v in group_accuracy.items())
        sections = {**SECTIONS, "Intended use": intended, "Evaluation": evaluation.format(accuracy=accuracy),
                    "Bias and fairness": "Accuracy by group: " + bias.format(groups=groups)}
        body = "# Credit\n\n" + "".join(f"## {h}\n\n{t}\n\n" for h, t in sections.items())
        return ModelCard(f"---\n{ModelCardData(**meta).to_yaml()}\n---\n\n{body}")
    return write_card


def test_q3_credit_model_card(status, evaluate):
    assert status(LAB, "q3", _write_card()) == "passed"
    assert "'age <= 25'" in evaluate(LAB, "q3", _write_card(bias="we did not look")).detail
    assert "threshold" in evaluate(LAB, "q3", _write_card(evaluation="Accuracy {accuracy}.")).detail
    assert status(LAB, "q3", _write_card(library_name="pytorch")) == "failed"
    assert "must not be used for" in evaluate(LAB, "q3", _write_card(intended="Teaching.")).detail
    assert status(LAB, "q3", _write_card(intended="Teaching; never for decisions about real people.")) == "passed"
    assert status(LAB, "q3", lambda accuracy, groups: model_card(META, SECTIONS, "No evaluation")) == "failed"


def test_q3_refuses_the_kit_and_has_hidden_cases(evaluate, check_cell_output):
    from huggingface_hub import EvalResult

    from osai.exercises.lab10 import _credit_numbers

    def through_the_kit(accuracy, group_accuracy):
        meta = {**META, "model_name": "m", "eval_results": [EvalResult(
            task_type="tabular-classification", dataset_type="g", dataset_name="Statlog German Credit",
            metric_type="accuracy", metric_value=accuracy)]}
        groups = "; ".join(f"{g}: {v}" for g, v in group_accuracy.items())
        return model_card(meta, {**SECTIONS, "Intended use": "Not for lending.", "Evaluation": f"Accuracy {accuracy} at 0.5.",
                                 "Bias and fairness": groups}, "Credit")

    assert "model_card" in evaluate(LAB, "q3", through_the_kit).detail
    accuracy, groups = _credit_numbers()
    right = _write_card()
    hard_coded = lambda a, g: right(accuracy, groups)  # noqa: E731 - ignores its arguments
    assert check_cell_output(LAB, "q3", write_card=right) == "✅ q3 passed (4/4)\n"
    assert check_cell_output(LAB, "q3", write_card=hard_coded).splitlines()[1:] == [
        "❌ q3 failed: a hidden test did not pass (another accuracy and other groups)"]


def test_q4_dataset_card(status, evaluate):
    sections = {"Uses": "Teaching.", "Dataset Structure": "1000 rows.", "Dataset Creation": "Hofmann (1994).",
                "Bias, Risks, and Limitations": "Holds sex mixed with marital status and foreign worker."}
    meta = {"license": "cc-by-4.0", "pretty_name": "German Credit", "task_categories": ["tabular-classification"]}
    assert status(LAB, "q4", dataset_card(meta, sections, "German Credit")) == "passed"
    assert status(LAB, "q4", dataset_card({**meta, "license": "mit"}, sections, "German Credit")) == "failed"
    assert "Hub license ids are lowercase" in evaluate(LAB, "q4", dataset_card({**meta, "license": "CC-BY-4.0"}, sections, "G")).detail
    assert status(LAB, "q4", dataset_card(meta, {**sections, "Dataset Creation": "Unknown."}, "G")) == "failed"
    assert status(LAB, "q4", model_card(META, SECTIONS, "not a dataset card")) == "failed"
    silent = {**sections, "Bias, Risks, and Limitations": "Old data from 1994."}
    assert "sensitive attributes" in evaluate(LAB, "q4", dataset_card(meta, silent, "German Credit")).detail
    age = {**sections, "Bias, Risks, and Limitations": "Holds the age of each applicant."}
    assert status(LAB, "q4", dataset_card(meta, age, "German Credit")) == "passed"  # age is protected too


# ---- project health ------------------------------------------------------------------------------

def test_q5_growing_failing(status, evaluate, tmp_path):
    from osai.governance import materialize_sample, score_repository

    want = set(score_repository(materialize_sample("growing", tmp_path)).failing())
    assert status(LAB, "q5", want) == "passed"
    assert status(LAB, "q5", sorted(want)) == "passed"
    # a thin contributing guide and tests without CI may be called either way
    assert status(LAB, "q5", want - {"Contributing", "CI-Tests"}) == "passed"
    assert "no CHANGELOG" in evaluate(LAB, "q5", want - {"Changelog"}).detail
    assert "git log" in evaluate(LAB, "q5", want - {"Signed-Off-Commits"}).detail
    assert "BSD-3-Clause" in evaluate(LAB, "q5", want | {"License"}).detail
    assert status(LAB, "q5", {"NotACheck"}) == "failed"


def test_q7_who_decides(status, evaluate):
    right = {"pytorch": "a maintainer team", "cpython": "an elected council", "llama": "one company",
             "tinysent": "a maintainer team"}
    assert status(LAB, "q7", right) == "passed"
    assert status(LAB, "q7", {**right, "pytorch": "a single maintainer"}) == "passed"
    assert "trademark" in evaluate(LAB, "q7", {**right, "pytorch": "a foundation"}).detail
    assert "GOVERNANCE.md" in evaluate(LAB, "q7", {**right, "tinysent": "a single maintainer"}).detail
    assert status(LAB, "q7", {**right, "llama": "meta"}) == "failed"
    assert status(LAB, "q7", {k: v for k, v in right.items() if k != "llama"}) == "failed"


MIT_TEXT = """MIT License

Copyright (c) {year} {holder}

Permission is hereby granted, free of charge, to any person obtaining a copy
of this software and associated documentation files (the "Software"), to deal
in the Software without restriction, including without limitation the rights
to use, copy, modify, merge, publish, distribute, sublicense, and/or sell
copies of the Software, and to permit persons to whom the Software is
furnished to do so, subject to the following conditions:

The above copyright notice and this permission notice shall be included in all
copies or substantial portions of the Software.

THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR
IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY,
FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE
AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER
LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM,
OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE
SOFTWARE.
"""


def add_files(project):
    (project / "LICENSE").write_text(TAG + ": MIT\nMIT License\n")
    (project / "SECURITY.md").write_text("Report a vulnerability to security@x.example. We answer within 7 days "
                                         "and agree a disclosure date.\n")


def test_q6_add_missing_files(status, evaluate):
    assert status(LAB, "q6", add_files) == "passed"

    def only_license(project):
        (project / "LICENSE").write_text(TAG + ": MIT\n")
    assert status(LAB, "q6", only_license) == "failed"

    def deletes(project):
        add_files(project)
        (project / "README.md").unlink()
    assert "do not delete" in evaluate(LAB, "q6", deletes).detail

    def unfilled(project):
        add_files(project)
        (project / "LICENSE").write_text(MIT_TEXT)
    assert "{holder}, {year}" in evaluate(LAB, "q6", unfilled).detail

    def raises(project):
        raise NotImplementedError
    assert status(LAB, "q6", raises) == "not_attempted"


def test_lab_notebooks_made_before_the_move_still_import_the_broken_card():
    from osai.exercises.lab10 import BROKEN_CARD

    assert BROKEN_CARD == broken_card()


def test_q6_hidden_cases(check_cell_output):
    from pathlib import Path

    def any_folder(project):
        add_files(Path(project))

    assert check_cell_output(LAB, "q6", add_missing_files=any_folder) == "✅ q6 passed (2/2)\n"
    assert check_cell_output(LAB, "q6", add_missing_files=add_files).splitlines()[1:] == [  # project / "x" on a str
        "❌ q6 failed: a hidden test did not pass (a project folder given as a string: TypeError raised)"]

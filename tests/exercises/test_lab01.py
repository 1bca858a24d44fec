# SPDX-FileCopyrightText: 2026 The Open Source AI Lab Kit authors
# SPDX-License-Identifier: MIT
"""Lab 01, What makes AI open (``osai.exercises.lab01``)."""

from __future__ import annotations

import re

import pytest

from osai import openness as O
from osai.data import minilm_path

LAB = "01"
RESTRICTS = {"a": "use", "b": "study", "c": "share", "d": "use", "e": "use"}
VERDICTS = {"Heron-1B": True, "Kestrel-7B": False, "Lark-3B": False, "Wren-2B": True}
CLASSES = {"Heron-1B": 2, "Kestrel-7B": None, "Lark-3B": 3, "Wren-2B": None}
_TOKENIZER = {"tokenizer.json", "tokenizer_config.json", "vocab.txt", "vocab.json", "merges.txt",
              "special_tokens_map.json", "spiece.model", "tokenizer.model"}


def _component_for(path):
    if "/" in path:
        return None
    if path == "config.json":
        return "model_architecture"
    if path.endswith(".safetensors") or re.fullmatch(r"pytorch_model.*\.bin", path):
        return "model_parameters_final"
    if path == "README.md":
        return "model_card"
    if path in _TOKENIZER:
        return "supporting_libraries_and_tools"
    if path in {"data_config.json", "training_args.json"}:
        return "model_metadata"
    if re.fullmatch(r"train\w*\.py", path):
        return "training_code"
    return None


@pytest.fixture(scope="module")
def answers():
    from huggingface_hub import ModelCard

    minilm = O.inspect_release(minilm_path())
    fixed = O.Release("fixed", {**minilm.components, "technical_report": "CC-BY-4.0",
                                **dict.fromkeys(("data_preprocessing_code", "training_code", "evaluation_code",
                                                 "inference_code"), "MIT")})
    right = {
        "q1": RESTRICTS,
        "q2": ModelCard.load(minilm_path() / "README.md").data.to_dict(),
        "q3": _component_for,
        "q4": {"code", "data information"},
        "q5": fixed,
        "q6": VERDICTS,
        "q7": CLASSES,
    }
    wrong = {
        "q1": {**RESTRICTS, "a": "share"},
        "q2": {"license": "apache-2.0"},
        "q3": lambda name: {"config.json": "model_architecture", "model.safetensors": "model_parameters_final",
                            "README.md": "model_card"}.get(name),
        "q4": {"code"},
        "q5": O.Release("too big", {k: "Apache-2.0" for k in O.COMPONENTS}),
        "q6": {**VERDICTS, "Kestrel-7B": True},
        "q7": {**CLASSES, "Lark-3B": None},
    }
    return right, wrong


@pytest.mark.answer_table
def test_right_passes_and_wrong_fails(qid, answers, right_passes_and_wrong_fails):
    right, wrong = answers
    right_passes_and_wrong_fails(LAB, qid, right[qid], wrong[qid])


def test_q1_accepts_every_defensible_freedom_and_asks_without_telling(evaluate):
    assert evaluate(LAB, "q1", {**RESTRICTS, "b": "modify", "c": "modify", "d": "modify", "e": "share"}).status == "passed"
    detail = evaluate(LAB, "q1", {**RESTRICTS, "b": "use"}).detail
    assert detail.startswith("1 of 5 clauses to rethink; first, clause b: nothing is forbidden here")
    assert "'distribute' is not one of the four freedoms" in evaluate(LAB, "q1", {**RESTRICTS, "c": "distribute"}).detail
    assert "no freedom yet for e" in evaluate(LAB, "q1", {k: v for k, v in RESTRICTS.items() if k != "e"}).detail


def test_q2_names_the_likely_mistakes(evaluate):
    from huggingface_hub import ModelCard

    card = ModelCard.load(minilm_path() / "README.md")
    assert "call .to_dict()" in evaluate(LAB, "q2", card.data).detail
    assert "that is text" in evaluate(LAB, "q2", card.content).detail
    assert "also has datasets" in evaluate(LAB, "q2", {k: v for k, v in card.data.to_dict().items()
                                                         if k != "datasets"}).detail


def test_q3_names_the_rule_a_file_breaks(evaluate):
    def no_shards(path):
        return None if path.startswith("model-0") else _component_for(path)

    def ignores_folders(path):
        return _component_for(path.split("/")[-1])

    assert "also when split into several files" in evaluate(LAB, "q3", no_shards).detail
    assert "should not be 'model_architecture': a path inside a subfolder" in evaluate(
        LAB, "q3", ignores_folders).detail

    def only_names(path):  # no folder rule, every .bin is weights, every train* is training code
        if path == "config.json":
            return "model_architecture"
        if path.endswith((".safetensors", ".bin")):
            return "model_parameters_final"
        if path.startswith("train"):
            return "training_code"
        return _component_for(path)

    def only_bin_rule(path):
        return None if path == "training_args.bin" else only_names(path)

    assert "a path inside a subfolder" in evaluate(LAB, "q3", only_names).detail
    assert "only pytorch_model*.bin files are weights" in evaluate(LAB, "q3", lambda p: only_names(p.split("/")[-1])
                                                                   if "/" not in p else None).detail
    assert "ends with .py" in evaluate(LAB, "q3", lambda p: None if "/" in p else only_bin_rule(p)).detail


def test_q5_names_a_dropped_component(evaluate):
    release = O.Release("fixed", {"training_code": "Apache-2.0", "data_card": "CC-BY-4.0"})
    assert "is missing (start from dict(minilm.components))" in evaluate(LAB, "q5", release).detail


def test_q4_names_each_misconception(evaluate):
    assert "model.safetensors is in the folder" in evaluate(LAB, "q4", {"code", "data information", "parameters"}).detail
    assert "Apache-2.0 grants them" in evaluate(LAB, "q4", {"code", "data information", "four freedoms"}).detail
    assert "a complete description of the training data" in evaluate(LAB, "q4", {"code"}).detail
    assert "'weights' is not a requirement name" in evaluate(LAB, "q4", {"weights"}).detail


def test_q6_accepts_both_verdicts_on_the_open_question_and_q7_is_strict(evaluate):
    assert evaluate(LAB, "q6", {**VERDICTS, "Wren-2B": False}).status == "passed"
    assert evaluate(LAB, "q6", {**VERDICTS, "Kestrel-7B": True}).detail.startswith(
        "1 verdict to rethink: Kestrel-7B: read the license of its weights: does it let you use them for any purpose")
    assert "Class III does not need training code" in evaluate(LAB, "q7", {**CLASSES, "Lark-3B": None}).detail
    assert "not a Roman numeral" in evaluate(LAB, "q7", {**CLASSES, "Heron-1B": "II"}).detail
    assert "'Robin' is not one of the four releases" in evaluate(LAB, "q7", {**CLASSES, "Robin": 3}).detail
    assert evaluate(LAB, "q7", {k.lower(): v for k, v in CLASSES.items()}).status == "passed"


def test_review_cases_are_what_the_exercises_say():
    from osai.openness_cases import review_cases

    cases = review_cases()
    assert {n: O.assess_osaid(r).meets for n, r in cases.items()} == VERDICTS
    assert {n: O.mof_class(r) for n, r in cases.items()} == CLASSES


def test_q3_hidden_cases_and_refusal(check_cell_output, evaluate):
    def markdown_is_the_card(name):
        return "model_card" if name.endswith(".md") else _component_for(name)

    assert check_cell_output(LAB, "q3", component_for=_component_for) == "✅ q3 passed (2/2)\n"
    assert check_cell_output(LAB, "q3", component_for=markdown_is_the_card).splitlines()[1:] == [
        "❌ q3 failed: a hidden test did not pass (another markdown file)"]

    def via_the_kit(path):
        O.inspect_release(minilm_path())
        return _component_for(path)

    assert "inspect_release" in evaluate(LAB, "q3", via_the_kit).detail

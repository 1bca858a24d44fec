# SPDX-FileCopyrightText: 2026 The Open Source AI Lab Kit authors
# SPDX-License-Identifier: MIT
"""Lab 01, What makes AI open (``osai.exercises.lab01``)."""

from __future__ import annotations

import pytest

from osai import openness as O
from osai.data import minilm_path

LAB = "01"


def _component_for(name):
    return {"config.json": "model_architecture", "model.safetensors": "model_parameters_final",
            "pytorch_model.bin": "model_parameters_final", "README.md": "model_card",
            "vocab.txt": "supporting_libraries_and_tools", "tokenizer.json": "supporting_libraries_and_tools",
            "data_config.json": "model_metadata", "train_script.py": "training_code"}.get(name)


def _highest(release):
    reached = None
    for cls in (3, 2, 1):
        if O.missing_for(release, cls):
            break
        reached = cls
    return reached


@pytest.fixture(scope="module")
def answers():
    minilm = O.inspect_release(minilm_path())
    verdict = O.assess_osaid(minilm)
    releases = O.known_releases()
    fixed = O.Release("fixed", {**minilm.components, "technical_report": "CC-BY-4.0",
                                **dict.fromkeys(("data_preprocessing_code", "training_code", "evaluation_code",
                                                 "inference_code"), "MIT")})
    right = {
        "q1": ["Use", "Study", "Modify", "Share"],
        "q2": len(minilm.metadata["datasets"]),
        "q3": _component_for,
        "q4": {k for k, ok in verdict.requirements.items() if not ok},
        "q5": fixed,
        "q6": _highest,
        "q7": sorted(n for n, r in releases.items()
                     if O.license_fit("model_parameters_final", r.components["model_parameters_final"]) != "not open"
                     and not O.assess_osaid(r).meets),
    }
    wrong = {
        "q1": {"use", "study", "modify", "distribute"},
        "q2": 32,
        "q3": lambda name: "model_card" if name == "README.md" else "model_architecture",
        "q4": {"code"},
        "q5": O.Release("too big", {k: "Apache-2.0" for k in O.COMPONENTS}),
        "q6": lambda release: _highest(release) or 3,
        "q7": ["Grok-1"],
    }
    return right, wrong


@pytest.mark.answer_table
def test_right_passes_and_wrong_fails(qid, answers, right_passes_and_wrong_fails):
    right, wrong = answers
    right_passes_and_wrong_fails(LAB, qid, right[qid], wrong[qid])


def test_misconceptions_are_named(evaluate):
    assert "32 is the number of rows" in evaluate(LAB, "q2", 32).detail
    assert "exactly four freedoms; you gave 3" in evaluate(LAB, "q1", ["use", "study", "share"]).detail


def test_function_exercises_have_hidden_cases(check_cell_output):
    def markdown_is_the_card(name):
        return "model_card" if name.endswith(".md") else _component_for(name)

    assert check_cell_output(LAB, "q3", component_for=_component_for) == "✅ q3 passed (2/2)\n"
    assert check_cell_output(LAB, "q3", component_for=markdown_is_the_card).splitlines()[1:] == [
        "❌ q3 failed: a hidden test did not pass (another markdown file)"]

    def no_paper_no_class_1(release):  # forgets that a technical report stands in for the paper
        reached = _highest(release)
        return 2 if reached == 1 and release.components["research_paper"] is None else reached

    assert check_cell_output(LAB, "q6", highest_class=_highest) == "✅ q6 passed (2/2)\n"
    assert check_cell_output(LAB, "q6", highest_class=no_paper_no_class_1).splitlines()[1:] == [
        "❌ q6 failed: a hidden test did not pass (a technical report standing in for the research paper)"]


def test_q6_refuses_the_kits_mof_class(evaluate):
    def highest_class(release):
        return O.mof_class(release)

    detail = evaluate(LAB, "q6", highest_class).detail
    assert detail.startswith("your highest_class calls osai's mof_class; this exercise asks you to write it yourself")

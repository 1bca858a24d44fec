# SPDX-FileCopyrightText: 2026 The Open Source AI Lab Kit authors
# SPDX-License-Identifier: MIT
"""Lab 06, Open generative models (``osai.exercises.lab06``)."""

from __future__ import annotations

import copy

import numpy as np
import pytest

from osai import generative as G
from osai.checks import load_lab
from osai.exercises.lab06 import CANARY_SECRETS, PLANT_SEED, STEPS

LAB = "06"


def _cosine(query, documents, k):
    query, documents = np.asarray(query, dtype=float), np.asarray(documents, dtype=float)
    scores = documents @ query / (np.linalg.norm(documents, axis=1) * np.linalg.norm(query))
    return [int(i) for i in np.argsort(-scores, kind="stable")[:k]]


def _dot(query, documents, k):
    scores = np.asarray(documents, dtype=float) @ np.asarray(query, dtype=float)
    return [int(i) for i in np.argsort(-scores, kind="stable")[:k]]


def _worst_first(query, documents, k):
    return _cosine(query, documents, len(documents))[::-1][:k]


def _delegating(query, documents, k):
    return G.top_k(query, documents, k)


@pytest.fixture(scope="module")
def lora():
    from peft import LoraConfig, get_peft_model

    base = G.train_char_lm(G.training_text()[:1000], steps=5)

    def wrap(**options):
        return get_peft_model(copy.deepcopy(base), LoraConfig(**options))

    return wrap


@pytest.fixture(scope="module")
def answers(lora):
    canaries = [G.Canary(secret, repeats) for secret, repeats in CANARY_SECRETS]
    planted = G.plant_canaries(G.training_text(), canaries, seed=PLANT_SEED)
    dedup = G.exposure(G.train_char_lm(G.deduplicate(planted), steps=STEPS), canaries[-1])
    right = {"q1": {16}, "q2": dedup, "q3": lora(r=4, lora_alpha=8, target_modules=["hidden", "out"]),
             "q4": _cosine, "q5": "c", "q6": {"c", "d"}}
    wrong = {"q1": {1, 4, 16}, "q2": 13.287712, "q3": lora(r=8, target_modules=["hidden", "out"]),
             "q4": _dot, "q5": "a", "q6": {"a", "b", "c", "d"}}
    return right, wrong


@pytest.mark.parametrize("qid", sorted(load_lab(LAB).exercises))
def test_right_passes_and_wrong_fails(qid, answers, right_passes_and_wrong_fails):
    right, wrong = answers
    right_passes_and_wrong_fails(LAB, qid, right[qid], wrong[qid])


def test_points_match_the_solution_and_the_title(solution_points):
    lab = load_lab(LAB)
    assert solution_points(LAB) == {qid: e.points for qid, e in lab.exercises.items()}
    assert sum(solution_points(LAB).values()) == 12  # the title: 15 points, 12 checked and 3 written


@pytest.mark.parametrize("answer", [{16}, {4, 16}, [16, 4]])
def test_every_defensible_prediction_passes_q1(answer, status):
    assert status(LAB, "q1", answer) == "passed"


@pytest.mark.parametrize("answer", ["b", "c", " B ", ["c"]])
def test_staged_and_gated_release_plans_both_pass_q5(answer, status):
    assert status(LAB, "q5", answer) == "passed"


def test_the_messages_name_the_misconception(evaluate, lora):
    assert "dot product" in evaluate(LAB, "q4", _dot).detail
    assert "top_k" in evaluate(LAB, "q4", _delegating).detail
    assert "argsort sorts from low to high" in evaluate(LAB, "q4", _worst_first).detail
    assert "one plan" in evaluate(LAB, "q5", "b, c").detail
    assert "not words" in evaluate(LAB, "q5", "staged").detail
    assert "before deduplication" in evaluate(LAB, "q2", 13.287712).detail
    assert "'hidden' and 'out'" in evaluate(LAB, "q3", lora(r=4, target_modules=["hidden"])).detail
    assert "get_peft_model" in evaluate(LAB, "q3", G.CharLM(G.ALPHABET)).detail
    assert "16 times" in evaluate(LAB, "q1", {1}).detail
    assert "Article 53(2)" in evaluate(LAB, "q6", {"a", "b", "c", "d"}).detail
    assert "the two obligations Article 53(2) lifts" in evaluate(LAB, "q6", {"a", "b"}).detail
    assert "75 lines" in evaluate(LAB, "q1", {1, 16}).detail
    assert "not words" not in evaluate(LAB, "q5", "e").detail


def test_q3_names_a_base_model_wrapped_in_place(evaluate, monkeypatch):
    """get_peft_model(base, ...) changes the notebook's base itself: the check says so instead of passing."""
    import IPython
    from peft import LoraConfig, get_peft_model

    base = G.train_char_lm(G.training_text()[:500], steps=2)
    wrapped = get_peft_model(base, LoraConfig(r=4, lora_alpha=8, target_modules=["hidden", "out"]))
    monkeypatch.setattr(IPython, "get_ipython", lambda: type("Shell", (), {"user_ns": {"base": base}})())
    assert "changed base itself" in evaluate(LAB, "q3", wrapped).detail
    copied = get_peft_model(copy.deepcopy(G.train_char_lm(G.training_text()[:500], steps=2)),
                            LoraConfig(r=4, lora_alpha=8, target_modules=["hidden", "out"]))
    assert evaluate(LAB, "q3", copied).status == "passed"


def test_a_retrieval_that_imports_the_kit_module_is_refused_too(evaluate):
    namespace = {"G": G}
    exec("def retrieve(q, d, k):\n    return G.top_k(q, d, k)\n", namespace)
    assert "top_k" in evaluate(LAB, "q4", namespace["retrieve"]).detail


def test_q4_has_hidden_cases_that_a_retrieval_for_arrays_only_fails(check_cell_output):
    def retrieve(query, documents, k):  # right on numpy arrays, as the visible check gives them
        scores = documents @ query / (np.linalg.norm(documents, axis=1) * np.linalg.norm(query))
        return [int(i) for i in np.argsort(-scores, kind="stable")[:k]]

    def for_lists_too(query, documents, k):
        return retrieve(np.asarray(query, dtype=float), np.asarray(documents, dtype=float), k)

    assert check_cell_output(LAB, "q4", retrieve=for_lists_too) == "✅ q4 passed (3/3)\n"
    assert check_cell_output(LAB, "q4", retrieve=retrieve).splitlines()[1:] == [
        "❌ q4 failed: a hidden test did not pass (documents given as nested lists: TypeError raised)"]

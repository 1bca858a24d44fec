# SPDX-FileCopyrightText: 2026 The Open Source AI Lab Kit authors
# SPDX-License-Identifier: MIT
"""Lab 05, Scale and the black box (``osai.exercises.lab05``)."""

from __future__ import annotations

import pytest

import osai  # noqa: F401 - offline switches before transformers is imported
from osai import blackbox, scaling

LAB = "05"


def _bert(c):
    """BertModel's parameter count written out, as a student would (count_parameters is refused by q1)."""
    h, i, layers = c.hidden_size, c.intermediate_size, c.num_hidden_layers
    embeddings = (c.vocab_size + c.max_position_embeddings + c.type_vocab_size) * h + 2 * h
    return embeddings + layers * (4 * (h * h + h) + (h * i + i) + (i * h + h) + 4 * h) + h * h + h


def _fit(x, y):
    """The log-log fit written out (fit_power_law is refused by q5)."""
    import numpy as np

    slope, intercept = np.polyfit(np.log(np.asarray(x, dtype=float)), np.log(np.asarray(y, dtype=float)), 1)
    return float(np.exp(intercept)), float(slope)


def test_q1_function_counting_bert(status):
    def right(c):
        return _bert(c)

    assert status(LAB, "q1", right) == "passed"
    assert status(LAB, "q1", lambda c: right(c) - (c.hidden_size**2 + c.hidden_size)) == "failed"  # forgot the pooler

    def no_biases(c):
        h, i, layers = c.hidden_size, c.intermediate_size, c.num_hidden_layers
        return right(c) - layers * (4 * h + i + h)

    assert status(LAB, "q1", no_biases) == "failed"
    assert status(LAB, "q1", lambda c: float(right(c)) + 0.5) == "failed"

    def todo(c):
        raise NotImplementedError

    assert status(LAB, "q1", todo) == "not_attempted"


def test_q1_names_the_missing_pooler(evaluate):
    detail = evaluate(LAB, "q1", lambda c: _bert(c) - (c.hidden_size**2 + c.hidden_size)).detail
    assert "BertModel ends with a pooler" in detail


def test_q2_card_claims_accept_every_defensible_verdict(status, evaluate):
    right = {"bert-base": "consistent", "bert-large": "consistent", "fin-mini": "inconsistent"}
    assert status(LAB, "q2", right) == "passed"
    assert status(LAB, "q2", {**right, "bert-large": "Inconsistent "}) == "passed"  # 1.4% off: a strict reviewer may say so
    assert "which part of the model" in evaluate(LAB, "q2", {**right, "fin-mini": "consistent"}).detail
    assert "in percent" in evaluate(LAB, "q2", {**right, "bert-base": "inconsistent"}).detail
    assert "a verdict is" in evaluate(LAB, "q2", {**right, "fin-mini": "wrong"}).detail
    assert "one verdict for each" in evaluate(LAB, "q2", {"bert-base": "consistent"}).detail


def test_q3_chinchilla_flops(status, evaluate):
    assert status(LAB, "q3", 6 * 70e9 * 1.4e12) == "passed"
    assert "forward pass only" in evaluate(LAB, "q3", 2 * 70e9 * 1.4e12).detail
    assert status(LAB, "q3", 6 * 70e9 * 300e9) == "failed"
    assert "got str" in evaluate(LAB, "q3", "6e21").detail


def test_q4_compute_optimal_by_search(status, evaluate):
    best = scaling.compute_optimal(1e21)
    assert status(LAB, "q4", best.n_params) == "passed"
    assert status(LAB, "q4", best.n_params * 1.03) == "passed"  # a grid search lands near, not exactly on, the optimum
    assert status(LAB, "q4", (1e21 / (6 * 20)) ** 0.5) == "failed"  # the 20-tokens-per-parameter rule is a different answer
    assert status(LAB, "q4", best.n_tokens) == "failed"
    assert status(LAB, "q4", best.n_params * 2) == "failed"
    assert "replication" in evaluate(LAB, "q4", scaling.compute_optimal(1e21, "besiroglu2024").n_params).detail
    assert "the 6 of" in evaluate(LAB, "q4", scaling.compute_optimal(6e21).n_params).detail  # searched with D = C / N


def test_q5_compute_plan_is_a_judgement(status, evaluate):
    for key in sorted(scaling.published_fits()):  # either fit's optimum is a defensible plan, and so is 20 tokens/param
        n = scaling.compute_optimal(1e21, key).n_params
        assert status(LAB, "q5", {"n_params": n, "n_tokens": 1e21 / (6 * n)}) == "passed"
    n = (1e21 / 120) ** 0.5
    assert status(LAB, "q5", {"n_params": n, "n_tokens": 20 * n}) == "passed"
    assert "not the budget" in evaluate(LAB, "q5", {"n_params": 2e9, "n_tokens": 1e12}).detail
    assert "well below" in evaluate(LAB, "q5", {"n_params": 1e8, "n_tokens": 1e21 / 6e8}).detail
    assert "well above" in evaluate(LAB, "q5", {"n_params": 7e10, "n_tokens": 1e21 / 4.2e11}).detail
    assert status(LAB, "q5", {"n_params": 2e9}) == "failed"


def test_q6_function_fitting_a_power_law(status):
    def good(x, y):
        return _fit(x, y)

    def sign_flipped(x, y):
        a, b = good(x, y)
        return a, -b

    def log10_prefactor(x, y):
        import numpy as np

        slope, intercept = np.polyfit(np.log10(x), np.log10(y), 1)
        return intercept, slope

    assert status(LAB, "q6", good) == "passed"
    assert status(LAB, "q6", sign_flipped) == "failed"
    assert status(LAB, "q6", log10_prefactor) == "failed"


@pytest.fixture(scope="module")
def minilm():
    from osai.data import load_minilm

    tokenizer, model = load_minilm()
    model.set_attn_implementation("eager")
    return tokenizer, model


def test_q7_the_transformers_call_and_q8_attended_word(status, evaluate, minilm):
    import torch

    from osai.scaling import SENTENCE

    tokenizer, model = minilm
    encoded = tokenizer(SENTENCE, return_tensors="pt")
    with torch.no_grad():
        out = model(**encoded, output_attentions=True, output_hidden_states=True)
        no_attentions = model(**encoded, output_hidden_states=True)
        other = model(**tokenizer("The loan was risky.", return_tensors="pt"), output_attentions=True,
                      output_hidden_states=True)
    assert status(LAB, "q7", out) == "passed"
    assert "output_attentions=True" in evaluate(LAB, "q7", no_attentions).detail
    assert "tokenize SENTENCE" in evaluate(LAB, "q7", other).detail
    assert "the tokenizer's output" in evaluate(LAB, "q7", encoded).detail
    assert "that is a tuple" in evaluate(LAB, "q7", out.attentions).detail
    assert "osai's internals" in evaluate(LAB, "q7", blackbox.internals(model, tokenizer, SENTENCE)).detail
    tokens = tokenizer.convert_ids_to_tokens(encoded["input_ids"][0])
    row = out.attentions[4][0].mean(dim=0)[tokens.index("it")]
    ranked = [tokens[j] for j in row.argsort(descending=True).tolist() if tokens[j] not in ("[CLS]", "[SEP]")]
    assert status(LAB, "q8", ranked[0]) == "passed"
    assert status(LAB, "q8", ranked[1]) == "failed"
    assert status(LAB, "q8", "[CLS]") == "failed"
    sixth = out.attentions[5][0].mean(dim=0)[tokens.index("it")]
    off_by_one = next(tokens[j] for j in sixth.argsort(descending=True).tolist() if tokens[j] not in ("[CLS]", "[SEP]"))
    if off_by_one != ranked[0]:
        assert "index 5" in evaluate(LAB, "q8", off_by_one).detail


def test_walkthrough_mistakes_get_their_own_message(evaluate):
    import numpy as np

    assert "powers of ten" in evaluate(LAB, "q3", 6 * 70e9 * 1.4e9).detail
    assert "not a model size" in evaluate(LAB, "q4", 2.33).detail
    assert "swapped" in evaluate(LAB, "q6", lambda x, y: _fit(x, y)[::-1]).detail

    def in_place(represent, tokens, target):
        base, scores = np.asarray(represent(tokens), dtype=float), []
        for j in range(len(tokens)):
            masked = tokens  # the same list, changed in place
            if j != target:
                masked[j] = "[MASK]"
            v = np.asarray(represent(masked), dtype=float)
            scores.append(0.0 if j == target else float(1 - v @ base / (np.linalg.norm(v) * np.linalg.norm(base))))
        return scores

    assert "changed the tokens list" in evaluate(LAB, "q9", in_place).detail
    assert evaluate(LAB, "q10", {"a", "d", "f", "e"}).detail.startswith("e: ")
    assert evaluate(LAB, "q10", {"a", "d", "f", "g"}).detail.startswith("g: ")


def test_chinchilla_loss_says_it_takes_one_number():
    import numpy as np

    with pytest.raises(ValueError, match="one positive number, got 3 values"):
        scaling.chinchilla_loss(np.geomspace(1e8, 1e9, 3), 1e10)
    assert scaling.chinchilla_loss(np.float64(1e9), 1e10) == scaling.chinchilla_loss(1e9, 1e10)


def _occlusion(represent, tokens, target):
    import numpy as np

    tokens = list(tokens)
    base = np.asarray(represent(tokens), dtype=float)
    out = []
    for j in range(len(tokens)):
        if j == target:
            out.append(0.0)
            continue
        moved = np.asarray(represent(tokens[:j] + ["[MASK]"] + tokens[j + 1:]), dtype=float)
        out.append(float(1 - base @ moved / (np.linalg.norm(base) * np.linalg.norm(moved))))
    return out


def test_q9_occlusion_names_each_misconception(status, evaluate):
    assert status(LAB, "q9", _occlusion) == "passed"

    def removed(represent, tokens, target):
        return _occlusion(lambda t: represent([x for x in t if x != "[MASK]"]), tokens, target)

    def similarity(represent, tokens, target):
        return [0.0 if j == target else 1 - v for j, v in enumerate(_occlusion(represent, tokens, target))]

    def target_too(represent, tokens, target):
        return [v + (1.0 if j == target else 0.0) for j, v in enumerate(_occlusion(represent, tokens, target))]

    def dot_product(represent, tokens, target):
        import numpy as np

        base = np.asarray(represent(list(tokens)), dtype=float)
        return [0.0 if j == target else float(base @ np.asarray(represent(list(tokens[:j]) + ["[MASK]"] + list(tokens[j + 1:]))))
                for j in range(len(tokens))]

    assert "removed, not masked" in evaluate(LAB, "q9", removed).detail
    assert "cosine similarity" in evaluate(LAB, "q9", similarity).detail
    assert "target token itself" in evaluate(LAB, "q9", target_too).detail
    assert "expected [" in evaluate(LAB, "q9", dot_product).detail
    assert "occlusion itself" in evaluate(LAB, "q9", blackbox.occlusion).detail


def test_q10_what_only_open_weights_allow(status, evaluate):
    right = {"a", "d", "f"}  # attention/hidden states, local fine-tuning, offline use
    assert status(LAB, "q10", right) == "passed"
    assert status(LAB, "q10", right | {"h"}) == "passed"  # occlusion of an inner vector needs the weights
    assert status(LAB, "q10", sorted(right)) == "passed"
    assert "config.json alone" in evaluate(LAB, "q10", right | {"c"}).detail  # the count needs the configuration only
    assert status(LAB, "q10", set("abdefgh")) == "failed"
    assert status(LAB, "q10", right | {"e"}) == "failed"
    assert status(LAB, "q10", set()) == "failed"


def test_lab_notebooks_made_before_the_move_still_import_the_sentence():
    from osai.exercises.lab05 import SENTENCE

    assert SENTENCE == scaling.SENTENCE


def test_function_exercises_have_hidden_cases_and_refuse_the_kit(check_cell_output, evaluate):
    def at_least_one_layer(c):
        h, i, layers = c.hidden_size, c.intermediate_size, max(c.num_hidden_layers, 1)
        embeddings = (c.vocab_size + c.max_position_embeddings + c.type_vocab_size) * h + 2 * h
        return embeddings + layers * (4 * (h * h + h) + (h * i + i) + (i * h + h) + 4 * h) + h * h + h

    assert check_cell_output(LAB, "q1", bert_parameters=_bert) == "✅ q1 passed (3/3)\n"
    assert check_cell_output(LAB, "q1", bert_parameters=at_least_one_layer).splitlines()[1:] == [
        "❌ q1 failed: a hidden test did not pass (a model with no layers)"]
    assert "calls osai's count_parameters" in evaluate(LAB, "q1", lambda c: scaling.count_parameters(c)).detail

    def arrays_become_lists(x, y):  # fine on lists, as the check gives, but x + [] fails on arrays
        return _fit(x + [], y + [])

    assert check_cell_output(LAB, "q6", fit=_fit) == "✅ q6 passed (2/2)\n"
    assert check_cell_output(LAB, "q6", fit=arrays_become_lists).splitlines()[1:] == [
        "❌ q6 failed: a hidden test did not pass (NumPy arrays: ValueError raised)"]

    def fit(x, y):
        law = scaling.fit_power_law(x, y)
        return law.prefactor, law.exponent

    assert evaluate(LAB, "q6", fit).detail.startswith("your fit calls osai's fit_power_law")

    def list_only(represent, tokens, target):  # tokens[:j] + [...] fails on a tuple
        return _occlusion(represent, tokens, target) if isinstance(tokens, list) else tokens[:0] + ["[MASK]"]

    assert check_cell_output(LAB, "q9", occlusion=_occlusion) == "✅ q9 passed (3/3)\n"
    assert check_cell_output(LAB, "q9", occlusion=list_only).splitlines()[1:] == [
        "❌ q9 failed: a hidden test did not pass (tokens given as a tuple: TypeError raised)"]

# SPDX-FileCopyrightText: 2026 The Open Source AI Lab Kit authors
# SPDX-License-Identifier: MIT
"""Lab 05, Scale and the black box (``osai.exercises.lab05``)."""

from __future__ import annotations

import osai  # noqa: F401 - offline switches before transformers is imported
from osai import scaling

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


def test_q2_embedding_share(status):
    from transformers import AutoConfig

    from osai.data import minilm_path

    parts = scaling.parameter_breakdown(AutoConfig.from_pretrained(minilm_path(), local_files_only=True))
    share = parts["embeddings"] / sum(parts.values())
    assert status(LAB, "q2", share) == "passed"
    assert status(LAB, "q2", round(share, 3)) == "passed"
    assert status(LAB, "q2", parts["embeddings"]) == "failed"
    assert status(LAB, "q2", 1 - share) == "failed"


def test_q3_chinchilla_flops(status, evaluate):
    assert status(LAB, "q3", 6 * 70e9 * 1.4e12) == "passed"
    assert "forward pass only" in evaluate(LAB, "q3", 2 * 70e9 * 1.4e12).detail
    assert status(LAB, "q3", 6 * 70e9 * 300e9) == "failed"
    assert "got str" in evaluate(LAB, "q3", "6e21").detail


def test_q4_compute_optimal_by_search(status):
    best = scaling.compute_optimal(1e21)
    assert status(LAB, "q4", best.n_params) == "passed"
    assert status(LAB, "q4", best.n_params * 1.03) == "passed"  # a grid search lands near, not exactly on, the optimum
    assert status(LAB, "q4", (1e21 / (6 * 20)) ** 0.5) == "failed"  # the 20-tokens-per-parameter rule is a different answer
    assert status(LAB, "q4", best.n_tokens) == "failed"
    assert status(LAB, "q4", best.n_params * 2) == "failed"


def test_q5_function_fitting_a_power_law(status):
    def good(x, y):
        return _fit(x, y)

    def sign_flipped(x, y):
        a, b = good(x, y)
        return a, -b

    def log10_prefactor(x, y):
        import numpy as np

        slope, intercept = np.polyfit(np.log10(x), np.log10(y), 1)
        return intercept, slope

    assert status(LAB, "q5", good) == "passed"
    assert status(LAB, "q5", sign_flipped) == "failed"
    assert status(LAB, "q5", log10_prefactor) == "failed"


def test_q6_attention_shape_and_q7_attended_word(status):
    import torch

    from osai.data import load_minilm
    from osai.scaling import SENTENCE

    tokenizer, model = load_minilm()
    model.set_attn_implementation("eager")
    encoded = tokenizer(SENTENCE, return_tensors="pt")
    with torch.no_grad():
        out = model(**encoded, output_attentions=True)
    tokens = tokenizer.convert_ids_to_tokens(encoded["input_ids"][0])
    shape = (len(out.attentions), *out.attentions[0].shape[1:])
    assert status(LAB, "q6", tuple(int(v) for v in shape)) == "passed"
    assert status(LAB, "q6", (len(tokens), 12, len(tokens), 6)) == "failed"
    assert status(LAB, "q6", (shape[0] + 1, *shape[1:])) == "failed"
    row = out.attentions[4][0].mean(dim=0)[tokens.index("it")]
    ranked = [tokens[j] for j in row.argsort(descending=True).tolist() if tokens[j] not in ("[CLS]", "[SEP]")]
    assert status(LAB, "q7", ranked[0]) == "passed"
    assert status(LAB, "q7", ranked[1]) == "failed"
    assert status(LAB, "q7", "[CLS]") == "failed"


def test_q8_what_only_open_weights_allow(status):
    right = {"a", "c", "d", "f"}  # attention/hidden states, exact count, local fine-tuning, offline use
    assert status(LAB, "q8", right) == "passed"
    assert status(LAB, "q8", sorted(right)) == "passed"
    assert status(LAB, "q8", set("abcdefg")) == "failed"
    assert status(LAB, "q8", right | {"e"}) == "failed"
    assert status(LAB, "q8", set()) == "failed"


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

    assert check_cell_output(LAB, "q5", fit=_fit) == "✅ q5 passed (2/2)\n"
    assert check_cell_output(LAB, "q5", fit=arrays_become_lists).splitlines()[1:] == [
        "❌ q5 failed: a hidden test did not pass (NumPy arrays: ValueError raised)"]

    def fit(x, y):
        law = scaling.fit_power_law(x, y)
        return law.prefactor, law.exponent

    assert evaluate(LAB, "q5", fit).detail.startswith("your fit calls osai's fit_power_law")

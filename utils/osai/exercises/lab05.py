# SPDX-FileCopyrightText: 2026 The Open Source AI Lab Kit authors
# SPDX-License-Identifier: MIT
"""Exercises of Lab 05, Scale and the black box. Answers are recomputed with osai.scaling or stored as salted fingerprints."""

from __future__ import annotations

from typing import Any

from osai.checks import Exercises, Mismatch, as_function, as_instance, as_int, as_number, expect

ex = Exercises("05")


def _bert_configs() -> list[Any]:
    from transformers import AutoConfig, BertConfig

    from osai.data import minilm_path

    minilm = AutoConfig.from_pretrained(minilm_path(), local_files_only=True)
    return [
        minilm,
        BertConfig(vocab_size=1000, hidden_size=64, num_hidden_layers=3, num_attention_heads=4,
                   intermediate_size=100, max_position_embeddings=128, type_vocab_size=2),
        BertConfig(vocab_size=77, hidden_size=16, num_hidden_layers=1, num_attention_heads=2,
                   intermediate_size=48, max_position_embeddings=33, type_vocab_size=1),
    ]


@ex("q1", points=3, expects="a function bert_parameters(config) returning a whole number",
    refuses=('osai.scaling.count_parameters', 'osai.scaling.parameter_breakdown'),
    hints=("Go part by part: three embedding tables, then per layer four hidden×hidden projections, two LayerNorms and a two-layer MLP, then the pooler.",
           "A Linear layer from n_in to n_out has n_in*n_out weights plus n_out biases; a LayerNorm of width h has 2*h.",
           "Embeddings: (vocab_size + max_position_embeddings + type_vocab_size) * hidden_size, plus one LayerNorm."))
def _q1(bert_parameters: Any) -> None:
    from osai.scaling import count_parameters

    bert_parameters = as_function(bert_parameters, "a function bert_parameters(config)")
    for config in _bert_configs():
        got = as_int(bert_parameters(config), "a whole number of parameters")
        want = count_parameters(config)
        h = config.hidden_size
        if got == want - (h * h + h):
            raise Mismatch("short by exactly one dense layer of size hidden×hidden plus bias: BertModel ends with a pooler")
        if got < want and (want - got) % h == 0 and want - got <= (4 * config.num_hidden_layers + 6) * h + config.intermediate_size * config.num_hidden_layers:
            raise Mismatch(f"{want - got:,} too few: count every bias and both LayerNorm vectors (weight and bias)")
        expect(got == want, f"for a config with hidden_size={h}, num_hidden_layers={config.num_hidden_layers}, "
                            f"vocab_size={config.vocab_size}: got {got:,}, which is {'more' if got > want else 'fewer'} "
                            "than the model has")


@ex("q2", points=1, expects="a share between 0 and 1",
    hints=("parameter_breakdown(config) returns a dict of parts.",
           "Divide the 'embeddings' part by the sum of all parts."))
def _q2(answer: Any) -> None:
    from transformers import AutoConfig

    from osai.data import minilm_path
    from osai.scaling import parameter_breakdown

    value = as_number(answer, "a share between 0 and 1")
    expect(0 <= value <= 1, "a share is between 0 and 1: divide the embedding parameters by the total")
    parts = parameter_breakdown(AutoConfig.from_pretrained(minilm_path(), local_files_only=True))
    want = parts["embeddings"] / sum(parts.values())
    expect(abs(value - (1 - want)) > 1e-3, "that is the share of everything except the embeddings")
    expect(abs(value - want) < 1e-3, "not the share of MiniLM's parameters that sit in its three embedding tables")


@ex("q3", points=1, expects="a number of floating-point operations",
    hints=("training_flops(n_params, n_tokens) or just multiply.", "70 billion is 70e9; 1.4 trillion is 1.4e12."))
def _q3(answer: Any) -> None:
    from osai.scaling import training_flops

    value = as_number(answer, "a number of floating-point operations")
    want = training_flops(70e9, 1.4e12)
    expect(value > 0, "compute is a positive number of operations")
    expect(abs(value / want - 1 / 3) > 0.01, "that is the forward pass only (2·N·D); training also runs the backward pass")
    expect(abs(value / want - 1) < 0.01, "not 6 × parameters × tokens for Chinchilla (70 billion parameters, 1.4 trillion tokens)")


@ex("q4", points=2, expects="a number of parameters",
    hints=("For each candidate N on a grid, the budget fixes D = C / (6 * N).",
           "Compute chinchilla_loss(N, D) for each N and keep the N with the lowest loss.",
           "numpy.geomspace(1e8, 1e11, 2001) gives a fine enough grid."))
def _q4(answer: Any) -> None:
    from osai.scaling import compute_optimal

    value = as_number(answer, "a number of parameters")
    best = compute_optimal(1e21)
    expect(value > 0, "a model size is a positive number of parameters")
    expect(abs(value / best.n_tokens - 1) > 0.05, "that is the number of training tokens; the exercise asks for the model size N")
    expect(abs(value / best.n_params - 1) < 0.05,
           "not within 5% of the size that minimises the published loss at 1e21 FLOPs (search N, with D = C / (6 N))")


@ex("q5", points=2, expects="a function fit(x, y) returning a pair (a, b)",
    refuses=('osai.scaling.fit_power_law',),
    hints=("Take logarithms: log y = log a + b log x is a straight line.",
           "numpy.polyfit(log_x, log_y, 1) returns (slope, intercept).",
           "b is the slope; a is exp(intercept) when you used natural logarithms."))
def _q5(fit: Any) -> None:
    import numpy as np

    from osai.scaling import fit_power_law

    fit = as_function(fit, "a function fit(x, y) returning (a, b)")
    rng = np.random.default_rng(5)
    cases = [([1, 10, 100, 1000], [8.0, 4.0, 2.0, 1.0])]
    x = np.geomspace(1e3, 1e6, 7)
    cases.append((list(x), list(3.2 * x**-0.076 * np.exp(rng.normal(0, 0.01, x.size)))))
    cases.append((list(x), list(0.5 * x**0.3)))
    for xs, ys in cases:
        got = fit(xs, ys)
        expect(isinstance(got, (tuple, list)) and len(got) == 2, "expected a pair (a, b) for y = a * x**b")
        a, b = float(got[0]), float(got[1])
        want = fit_power_law(xs, ys)
        expect(abs(b + want.exponent) > 1e-6 or abs(want.exponent) < 1e-9,
               "the sign of b is flipped: with y = a * x**b a falling curve has a negative b")
        expect(abs(b - want.exponent) < 1e-4, "the exponent b should be the slope of log y against log x")
        expect(abs(a / want.prefactor - 1) < 1e-3,
               "the exponent is right but the prefactor is not: a = exp(intercept) when you fit natural logarithms")


@ex("q6", points=1, expects="a tuple of four whole numbers",
    hints=("outputs.attentions is a tuple with one tensor per layer; each has shape (batch, heads, tokens, tokens).",
           "Count layers with len(...), then take the last three numbers of one tensor's shape."))
def _q6(answer: Any) -> None:
    answer = as_instance(answer, (tuple, list), "a tuple of four whole numbers")
    expect(len(answer) == 4, "expected four numbers: (layers, heads, tokens, tokens)")
    expect(all(isinstance(v, int) and not isinstance(v, bool) for v in answer), "expected four whole numbers")
    expect(ex.matches(tuple(answer), "a2b47b3661d0927c4751e3f1c5ce33753de339a42f13518e468fd855d5464c51"),
           "not the shape (layers, heads, tokens, tokens) of the stacked attentions for the sentence")


@ex("q7", points=2, expects="a word (a string)",
    hints=("Layer 5 is index 4 in outputs.attentions (Python counts from 0).",
           "Average over the heads (dimension 0 of that layer's [0] tensor), take the row of 'it', and skip [CLS] and [SEP]."))
def _q7(answer: Any) -> None:
    answer = as_instance(answer, str, "a word (a string)")
    expect(answer.strip().lower() not in {"[cls]", "[sep]"}, "leave out [CLS] and [SEP], as the exercise says")
    expect(ex.matches(answer, "ec6d891db629686ca96734ede62bb182217e1cf38756bd22a4a015a23a33025a"),
           "not the word that 'it' attends to most in that layer (mean over its 12 heads)")


@ex("q8", points=2, expects="a set of letters",
    hints=("An API gives you outputs for inputs you send; the weights give you every number inside.",
           "Weights alone say nothing certain about training data or about bias: those need data information and tests."))
def _q8(answer: Any) -> None:
    answer = as_instance(answer, (set, frozenset, list, tuple), "a set of letters such as {'a', 'b'}")
    letters = {str(v).strip().lower() for v in answer}
    expect(letters <= set("abcdefg"), "use only the letters a to g")
    expect(len(letters) > 0, "at least one of the statements needs the weights")
    expect(ex.matches(letters, "7335938892aee0a52a111da6f564d0f2da9bf13d1688a82d30709b1d2bb4f050"),
           f"{len(letters)} letter(s) chosen, not the right set: for each, ask whether an API that only returns outputs would be enough")


def __getattr__(name: str) -> Any:
    """``SENTENCE`` moved to content; lab notebooks handed out before the move still import it from here."""
    if name == "SENTENCE":
        from osai.scaling import SENTENCE

        return SENTENCE
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

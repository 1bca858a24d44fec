# SPDX-FileCopyrightText: 2026 The Open Source AI Lab Kit authors
# SPDX-License-Identifier: MIT
"""Exercises of Lab 05, Scale and the black box. Answers are recomputed with osai.scaling and osai.blackbox or stored as salted fingerprints."""

from __future__ import annotations

from typing import Any

from osai.checks import Exercises, Mismatch, as_function, as_instance, as_int, as_mapping, as_number, expect

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
    refuses=('osai.scaling.count_parameters', 'osai.scaling.parameter_breakdown'), compared=True,
    hints=("Go part by part: three embedding tables, then per layer four hidden×hidden projections, two LayerNorms and a two-layer MLP, then the pooler.",
           "A Linear layer from n_in to n_out has n_in*n_out weights plus n_out biases; a LayerNorm of width h has 2*h.",
           "Code for the first part: embeddings = (vocab_size + max_position_embeddings + type_vocab_size) * hidden_size "
           "+ 2 * hidden_size (this hint shows code)."))
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


_CLAIMS = ("bert-base", "bert-large", "fin-mini")
_VERDICTS = ("consistent", "inconsistent")


@ex("q2", points=2, expects="a dict from each claim to 'consistent' or 'inconsistent'",
    hints=("A card's claim is consistent when it matches what the configuration builds, up to the rounding a card uses.",
           "Call your bert_parameters on each configuration in claims and compare with the claimed number, in percent.",
           "Code: gap = bert_parameters(cfg) / claimed - 1 for cfg, claimed in claims.values(); a gap of a few "
           "percent is rounding, a gap of half the model is not (this hint shows code)."))
def _q2(verdicts: Any) -> None:
    verdicts = as_mapping(verdicts, "a dict from each claim to 'consistent' or 'inconsistent'")
    keys = {str(k).strip().lower() for k in verdicts}
    expect(keys == set(_CLAIMS), f"expected one verdict for each of {', '.join(_CLAIMS)}, got {', '.join(sorted(keys)) or 'none'}")
    given = {str(k).strip().lower(): str(v).strip().lower() for k, v in verdicts.items()}
    for claim in _CLAIMS:
        expect(given[claim] in _VERDICTS, f"{claim}: a verdict is 'consistent' or 'inconsistent', got {given[claim]!r}")
    expect(ex.matches(given["bert-base"], "7e03911098da148a35ee786b2ea126c326c8f58a508ccf063129da191a1ab02c", part="base"),
           "bert-base: compare the paper's 110M with your count of BERT-base: how far apart are they, in percent?")
    expect(ex.matches(given["fin-mini"], "f164f836f5f77b539b374bfacec6b8a0713468e19a0bf59d9772b9a7e249f29f", part="mini"),
           "fin-mini: count it with your bert_parameters; which part of the model does the card's 12.6M leave out?")


@ex("q3", points=1, expects="a number of floating-point operations",
    hints=("About 2 operations per parameter and token forward, 4 backward.",
           "Code: training_flops(70e9, 1.4e12), or multiply 6, N and D yourself: 70 billion is 70e9; 1.4 trillion is "
           "1.4e12 (this hint shows code)."))
def _q3(answer: Any) -> None:
    from osai.scaling import training_flops

    value = as_number(answer, "a number of floating-point operations")
    want = training_flops(70e9, 1.4e12)
    expect(value > 0, "compute is a positive number of operations")
    expect(abs(value / want - 1 / 3) > 0.01, "that is the forward pass only (2·N·D); training also runs the backward pass")
    import math

    ratio = value / want
    expect(not (abs(ratio - 1) >= 0.01 and round(math.log10(ratio)) % 3 == 0
                and abs(math.log10(ratio) - round(math.log10(ratio))) < 0.01),
           f"off by a factor of {ratio:.0e}: check the powers of ten (a billion is 1e9, a trillion is 1e12)")
    expect(abs(value / want - 1) < 0.01, "not 6 × parameters × tokens for Chinchilla (70 billion parameters, 1.4 trillion tokens)")


@ex("q4", points=2, expects="a number of parameters",
    hints=("For each candidate N on a grid, the budget fixes D = C / (6 * N).",
           "Compute chinchilla_loss(N, D) for each N and keep the N with the lowest loss.",
           "Code: min(np.geomspace(1e8, 1e11, 2001), key=lambda n: chinchilla_loss(n, 1e21 / (6 * n))) "
           "(this hint shows the code)."))
def _q4(answer: Any) -> None:
    from osai.scaling import compute_optimal

    value = as_number(answer, "a number of parameters")
    best = compute_optimal(1e21)
    expect(value > 0, "a model size is a positive number of parameters")
    expect(value >= 1e4, f"{value:g} is a loss or a position in your grid, not a model size: keep the N at which the "
                         "loss is lowest")
    expect(abs(value / best.n_tokens - 1) > 0.05, "that is the number of training tokens; the exercise asks for the model size N")
    expect(abs(value / compute_optimal(1e21, "besiroglu2024").n_params - 1) > 0.05,
           "that is the optimum of the replication's fit; this exercise asks for the default (Hoffmann et al.) fit")
    without_six = compute_optimal(6e21)  # the optimum when D = C / N, the 6 of 6·N·D forgotten
    expect(abs(value / without_six.n_params - 1) > 0.05, "that is the optimum with D = C / N: the 6 of 6·N·D is missing")
    expect(abs(value / best.n_params - 1) < 0.05,
           "not within 5% of the size that minimises the published loss at 1e21 FLOPs (search N, with D = C / (6 N))")


#: Model sizes a 1e21-FLOP plan may defend: from half the smaller to twice the larger optimum of the two fits.
_PLAN_RANGE = (0.9e9, 5.6e9)


@ex("q5", points=3, expects='a dict {"n_params": N, "n_tokens": D}',
    hints=("A plan spends the budget: 6 × N × D should be 1e21. The choice left is N, and with it D.",
           "The two published fits disagree on the best N: compute the optimum under each with chinchilla_loss(N, D, "
           "fit=...) and decide which you trust, or where between them you land.",
           "Code: n = ...your choice...; plan = {'n_params': n, 'n_tokens': 1e21 / (6 * n)} (this hint shows code; "
           "the choice of n is yours)."))
def _q5(plan: Any) -> None:
    plan = as_mapping(plan, 'a dict {"n_params": N, "n_tokens": D}')
    expect(set(plan) == {"n_params", "n_tokens"}, 'expected exactly the keys "n_params" and "n_tokens"')
    n = as_number(plan["n_params"], "a number of parameters for n_params")
    d = as_number(plan["n_tokens"], "a number of tokens for n_tokens")
    expect(n > 0 and d > 0, "a model size and a number of tokens are positive")
    spent = 6 * n * d
    expect(abs(spent / 1e21 - 1) <= 0.1, f"6 × N × D = {spent:.3g} FLOPs, not the budget of 1e21: for your N, "
                                         "D = 1e21 / (6 N)")
    expect(n >= _PLAN_RANGE[0], f"N = {n:.3g} is well below the optimum of either published fit: at this budget a "
                                "model that small is starved of parameters")
    expect(n <= _PLAN_RANGE[1], f"N = {n:.3g} is well above the optimum of either published fit: at this budget a "
                                "model that large sees too few tokens")


@ex("q6", points=2, expects="a function fit(x, y) returning a pair (a, b)",
    refuses=('osai.scaling.fit_power_law',), compared=True,
    hints=("Take logarithms: log y = log a + b log x is a straight line.",
           "numpy.polyfit(log_x, log_y, 1) returns (slope, intercept).",
           "Code: slope, intercept = np.polyfit(np.log(x), np.log(y), 1); b is the slope and a = np.exp(intercept) "
           "(this hint shows code)."))
def _q6(fit: Any) -> None:
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
        expect(not (abs(a - want.exponent) < 1e-4 and abs(b / want.prefactor - 1) < 1e-3),
               "the two numbers are right but swapped: return (a, b), the prefactor first, then the exponent")
        expect(abs(b + want.exponent) > 1e-6 or abs(want.exponent) < 1e-9,
               "the sign of b is flipped: with y = a * x**b a falling curve has a negative b")
        expect(abs(b - want.exponent) < 1e-4, "the exponent b should be the slope of log y against log x")
        expect(abs(a / want.prefactor - 1) < 1e-3,
               "the exponent is right but the prefactor is not: a = exp(intercept) when you fit natural logarithms")


def _reference_internals() -> Any:
    from osai.blackbox import internals
    from osai.data import load_minilm
    from osai.scaling import SENTENCE

    tokenizer, model = load_minilm()
    model.set_attn_implementation("eager")
    return internals(model, tokenizer, SENTENCE)


@ex("q7", points=2, expects="the model's output, with its attentions and hidden states",
    hints=("A transformers model is called like a function on the tokenizer's output; extra keyword arguments ask "
           "for more than the last layer.",
           "API: the tokenizer's return_tensors argument gives PyTorch tensors, which the model takes as keyword "
           "arguments (**); the model's output_hidden_states and output_attentions arguments ask for the rest.",
           "Code: my_outputs = model(**tokenizer(SENTENCE, return_tensors='pt'), output_hidden_states=True, "
           "output_attentions=True) (this hint shows the code)."))
def _q7(outputs: Any) -> None:
    expect(outputs is not None, "my_outputs is None: set it to what the model call returns")
    expect(not hasattr(outputs, "input_ids"), "that is the tokenizer's output: pass it to the model, with ** ")
    expect(not isinstance(outputs, (tuple, list)), "that is a tuple (one part of the output, or .to_tuple()): set "
                                                   "my_outputs to the whole object the model call returns")
    expect(not getattr(outputs, "made_by_osai", False), "that output comes from osai's internals; this exercise asks "
                                                        "you to write the model call yourself")
    expect(hasattr(outputs, "last_hidden_state"), "expected what model(...) returns (it has .last_hidden_state, "
                                                   ".hidden_states and .attentions); did you call the tokenizer only?")
    attentions = getattr(outputs, "attentions", None)
    states = getattr(outputs, "hidden_states", None)
    expect(attentions is not None, "the output has no attentions: pass output_attentions=True to the model call")
    expect(states is not None, "the output has no hidden states: pass output_hidden_states=True to the model call")
    ref = _reference_internals()
    expect(len(attentions) == len(ref.attentions) and len(states) == len(ref.hidden_states),
           "not the number of layers of the model loaded above: call that model")
    got_shape, want_shape = tuple(attentions[0].shape), tuple(ref.attentions[0].shape)
    expect(got_shape[-1] == want_shape[-1], f"the attentions cover {got_shape[-1]} tokens, not the "
                                            f"{want_shape[-1]} of SENTENCE with its [CLS] and [SEP]: tokenize SENTENCE")
    import torch

    expect(bool(torch.allclose(attentions[4].detach().float(), ref.attentions[4], atol=1e-4)),
           "the shapes are right but the attention values are not those of MiniLM on SENTENCE")


def _most_attended(layer: int) -> str:
    """The word 'it' attends to most in ``layer`` (an index), heads averaged, [CLS] and [SEP] left out."""
    from osai.data import load_minilm
    from osai.scaling import SENTENCE

    tokenizer, _ = load_minilm()
    tokens = tokenizer.convert_ids_to_tokens(tokenizer(SENTENCE)["input_ids"])
    row = _reference_internals().attentions[layer][0].mean(dim=0)[tokens.index("it")].tolist()
    words = [j for j, t in enumerate(tokens) if t not in ("[CLS]", "[SEP]")]
    return tokens[max(words, key=lambda j: row[j])]


@ex("q8", points=2, expects="a word (a string)",
    hints=("Layer 5 is index 4 in outputs.attentions (Python counts from 0).",
           "Average over the heads (dimension 0 of that layer's [0] tensor), take the row of 'it', and skip [CLS] and [SEP]."))
def _q8(answer: Any) -> None:
    answer = as_instance(answer, str, "a word (a string)")
    expect(answer.strip().lower() not in {"[cls]", "[sep]"}, "leave out [CLS] and [SEP], as the exercise says")
    if not ex.matches(answer, "70fcfd400384b3f1e7bd77d1e119bdfa12ae6109a33266be2f0afb5a526ec85f"):
        expect(answer.strip().lower() != _most_attended(layer=5),
               "that is the sixth layer (index 5): layer 5 is index 4, as Python counts from 0")
    expect(ex.matches(answer, "70fcfd400384b3f1e7bd77d1e119bdfa12ae6109a33266be2f0afb5a526ec85f"),
           "not the word that 'it' attends to most in that layer (mean over its 12 heads)")


def _toy_cases() -> list[tuple[Any, list[str], int]]:
    import numpy as np

    letters = "abcdefghijklmnopqrstuvwxyz"

    def bag(tokens):  # letter counts, plus a constant so no vector is zero
        return np.array([sum(t.count(c) for t in tokens) for c in letters] + [1.0])

    def weighted(tokens):  # position matters: token j weighs j + 1
        return np.array([float(sum((j + 1) * len(t) for j, t in enumerate(tokens))), 2.0, float(len(tokens))])

    return [(bag, ["the", "loan", "was", "risky"], 1), (weighted, ["a", "bb", "ccc"], 2)]


@ex("q9", points=3, expects="a function occlusion(represent, tokens, target) returning a list of numbers",
    refuses=("osai.blackbox.occlusion",), compared=True,
    hints=("Leave one token out at a time (replace it by '[MASK]', keeping every other token where it is) and measure "
           "how far the representation moves.",
           "Cosine distance is 1 - (u · v) / (|u| |v|); numpy.dot and numpy.linalg.norm compute it. The target itself "
           "is not occluded: its score is 0.0.",
           "Code: for j, token in enumerate(tokens): masked = tokens[:j] + ['[MASK]'] + tokens[j + 1:], then the cosine "
           "distance between represent(tokens) and represent(masked) (this hint shows code)."))
def _q9(occlusion: Any) -> None:
    import numpy as np

    from osai.blackbox import occlusion as reference

    occlusion = as_function(occlusion, "a function occlusion(represent, tokens, target)")
    for represent, tokens, target in _toy_cases():
        lengths: list[int] = []

        def watched(toks, represent=represent):
            lengths.append(len(list(toks)))
            return represent(list(toks))

        given = list(tokens)
        got = occlusion(watched, given, target)
        expect(given == list(tokens), "your function changed the tokens list it was given: build each masked list "
                                      "as a new list, so that every mask starts from the original sentence")
        expect(isinstance(got, (list, tuple, np.ndarray)), "expected a list with one number per token")
        got = [as_number(v, "a number per token") for v in got]
        expect(len(got) == len(tokens), f"expected one score per token ({len(tokens)}), got {len(got)}")
        expect(all(n == len(tokens) for n in lengths), "a token was removed, not masked: replace it by '[MASK]' so that "
                                                       "every other token keeps its position")
        want = reference(represent, list(tokens), target)
        expect(abs(got[target]) < 1e-9, "the target token itself is not occluded: its score is 0.0")
        similar = [1 - w if j != target else 0.0 for j, w in enumerate(want)]
        expect(not np.allclose(got, similar, atol=1e-6), "that is the cosine similarity; the score is the distance, "
                                                         "1 - similarity, so a token that matters scores high")
        expect(np.allclose(got, want, atol=1e-6), f"with tokens {tokens} and target {target}, expected "
                                                  f"{[round(w, 3) for w in want]}, got {[round(g, 3) for g in got]}")


@ex("q10", points=2, expects="a set of letters",
    hints=("An API gives you outputs for inputs you send; the weights give you every number inside.",
           "Section 1 counted parameters from config.json alone; weights alone say nothing certain about training data "
           "or about bias: those need data information and tests."))
def _q10(answer: Any) -> None:
    answer = as_instance(answer, (set, frozenset, list, tuple), "a set of letters such as {'a', 'b'}")
    letters = {str(v).strip().lower() for v in answer}
    expect(letters <= set("abcdefgh"), "use only the letters a to h")
    expect(len(letters) > 0, "at least one of the statements needs the weights")
    expect("b" not in letters, "b: an API that returns embeddings gives exactly that, without the weights")
    expect("e" not in letters, "e: the weights do not record what the model was trained on: that needs data "
                               "information (Lab 03)")
    expect("g" not in letters, "g: neither the weights nor an API prove a model free of bias: that takes tests on "
                               "its outputs (Lab 08)")
    expect("c" not in letters, "c: section 1 counted the parameters from config.json alone; the count needs the "
                               "configuration, not the weights")
    expect(ex.matches(letters - {"h"}, "f09268c3b6a8c2791de8769678513582138b301db460524d1dc2f7bd238214a5"),
           f"{len(letters)} letter(s) chosen, not the right set: for each, ask whether an API that only returns "
           "outputs would be enough")


def __getattr__(name: str) -> Any:
    """``SENTENCE`` moved to content; lab notebooks handed out before the move still import it from here."""
    if name == "SENTENCE":
        from osai.scaling import SENTENCE

        return SENTENCE
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

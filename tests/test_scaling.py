# SPDX-FileCopyrightText: 2026 The Open Source AI Lab Kit authors
# SPDX-License-Identifier: MIT
"""osai.scaling: parameter counts against real instantiation, compute, scaling-law fits, the sweep."""

from __future__ import annotations

import math
import warnings

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from osai import scaling

FAST = settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow], derandomize=True)


def _quiet():
    from transformers.utils import logging as hf_logging

    hf_logging.set_verbosity_error()
    warnings.filterwarnings("ignore")


def _numel(model) -> int:
    return sum(p.numel() for p in model.parameters())


def _built(config, head: bool) -> int:
    from transformers import AutoModel, AutoModelForCausalLM, AutoModelForMaskedLM

    _quiet()
    if not head:
        return _numel(AutoModel.from_config(config))
    cls = AutoModelForMaskedLM if config.model_type == "bert" else AutoModelForCausalLM
    return _numel(cls.from_config(config))


small = st.integers(min_value=1, max_value=4)


@st.composite
def bert_configs(draw):
    from transformers import BertConfig

    heads = draw(small)
    cross = draw(st.booleans())
    return BertConfig(vocab_size=draw(st.integers(5, 60)), hidden_size=heads * draw(st.integers(1, 4)) * 2,
                      num_hidden_layers=draw(st.integers(0, 2)), num_attention_heads=heads,
                      intermediate_size=draw(st.integers(1, 24)), max_position_embeddings=draw(st.integers(1, 20)),
                      type_vocab_size=draw(st.integers(0, 3)), tie_word_embeddings=draw(st.booleans()),
                      is_decoder=cross, add_cross_attention=cross)


@st.composite
def gpt2_configs(draw):
    from transformers import GPT2Config

    heads = draw(small)
    return GPT2Config(vocab_size=draw(st.integers(5, 60)), n_embd=heads * draw(st.integers(1, 4)) * 2,
                      n_layer=draw(st.integers(0, 2)), n_head=heads, n_positions=draw(st.integers(1, 20)),
                      n_inner=draw(st.one_of(st.none(), st.integers(1, 24))),
                      tie_word_embeddings=draw(st.booleans()), add_cross_attention=draw(st.booleans()))


@st.composite
def llama_configs(draw):
    from transformers import LlamaConfig

    kv = draw(small)
    heads = kv * draw(small)
    return LlamaConfig(vocab_size=draw(st.integers(5, 60)), hidden_size=heads * draw(st.integers(1, 3)) * 2,
                       num_hidden_layers=draw(st.integers(0, 2)), num_attention_heads=heads, num_key_value_heads=kv,
                       intermediate_size=draw(st.integers(1, 24)),
                       head_dim=draw(st.one_of(st.none(), st.sampled_from([2, 4, 6]))),
                       attention_bias=draw(st.booleans()), mlp_bias=draw(st.booleans()),
                       tie_word_embeddings=draw(st.booleans()))


@pytest.mark.parametrize("head", [False, True])
@FAST
@given(config=bert_configs())
def test_bert_count_matches_the_built_model(config, head):
    assert scaling.count_parameters(config, head=head) == _built(config, head)


@pytest.mark.parametrize("head", [False, True])
@FAST
@given(config=gpt2_configs())
def test_gpt2_count_matches_the_built_model(config, head):
    assert scaling.count_parameters(config, head=head) == _built(config, head)


@pytest.mark.parametrize("head", [False, True])
@FAST
@given(config=llama_configs())
def test_llama_count_matches_the_built_model(config, head):
    assert scaling.count_parameters(config, head=head) == _built(config, head)


@pytest.mark.parametrize("head", [False, True])
@settings(max_examples=8, deadline=None, derandomize=True)
@given(config=st.one_of(bert_configs(), gpt2_configs(), llama_configs()))
def test_breakdown_sums_to_the_count_and_dicts_work(config, head):
    parts = scaling.parameter_breakdown(config, head=head)
    assert tuple(parts) == scaling.BREAKDOWN_KEYS
    assert all(v >= 0 for v in parts.values())
    assert sum(parts.values()) == scaling.count_parameters(config, head=head)
    as_dict = config.to_dict()
    assert scaling.count_parameters(as_dict, head=head) == scaling.count_parameters(config, head=head)


def test_tied_head_is_counted_once_untied_twice():
    from transformers import GPT2Config

    tied = GPT2Config(vocab_size=50, n_embd=8, n_layer=1, n_head=2, n_positions=8, tie_word_embeddings=True)
    untied = GPT2Config(vocab_size=50, n_embd=8, n_layer=1, n_head=2, n_positions=8, tie_word_embeddings=False)
    assert scaling.count_parameters(tied, head=True) == scaling.count_parameters(tied)
    assert scaling.count_parameters(untied, head=True) - scaling.count_parameters(untied) == 50 * 8


def test_the_real_minilm_count():
    from osai.data import minilm_path
    from transformers import AutoConfig

    config = AutoConfig.from_pretrained(minilm_path(), local_files_only=True)
    import json

    raw = json.loads((minilm_path() / "config.json").read_text())
    # 6 layers of width 384 over a 30,522-token vocabulary, recomputed by hand here
    h, v, i, layers = raw["hidden_size"], raw["vocab_size"], raw["intermediate_size"], raw["num_hidden_layers"]
    by_hand = ((v + raw["max_position_embeddings"] + raw["type_vocab_size"]) * h + 2 * h
               + layers * (4 * (h * h + h) + 2 * h + (h * i + i) + (i * h + h) + 2 * h) + (h * h + h))
    assert scaling.count_parameters(config) == by_hand == _built(config, head=False)
    assert scaling.count_parameters(config, head=True) == _built(config, head=True)


@pytest.mark.parametrize("bad", [{"model_type": "bart"}, {"vocab_size": 3}, "bert", None, 42])
def test_unsupported_or_malformed_configs_raise_clearly(bad):
    with pytest.raises(ValueError, match="model_type|supported"):
        scaling.count_parameters(bad)


def test_unsupported_model_type_suggests_the_nearest():
    with pytest.raises(ValueError, match="did you mean 'gpt2'"):
        scaling.count_parameters({"model_type": "gpt-2"})


def test_bad_sizes_raise():
    from transformers import BertConfig

    config = BertConfig(hidden_size=8, num_attention_heads=2)
    config.hidden_size = -8
    with pytest.raises(ValueError, match="hidden_size"):
        scaling.count_parameters(config)
    with pytest.raises(ValueError, match="head"):
        scaling.parameter_breakdown(BertConfig(hidden_size=8, num_attention_heads=2), head="yes")


# ---- compute and scaling laws


@given(n=st.floats(1e3, 1e13), d=st.floats(1e3, 1e15))
@settings(max_examples=50, deadline=None, derandomize=True)
def test_training_flops_is_six_n_d(n, d):
    assert math.isclose(scaling.training_flops(n, d), 6 * n * d, rel_tol=1e-12)


@pytest.mark.parametrize("bad", [0, -5, float("nan"), float("inf"), "many", None, True])
def test_training_flops_rejects_bad_input(bad):
    with pytest.raises(ValueError):
        scaling.training_flops(bad, 10)
    with pytest.raises(ValueError):
        scaling.training_flops(10, bad)


def test_published_constants_are_the_papers():
    fit = scaling.published_fit()
    assert (fit.E, fit.A, fit.B, fit.alpha, fit.beta) == (1.69, 406.4, 410.7, 0.34, 0.28)
    assert fit.source == "https://arxiv.org/abs/2203.15556"
    for key, entry in scaling.published_fits().items():
        assert entry.key == key and entry.source.startswith("https://")
    with pytest.raises(ValueError, match="did you mean 'besiroglu2024'"):
        scaling.published_fit("besiroglu")


def test_chinchilla_loss_formula_and_limits():
    n, d = 1e9, 2e10
    want = 1.69 + 406.4 / n**0.34 + 410.7 / d**0.28
    assert math.isclose(scaling.chinchilla_loss(n, d), want, rel_tol=1e-12)
    assert scaling.chinchilla_loss(1e30, 1e30) == pytest.approx(1.69, abs=1e-3)
    assert scaling.chinchilla_loss(2 * n, d) < scaling.chinchilla_loss(n, d)
    with pytest.raises(ValueError):
        scaling.chinchilla_loss(0, d)


@given(budget=st.floats(1e15, 1e27))
@settings(max_examples=30, deadline=None, derandomize=True)
def test_compute_optimal_spends_the_budget_and_beats_its_neighbours(budget):
    for key in scaling.published_fits():
        best = scaling.compute_optimal(budget, key)
        assert math.isclose(scaling.training_flops(best.n_params, best.n_tokens), budget, rel_tol=1e-9)
        for factor in (0.8, 1.25):
            n = best.n_params * factor
            assert scaling.chinchilla_loss(n, budget / (6 * n), key) >= best.loss - 1e-12


def test_compute_optimal_grows_both_with_budget():
    small, large = scaling.compute_optimal(1e20), scaling.compute_optimal(1e22)
    assert large.n_params > small.n_params and large.n_tokens > small.n_tokens and large.loss < small.loss
    with pytest.raises(ValueError):
        scaling.compute_optimal(-1)


@given(a=st.floats(0.01, 100), b=st.floats(-2, 2), xs=st.lists(st.floats(0.1, 1e6), min_size=2, max_size=8, unique=True))
@settings(max_examples=60, deadline=None, derandomize=True)
def test_fit_power_law_recovers_exact_laws(a, b, xs):
    if max(xs) / min(xs) < 1.5:
        return
    law = scaling.fit_power_law(xs, [a * x**b for x in xs])
    assert law.exponent == pytest.approx(b, abs=1e-6)
    assert law.prefactor == pytest.approx(a, rel=1e-5)
    assert law.predict(xs[0]) == pytest.approx(a * xs[0] ** b, rel=1e-5)


@pytest.mark.parametrize("x, y", [([1, 2], [1, 0]), ([1, 1], [2, 3]), ([1, 2, 3], [1, 2]), ([], []),
                                  ([1, 2], ["a", "b"]), ([-1, 2], [1, 2]), ([1, float("nan")], [1, 2])])
def test_fit_power_law_rejects_bad_input(x, y):
    with pytest.raises(ValueError):
        scaling.fit_power_law(x, y)


def test_size_sweep_is_deterministic_and_bigger_is_better():
    from osai.data import minilm_path

    text = (minilm_path() / "README.md").read_text(encoding="utf-8")
    first = scaling.size_sweep(text, widths=(4, 16), steps=30)
    again = scaling.size_sweep(text, widths=(4, 16), steps=30)
    assert first == again
    assert [p.width for p in first] == [4, 16]
    assert first[0].n_params < first[1].n_params
    assert first[1].loss < first[0].loss < math.log(len(set(text))) + 0.5
    with pytest.raises(ValueError):
        scaling.size_sweep("too short")
    with pytest.raises(ValueError):
        scaling.size_sweep(text, widths=(3,))

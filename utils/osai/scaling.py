# SPDX-FileCopyrightText: 2026 The Open Source AI Lab Kit authors
# SPDX-License-Identifier: MIT
"""Scale and the black box (Lab 05): parameter counts, training compute, scaling laws, a live sweep.

- :func:`count_parameters` and :func:`parameter_breakdown` count a transformer's parameters from its
  configuration alone, exactly as transformers builds the model (``bert``, ``gpt2`` and ``llama``).
- :func:`training_flops` is the usual estimate of training compute, about 6·N·D.
- :func:`chinchilla_loss` and :func:`compute_optimal` use a published fit of the parametric scaling
  law ``L(N, D) = E + A / N**alpha + B / D**beta`` (shipped in ``data/scaling/published_fits.yaml``
  with its source), and :func:`fit_power_law` fits ``y = a * x**b`` on log-log axes.
- :func:`size_sweep` trains a handful of tiny GPT-2 models on a text in a few seconds, to see loss
  fall with size on a real (if very small) run.

Importing this module is cheap: numpy, torch, transformers and yaml are imported inside functions.
"""

from __future__ import annotations

import difflib
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, NamedTuple

__all__ = [
    "BREAKDOWN_KEYS",
    "SENTENCE",
    "SUPPORTED_MODEL_TYPES",
    "ComputeOptimal",
    "PowerLaw",
    "ScalingFit",
    "SweepPoint",
    "chinchilla_loss",
    "compute_optimal",
    "count_parameters",
    "fit_power_law",
    "parameter_breakdown",
    "published_fit",
    "published_fits",
    "size_sweep",
    "training_flops",
]

#: Model types whose parameters :func:`count_parameters` counts exactly.
SUPPORTED_MODEL_TYPES = ("bert", "gpt2", "llama")
#: The parts of :func:`parameter_breakdown`, in order.
BREAKDOWN_KEYS = ("embeddings", "attention", "mlp", "norms", "head")
#: The fit used when none is named: Hoffmann et al. (2022), the Chinchilla paper.
DEFAULT_FIT = "hoffmann2022"
#: The sentence whose attention Lab 05 opens: which word does "it" attend to, the bank or the loan?
SENTENCE = "The bank refused the loan because it was too risky."


# --------------------------------------------------------------------------------------------------
# Parameter counts


def _as_config(config: Any) -> Any:
    """A transformers config object from a config object or a dict with ``model_type``."""
    if isinstance(config, Mapping):
        model_type = config.get("model_type")
        _check_model_type(model_type)
        from transformers import AutoConfig

        values = {k: v for k, v in config.items() if k != "model_type"}
        return AutoConfig.for_model(model_type, **values)
    _check_model_type(getattr(config, "model_type", None))
    return config


def _check_model_type(model_type: object) -> None:
    if model_type in SUPPORTED_MODEL_TYPES:
        return
    supported = ", ".join(repr(t) for t in SUPPORTED_MODEL_TYPES)
    if not isinstance(model_type, str) or not model_type:
        raise ValueError(f"expected a transformers config (or a dict) with a model_type, one of {supported}; "
                         f"got model_type={model_type!r}")
    close = difflib.get_close_matches(model_type, SUPPORTED_MODEL_TYPES, n=1)
    hint = f": did you mean {close[0]!r}?" if close else ""
    raise ValueError(f"unsupported model_type {model_type!r}{hint} (supported: {supported})")


def _positive_int(config: Any, name: str, default: Any = None, allow_zero: bool = False) -> int:
    value = getattr(config, name, default)
    if value is None:
        value = default
    if isinstance(value, bool) or not isinstance(value, int) or value < (0 if allow_zero else 1):
        raise ValueError(f"config.{name} must be a {'non-negative' if allow_zero else 'positive'} whole number, "
                         f"got {value!r}")
    return value


def _linear(n_in: int, n_out: int, bias: bool = True) -> int:
    return n_in * n_out + (n_out if bias else 0)


def _bert_parts(config: Any, head: bool) -> dict[str, int]:
    h = _positive_int(config, "hidden_size")
    v = _positive_int(config, "vocab_size")
    layers = _positive_int(config, "num_hidden_layers", allow_zero=True)
    inter = _positive_int(config, "intermediate_size")
    positions = _positive_int(config, "max_position_embeddings")
    types = _positive_int(config, "type_vocab_size", allow_zero=True)
    cross = bool(getattr(config, "add_cross_attention", False))
    attention_block = 4 * _linear(h, h)  # query, key, value, output
    parts = dict.fromkeys(BREAKDOWN_KEYS, 0)
    parts["embeddings"] = (v + positions + types) * h
    parts["norms"] = 2 * h  # embeddings LayerNorm
    parts["attention"] = layers * attention_block * (2 if cross else 1)
    parts["norms"] += layers * 2 * h * (3 if cross else 2)
    parts["mlp"] = layers * (_linear(h, inter) + _linear(inter, h))
    if head:  # BertForMaskedLM: no pooler; transform (dense + LayerNorm), output bias, decoder
        parts["head"] = _linear(h, h) + 2 * h + v
        if not getattr(config, "tie_word_embeddings", True):
            parts["head"] += v * h + v  # an untied decoder has its own weight and its own bias
    else:  # BertModel ends with a pooler (dense + tanh) over the first token
        parts["head"] = _linear(h, h)
    return parts


def _gpt2_parts(config: Any, head: bool) -> dict[str, int]:
    h = _positive_int(config, "n_embd")
    v = _positive_int(config, "vocab_size")
    layers = _positive_int(config, "n_layer", allow_zero=True)
    positions = _positive_int(config, "n_positions")
    inner = getattr(config, "n_inner", None)
    inner = 4 * h if inner is None else _positive_int(config, "n_inner")
    cross = bool(getattr(config, "add_cross_attention", False))
    parts = dict.fromkeys(BREAKDOWN_KEYS, 0)
    parts["embeddings"] = (v + positions) * h
    self_attention = _linear(h, 3 * h) + _linear(h, h)  # c_attn (q, k, v together), c_proj
    cross_attention = _linear(h, 2 * h) + _linear(h, h) + _linear(h, h)  # c_attn (k, v), q_attn, c_proj
    parts["attention"] = layers * (self_attention + (cross_attention if cross else 0))
    parts["mlp"] = layers * (_linear(h, inner) + _linear(inner, h))
    parts["norms"] = layers * 2 * h * (3 if cross else 2) + 2 * h  # ln_1, ln_2 (, ln_cross_attn); ln_f
    if head and not getattr(config, "tie_word_embeddings", True):
        parts["head"] = v * h  # lm_head has no bias
    return parts


def _llama_parts(config: Any, head: bool) -> dict[str, int]:
    h = _positive_int(config, "hidden_size")
    v = _positive_int(config, "vocab_size")
    layers = _positive_int(config, "num_hidden_layers", allow_zero=True)
    inter = _positive_int(config, "intermediate_size")
    heads = _positive_int(config, "num_attention_heads")
    kv_heads = getattr(config, "num_key_value_heads", None)
    kv_heads = heads if kv_heads is None else _positive_int(config, "num_key_value_heads")
    head_dim = getattr(config, "head_dim", None)
    head_dim = h // heads if head_dim is None else _positive_int(config, "head_dim")
    attn_bias = bool(getattr(config, "attention_bias", False))
    mlp_bias = bool(getattr(config, "mlp_bias", False))
    parts = dict.fromkeys(BREAKDOWN_KEYS, 0)
    parts["embeddings"] = v * h
    q, kv = heads * head_dim, kv_heads * head_dim
    attention = _linear(h, q, attn_bias) + 2 * _linear(h, kv, attn_bias) + _linear(q, h, attn_bias)
    parts["attention"] = layers * attention
    parts["mlp"] = layers * (2 * _linear(h, inter, mlp_bias) + _linear(inter, h, mlp_bias))  # gate, up, down
    parts["norms"] = layers * 2 * h + h  # RMSNorm weights only: two per layer, one final
    if head and not getattr(config, "tie_word_embeddings", False):
        parts["head"] = v * h
    return parts


_PARTS = {"bert": _bert_parts, "gpt2": _gpt2_parts, "llama": _llama_parts}


def parameter_breakdown(config: Any, head: bool = False) -> dict[str, int]:
    """Parameters per part of the model: embeddings, attention, mlp, norms and head.

    ``norms`` holds every LayerNorm / RMSNorm of the body. ``head`` is what sits on top of the body:
    for ``bert`` without a head, BertModel's pooler; with ``head=True``, the masked-LM head (its
    decoder weight only when it is not tied to the input embeddings); for ``gpt2`` and ``llama``, the
    language-model head's weight, and only when it is not tied. The parts add up to
    :func:`count_parameters` with the same ``head``.

    >>> parts = parameter_breakdown({"model_type": "llama", "vocab_size": 100, "hidden_size": 8,
    ...     "intermediate_size": 16, "num_hidden_layers": 2, "num_attention_heads": 2})
    >>> parts
    {'embeddings': 800, 'attention': 512, 'mlp': 768, 'norms': 40, 'head': 0}
    >>> sum(parts.values()) == count_parameters({"model_type": "llama", "vocab_size": 100, "hidden_size": 8,
    ...     "intermediate_size": 16, "num_hidden_layers": 2, "num_attention_heads": 2})
    True
    """
    if not isinstance(head, bool):
        raise ValueError(f"head must be True or False, got {head!r}")
    config = _as_config(config)
    return _PARTS[config.model_type](config, head)


def count_parameters(config: Any, head: bool = False) -> int:
    """The exact number of parameters of the model that ``config`` describes, without building it.

    ``config`` is a transformers config (``BertConfig``, ``GPT2Config``, ``LlamaConfig``, or one read
    with ``AutoConfig``) or a dict with a ``model_type`` (missing values take transformers' defaults).
    With ``head=False`` the count equals ``sum(p.numel() for p in AutoModel.from_config(config).parameters())``;
    with ``head=True`` it is the same sum for ``AutoModelForMaskedLM`` (``bert``) or
    ``AutoModelForCausalLM`` (``gpt2``, ``llama``): an output layer tied to the input embeddings is one
    tensor and counts once, an untied one counts again.

    >>> count_parameters({"model_type": "gpt2", "vocab_size": 100, "n_embd": 8, "n_layer": 1, "n_head": 2,
    ...     "n_positions": 16})
    1816
    >>> count_parameters({"model_type": "gpt2", "vocab_size": 100, "n_embd": 8, "n_layer": 1, "n_head": 2,
    ...     "n_positions": 16, "tie_word_embeddings": False}, head=True)
    2616
    >>> count_parameters({"model_type": "bart"})
    Traceback (most recent call last):
    ...
    ValueError: unsupported model_type 'bart': did you mean 'bert'? (supported: 'bert', 'gpt2', 'llama')
    """
    return sum(parameter_breakdown(config, head=head).values())


# --------------------------------------------------------------------------------------------------
# Compute and scaling laws


def _positive_number(value: Any, name: str) -> float:
    if hasattr(value, "__len__") and not isinstance(value, str) and getattr(value, "ndim", 1) != 0:
        raise ValueError(f"{name} must be one positive number, got {len(value)} values: call the function once per "
                         "value, for example in a list comprehension")
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be a positive number, got {value!r}") from None
    if isinstance(value, bool) or not math.isfinite(number) or number <= 0:
        raise ValueError(f"{name} must be a positive, finite number, got {value!r}")
    return number


def training_flops(n_params: float, n_tokens: float) -> float:
    """Training compute in floating-point operations, estimated as ``6 * n_params * n_tokens``.

    Per parameter and per token, the forward pass costs about 2 operations (a multiply and an add)
    and the backward pass about twice that (Kaplan et al., 2020); attention over the context is left
    out, which is fair while the model is much wider than its context is long.

    >>> training_flops(70e9, 1.4e12)  # Chinchilla: 70 billion parameters, 1.4 trillion tokens
    5.88e+23
    >>> training_flops(-1, 10)
    Traceback (most recent call last):
    ...
    ValueError: n_params must be a positive, finite number, got -1
    """
    return 6.0 * _positive_number(n_params, "n_params") * _positive_number(n_tokens, "n_tokens")


@dataclass(frozen=True)
class ScalingFit:
    """A published fit of ``L(N, D) = E + A / N**alpha + B / D**beta``, with where it comes from."""

    key: str
    name: str
    E: float
    A: float
    B: float
    alpha: float
    beta: float
    source: str
    note: str = ""

    def loss(self, n_params: float, n_tokens: float) -> float:
        """The loss this fit predicts for ``n_params`` parameters trained on ``n_tokens`` tokens."""
        n = _positive_number(n_params, "n_params")
        d = _positive_number(n_tokens, "n_tokens")
        return self.E + self.A / n**self.alpha + self.B / d**self.beta


@lru_cache(maxsize=1)
def _load_fits() -> dict[str, ScalingFit]:
    import yaml

    from osai.data import data_path

    raw = yaml.safe_load(data_path("scaling", "published_fits.yaml").read_text(encoding="utf-8"))
    fits = {}
    for key, entry in raw["fits"].items():
        fits[key] = ScalingFit(key=key, name=entry["name"], E=float(entry["E"]), A=float(entry["A"]),
                               B=float(entry["B"]), alpha=float(entry["alpha"]), beta=float(entry["beta"]),
                               source=entry["source"], note=" ".join(str(entry.get("note", "")).split()))
    return fits


def published_fits() -> dict[str, ScalingFit]:
    """Every shipped fit, by key.

    >>> sorted(published_fits())
    ['besiroglu2024', 'hoffmann2022']
    """
    return dict(_load_fits())


def published_fit(key: str | ScalingFit = DEFAULT_FIT) -> ScalingFit:
    """One shipped fit by key (default: the Chinchilla paper's, ``'hoffmann2022'``).

    >>> fit = published_fit()
    >>> (fit.E, fit.A, fit.B, fit.alpha, fit.beta)
    (1.69, 406.4, 410.7, 0.34, 0.28)
    >>> fit.source
    'https://arxiv.org/abs/2203.15556'
    >>> published_fit("hofman2022")
    Traceback (most recent call last):
    ...
    ValueError: unknown scaling-law fit 'hofman2022': did you mean 'hoffmann2022'? (known: besiroglu2024, hoffmann2022)
    """
    if isinstance(key, ScalingFit):
        return key
    fits = _load_fits()
    if isinstance(key, str) and key in fits:
        return fits[key]
    close = difflib.get_close_matches(key, list(fits), n=1) if isinstance(key, str) else []
    hint = f": did you mean {close[0]!r}?" if close else ""
    raise ValueError(f"unknown scaling-law fit {key!r}{hint} (known: {', '.join(sorted(fits))})")


def chinchilla_loss(n_params: float, n_tokens: float, fit: str | ScalingFit = DEFAULT_FIT) -> float:
    """Loss predicted by the parametric scaling law ``E + A / N**alpha + B / D**beta``.

    With the default fit these are the Chinchilla paper's published constants (E = 1.69, A = 406.4,
    B = 410.7, alpha = 0.34, beta = 0.28; Hoffmann et al., 2022). The loss is in nats per token on
    the authors' own data: compare models with it, do not read it as the loss of your model.

    >>> round(chinchilla_loss(70e9, 1.4e12), 3)
    1.937
    >>> chinchilla_loss(1e9, 2e10) > chinchilla_loss(1e9, 2e11)
    True
    """
    return published_fit(fit).loss(n_params, n_tokens)


class ComputeOptimal(NamedTuple):
    """The size and data that minimise the predicted loss for a compute budget (``6 * N * D = C``)."""

    n_params: float
    n_tokens: float
    loss: float

    @property
    def tokens_per_param(self) -> float:
        return self.n_tokens / self.n_params


def compute_optimal(budget_flops: float, fit: str | ScalingFit = DEFAULT_FIT) -> ComputeOptimal:
    """Model size and training tokens that minimise :func:`chinchilla_loss` when ``6 * N * D = budget``.

    Setting the derivative of the loss along ``D = C / (6 N)`` to zero gives the closed form of
    Hoffmann et al. (2022): ``N = G * (C / 6)**(beta / (alpha + beta))`` and ``D = (C / 6) / N``,
    with ``G = (alpha * A / (beta * B))**(1 / (alpha + beta))``.

    >>> best = compute_optimal(5.88e23)
    >>> f"{best.n_params:.3g} parameters, {best.n_tokens:.3g} tokens, loss {best.loss:.3f}"
    '3.25e+10 parameters, 3.02e+12 tokens, loss 1.930'
    >>> round(training_flops(best.n_params, best.n_tokens) / 5.88e23, 6)
    1.0
    """
    c = _positive_number(budget_flops, "budget_flops")
    f = published_fit(fit)
    g = (f.alpha * f.A / (f.beta * f.B)) ** (1.0 / (f.alpha + f.beta))
    n = g * (c / 6.0) ** (f.beta / (f.alpha + f.beta))
    d = (c / 6.0) / n
    return ComputeOptimal(n_params=n, n_tokens=d, loss=f.loss(n, d))


class PowerLaw(NamedTuple):
    """``y = prefactor * x**exponent``, fitted by least squares on ``log y`` against ``log x``."""

    prefactor: float
    exponent: float
    r_squared: float

    def predict(self, x: Any) -> Any:
        """The fitted ``y`` at ``x`` (a number or a numpy array)."""
        return self.prefactor * x**self.exponent


def fit_power_law(x: Sequence[float], y: Sequence[float]) -> PowerLaw:
    """Fit ``y = a * x**b``: a straight line ``log y = log a + b log x`` on log-log axes.

    Returns the prefactor ``a``, the exponent ``b`` (negative when ``y`` falls as ``x`` grows) and the
    R² of the straight-line fit in log space. Needs at least two distinct positive ``x`` and positive ``y``.

    >>> law = fit_power_law([1, 10, 100], [5.0, 2.5, 1.25])
    >>> round(law.prefactor, 3), round(law.exponent, 4), round(law.r_squared, 6)
    (5.0, -0.301, 1.0)
    >>> fit_power_law([1, 2], [1.0, -1.0])
    Traceback (most recent call last):
    ...
    ValueError: fit_power_law needs positive x and y (logarithms); got y = -1.0
    """
    import numpy as np

    try:
        xs = np.asarray(list(x), dtype=float)
        ys = np.asarray(list(y), dtype=float)
    except (TypeError, ValueError):
        raise ValueError("fit_power_law expects two sequences of positive numbers of the same length") from None
    if xs.ndim != 1 or xs.shape != ys.shape:
        raise ValueError(f"x and y must be flat sequences of the same length, got {xs.shape} and {ys.shape}")
    for name, values in (("x", xs), ("y", ys)):
        bad = values[~(np.isfinite(values) & (values > 0))]
        if bad.size:
            raise ValueError(f"fit_power_law needs positive x and y (logarithms); got {name} = {float(bad[0])!r}")
    if np.unique(xs).size < 2:
        raise ValueError("fit_power_law needs at least two distinct x values")
    lx, ly = np.log(xs), np.log(ys)
    slope, intercept = np.polyfit(lx, ly, 1)
    residual = ly - (intercept + slope * lx)
    total = ((ly - ly.mean()) ** 2).sum()
    r2 = 1.0 - float((residual**2).sum() / total) if total > 0 else 1.0
    return PowerLaw(prefactor=float(np.exp(intercept)), exponent=float(slope), r_squared=r2)


# --------------------------------------------------------------------------------------------------
# A live size sweep


class SweepPoint(NamedTuple):
    """One model of :func:`size_sweep`: its width, parameter count and held-out loss (nats per character)."""

    width: int
    n_params: int
    loss: float


def size_sweep(text: str, widths: Sequence[int] = (2, 4, 8, 16, 32), steps: int = 100, context: int = 32,
               batch_size: int = 32, seed: int = 0) -> list[SweepPoint]:
    """Train one tiny character-level GPT-2 per width on the first 90% of ``text``; measure the rest.

    Every model has one transformer block and sees the same batches for the same number of steps,
    so only the width (and with it the parameter count) changes. It runs on one CPU thread, for
    results that repeat exactly, and takes a few seconds with the defaults. The parameter counts come
    from :func:`count_parameters` and equal the built models' ``numel`` sums.

    Example (not run here; it trains models)::

        points = size_sweep(open("README.md").read())
        fit_power_law([p.n_params for p in points], [p.loss for p in points])
    """
    if not isinstance(text, str) or len(text) < 10 * (context + 1):
        raise ValueError(f"size_sweep needs a text of at least {10 * (context + 1)} characters")
    widths = list(widths)
    if not widths or any(isinstance(w, bool) or not isinstance(w, int) or w < 2 or w % 2 for w in widths):
        raise ValueError(f"widths must be even whole numbers of at least 2, got {widths!r}")
    for name, value in (("steps", steps), ("context", context), ("batch_size", batch_size)):
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            raise ValueError(f"{name} must be a positive whole number, got {value!r}")

    import torch
    from transformers import GPT2Config, GPT2LMHeadModel
    from transformers.utils import logging as hf_logging

    hf_logging.set_verbosity_error()
    chars = sorted(set(text))
    index = {c: i for i, c in enumerate(chars)}
    data = torch.tensor([index[c] for c in text], dtype=torch.long)
    split = int(len(data) * 0.9)
    train, held_out = data[:split], data[split:]
    n_windows = len(held_out) // context
    if n_windows < 1 or len(train) <= context + 1:
        raise ValueError("text too short for this context length")
    held_out = held_out[: n_windows * context].view(n_windows, context)

    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    points = []
    try:
        for width in widths:
            torch.manual_seed(seed)
            config = GPT2Config(vocab_size=len(chars), n_positions=context, n_embd=width, n_layer=1,
                                n_head=max(1, width // 8) if width % 8 == 0 else 1, n_inner=4 * width,
                                resid_pdrop=0.0, embd_pdrop=0.0, attn_pdrop=0.0, tie_word_embeddings=True)
            model = GPT2LMHeadModel(config)
            optimizer = torch.optim.AdamW(model.parameters(), lr=1e-2 if width < 64 else 5e-3, weight_decay=0.0)
            batches = torch.Generator().manual_seed(seed)
            model.train()
            for _ in range(steps):
                starts = torch.randint(0, len(train) - context, (batch_size,), generator=batches)
                x = torch.stack([train[s: s + context] for s in starts.tolist()])
                loss = model(input_ids=x, labels=x).loss
                optimizer.zero_grad()
                loss.backward()
                optimizer.step()
            model.eval()
            with torch.no_grad():
                held = float(model(input_ids=held_out, labels=held_out).loss)
            points.append(SweepPoint(width=width, n_params=count_parameters(config, head=True), loss=held))
    finally:
        torch.set_num_threads(threads)
    return points

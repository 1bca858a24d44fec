# SPDX-FileCopyrightText: 2026 The Open Source AI Lab Kit authors
# SPDX-License-Identifier: MIT
"""Exercises of Lab 06, Open generative models. Answers are recomputed with osai.generative or stored as fingerprints."""

from __future__ import annotations

import functools
import re
from typing import Any

from osai.checks import Exercises, Mismatch, as_function, as_instance, as_number, expect

ex = Exercises("06", salt_lab="11")

#: The canaries the lab plants, the seed that places them and the training steps: the notebook uses these.
CANARY_SECRETS = (("4821", 1), ("7305", 4), ("1962", 16))
PLANT_SEED = 11
STEPS = 300


@functools.cache
def _dedup_exposure() -> float:
    from osai.generative import Canary, deduplicate, exposure, plant_canaries, train_char_lm, training_text

    canaries = [Canary(secret, repeats) for secret, repeats in CANARY_SECRETS]
    model = train_char_lm(deduplicate(plant_canaries(training_text(), canaries, seed=PLANT_SEED)), steps=STEPS)
    return exposure(model, canaries[-1])


def _notebook_variable(name: str) -> Any:
    """The notebook's variable ``name`` when the check runs in IPython, else None.

    >>> _notebook_variable("no such variable") is None
    True
    """
    try:
        from IPython import get_ipython
    except ImportError:  # pragma: no cover - IPython ships with the kit
        return None
    shell = get_ipython()
    return None if shell is None else shell.user_ns.get(name)


def _letters(answer: Any, allowed: str, what: str) -> set[str]:
    answer = as_instance(answer, (set, frozenset, list, tuple, str), what)
    items = [t for t in re.split(r"[\s,;]+", answer) if t] if isinstance(answer, str) else list(answer)
    letters = {str(v).strip().lower() for v in items}
    expect(letters <= set(allowed), f"use only the letters {', '.join(allowed)}, one letter per choice "
                                    f"(such as {sorted(allowed)[0]!r})" + (", not words" if any(len(v) > 1 for v in letters) else ""))
    return letters


@ex("q1", points=2, expects="a set of repeat counts, such as {1, 4}",
    hints=("A model lowers its loss most on what it sees most often; a string seen once is one line among hundreds.",
           "Sampling 200 times finds a secret only when the model gives it a large share of its probability.",
           "Give the repeat counts (1, 4 or 16) of the canaries you expect to appear among the samples."))
def _q1(answer: Any) -> None:
    answer = as_instance(answer, (set, frozenset, list, tuple), "a set of repeat counts, such as {1, 4}")
    try:
        counts = {int(v) for v in answer}
    except (TypeError, ValueError):
        raise Mismatch("give repeat counts as whole numbers: 1, 4 or 16") from None
    expect(counts <= {1, 4, 16}, "the canaries are repeated 1, 4 and 16 times: use only those numbers")
    expect(bool(counts), "an empty prediction says no canary leaks: is that what you expect of 16 copies?")
    expect(16 in counts, "the canary seen 16 times is the one the model is most sure of: it belongs in the set")
    expect(1 not in counts, "one copy among 75 lines rarely gets enough probability to be sampled in 200 tries")


@ex("q2", points=1, expects="a number of bits",
    hints=("Train a new model on deduplicate(planted) with the same steps, then call exposure on it.",
           "exposure(model_dedup, canaries[2]) for the canary that was repeated 16 times."))
def _q2(answer: Any) -> None:
    value = as_number(answer, "a number of bits")
    want = _dedup_exposure()
    expect(0 <= value <= 13.29, "exposure of a 4-digit secret lies between 0 and log2(10,000) = 13.3 bits")
    expect(abs(value - 13.287712) > 1e-3 or abs(want - 13.287712) < 1e-3,
           "that is the exposure before deduplication: train a new model on deduplicate(planted)")
    expect(abs(value - want) < 1e-3, "not the exposure of canaries[2] (the one repeated 16 times) in a new model "
                                     "trained on the deduplicated text for STEPS steps")


@ex("q4", points=3, expects="a function retrieve(query, documents, k) returning k row indices",
    hints=("Cosine similarity is the dot product of two vectors divided by the product of their lengths.",
           "With numpy: documents @ query / (numpy.linalg.norm(documents, axis=1) * numpy.linalg.norm(query)).",
           "Then numpy.argsort(-scores, kind='stable')[:k], turned into a list of ints (this hint shows code)."),
    refuses=("osai.generative.top_k",), compared=True)
def _q4(retrieve: Any) -> None:
    import numpy as np

    from osai.generative import top_k

    retrieve = as_function(retrieve, "a function retrieve(query, documents, k)")
    rng = np.random.default_rng(11)
    # Rows of very different lengths: a dot product without normalising ranks the long rows first.
    documents = rng.normal(size=(12, 5)) * rng.uniform(0.1, 10, size=(12, 1))
    query = rng.normal(size=5)
    for k in (1, 3, 12):
        got = retrieve(query, documents, k)
        got = [int(i) for i in np.asarray(got).ravel().tolist()]
        want = top_k(query, documents, k)
        expect(len(got) == k, f"with k={k}, return exactly {k} indices")
        by_dot = [int(i) for i in np.argsort(-(documents @ query), kind="stable")[:k]]
        expect(got != by_dot or by_dot == want, "that ranks by the dot product: divide by the vectors' lengths "
                                                "(cosine similarity), or long documents always win")
        scores = documents @ query / (np.linalg.norm(documents, axis=1) * np.linalg.norm(query))
        expect(got != [int(i) for i in np.argsort(scores, kind="stable")[:k]] or got == want,
               "those are the least similar rows: numpy.argsort sorts from low to high, and the best come first")
        expect(got == want, f"with k={k} the indices are not the {k} most cosine-similar rows, best first")


@ex("q3", points=2, expects="a peft model: get_peft_model(copy of the base model, LoraConfig(...))",
    hints=("peft.LoraConfig(r=..., lora_alpha=..., target_modules=[...]) then peft.get_peft_model(model, config).",
           "The tiny model's two Linear layers are named 'hidden' and 'out'; the exercise asks for r=4.",
           "Copy the base model first (copy.deepcopy), so full fine-tuning and LoRA start from the same weights."))
def _q3(model: Any) -> None:
    from peft import PeftModel

    from osai.generative import count_parameters

    expect(isinstance(model, PeftModel), "expected the model returned by peft.get_peft_model, not "
                                         f"{type(model).__name__}")
    config = model.peft_config.get("default")
    expect(config is not None and getattr(config, "r", None) == 4, "use rank r=4 in the LoraConfig")
    targets = set(config.target_modules or ())
    expect(targets == {"hidden", "out"}, f"target both Linear layers, 'hidden' and 'out' (got {sorted(targets)})")
    core = model.base_model.model
    expect(core is not _notebook_variable("base"), "get_peft_model changed base itself: re-run the cell that trains "
                                                   "base, then wrap copy.deepcopy(base)")
    want = 4 * (core.hidden.in_features + core.hidden.out_features) + 4 * (core.out.in_features + core.out.out_features)
    expect(count_parameters(model, trainable_only=True) == want,
           "only the LoRA matrices should be trainable: the base weights stay frozen")


_RELEASE = {"a": "publishing every size at once before any study of misuse",
            "d": "giving up open weights for good, while a staged or gated release can measure the risk and "
                 "widen access as evidence comes in"}


@ex("q5", points=2, expects="one letter, a to d",
    hints=("GPT-2 (2019) is the precedent: a small model first, larger ones as studies of misuse came in.",
           "Weights cannot be recalled once published; an API or a gate can be opened later.",
           "Either a staged release or gated access with an agreement is defensible here."))
def _q5(answer: Any) -> None:
    letters = _letters(answer, "abcd", "one letter, a to d")
    expect(len(letters) == 1, "choose one plan (one letter)")
    letter = next(iter(letters))
    expect(letter not in _RELEASE, f"that plan means {_RELEASE.get(letter, '')}")


@ex("q6", points=2, expects="a set of letters, such as {'a', 'b'}",
    hints=("Read Article 53(2) of Regulation (EU) 2024/1689: it names the points of Article 53(1) it lifts.",
           "Recital 104 says which two obligations stay for open models, because publishing weights does not "
           "show the training data or the copyright policy."))
def _q6(answer: Any) -> None:
    letters = _letters(answer, "abcd", "a set of letters a to d")
    expect(bool(letters), "at least one obligation stays for every provider of a general-purpose AI model")
    expect(not ({"a", "b"} <= letters and len(letters) == 4),
           "that is every obligation: Article 53(2) lifts two of them for a model under a free and open-source licence")
    expect(letters != {"a", "b"}, "those are the two obligations Article 53(2) lifts for an open model: "
                                  "which ones does it leave in place?")
    expect(ex.matches(letters, "5c525464b25f54610795c30dd534bb584ae37f788d565729201b9a7069188000"),
           "not the obligations that stay for an open model without systemic risk (compare Art. 53(1) and 53(2))")

# SPDX-FileCopyrightText: 2026 The Open Source AI Lab Kit authors
# SPDX-License-Identifier: MIT
"""Testing the black box (Lab 05): a model's internals, occlusion, and how far attention agrees with it.

- :func:`internals` runs a transformers model on one text and returns its hidden states and attentions.
- :func:`token_state` turns a model into a function ``tokens -> vector``: the hidden state of one token.
- :func:`occlusion` is leave-one-out: how much a representation moves when each token is masked in turn.
- :func:`rank_agreement` compares two importance scores by Spearman's rank correlation.

Attention weights are often read as an explanation; Jain and Wallace (2019) compared them with other
measures of importance, such as leaving tokens out, and found that they often disagree. These functions
make that comparison cheap for one sentence on a CPU.

Importing this module is cheap: numpy, torch and scipy are imported inside functions.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

__all__ = ["MASK", "internals", "occlusion", "rank_agreement", "token_state"]

#: What :func:`occlusion` puts in place of a token (BERT's mask token).
MASK = "[MASK]"


def internals(model: Any, tokenizer: Any, text: str) -> Any:
    """The model's output for ``text`` with every hidden state and attention matrix.

    The call a learner writes in Lab 05, for the cells that need it before it is written::

        model(**tokenizer(text, return_tensors="pt"), output_hidden_states=True, output_attentions=True)

    The model must use the plain ("eager") attention, which returns its weights. The output carries
    ``made_by_osai = True``, so that Lab 05's q7 can tell it from the learner's own call.
    """
    import torch

    if not isinstance(text, str) or not text.strip():
        raise ValueError(f"expected a non-empty text, got {text!r}")
    with torch.no_grad():
        outputs = model(**tokenizer(text, return_tensors="pt"), output_hidden_states=True, output_attentions=True)
    outputs.made_by_osai = True
    return outputs


def token_state(model: Any, tokenizer: Any, position: int, layer: int = -1) -> Callable[[Sequence[str]], Any]:
    """A function ``tokens -> vector``: the hidden state, in ``layer``, of the token at ``position``.

    ``tokens`` are word pieces as ``tokenizer.convert_ids_to_tokens`` gives them, special tokens included;
    a token may be replaced by :data:`MASK`. The vector is a 1-D NumPy array.
    """
    import numpy as np
    import torch

    def represent(tokens: Sequence[str]) -> np.ndarray:
        tokens = list(tokens)
        if not 0 <= position < len(tokens):
            raise ValueError(f"position {position} is outside the {len(tokens)} tokens")
        ids = torch.tensor([tokenizer.convert_tokens_to_ids(tokens)])
        with torch.no_grad():
            out = model(input_ids=ids, attention_mask=torch.ones_like(ids), output_hidden_states=True)
        return out.hidden_states[layer][0, position].numpy().astype(float)

    return represent


def occlusion(represent: Callable[[Sequence[str]], Any], tokens: Sequence[str], target: int,
              mask: str = MASK) -> list[float]:
    """Leave-one-out importance of each token for ``represent(tokens)``.

    For each position ``j`` other than ``target``: ``1 - cos(represent(tokens), represent(masked))``, where
    ``masked`` is ``tokens`` with ``tokens[j]`` replaced by ``mask``. The ``target`` itself gets ``0.0``.
    A larger value means the representation depends more on that token.

    >>> import numpy as np
    >>> count_b = lambda toks: np.array([sum(t == "b" for t in toks), 1.0])
    >>> [round(v, 3) for v in occlusion(count_b, ["a", "b", "c"], target=0)]
    [0.0, 0.293, 0.0]
    """
    import numpy as np

    tokens = list(tokens)
    if not 0 <= target < len(tokens):
        raise ValueError(f"target {target} is outside the {len(tokens)} tokens")
    base = np.asarray(represent(tokens), dtype=float).ravel()
    scores = []
    for j in range(len(tokens)):
        if j == target:
            scores.append(0.0)
            continue
        moved = np.asarray(represent(tokens[:j] + [mask] + tokens[j + 1:]), dtype=float).ravel()
        norm = float(np.linalg.norm(base) * np.linalg.norm(moved))
        scores.append(float(1.0 - base @ moved / norm) if norm > 0 else 0.0)
    return scores


def rank_agreement(first: Sequence[float], second: Sequence[float]) -> float:
    """Spearman's rank correlation of two importance scores over the same items (1: same order, -1: reversed).

    >>> rank_agreement([0.1, 0.5, 0.9], [1, 2, 3])
    1.0
    """
    from scipy.stats import spearmanr

    if len(first) != len(second) or len(first) < 2:
        raise ValueError("expected two sequences of the same length, at least two items each")
    return float(spearmanr(list(first), list(second)).statistic)

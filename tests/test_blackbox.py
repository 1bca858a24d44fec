# SPDX-FileCopyrightText: 2026 The Open Source AI Lab Kit authors
# SPDX-License-Identifier: MIT
"""osai.blackbox: occlusion and rank agreement on small made-up representations (no model is loaded)."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from osai import blackbox


def test_occlusion_scores_the_token_a_representation_depends_on():
    def count_b(tokens):
        return np.array([sum(t == "b" for t in tokens), 1.0])

    scores = blackbox.occlusion(count_b, ["a", "b", "c"], target=0)
    assert scores[0] == 0.0 and scores[2] == pytest.approx(0.0, abs=1e-12)
    assert scores[1] == pytest.approx(1 - 1 / np.sqrt(2))


@settings(max_examples=50, deadline=None)
@given(st.lists(st.text(alphabet="abc", min_size=1, max_size=3), min_size=1, max_size=6), st.data())
def test_occlusion_is_a_cosine_distance_with_the_target_at_zero(tokens, data):
    target = data.draw(st.integers(0, len(tokens) - 1))

    def letters(toks):
        return np.array([sum(t.count(c) for t in toks) for c in "abc"] + [1.0])

    seen = []

    def watched(toks):
        seen.append(len(toks))
        return letters(toks)

    scores = blackbox.occlusion(watched, tokens, target)
    assert len(scores) == len(tokens) and scores[target] == 0.0
    assert all(-1e-12 <= s <= 2 for s in scores)
    assert set(seen) == {len(tokens)}  # masked, never removed


def test_occlusion_refuses_a_target_outside_the_tokens():
    with pytest.raises(ValueError, match="outside the 2 tokens"):
        blackbox.occlusion(lambda t: np.ones(2), ["a", "b"], target=2)


def test_rank_agreement():
    assert blackbox.rank_agreement([1, 2, 3], [10, 20, 30]) == pytest.approx(1.0)
    assert blackbox.rank_agreement([1, 2, 3], [3, 2, 1]) == pytest.approx(-1.0)
    with pytest.raises(ValueError):
        blackbox.rank_agreement([1], [1])

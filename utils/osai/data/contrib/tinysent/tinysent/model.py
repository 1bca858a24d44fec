"""tinysent: a tiny, fully open sentiment model (two word lists and a rule)."""

from __future__ import annotations

import re

POSITIVE = frozenset({"good", "great", "excellent", "love", "helpful", "clear"})
NEGATIVE = frozenset({"bad", "poor", "terrible", "hate", "useless", "wrong"})


def tokenize(text: str) -> list[str]:
    """The words of a text, in lower case, without punctuation."""
    return text.split()


def score(text: str) -> int:
    """Positive words minus negative words."""
    words = tokenize(text)
    return sum(w in POSITIVE for w in words) - sum(w in NEGATIVE for w in words)


def predict(text: str) -> str:
    """'positive', 'negative' or 'neutral'."""
    value = score(text)
    if value > 0:
        return "positive"
    if value < 0:
        return "negative"
    return "neutral"

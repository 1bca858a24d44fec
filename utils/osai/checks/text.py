# SPDX-FileCopyrightText: 2026 The Open Source AI Lab Kit authors
# SPDX-License-Identifier: MIT
"""Short, safe text of any value, on one line: what every check message is made of.

:func:`safe_repr` and :func:`shorten` never raise, whatever the value, and hide memory addresses, so a
message stays the same on every run. Import them from :mod:`osai.checks`.
"""

from __future__ import annotations

import re

__all__ = ["GAP", "safe_repr", "shorten"]

_ADDRESS = re.compile(r"0x[0-9a-fA-F]{4,}")
_MAX_DETAIL = 160


def safe_repr(value: object, limit: int = 60) -> str:
    """A short ``repr`` that never raises and hides memory addresses.

    >>> safe_repr("x" * 100, limit=10)
    "'xxxxxx..."
    >>> class Bad:
    ...     def __repr__(self): raise RuntimeError("no")
    >>> safe_repr(Bad())
    '<Bad object>'
    """
    try:
        text = repr(value)
    except BaseException:  # noqa: BLE001 - a hostile __repr__ must not escape
        try:
            text = f"<{type(value).__name__} object>"
        except BaseException:  # noqa: BLE001
            text = "<object>"
    text = _ADDRESS.sub("0x…", text)
    if len(text) > limit:
        text = text[: max(limit - 3, 1)] + "..."
    return text


def _one_line(text: object) -> str:
    """``text`` on one line, without memory addresses (not shortened: :func:`shorten` does that)."""
    return _ADDRESS.sub("0x…", " ".join(str(text)[:20_000].split()))


#: What :func:`shorten` puts where it left words out.
GAP = " … "


def shorten(text: object, limit: int = _MAX_DETAIL) -> str:
    """``text`` on one line of at most ``limit`` characters, shortened in the middle, between words.

    The start (what is wrong) and the end (often the expected value or an example) are kept whole;
    words are left out of the middle and replaced by `` … ``. Only a single word longer than half
    the line (a long value, never a word of prose) is itself cut, and then ends with ``…``.

    >>> shorten("a short message")
    'a short message'
    >>> shorten("the branch name is not in lower case with hyphens, e.g. 'fix/card-license'", limit=50)
    "the branch name is not … e.g. 'fix/card-license'"
    >>> shorten("x" * 30, limit=10)
    'xxxxxxxxx…'
    """
    text = _one_line(text)
    if len(text) <= limit:
        return text
    words = text.split(" ")
    if len(words) == 1:
        return text[: limit - 1] + "…"
    budget = max(limit - len(GAP), 2)
    if len(words[0]) > budget // 2:  # a first word longer than half the line is a value: cut it
        words[0] = words[0][: max(budget // 2 - 1, 1)] + "…"

    def width(part: list[str]) -> int:
        return len(" ".join(part))

    head: list[str] = []
    while len(head) < len(words) and width(head + [words[len(head)]]) <= budget // 2:
        head.append(words[len(head)])
    tail: list[str] = []
    while len(head) + len(tail) < len(words) and width(head) + width([words[-len(tail) - 1]] + tail) <= budget:
        tail.insert(0, words[-len(tail) - 1])
    while len(head) + len(tail) < len(words) and width(head + [words[len(head)]]) + width(tail) <= budget:
        head.append(words[len(head)])
    if len(head) + len(tail) == len(words):
        return " ".join(head + tail)[:limit]
    if not tail:  # the last word alone does not fit: it is a value, cut it
        room = budget - width(head) - 1
        return (" ".join(head) + GAP + (words[-1][:room] + "…" if room > 1 else "")).rstrip()
    return " ".join(head) + GAP + " ".join(tail)

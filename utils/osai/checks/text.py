# SPDX-FileCopyrightText: 2026 The Open Source AI Lab Kit authors
# SPDX-License-Identifier: MIT
"""Short, safe text of any value, on one line: what every check message is made of.

:func:`safe_repr` and :func:`shorten` never raise, whatever the value, and hide memory addresses, so a
message stays the same on every run. Import them from :mod:`osai.checks`.
"""

from __future__ import annotations

import bisect
import itertools
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
_OPEN = {"[": "]", "(": ")", "{": "}"}
_QUOTES = ("'", '"')
#: A word longer than this is a value (a repr, a path), never a word of prose: only such a word may be cut.
_LONG_WORD = 40
#: A value this short is read whole: shortening it would save too little to be worth its ``…``.
_SHORT_VALUE = 24


def shorten(text: object, limit: int = _MAX_DETAIL) -> str:
    """``text`` on one line of at most ``limit`` characters, keeping what a learner needs.

    The start (what is wrong) and the end (the advice, the expected value) stay. What must go leaves in
    this order: first the middle items of long lists and the middle words of long quoted values (a
    ``repr`` of what the learner's code returned), each shown as ``…``; then, if the line is still too
    long, words from the middle of the prose, whole clauses where possible (from a comma, colon or
    semicolon to the next), so that no kept clause loses its verb. Only a word longer than half the line
    (a value, never a word of prose) is itself cut, and then ends with ``…``.

    >>> shorten("a short message")
    'a short message'
    >>> shorten("expected [0.1, 0.0, 0.07, 0.13, 0.2, 0.4], got [0.1, 0.0, 0.15, 0.4, 0.5, 0.6]: "
    ...         "start from the tokens", 80)
    'expected [0.1, 0.0, …, 0.4], got [0.1, 0.0, …, 0.6]: start from the tokens'
    >>> shorten("labels_api 0: a label still says whether the model is right on a row, and an over-fitted model "
    ...         "is right on every row it memorised", limit=90)
    'labels_api 0: … and an over-fitted model is right on every row it memorised'
    >>> shorten("x" * 30, limit=10)
    'xxxxxxxxx…'
    """
    text = _one_line(text)
    if len(text) <= limit:
        return text
    text = _shrink_values(text, limit)
    if len(text) <= limit:
        return text
    return _drop_clauses(text, limit)


def _closes_quote(text: str, index: int) -> bool:
    return index + 1 == len(text) or not text[index + 1].isalnum()


def _opens_quote(text: str, index: int) -> bool:
    return text[index] in _QUOTES and (index == 0 or not text[index - 1].isalnum())


def _spans(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` of every bracketed group and quoted value of ``text``, found in one pass."""
    closers = {q: [j for j, c in enumerate(text) if c == q and _closes_quote(text, j)] for q in _QUOTES}
    spans: list[tuple[int, int]] = []
    stack: list[int] = []
    index = 0
    while index < len(text):
        char = text[index]
        if char in _QUOTES and _opens_quote(text, index):
            after = bisect.bisect_right(closers[char], index)
            if after < len(closers[char]):
                spans.append((index, closers[char][after] + 1))
                index = closers[char][after] + 1
                continue
        elif char in _OPEN:
            stack.append(index)
        elif char in ")]}":
            if stack and _OPEN[text[stack[-1]]] == char:
                spans.append((stack.pop(), index + 1))
            else:
                stack.clear()  # an unbalanced closer: nothing open before it is a value
        index += 1
    return spans


def _items(inner: str) -> list[str]:
    """The items of a list's inside, split at the commas outside nested brackets and quotes."""
    items, depth, quote, start = [], 0, "", 0
    for index, char in enumerate(inner):
        if quote:
            quote = "" if char == quote and _closes_quote(inner, index) else quote
        elif _opens_quote(inner, index):
            quote = char
        elif char in _OPEN:
            depth += 1
        elif char in ")]}":
            depth -= 1
        elif char == "," and depth == 0 and inner[index + 1:index + 2] == " ":
            items.append(inner[start:index])
            start = index + 2
    return items + [inner[start:]]


def _is_value(item: str) -> bool:
    """Whether a list item is a value (``0.5``, ``'a b'``, ``('x', 1)``, ``'k': v``), not words of prose."""
    outside, depth, quote = [], 0, ""
    for index, char in enumerate(item):
        if quote:
            quote = "" if char == quote and _closes_quote(item, index) else quote
        elif _opens_quote(item, index) or char in _OPEN:
            outside.append("x" if depth == 0 else "")  # a quoted text or a group counts as one value
            quote, depth = (char, depth) if char in _QUOTES else ("", depth + 1)
        elif char in ")]}":
            depth -= 1
        elif depth == 0:
            outside.append(char)
    return re.fullmatch(r"\S+(?:: \S+)?", "".join(outside)) is not None


def _shorter(value: str, room: int) -> str | None:
    """The longest shorter form of one value that fits in ``room`` characters (else its shortest form), or
    ``None`` when it has none: a list keeps its first items and its last, a quoted text both ends."""
    opening, closing, inner = value[0], value[-1], value[1:-1]
    if len(value) <= _SHORT_VALUE:
        return None
    if opening in _QUOTES:
        parts, join, gap = inner.split(" "), " ", " … "
        if len(parts) == 1:
            keep = max(min(room - 3, len(inner) - 2), _LONG_WORD // 2)
            if len(inner) <= _LONG_WORD or keep >= len(inner) - 1:
                return None
            return opening + inner[:keep] + "…" + closing
    else:
        parts, join, gap = _items(inner), ", ", ", …, "
        if not all(_is_value(part) for part in parts):
            return None
    if len(parts) < 3:
        return None
    head, tail = [parts[0]], [parts[-1]]
    width = 2 + len(parts[0]) + len(gap) + len(parts[-1])
    while len(head) + len(tail) < len(parts) - 1:
        on_head = join == ", " or len(head) <= len(tail)  # a list keeps its first items, a text both ends
        part = parts[len(head)] if on_head else parts[-len(tail) - 1]
        if width + len(join) + len(part) > room:
            break
        width += len(join) + len(part)
        head.append(part) if on_head else tail.insert(0, part)
    if width > room and join == ", ":  # not even the first and the last item fit: the first alone
        return opening + parts[0] + ", …" + closing
    return opening + join.join(head) + gap + join.join(tail) + closing


def _outer_values(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` of the values of ``text`` that can be shortened and lie in no other such value."""
    spans = []
    for start, end in sorted(_spans(text), key=lambda span: (span[0], -span[1])):
        if spans and start < spans[-1][1]:
            continue
        shortest = _shorter(text[start:end], 0)
        if shortest is not None and len(shortest) < end - start:
            spans.append((start, end))
    return spans


def _shrink_values(text: str, limit: int) -> str:
    """``text`` with its values shortened (:func:`_shorter`), the longest first and then all alike, until it
    fits in ``limit`` or no value can shrink."""
    for _ in range(20):
        excess = len(text) - limit
        spans = _outer_values(text) if excess > 0 else []
        if not spans:
            return text
        lengths = sorted((end - start for start, end in spans), reverse=True) + [0]
        for count in range(1, len(lengths)):  # the width every value longer than it is shortened to
            target = (sum(lengths[:count]) - excess) // count
            if target >= lengths[count]:
                break
        for start, end in reversed(spans):
            if end - start > target:
                text = text[:start] + (_shorter(text[start:end], max(target, 0)) or text[start:end]) + text[end:]
    return text


def _boundary(before: str, after: str) -> int:
    """How strongly a clause ends between the words ``before`` and ``after``: 2 after a colon, a semicolon or a
    sentence (what follows is often the advice), 1 at a comma or a bracket, else 0 (``e.g.`` ends none)."""
    if before.endswith((";", ":", "?", "!")) or (before.endswith(".") and "." not in before[:-1]):
        return 2
    return int(after.startswith("(") or before.endswith((",", ")")))


def _drop_clauses(text: str, limit: int) -> str:
    """``text`` in ``limit`` characters: words left out of its middle, whole clauses where that keeps enough."""
    budget = max(limit - len(GAP), 2)
    half = max(budget // 2, 2)
    words = [w if len(w) <= half else w[: half - 1] + "…" for w in text.split(" ")]
    if len(words) == 1:
        return text[: limit - 1] + "…"
    if len(" ".join(words)) <= limit:
        return " ".join(words)
    n = len(words)
    prefix = [0] * (n + 1)  # prefix[a]: width of words[:a]
    for a in range(1, n + 1):
        prefix[a] = prefix[a - 1] + len(words[a - 1]) + (a > 1)
    suffix = [0] * (n + 1)  # suffix[b]: width of words[b:]
    for b in range(n - 1, -1, -1):
        suffix[b] = suffix[b + 1] + len(words[b]) + (b < n - 1)
    inside = [0] * (prefix[n] + 2)  # inside[k] > 0: character k of the line lies in a value (brackets, quotes)
    for start, end in _spans(" ".join(words)):
        inside[start] += 1
        inside[end] -= 1
    inside = list(itertools.accumulate(inside))
    ends = [_boundary(words[i - 1], words[i]) if 0 < i < n and not inside[prefix[i]] else 0 for i in range(n + 1)]
    following: list[int | None] = [None] * (n + 1)  # following[i]: the first clause boundary at i or after
    strong: list[int | None] = [None] * (n + 1)  # strong[i]: the first colon, semicolon or full stop at i or after
    for i in range(n - 1, 0, -1):
        following[i] = i if ends[i] else following[i + 1]
        strong[i] = i if ends[i] == 2 else strong[i + 1]
    # the advice: what follows the last colon, semicolon or full stop (else the last comma)
    advice = max((i for i in range(n) if ends[i] == 2), default=max((i for i in range(n) if ends[i]), default=n - 1))
    clean, last = [True] * (n + 1), 0  # clean[a]: words[:a] end a clause or keep a good part of the last one
    for a in range(1, n + 1):
        last = a if ends[a] else last
        clean[a] = last == a or prefix[a] - prefix[last] >= budget // 4
    best = (False, False, False, False, -prefix[n], -1, 1, n - 1)
    b = 2
    for a in range(1, n - 1):
        if prefix[a] + suffix[n - 1] > budget:
            break
        b = max(b, a + 1)
        while suffix[b] + prefix[a] > budget:
            b += 1
        for end in (b, following[b], strong[b]):
            if end is None:
                continue
            kept = prefix[a] + suffix[end]
            # the advice whole first, then enough of the start (what is wrong), then no stub of a clause
            enough = prefix[a] >= min(prefix[following[1] or n], budget // 3)
            # after a whole clause, the start gains the rest; a tail cut between words shares the line with it
            share = prefix[a] if ends[end] else -abs(prefix[a] - suffix[end])
            best = max(best, (end <= advice and ends[end] > 0, ends[end] > 0, enough, clean[a], share, kept, a, end))
    *_, a, end = best
    return " ".join(words[:a]) + GAP + " ".join(words[end:])

# SPDX-FileCopyrightText: 2026 The Open Source AI Lab Kit authors
# SPDX-License-Identifier: MIT
"""Personal data in text (Lab 04): find it with checked patterns, and mask it in place.

:func:`find_pii` finds emails, phone numbers, IBANs (checked with ISO 7064 mod 97), payment card
numbers (checked with Luhn), dates of birth and listed names; :func:`redact` masks them without moving
any other character.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

__all__ = ["Finding", "KINDS", "find_pii", "iban_valid", "luhn_valid", "redact"]

#: The kinds of personal data :func:`find_pii` looks for, in the order it resolves overlaps.
KINDS = ("email", "iban", "card", "date_of_birth", "phone", "name")


@dataclass(frozen=True, order=True)
class Finding:
    """One piece of personal data in a text: ``text[start:end]`` is of ``kind``."""

    start: int
    end: int
    kind: str
    text: str


def _check_kinds(kinds: Iterable[str]) -> tuple[str, ...]:
    if isinstance(kinds, str):
        kinds = (kinds,)
    chosen = tuple(kinds)
    for kind in chosen:
        if kind not in KINDS:
            import difflib

            close = difflib.get_close_matches(str(kind), KINDS, n=1)
            hint = f"; did you mean {close[0]!r}?" if close else ""
            raise ValueError(f"unknown kind {kind!r}: expected some of {', '.join(KINDS)}{hint}")
    return chosen


def luhn_valid(number: str) -> bool:
    """Whether a card number passes the Luhn check (spaces and dashes are ignored).

    >>> luhn_valid("4539 1488 0343 6467"), luhn_valid("4539 1488 0343 6468")
    (True, False)
    >>> luhn_valid("12ab")
    False
    """
    if not isinstance(number, str):
        raise TypeError(f"expected the number as a string, got {type(number).__name__}")
    digits = number.replace(" ", "").replace("-", "")
    if not digits or not (digits.isascii() and digits.isdigit()):
        return False
    total = 0
    for i, char in enumerate(reversed(digits)):
        d = int(char)
        if i % 2 == 1:
            d = d * 2 - 9 if d > 4 else d * 2
        total += d
    return total % 10 == 0


def iban_valid(iban: str) -> bool:
    """Whether an IBAN passes the ISO 7064 mod-97 check (spaces ignored, 15 to 34 characters).

    Check digits must lie between 02 and 98 (ISO 13616): 00 and 01 would pass the mod-97 test
    whenever 97 and 98 do, since they differ by a multiple of 97.

    >>> iban_valid("DE89 3704 0044 0532 0130 00"), iban_valid("DE88 3704 0044 0532 0130 00")
    (True, False)
    """
    if not isinstance(iban, str):
        raise TypeError(f"expected the IBAN as a string, got {type(iban).__name__}")
    compact = iban.replace(" ", "").upper()
    if not re.fullmatch(r"[A-Z]{2}\d{2}[A-Z0-9]{11,30}", compact, flags=re.ASCII):
        return False
    if not 2 <= int(compact[2:4]) <= 98:
        return False
    moved = compact[4:] + compact[:4]
    return int("".join(str(int(c, 36)) for c in moved)) % 97 == 1


_MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september",
           "october", "november", "december")


@functools.cache
def _patterns() -> dict[str, re.Pattern[str]]:
    """The detectors' regular expressions, compiled on first use (keeps ``import osai.privacy`` fast)."""
    return {
        # Local part: RFC 5322's atext (section 3.2.3: letters, digits and !#$%&'*+/=?^_`{|}~-) and dots,
        # starting with a letter or digit; an apostrophe inside a word (o'brien) belongs to the address.
        "email": re.compile(r"(?<![\w.+-])(?<!\w')[A-Za-z0-9](?:[A-Za-z0-9._%+'!#$&*/=?^`{|}~-]{0,63})"
                            r"@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}(?![\w-])", re.ASCII),
        "iban": re.compile(r"(?<![A-Za-z0-9])[A-Z]{2}\d{2}(?: ?[A-Z0-9]){11,30}(?![A-Za-z0-9])", re.ASCII),
        "card": re.compile(r"(?<![\w-])(?<![A-Z]{2}\d\d )(?<!\d )\d(?:[ -]?\d){12,18}(?![\w-])", re.ASCII),
        "phone": re.compile(r"(?<![\w+/-])(?<!\d )(?:\+\d{1,3}[ -]?(?:\(0\)[ -]?)?\d|0\d)(?:[ /-]?\d){5,13}(?![\w-])", re.ASCII),
        "date": re.compile(
            r"(?<!\d)(?:(?P<d>\d{1,2})[./](?P<m>\d{1,2})[./](?P<y>\d{4})"
            r"|(?P<iy>\d{4})-(?P<im>\d{2})-(?P<id>\d{2})"
            r"|(?P<td>\d{1,2}) (?P<tm>" + "|".join(_MONTHS) + r") (?P<ty>\d{4}))(?!\d)",
            re.IGNORECASE | re.ASCII,
        ),
        "cue": re.compile(r"(born|birth|dob|d\.o\.b|geboren|geb\.)", re.IGNORECASE),
    }


def _real_date(match: re.Match[str]) -> bool:
    import datetime as _dt

    g = match.groupdict()
    try:
        if g["d"]:
            _dt.date(int(g["y"]), int(g["m"]), int(g["d"]))
        elif g["iy"]:
            _dt.date(int(g["iy"]), int(g["im"]), int(g["id"]))
        else:
            _dt.date(int(g["ty"]), _MONTHS.index(g["tm"].lower()) + 1, int(g["td"]))
    except ValueError:
        return False
    return True


def _iban_spans(text: str) -> Iterable[tuple[int, int]]:
    for match in _patterns()["iban"].finditer(text):
        # The pattern may swallow a following word in capitals ("... 3000 EUR"): drop trailing
        # space-separated tokens that contain a letter, one at a time, until the checksum holds.
        candidate = match.group()
        while True:
            if iban_valid(candidate):
                yield match.start(), match.start() + len(candidate)
                break
            head, _, last = candidate.rpartition(" ")
            if not head or not any(c.isalpha() for c in last):
                break
            candidate = head


def _candidates(text: str, kind: str, names: Sequence[str]) -> Iterable[tuple[int, int]]:
    if kind == "email":
        yield from (m.span() for m in _patterns()["email"].finditer(text))
    elif kind == "iban":
        yield from _iban_spans(text)
    elif kind == "card":
        for m in _patterns()["card"].finditer(text):
            separators = set(re.sub(r"\d", "", m.group()))
            if len(separators) <= 1 and luhn_valid(m.group()):
                yield m.span()
    elif kind == "phone":
        for m in _patterns()["phone"].finditer(text):
            digits = sum(c.isdigit() for c in m.group())
            if 7 <= digits <= 15:
                yield m.span()
    elif kind == "date_of_birth":
        for m in _patterns()["date"].finditer(text):
            if _real_date(m) and _patterns()["cue"].search(text[max(0, m.start() - 30):m.start()]):
                yield m.span()
    elif kind == "name":
        for name in sorted(set(names), key=len, reverse=True):
            for m in re.finditer(r"(?<!\w)" + re.escape(name) + r"(?!\w)", text):
                yield m.span()


def find_pii(text: str, names: Iterable[str] = (), kinds: Iterable[str] = KINDS) -> list[Finding]:
    """Personal data in ``text``: non-overlapping :class:`Finding` s, sorted by position.

    Kinds are :data:`KINDS`. Card numbers must pass Luhn and IBANs mod 97, so a random number is
    rarely flagged; a date counts as a date of birth only after a cue such as "born" or "date of
    birth"; ``names`` is a list of names to find as whole words (longest first). Where two kinds
    overlap, the earlier kind in :data:`KINDS` wins.

    >>> find_pii("Call +49 30 1234567 or 4539-1488-0343-6467. Ref 1234 5678 9012 3456.")
    [Finding(start=5, end=19, kind='phone', text='+49 30 1234567'), Finding(start=23, end=42, kind='card', text='4539-1488-0343-6467')]
    >>> find_pii("Jürgen Weiß, born 03.07.1985", names=["Jürgen Weiß"])[1].kind
    'date_of_birth'
    """
    if not isinstance(text, str):
        raise TypeError(f"expected text (str), got {type(text).__name__}")
    if isinstance(names, str):
        raise TypeError("names must be a list of names, not one string: use names=['Anna Schmidt']")
    names = [n for n in names if isinstance(n, str) and n.strip()]
    chosen = _check_kinds(kinds)
    taken = [False] * len(text)
    found: list[Finding] = []
    for kind in KINDS:
        if kind not in chosen:
            continue
        for start, end in _candidates(text, kind, names):
            if end > start and not any(taken[start:end]):
                taken[start:end] = [True] * (end - start)
                found.append(Finding(start, end, kind, text[start:end]))
    return sorted(found)


def redact(text: str, kinds: Iterable[str] = KINDS, names: Iterable[str] = (), mask: str = "█",
           findings: Iterable[Finding] | None = None) -> str:
    """``text`` with every character of the personal data found replaced by ``mask``.

    The result has the same length, and every other character stays where it was, so offsets
    computed on the original still point to the same places. Give ``findings`` to redact those
    instead of running :func:`find_pii`.

    >>> redact("Mail anna@example.org now")
    'Mail ████████████████ now'
    >>> redact("Mail anna@example.org now", kinds=["phone"])
    'Mail anna@example.org now'
    """
    if not isinstance(text, str):
        raise TypeError(f"expected text (str), got {type(text).__name__}")
    if not isinstance(mask, str) or len(mask) != 1:
        raise ValueError(f"mask must be a single character, got {mask!r}")
    chosen = _check_kinds(kinds)
    spans = find_pii(text, names=names, kinds=chosen) if findings is None else list(findings)
    chars = list(text)
    for f in spans:
        if not (0 <= f.start <= f.end <= len(text)):
            raise ValueError(f"finding {f} is outside the text (length {len(text)})")
        if f.kind in chosen:
            chars[f.start:f.end] = mask * (f.end - f.start)
    return "".join(chars)

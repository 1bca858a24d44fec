# SPDX-FileCopyrightText: 2026 The Open Source AI Lab Kit authors
# SPDX-License-Identifier: MIT
"""Synthetic customer messages with planted personal data, and scores of a detector against them (Lab 04).

:func:`make_customer_messages` generates bank support messages with planted personal data and the
truth of where it is, and :func:`detection_scores` measures precision and recall against it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from osai.privacy.pii import KINDS, _MONTHS, Finding, _check_kinds, find_pii, iban_valid, luhn_valid

if TYPE_CHECKING:  # pragma: no cover
    import random

__all__ = ["Message", "detection_scores", "make_customer_messages"]

_FIRST = ("Anna", "Jürgen", "Zoë", "Mehmet", "Olga", "Lukas", "Fatma", "Søren", "Chiara", "Piotr",
          "Amélie", "Björn", "Leila", "Tomasz", "Ingrid", "Kofi")
_LAST = ("Schmidt", "Weiß", "Yılmaz", "Novak", "Müller", "Rossi", "Jensen", "Kowalski", "Dubois",
         "Okafor", "Lindqvist", "Fischer", "García", "Nowak")
_ASCII = str.maketrans({"ü": "ue", "ö": "oe", "ä": "ae", "ß": "ss", "ë": "e", "é": "e", "ø": "o",
                        "ı": "i", "í": "i", "á": "a", "ł": "l"})


@dataclass(frozen=True)
class Message:
    """A synthetic customer message and the truth: where its personal data is."""

    text: str
    truth: tuple[Finding, ...]
    names: tuple[str, ...] = field(default=())


def _iban(rng: random.Random, country: str = "DE") -> str:
    bban = "".join(rng.choice("0123456789") for _ in range(18))
    moved = bban + country + "00"
    check = 98 - int("".join(str(int(c, 36)) for c in moved)) % 97
    compact = f"{country}{check:02d}{bban}"
    return " ".join(compact[i:i + 4] for i in range(0, len(compact), 4)) if rng.random() < 0.6 else compact


def _luhn_complete(body: str) -> str:
    for last in "0123456789":
        if luhn_valid(body + last):
            return body + last
    raise AssertionError("unreachable")  # pragma: no cover


def _card(rng: random.Random, valid: bool = True) -> str:
    body = rng.choice("45") + "".join(rng.choice("0123456789") for _ in range(14))
    number = _luhn_complete(body)
    if not valid:
        number = number[:-1] + str((int(number[-1]) + rng.randint(1, 9)) % 10)
    sep = rng.choice(["", " ", "-"])
    return sep.join(number[i:i + 4] for i in range(0, 16, 4))


def _phone(rng: random.Random) -> str:
    kind = rng.randrange(3)
    if kind == 0:
        return f"+49 {rng.randint(30, 89)} {rng.randint(1000000, 9999999)}"
    if kind == 1:
        return f"0{rng.randint(150, 179)}-{rng.randint(1000000, 9999999)}"
    return f"+44 20 {rng.randint(1000, 9999)} {rng.randint(1000, 9999)}"


def _date(rng: random.Random, year_from: int, year_to: int) -> str:
    import datetime as _dt

    day = _dt.date(year_from, 1, 1) + _dt.timedelta(days=rng.randrange((year_to - year_from) * 365))
    style = rng.randrange(3)
    if style == 0:
        return f"{day.day:02d}.{day.month:02d}.{day.year}"
    if style == 1:
        return day.isoformat()
    return f"{day.day} {_MONTHS[day.month - 1].capitalize()} {day.year}"


_TEMPLATES = (
    "Hello, this is {name}. My card {card} was charged twice on {txdate}. Please call me on {phone}.",
    "Dear bank, please move EUR {amount} to {iban}. Reference {ref}. Regards, {name}",
    "I forgot my PIN. My name is {name}, date of birth {dob}, and my email is {email}.",
    "Why was transfer {ref} of {amount} EUR from {iban} rejected? You can reach me at {email}.",
    "Hi, {name} here (born {dob}). New phone number: {phone}. Old IBAN {badiban} is closed.",
    "Card {badcard} does not work at the ATM. Contract no. {ref}, amount {amount}.",
    "My statement from {txdate} shows order {ref}. Please email {email} or call {phone}.",
    "Please update my address. {name}, customer since {txdate}, card {card}.",
)


def make_customer_messages(n: int, seed: int = 0) -> list[Message]:
    """``n`` synthetic customer-support messages to a bank, with planted personal data and its truth.

    Each :class:`Message` has the text, the true findings (``email``, ``phone``, ``iban``, ``card``,
    ``date_of_birth``, ``name``) and the names used (the list a bank would match against). Distractors
    that must *not* be flagged are planted too: reference numbers, amounts, transaction dates, card
    numbers that fail Luhn, IBANs that fail mod 97. The same ``(n, seed)`` gives the same messages.

    >>> m = make_customer_messages(3, seed=1)
    >>> len(m), all(m[0].text[f.start:f.end] == f.text for f in m[0].truth)
    (3, True)
    """
    if isinstance(n, bool) or not isinstance(n, int) or n < 0:
        raise ValueError(f"n must be a whole number >= 0, got {n!r}")
    if isinstance(seed, bool) or not isinstance(seed, int):
        raise TypeError(f"seed must be an int, got {seed!r}")
    import random
    import string

    rng = random.Random(seed)
    messages = []
    for _ in range(n):
        first, last = rng.choice(_FIRST), rng.choice(_LAST)
        name = f"{first} {last}"
        email = f"{first.translate(_ASCII).lower()}.{last.translate(_ASCII).lower()}{rng.randint(1, 99)}@example.{rng.choice(['com', 'de', 'org'])}"
        bad = _iban(rng)
        bad = bad[:2] + f"{(int(bad[2:4]) + rng.randint(1, 9)) % 100:02d}" + bad[4:]
        values = {
            "name": ("name", name), "email": ("email", email), "phone": ("phone", _phone(rng)),
            "iban": ("iban", _iban(rng)), "card": ("card", _card(rng)), "dob": ("date_of_birth", _date(rng, 1940, 2005)),
            "badiban": (None, bad if not iban_valid(bad) else bad[:2] + "00" + bad[4:]),
            "badcard": (None, _card(rng, valid=False)), "txdate": (None, _date(rng, 2020, 2026)),
            "ref": (None, str(rng.randint(10**7, 10**9))), "amount": (None, f"{rng.randint(10, 9999)}.{rng.randint(0, 99):02d}"),
        }
        template = rng.choice(_TEMPLATES)
        text, truth = "", []
        for literal, slot, _, _ in string.Formatter().parse(template):
            text += literal
            if slot is None:
                continue
            kind, value = values[slot]
            if kind is not None:
                truth.append(Finding(len(text), len(text) + len(value), kind, value))
            text += value
        messages.append(Message(text, tuple(truth), (name,)))
    return messages


def detection_scores(messages: Sequence[Message], detector: Callable[..., Iterable[Finding]] | None = None,
                     kinds: Iterable[str] = KINDS) -> dict[str, dict[str, float]]:
    """Precision, recall and counts per kind (and ``"all"``) of a detector against the planted truth.

    A finding counts as right only when kind, start and end match exactly. ``detector(text, names)``
    defaults to :func:`find_pii`.

    >>> scores = detection_scores(make_customer_messages(50, seed=0))
    >>> scores["all"]["precision"], scores["all"]["recall"]
    (1.0, 1.0)
    """
    chosen = _check_kinds(kinds)
    detect = detector or (lambda text, names: find_pii(text, names=names))
    counts = {k: {"tp": 0, "fp": 0, "fn": 0} for k in (*chosen, "all")}
    for message in messages:
        truth = {(f.kind, f.start, f.end) for f in message.truth if f.kind in chosen}
        got = {(f.kind, f.start, f.end) for f in detect(message.text, list(message.names)) if f.kind in chosen}
        for kind in chosen:
            t = {x for x in truth if x[0] == kind}
            g = {x for x in got if x[0] == kind}
            for key in (kind, "all"):
                counts[key]["tp"] += len(t & g)
                counts[key]["fp"] += len(g - t)
                counts[key]["fn"] += len(t - g)
    scores = {}
    for key, c in counts.items():
        found, real = c["tp"] + c["fp"], c["tp"] + c["fn"]
        scores[key] = {"precision": c["tp"] / found if found else 1.0,
                       "recall": c["tp"] / real if real else 1.0, **{k: float(v) for k, v in c.items()}}
    return scores

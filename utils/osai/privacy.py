# SPDX-FileCopyrightText: 2026 The Open Source AI Lab Kit authors
# SPDX-License-Identifier: MIT
"""What opening data and weights can leak, measured (Lab 04).

Three tools, each on real or realistic data:

- personal data in text: :func:`find_pii` finds emails, phone numbers, IBANs (checked with ISO 7064
  mod 97), payment card numbers (checked with Luhn), dates of birth and listed names;
  :func:`redact` masks them without moving any other character; :func:`make_customer_messages`
  generates bank support messages with planted personal data and the truth of where it is, and
  :func:`detection_scores` measures precision and recall against it;
- re-identification in a table: :func:`k_anonymity`, :func:`generalize` and
  :func:`least_generalization` (German Credit's quasi-identifiers, with :func:`german_credit_ladders`);
- membership inference: :func:`membership_advantage` of a confidence-threshold attack.

>>> [f.kind for f in find_pii("Mail anna@example.org, IBAN DE89 3704 0044 0532 0130 00.")]
['email', 'iban']
"""

from __future__ import annotations

import functools
import itertools
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
    import random

    import pandas as pd

__all__ = [
    "Finding",
    "Generalization",
    "KINDS",
    "Message",
    "MembershipResult",
    "detection_scores",
    "find_pii",
    "generalize",
    "german_credit_ladders",
    "iban_valid",
    "k_anonymity",
    "least_generalization",
    "luhn_valid",
    "make_customer_messages",
    "membership_advantage",
    "redact",
    "threshold_advantage",
]

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
        "email": re.compile(r"(?<![\w.+-])[A-Za-z0-9](?:[A-Za-z0-9._%+-]{0,63})@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}(?![\w-])", re.ASCII),
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


# ---------------------------------------------------------------- synthetic customer messages

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


# ---------------------------------------------------------------- k-anonymity

def _check_columns(df: pd.DataFrame, columns: Iterable[str]) -> list[str]:
    if isinstance(columns, str):
        columns = [columns]
    columns = list(columns)
    if not columns:
        raise ValueError("expected at least one quasi-identifier column")
    for column in columns:
        if column not in df.columns:
            import difflib

            close = difflib.get_close_matches(str(column), [str(c) for c in df.columns], n=1)
            hint = f"; did you mean {close[0]!r}?" if close else ""
            raise KeyError(f"no column {column!r} in the table{hint}")
    return columns


def k_anonymity(df: pd.DataFrame, quasi_identifiers: Iterable[str]) -> int:
    """The k of a table: the size of the smallest group of rows that share all quasi-identifiers.

    Every row is then indistinguishable from at least k - 1 others on those columns. Missing values
    form a group of their own.

    >>> import pandas as pd
    >>> k_anonymity(pd.DataFrame({"age": [30, 30, 41], "zip": ["A", "A", "B"]}), ["age", "zip"])
    1
    """
    columns = _check_columns(df, quasi_identifiers)
    if len(df) == 0:
        raise ValueError("k-anonymity of an empty table is undefined")
    return int(df.groupby(columns, dropna=False, observed=True).size().min())


def _band(value: Any, edges: Sequence[float]) -> Any:
    if value is None or value != value:  # missing stays missing
        return value
    for low, high in itertools.pairwise(edges):
        if low <= value < high and high >= 150:
            return f"{low:g}+"
        if low <= value < high:
            return f"{low:g}-{high - 1:g}" if float(high).is_integer() and float(low).is_integer() else f"[{low:g}, {high:g})"
    return f">={edges[-1]:g}" if value >= edges[-1] else f"<{edges[0]:g}"


def generalize(df: pd.DataFrame, rules: Mapping[str, Any]) -> pd.DataFrame:
    """A copy of ``df`` with columns coarsened by ``rules`` (column -> rule).

    A rule is ``"*"`` (suppress: every value becomes ``"*"``), an int ``w`` (numeric bands of width
    ``w``: ``30-39``), a list of band edges (``[0, 25, 40, 60, 200]``: ``25-39``; a last edge of 150
    or more makes an open band, ``60+``), a mapping value -> group
    (values not in it stay as they are), or ``None`` (leave the column).

    >>> import pandas as pd
    >>> generalize(pd.DataFrame({"age": [23, 37], "sex": ["f", "m"]}), {"age": 10, "sex": "*"}).values.tolist()
    [['20-29', '*'], ['30-39', '*']]
    """
    out = df.copy()
    if not isinstance(rules, Mapping):
        raise TypeError(f"rules must map column names to rules, got {type(rules).__name__}")
    if rules:
        _check_columns(df, list(rules))
    for column, rule in rules.items():
        if rule is None:
            continue
        if isinstance(rule, str):
            if rule != "*":
                raise ValueError(f"the only text rule is '*' (suppress), got {rule!r} for {column!r}")
            out[column] = "*"
        elif isinstance(rule, bool):
            raise TypeError(f"rule for {column!r} must be '*', a band width, edges, a mapping or None")
        elif isinstance(rule, int):
            if rule < 1:
                raise ValueError(f"band width for {column!r} must be >= 1, got {rule}")
            out[column] = df[column].map(lambda v, w=rule: v if v != v else f"{v // w * w}-{v // w * w + w - 1}")
        elif isinstance(rule, Mapping):
            out[column] = df[column].map(lambda v, m=rule: m.get(v, v))
        elif isinstance(rule, Sequence) and len(rule) >= 2 and all(isinstance(e, (int, float)) for e in rule):
            edges = list(rule)
            if edges != sorted(edges):
                raise ValueError(f"band edges for {column!r} must be increasing, got {edges}")
            out[column] = df[column].map(lambda v, e=edges: _band(v, e))
        else:
            raise TypeError(f"rule for {column!r} must be '*', a band width, edges, a mapping or None; got {rule!r}")
    return out


def german_credit_ladders() -> dict[str, list[Any]]:
    """Generalisation ladders for German Credit's quasi-identifiers (level 0 = as is, last = ``"*"``).

    Columns: age in years (5-year bands, then wider bands, all with an open top band), personal
    status and sex (then sex only), job (then three skill groups), housing, foreign worker.

    >>> {c: len(levels) for c, levels in german_credit_ladders().items()}
    {'age_years': 5, 'personal_status_sex': 3, 'job': 3, 'housing': 2, 'foreign_worker': 2}
    """
    from osai.data import codebook

    codes = {a["name"]: a.get("codes") or {} for a in codebook()["attributes"]}
    sex = {v: v.split(":")[0] for v in codes["personal_status_sex"].values()}
    jobs = list(codes["job"].values())
    job = {jobs[0]: "unskilled", jobs[1]: "unskilled", jobs[2]: "skilled", jobs[3]: "management / highly qualified"}
    return {
        "age_years": [None, list(range(15, 70, 5)) + [200], [0, 25, 35, 45, 55, 65, 200], [0, 25, 40, 60, 200], "*"],
        "personal_status_sex": [None, sex, "*"],
        "job": [None, job, "*"],
        "housing": [None, "*"],
        "foreign_worker": [None, "*"],
    }


@dataclass(frozen=True)
class Generalization:
    """The result of :func:`least_generalization`."""

    levels: dict[str, int]
    rules: dict[str, Any]
    k: int
    information_loss: float
    candidates_tried: int


def _entropy_bits(codes: Any) -> float:
    import numpy as np

    counts = np.bincount(codes)
    p = counts[counts > 0] / len(codes)
    return float(-(p * np.log2(p)).sum())


def least_generalization(df: pd.DataFrame, k: int, ladders: Mapping[str, Sequence[Any]] | None = None) -> Generalization:
    """The least generalisation of the ladders' columns that makes ``df`` k-anonymous.

    Tries every combination of ladder levels, by increasing information loss, and returns the first
    that reaches ``k``. Information loss is measured on the data: the share of the quasi-identifiers'
    entropy (in bits, summed over columns) that the generalisation removes (0 = as is, 1 = all
    suppressed); ties go to the higher k, then the lower levels. Suppressing every column always
    reaches ``k`` when ``k <= len(df)``.

    >>> from osai.data import german_credit
    >>> result = least_generalization(german_credit(), k=5)
    >>> result.k >= 5, result.rules["foreign_worker"]
    (True, '*')
    """
    import numpy as np
    import pandas as pd

    if isinstance(k, bool) or not isinstance(k, int) or k < 1:
        raise ValueError(f"k must be a whole number >= 1, got {k!r}")
    if k > len(df):
        raise ValueError(f"k={k} is larger than the table ({len(df)} rows): no generalisation can reach it")
    ladders = dict(german_credit_ladders() if ladders is None else ladders)
    columns = _check_columns(df, list(ladders))
    codes: dict[tuple[str, int], Any] = {}
    bits: dict[tuple[str, int], float] = {}
    for column in columns:
        if len(ladders[column]) < 1:
            raise ValueError(f"ladder of {column!r} is empty")
        for level, rule in enumerate(ladders[column]):
            values = generalize(df[[column]], {column: rule})[column]
            codes[column, level] = pd.factorize(values.astype(str), sort=True)[0].astype(np.int64)
            bits[column, level] = _entropy_bits(codes[column, level])
    total = sum(bits[c, 0] for c in columns) or 1.0

    def loss(levels: tuple[int, ...]) -> float:
        return round(sum(bits[c, 0] - bits[c, lv] for c, lv in zip(columns, levels)) / total, 9)

    def k_of(levels: tuple[int, ...]) -> int:
        key = np.zeros(len(df), dtype=np.int64)
        for column, level in zip(columns, levels):
            key = key * (int(codes[column, level].max()) + 1) + codes[column, level]
        return int(np.unique(key, return_counts=True)[1].min())

    combos = sorted(itertools.product(*(range(len(ladders[c])) for c in columns)), key=lambda lv: (loss(lv), lv))
    tried = 0
    best = None
    for levels in combos:
        if best is not None and loss(levels) > best[0]:
            break
        tried += 1
        reached = k_of(levels)
        if reached >= k and (best is None or reached > best[2]):
            best = (loss(levels), levels, reached)
    assert best is not None  # suppressing everything gives k = len(df)
    levels = dict(zip(columns, best[1]))
    rules = {c: ladders[c][lv] for c, lv in levels.items()}
    return Generalization(levels, rules, best[2], round(best[0], 4), tried)


# ---------------------------------------------------------------- membership inference

@dataclass(frozen=True)
class MembershipResult:
    """A confidence-threshold membership attack: advantage = TPR - FPR at the best threshold."""

    advantage: float
    threshold: float
    true_positive_rate: float
    false_positive_rate: float
    train_confidence: float
    holdout_confidence: float


def _true_label_confidence(model: Any, X: Any, y: Any) -> Any:
    import numpy as np

    proba = np.asarray(model.predict_proba(X), dtype=float)
    classes = list(getattr(model, "classes_", range(proba.shape[1])))
    index = {c: i for i, c in enumerate(classes)}
    try:
        columns = np.array([index[v] for v in (y.tolist() if hasattr(y, "tolist") else list(y))])
    except KeyError as missing:
        raise ValueError(f"label {missing.args[0]!r} is not one of the model's classes {classes}") from None
    return proba[np.arange(len(columns)), columns]


def threshold_advantage(member_scores: Sequence[float], nonmember_scores: Sequence[float]) -> tuple[float, float, float, float]:
    """Best ``(advantage, threshold, tpr, fpr)`` of guessing "member" when the score >= threshold.

    >>> threshold_advantage([0.9, 0.8], [0.7, 0.95])
    (0.5, 0.8, 1.0, 0.5)
    """
    import numpy as np

    members = np.asarray(member_scores, dtype=float)
    others = np.asarray(nonmember_scores, dtype=float)
    if members.size == 0 or others.size == 0:
        raise ValueError("need at least one member and one non-member score")
    if not (np.isfinite(members).all() and np.isfinite(others).all()):
        raise ValueError("scores must be finite numbers")
    best = (0.0, float("inf"), 0.0, 0.0)
    for t in np.unique(np.concatenate([members, others])):
        tpr = float((members >= t).mean())
        fpr = float((others >= t).mean())
        if tpr - fpr > best[0] + 1e-12:
            best = (tpr - fpr, float(t), tpr, fpr)
    return best


def membership_advantage(model: Any, train: tuple[Any, Any], holdout: tuple[Any, Any]) -> MembershipResult:
    """How well a confidence threshold tells training rows from unseen rows (Yeom et al., 2018).

    ``model`` has ``predict_proba`` (scikit-learn style); ``train`` and ``holdout`` are ``(X, y)``.
    The attack scores each row by the model's probability for its true label and guesses "member"
    at or above a threshold; the advantage is the best TPR - FPR (0 = no leak, 1 = total leak).

    >>> from sklearn.tree import DecisionTreeClassifier
    >>> X, y = [[0], [1], [2], [3]], [0, 1, 0, 1]
    >>> tree = DecisionTreeClassifier(random_state=0).fit(X[:2], y[:2])
    >>> membership_advantage(tree, (X[:2], y[:2]), (X[2:], [0, 0])).advantage
    1.0
    """
    for what, pair in (("train", train), ("holdout", holdout)):
        if not isinstance(pair, tuple) or len(pair) != 2:
            raise TypeError(f"{what} must be a tuple (X, y)")
    if not hasattr(model, "predict_proba"):
        raise TypeError("model must have predict_proba (a fitted scikit-learn classifier)")
    members = _true_label_confidence(model, *train)
    others = _true_label_confidence(model, *holdout)
    advantage, threshold, tpr, fpr = threshold_advantage(members, others)
    return MembershipResult(round(advantage, 6), threshold, tpr, fpr, float(members.mean()), float(others.mean()))

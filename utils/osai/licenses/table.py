# SPDX-FileCopyrightText: 2026 The Open Source AI Lab Kit authors
# SPDX-License-Identifier: MIT
"""The curated table: the traits of the course's licenses, and the shipped data files they come from.

The lowest layer of :mod:`osai.licenses`: it reads ``osai/data/licenses/*.yaml`` (:func:`_data`),
turns ``licenses.yaml`` into :class:`License` records with their aliases (SPDX ids, Hugging Face
ids, ``LicenseRef-`` ids without prefix), and reads the Hugging Face Hub's license ids. It imports
no other module of :mod:`osai.licenses`.

>>> all_licenses()[0].id
'0BSD'
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from difflib import get_close_matches as _close_matches
from typing import Any

__all__ = ["FREEDOM_PERMISSIONS", "License", "all_licenses", "hub_license_ids"]


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

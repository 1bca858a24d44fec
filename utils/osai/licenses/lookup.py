# SPDX-FileCopyrightText: 2026 The Open Source AI Lab Kit authors
# SPDX-License-Identifier: MIT
"""Questions about one license id: its traits, OSI approval, openness, and the id a LICENSE file states.

Answers come from the curated table first (:mod:`~osai.licenses.table`); an id the kit has not
curated is looked up on the whole SPDX License List (:mod:`~osai.licenses.spdx_list`), so that an
error can say what the id is instead of only that it is unknown.

>>> get("mit").id, is_open("MIT")
('MIT', True)
"""

from __future__ import annotations

from osai.licenses.spdx_list import _spdx_lookup
from osai.licenses.table import License, _aliases, _data, _hub_families, _suggest, _table

__all__ = ["get", "identify_license_text", "is_open", "is_osi_approved"]


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

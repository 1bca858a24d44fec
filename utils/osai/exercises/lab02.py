# SPDX-FileCopyrightText: 2026 The Open Source AI Lab Kit authors
# SPDX-License-Identifier: MIT
"""Exercises of Lab 02, Licensing. Answers are recomputed with osai.licenses from shipped or installed data."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from osai.checks import Exercise, Mismatch, expect

LAB = "02"

#: The Python libraries of the credit-risk model of Lab 06.
CREDIT_STACK = ("scikit-learn", "pandas", "numpy", "shap", "matplotlib")


def credit_bom() -> dict[str, tuple[str, str]]:
    """The bill of materials of Lab 06's credit-risk model: libraries from installed metadata, plus the data."""
    from osai.data import GERMAN_CREDIT_LICENSE
    from osai.licenses import from_distribution

    bom = {name: ("code", from_distribution(name)) for name in CREDIT_STACK}
    bom["German Credit data"] = ("data", GERMAN_CREDIT_LICENSE)
    return bom


def _names(value: Any, what: str) -> list[str]:
    expect(isinstance(value, Iterable) and not isinstance(value, (str, bytes, dict)),
           f"expected {what} (a list of strings), got {type(value).__name__}")
    items = list(value)
    expect(all(isinstance(v, str) for v in items), f"expected {what} as strings")
    return items


def _q1(ids: Any) -> None:
    from osai.licenses import from_distribution, license_ids

    got = _names(ids, "license ids")
    want = license_ids(from_distribution("torch"))
    expect("LLVM-exception" not in got, "LLVM-exception is an exception (after WITH), not a license")
    expect(sorted(g.casefold() for g in got) == sorted(w.casefold() for w in want),
           f"not the distinct license ids in torch's License-Expression (expected {len(want)} ids)")


def _q2(grants_four_freedoms: Any) -> None:
    from osai.licenses import all_licenses

    expect(callable(grants_four_freedoms), f"expected a function grants_four_freedoms(lic), got {type(grants_four_freedoms).__name__}")
    for lic in all_licenses():
        got = grants_four_freedoms(lic)
        expect(isinstance(got, bool), f"expected True or False, got {type(got).__name__} for {lic.id}")
        expect(got == lic.is_open, f"wrong answer for {lic.id}")


def _q3(names: Any) -> None:
    from osai.licenses import all_licenses

    got = _names(names, "license ids")
    want = sorted(lic.id for lic in all_licenses() if any("automated decisions" in r for r in lic.use_restrictions))
    expect(sorted(got) == want, f"not the licenses whose use restrictions mention automated decisions ({len(want)} of them)")


def _q4(use: Any) -> None:
    from osai.licenses import Use

    expect(isinstance(use, Use), f"expected a Use(...), got {type(use).__name__}")
    expect(use.commercial, "a bank's lending business is commercial")
    expect(use.modify, "fine-tuning is a modification")
    expect(use.service, "customers use the model through an API: that is a service")
    expect(not use.distribute, "the bank gives nobody a copy of the model")
    expect(use.automated_decisions, "the model decides loans without a human: automated decisions")


def _q6(names: Any) -> None:
    from osai.licenses import get, license_ids, obligations

    got = _names(names, "license ids")
    bom = credit_bom()
    every = {i for _, expression in bom.values() for i in license_ids(expression)}
    want = sorted({o.license for o in obligations(bom, {"distribute": True}) if o.duty.startswith("keep the copyright")})
    expect(all(isinstance(g, str) for g in got), "expected license ids as strings")
    try:
        canon = sorted({get(g).id for g in got})
    except ValueError as error:
        raise Mismatch(str(error)) from None
    expect(not (set(canon) - every), "list only licenses that appear in credit_bom")
    expect(canon == want, "not the licenses whose notices must travel with a distributed copy: some ask for nothing at all")


def _q5(license_id: Any) -> None:
    from osai.licenses import choose_license, get

    expect(isinstance(license_id, str), f"expected a license id string, got {type(license_id).__name__}")
    want = choose_license("documentation", copyleft="strong").license
    expect(get(license_id).id == want, "not what the chooser recommends for documentation with share-alike")


EXERCISES = [
    Exercise("q1", 1, _q1, "a list of license ids",
             ("from_distribution('torch') gives the expression; license_ids(expression) lists its ids.",)),
    Exercise("q2", 2, _q2, "a function grants_four_freedoms(lic) returning True or False",
             ("Use for any purpose needs 'commercial-use'; modify needs 'modifications'; share needs 'distribution'.",
              "Any use restriction at all takes away the freedom to use for any purpose.")),
    Exercise("q3", 1, _q3, "a sorted list of license ids",
             ("Loop over all_licenses() and search each lic.use_restrictions for 'automated decisions'.",)),
    Exercise("q4", 1, _q4, "a Use(...)",
             ("Read each field's meaning in help(Use); offering an API is not distribution.",)),
    Exercise("q5", 1, _q5, "a license id",
             ("choose_license(artifact, copyleft=...) returns a Recommendation; its .license is the id.",)),
    Exercise("q6", 2, _q6, "a sorted list of license ids",
             ("obligations(credit_bom, {'distribute': True}) lists the duties; keep those about notices.",
              "Each obligation has a .license; public-domain style licenses (0BSD, CC0) ask for no notice.")),
]

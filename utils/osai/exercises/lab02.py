# SPDX-FileCopyrightText: 2026 The Open Source AI Lab Kit authors
# SPDX-License-Identifier: MIT
"""Exercises of Lab 02, Licensing. Answers are recomputed with osai.licenses from shipped or installed data."""

from __future__ import annotations

from typing import Any

from osai.checks import Exercises, Mismatch, as_function, as_instance, as_strings, expect

ex = Exercises("02")

#: The Python libraries of the credit-risk model of Lab 06.
CREDIT_STACK = ("scikit-learn", "pandas", "numpy", "shap", "matplotlib")


def credit_bom() -> dict[str, tuple[str, str]]:
    """The bill of materials of Lab 06's credit-risk model: libraries from installed metadata, plus the data."""
    from osai.data import GERMAN_CREDIT_LICENSE
    from osai.licenses import from_distribution

    bom = {name: ("code", from_distribution(name)) for name in CREDIT_STACK}
    bom["German Credit data"] = ("data", GERMAN_CREDIT_LICENSE)
    return bom


_IDS = "license ids (a list of strings)"


@ex("q1", points=1, expects="a list of license ids",
    hints=("from_distribution('torch') gives the expression; license_ids(expression) lists its ids.",))
def _q1(ids: Any) -> None:
    from osai.licenses import from_distribution, license_ids

    got = as_strings(ids, _IDS)
    want = license_ids(from_distribution("torch"))
    expect("LLVM-exception" not in got, "LLVM-exception is an exception (after WITH), not a license")
    expect(sorted(g.casefold() for g in got) == sorted(w.casefold() for w in want),
           f"not the distinct license ids in torch's License-Expression (expected {len(want)} ids)")


@ex("q2", points=2, expects="a function grants_four_freedoms(lic) returning True or False",
    refuses=('osai.licenses.table.License.is_open',),
    hints=("Use for any purpose needs 'commercial-use'; modify needs 'modifications'; share needs 'distribution'.",
           "Any use restriction at all takes away the freedom to use for any purpose."))
def _q2(grants_four_freedoms: Any) -> None:
    from osai.licenses import all_licenses

    grants_four_freedoms = as_function(grants_four_freedoms, "a function grants_four_freedoms(lic)")
    for lic in all_licenses():
        got = grants_four_freedoms(lic)
        expect(isinstance(got, bool), f"expected True or False, got {type(got).__name__} for {lic.id}")
        expect(got == lic.is_open, f"wrong answer for {lic.id}")


@ex("q3", points=1, expects="a sorted list of license ids",
    hints=("Loop over all_licenses() and search each lic.use_restrictions for 'automated decisions'.",))
def _q3(names: Any) -> None:
    from osai.licenses import all_licenses

    got = as_strings(names, _IDS)
    want = sorted(lic.id for lic in all_licenses() if any("automated decisions" in r for r in lic.use_restrictions))
    expect(sorted(got) == want, f"not the licenses whose use restrictions mention automated decisions ({len(want)} of them)")


@ex("q4", points=1, expects="a Use(...)",
    hints=("Read each field's meaning in help(Use); offering an API is not distribution.",))
def _q4(use: Any) -> None:
    from osai.licenses import Use

    use = as_instance(use, Use, "a Use(...)")
    expect(use.commercial, "a bank's lending business is commercial")
    expect(use.modify, "fine-tuning is a modification")
    expect(use.service, "customers use the model through an API: that is a service")
    expect(not use.distribute, "the bank gives nobody a copy of the model")
    expect(use.automated_decisions, "the model decides loans without a human: automated decisions")


@ex("q5", points=1, expects="a license id",
    hints=("choose_license(artifact, copyleft=...) returns a Recommendation; its .license is the id.",))
def _q5(license_id: Any) -> None:
    from osai.licenses import choose_license, get

    license_id = as_instance(license_id, str, "a license id string")
    want = choose_license("documentation", copyleft="strong").license
    expect(get(license_id).id == want, "not what the chooser recommends for documentation with share-alike")


@ex("q6", points=2, expects="a sorted list of license ids",
    hints=("obligations(credit_bom, {'distribute': True}) lists the duties; keep those about notices.",
           "Each obligation has a .license; public-domain style licenses (0BSD, CC0) ask for no notice."))
def _q6(names: Any) -> None:
    from osai.licenses import get, license_ids, obligations

    got = as_strings(names, _IDS)
    bom = credit_bom()
    every = {i for _, expression in bom.values() for i in license_ids(expression)}
    want = sorted({o.license for o in obligations(bom, {"distribute": True}) if o.duty.startswith("keep the copyright")})
    try:
        canon = sorted({get(g).id for g in got})
    except ValueError as error:
        raise Mismatch(str(error)) from None
    expect(not (set(canon) - every), "list only licenses that appear in credit_bom")
    expect(canon == want, "not the licenses whose notices must travel with a distributed copy: some ask for nothing at all")

# SPDX-FileCopyrightText: 2026 The Open Source AI Lab Kit authors
# SPDX-License-Identifier: MIT
"""Exercises of Lab 02, Licensing. Answers are recomputed with osai.licenses from shipped or installed data.

Two items are judgements made before the kit's tool decides (q5, which licenses conflict with the bank's
use; q6, a share-alike license for documentation): every defensible decision passes.
"""

from __future__ import annotations

from typing import Any

from osai.checks import Exercises, Mismatch, as_function, as_instance, as_strings, expect

ex = Exercises("02")

#: The Python libraries of the credit-risk model of Lab 07.
CREDIT_STACK = ("scikit-learn", "pandas", "numpy", "shap", "matplotlib")

#: The weights licenses the student judges in q5, before ``conflicts`` runs on them (Hub ids, as in the lab).
Q5_LICENSES = ("Apache-2.0", "bigscience-openrail-m", "deepseek", "llama3.1", "mrl", "cc-by-nc-4.0")


def credit_bom() -> dict[str, tuple[str, str]]:
    """The bill of materials of Lab 07's credit-risk model: libraries from installed metadata, plus the data.

    >>> credit_bom()["German Credit data"]
    ('data', 'CC-BY-4.0')
    """
    from osai.data import GERMAN_CREDIT_LICENSE
    from osai.licenses import from_distribution

    bom = {name: ("code", from_distribution(name)) for name in CREDIT_STACK}
    bom["German Credit data"] = ("data", GERMAN_CREDIT_LICENSE)
    return bom


_IDS = "license ids (a list of strings)"

#: Expressions the visible q1 check tries, each with the ids a right answer returns (in any order).
_Q1_CASES = (
    ("GPL-2.0-or-later WITH Classpath-exception-2.0", ["GPL-2.0-or-later"]),
    ("BSD-3-Clause AND 0BSD AND MIT AND Zlib AND CC0-1.0", ["0BSD", "BSD-3-Clause", "CC0-1.0", "MIT", "Zlib"]),
)


@ex("q1", points=2, expects="a function spdx_ids(expression) returning a list of license ids",
    refuses=("osai.licenses.expressions.license_ids", "osai.licenses.expressions.normalize",
             "osai.licenses.expressions.parse"),
    hints=("Concept: an SPDX expression is a small language (AND, OR, WITH, parentheses); parse it rather than "
           "split the string, and leave out the exceptions that follow WITH.",
           "API: license_expression.get_spdx_licensing() gives a Licensing; its .parse(text) and "
           ".license_symbols(parsed, decompose=True) give symbols, each with .key and .is_exception.",
           "Code (this hint shows the solution's shape): keys = [s.key for s in licensing.license_symbols("
           "licensing.parse(expression), decompose=True) if not s.is_exception]; drop repeats."))
def _q1(spdx_ids: Any) -> None:
    from osai.licenses import from_distribution, license_ids

    spdx_ids = as_function(spdx_ids, "a function spdx_ids(expression)")
    torch = from_distribution("torch")
    for expression, want in ((torch, license_ids(torch)), *_Q1_CASES):
        got = as_strings(spdx_ids(expression), _IDS)
        short = expression if expression != torch else "from_distribution('torch')"
        operators = sorted({g for g in got if g.upper() in ("AND", "OR", "WITH") or "(" in g or ")" in g})
        expect(not operators, f"spdx_ids({short}) returned {operators[0] if operators else ''!r}, which is no license "
                              "id: did you split the string? parse it with licensing.license_symbols")
        expect(not any(g.endswith("exception") or g.endswith("-exception-2.0") for g in got),
               f"spdx_ids({short}) lists an exception: what follows WITH adds a permission, it is not a license")
        expect(len(got) == len(set(got)), f"spdx_ids({short}) lists an id twice; return each id once")
        expect(sorted(got) == sorted(want), f"spdx_ids({short}) returned {sorted(got)}; expected {sorted(want)}")


@ex("q2", points=2, expects="a function grants_four_freedoms(lic) returning True or False",
    refuses=('osai.licenses.table.License.is_open',),
    hints=("Concept: use for any purpose, study, modify and share; a single use restriction takes away 'any purpose'.",
           "API: a License has .permissions (a tuple such as 'commercial-use', 'modifications', 'distribution') "
           "and .use_restrictions (a tuple, empty when there are none).",
           "Code (this hint shows the solution's shape): all(p in lic.permissions for p in needed) and not "
           "lic.use_restrictions."))
def _q2(grants_four_freedoms: Any) -> None:
    from osai.licenses import all_licenses

    grants_four_freedoms = as_function(grants_four_freedoms, "a function grants_four_freedoms(lic)")
    for lic in (*all_licenses(), *_q2_variants()):
        got = grants_four_freedoms(lic)
        expect(isinstance(got, bool), f"expected True or False, got {type(got).__name__} for {lic.id}")
        if got and lic.use_restrictions:
            raise Mismatch(f"{lic.id} has use restrictions, so it does not allow use for any purpose")
        if not got and lic.is_open and not lic.osi_approved:
            raise Mismatch(f"{lic.id} grants the four freedoms though OSI has not approved it (OSI approves "
                           "software licenses only): look at the permissions, not the OSI flag")
        missing = [p for p in ("commercial-use", "modifications", "distribution") if p not in lic.permissions]
        expect(not (got and missing), f"{lic.id} lacks {', '.join(missing)}, so it cannot grant the four freedoms")
        expect(got == _grants(lic), f"wrong answer for {lic.id} (permissions: {', '.join(lic.permissions)})")


def _grants(lic: Any) -> bool:
    """The rule q2 states, applied to one License."""
    needed = ("commercial-use", "modifications", "distribution")
    return all(p in lic.permissions for p in needed) and not lic.use_restrictions


def _q2_variants() -> tuple[Any, ...]:
    """Made-up licenses that each lack one of the three permissions q2 names (no shipped license does)."""
    import dataclasses

    from osai.licenses import get

    mit = get("MIT")
    return tuple(dataclasses.replace(mit, id=f"LicenseRef-MIT-without-{p}",
                                     permissions=tuple(q for q in mit.permissions if q != p))
                 for p in ("modifications", "distribution"))


@ex("q3", points=1, expects="a sorted list of license ids",
    hints=("Concept: a use restriction is a sentence in the license's table entry; search those sentences.",
           "API: all_licenses() gives every License; lic.use_restrictions is a tuple of strings.",
           "Code (this hint shows the solution's shape): sorted(lic.id for lic in all_licenses() if "
           "any('automated decisions' in r for r in lic.use_restrictions))."))
def _q3(names: Any) -> None:
    from osai.licenses import all_licenses

    got = as_strings(names, _IDS)
    want = sorted(lic.id for lic in all_licenses() if any("automated decisions" in r for r in lic.use_restrictions))
    expect(sorted(got) == want, f"not the licenses whose use restrictions mention automated decisions ({len(want)} of them)")
    expect(got == want, "the right licenses; now sort the list (sorted(...))")


@ex("q4", points=2, expects="a Use(...)",
    hints=("Concept: describe what the bank does, field by field; help(Use) says what each field means.",
           "Under a software license such as the GPL, an API gives nobody a copy, so it is not distribution "
           "(though the AGPL then asks for the source); that is why Use has a separate service field. Some AI licenses "
           "(OpenRAIL-M, DeepSeek) define distribution to include a hosted service or API: the kit checks "
           "their clauses against service as well.",))
def _q4(use: Any) -> None:
    from osai.licenses import Use

    use = as_instance(use, Use, "a Use(...)")
    expect(use.commercial, "a bank's lending business is commercial")
    expect(use.modify, "fine-tuning is a modification")
    expect(use.service, "customers use the model through an API: that is a service")
    expect(not use.distribute, "the bank gives nobody a copy of the model: distribute means copies go to others")
    expect(use.automated_decisions, "the model decides loans without a human: automated decisions")


def _canon(value: Any, what: str) -> set[str]:
    from osai.licenses import get

    try:
        return {get(v).id for v in as_strings(value, what)}
    except ValueError as error:
        raise Mismatch(str(error)) from None


@ex("q5", points=3, expects="a set of license ids from Q5_LICENSES",
    hints=("Concept: a conflict is a use the license forbids or does not permit. Go through the bank's use "
           "(commercial, a service, fine-tuned, automated loan decisions) against each license.",
           "Then read section 3's printed restrictions and, for any license you are unsure of, "
           "get(id).permissions and get(id).use_restrictions: a conflict is a restriction that describes what "
           "the bank does, or a permission the bank needs that is missing.",))
def _q5(predicted: Any) -> None:
    from osai.licenses import get

    got = _canon(predicted, "a set of license ids")
    allowed = {get(i).id for i in Q5_LICENSES}
    expect(got <= allowed, f"choose among the six licenses of the list: {', '.join(Q5_LICENSES)}")
    expect(get("Apache-2.0").id not in got, "Apache-2.0 restricts no use: it asks only for notices when you distribute")
    for lic_id, why in (("bigscience-openrail-m", "OpenRAIL-M's Attachment A forbids fully automated decisions "
                                                  "that adversely affect legal rights: a declined loan is one"),
                        ("deepseek", "DeepSeek's license forbids fully automated decisions that adversely affect "
                                     "legal rights, as OpenRAIL-M does"),
                        ("mrl", "the Mistral Research License permits no commercial use, and the bank's use is commercial"),
                        ("cc-by-nc-4.0", "NC means non-commercial: a bank's lending is commercial")):
        expect(get(lic_id).id in got, why)


@ex("q6", points=2, expects="a license id",
    hints=("Concept: share-alike (copyleft for content) makes adaptations carry the same license; the license "
           "must still grant the four freedoms, so no NC and no ND.",
           "API: get(id) gives a License with .category, .copyleft and .is_open; the content licenses are "
           "the Creative Commons family in the traits table of section 2.",))
def _q6(license_id: Any) -> None:
    from osai.licenses import get

    license_id = as_instance(license_id, str, "a license id string")
    try:
        lic = get(license_id)
    except ValueError as error:
        if "SPDX License List" in str(error):
            raise Mismatch(f"{license_id!r} is a real license, but the kit has no traits for it to check against: "
                           "choose among the content licenses of all_licenses()") from None
        raise Mismatch(str(error)) from None
    expect("commercial-use" in lic.permissions, f"{lic.id} forbids commercial use: it does not grant the four freedoms")
    expect("modifications" in lic.permissions, f"{lic.id} forbids adaptations: nobody could improve your documentation")
    expect(lic.copyleft not in ("none", "file", "library"),
           f"{lic.id} lets adaptations go out under other terms; you want them to stay under the same license")
    expect(lic.is_open, f"{lic.id} does not grant the four freedoms")


@ex("q7", points=2, expects="a sorted list of license ids",
    hints=("Concept: distributing a copy triggers each license's conditions; permissive licenses ask you to keep "
           "their notices, public-domain style ones ask for nothing.",
           "API: obligations(credit_bom, {'distribute': True}) lists duties, each with .license and .duty; "
           "keep those whose duty is about the copyright and license notices.",))
def _q7(names: Any) -> None:
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
    quiet = sorted(every - set(want))
    expect(not (set(canon) & set(quiet)),
           f"{', '.join(sorted(set(canon) & set(quiet)))} ask for no notice at all (public-domain style)")
    expect(canon == want, "not the licenses whose notices must travel with a distributed copy")

# SPDX-FileCopyrightText: 2026 The Open Source AI Lab Kit authors
# SPDX-License-Identifier: MIT
"""Lab 02, Licensing (``osai.exercises.lab02``)."""

from __future__ import annotations

import pytest

from osai import licenses as L
from osai.exercises.lab02 import credit_bom

LAB = "02"


def _spdx_ids(expression):
    from license_expression import get_spdx_licensing

    licensing = get_spdx_licensing()
    symbols = licensing.license_symbols(licensing.parse(expression), decompose=True)
    return list(dict.fromkeys(s.key for s in symbols if not s.is_exception))


def _grants(lic):
    return all(p in lic.permissions for p in ("commercial-use", "modifications", "distribution")) \
        and not lic.use_restrictions


@pytest.fixture(scope="module")
def answers():
    right = {
        "q1": _spdx_ids,
        "q2": _grants,
        "q3": sorted(lic.id for lic in L.all_licenses() if any("automated decisions" in r for r in lic.use_restrictions)),
        "q4": L.Use(commercial=True, service=True, modify=True, automated_decisions=True),
        "q5": {"bigscience-openrail-m", "deepseek", "llama3.1", "mrl", "cc-by-nc-4.0"},
        "q6": "CC-BY-SA-4.0",
        "q7": sorted({o.license for o in L.obligations(credit_bom(), {"distribute": True})
                      if o.duty.startswith("keep the copyright")}),
    }
    wrong = {
        "q1": lambda expression: __import__("license_expression").get_spdx_licensing().license_keys(
            __import__("license_expression").get_spdx_licensing().parse(expression)),  # keeps the exceptions
        "q2": lambda lic: lic.osi_approved,
        "q3": ["LicenseRef-bigscience-openrail-m"],
        "q4": L.Use(commercial=True, distribute=True, modify=True, automated_decisions=True),
        "q5": {"Apache-2.0", "bigscience-openrail-m", "deepseek", "mrl", "cc-by-nc-4.0"},
        "q6": "CC-BY-4.0",
        "q7": sorted({i for _, e in credit_bom().values() for i in L.license_ids(e)}),
    }
    return right, wrong


def test_credit_bom_is_real():
    bom = credit_bom()
    assert bom["German Credit data"] == ("data", "CC-BY-4.0") and bom["scikit-learn"][0] == "code"


@pytest.mark.answer_table
def test_right_passes_and_wrong_fails(qid, answers, right_passes_and_wrong_fails):
    right, wrong = answers
    right_passes_and_wrong_fails(LAB, qid, right[qid], wrong[qid])


def test_misconceptions_are_named(evaluate, answers):
    wrong = answers[1]
    assert "what follows WITH adds a permission" in evaluate(LAB, "q1", wrong["q1"]).detail
    distributes = L.Use(commercial=True, service=True, distribute=True, modify=True, automated_decisions=True)
    assert "gives nobody a copy" in evaluate(LAB, "q4", distributes).detail
    assert "Apache-2.0 restricts no use" in evaluate(LAB, "q5", wrong["q5"]).detail
    assert "non-commercial" in evaluate(LAB, "q5", {"bigscience-openrail-m", "deepseek", "mrl"}).detail
    assert "other terms" in evaluate(LAB, "q6", wrong["q6"]).detail
    assert "forbids commercial use" in evaluate(LAB, "q6", "CC-BY-NC-SA-4.0").detail
    assert "not the OSI flag" in evaluate(LAB, "q2", wrong["q2"]).detail
    assert "now sort the list" in evaluate(LAB, "q3", sorted(answers[0]["q3"], reverse=True)).detail
    assert "use restrictions" in evaluate(LAB, "q2", lambda lic: "modifications" in lic.permissions).detail


@pytest.mark.parametrize("defensible", [
    {"bigscience-openrail-m", "deepseek", "mrl", "cc-by-nc-4.0"},                 # Llama 3.1 after a fairness review
    ["LicenseRef-bigscience-openrail-m", "LicenseRef-deepseek", "LicenseRef-llama3.1",
     "LicenseRef-mistral-mrl-0.1", "CC-BY-NC-4.0"],                                # SPDX-style ids, as a list
])
def test_q5_accepts_every_defensible_decision(evaluate, defensible):
    assert evaluate(LAB, "q5", defensible).passed


@pytest.mark.parametrize("license_id", ["CC-BY-SA-4.0", "cc-by-sa-3.0", "GPL-3.0-only"])
def test_q6_accepts_every_share_alike_open_license(evaluate, license_id):
    assert evaluate(LAB, "q6", license_id).passed


def test_visible_checks_name_the_likely_mistakes(evaluate):
    def naive_split(expression):
        return expression.replace("(", " ").replace(")", " ").split()

    assert "did you split the string?" in evaluate(LAB, "q1", naive_split).detail

    def via_normalize(expression):
        return L.normalize(expression).split(" AND ")

    assert "calls osai's normalize" in evaluate(LAB, "q1", via_normalize).detail

    def commercial_only(lic):
        return lic.commercial_use and not lic.use_restrictions

    def no_distribution(lic):
        return {"commercial-use", "modifications"} <= set(lic.permissions) and not lic.use_restrictions

    assert "lacks modifications" in evaluate(LAB, "q2", commercial_only).detail
    assert "lacks distribution" in evaluate(LAB, "q2", no_distribution).detail
    detail = evaluate(LAB, "q6", "GFDL-1.3-only").detail
    assert "the kit has no traits for it" in detail and "…" not in detail


def test_q1_hidden_cases_and_no_delegation(check_cell_output, evaluate):
    def splits(expression):  # right on the visible cases (already canonical spelling), wrong on lower case
        words = expression.replace("(", " ").replace(")", " ").split()
        ids = [w for w in words if w not in ("AND", "OR", "WITH", "and", "or", "with") and "exception" not in w]
        return list(dict.fromkeys(ids))

    assert check_cell_output(LAB, "q1", spdx_ids=_spdx_ids) == "✅ q1 passed (2/2)\n"
    assert check_cell_output(LAB, "q1", spdx_ids=splits).splitlines()[1:] == [
        "❌ q1 failed: a hidden test did not pass (ids written in lower case)"]

    def spdx_ids(expression):
        return L.license_ids(expression)

    assert "license_ids" in evaluate(LAB, "q1", spdx_ids).detail


def test_q2_hidden_cases_and_no_delegation(check_cell_output, evaluate):
    known_open = {lic.id for lic in L.all_licenses() if _grants(lic)}

    def memorised(lic):  # right on every license the kit knows, and only there
        return lic.id in known_open

    assert check_cell_output(LAB, "q2", grants_four_freedoms=_grants) == "✅ q2 passed (2/2)\n"
    assert check_cell_output(LAB, "q2", grants_four_freedoms=memorised).splitlines()[1:] == [
        "❌ q2 failed: a hidden test did not pass (a license with extra permissions)"]

    def grants_four_freedoms(lic):
        return lic.is_open

    assert evaluate(LAB, "q2", grants_four_freedoms).detail.startswith(
        "your grants_four_freedoms calls osai's is_open;")

# SPDX-FileCopyrightText: 2026 The Open Source AI Lab Kit authors
# SPDX-License-Identifier: MIT
"""Lab 02, Licensing (``osai.exercises.lab02``)."""

from __future__ import annotations

import pytest

from osai import licenses as L
from osai.exercises.lab02 import credit_bom

LAB = "02"


@pytest.fixture(scope="module")
def answers():
    right = {
        "q1": L.license_ids(L.from_distribution("torch")),
        "q2": lambda lic: all(p in lic.permissions for p in ("commercial-use", "modifications", "distribution"))
        and not lic.use_restrictions,
        "q3": sorted(lic.id for lic in L.all_licenses() if any("automated decisions" in r for r in lic.use_restrictions)),
        "q4": L.Use(commercial=True, service=True, modify=True, automated_decisions=True),
        "q5": "cc-by-sa-4.0",
        "q6": sorted({o.license for o in L.obligations(credit_bom(), {"distribute": True})
                      if o.duty.startswith("keep the copyright")}),
    }
    wrong = {
        "q1": ["Apache-2.0", "LLVM-exception", "BSD-2-Clause", "BSD-3-Clause", "BSL-1.0", "MIT"],
        "q2": lambda lic: lic.osi_approved,
        "q3": ["LicenseRef-bigscience-openrail-m"],
        "q4": L.Use(commercial=True, distribute=True, modify=True, automated_decisions=True),
        "q5": "CC-BY-4.0",
        "q6": sorted({i for _, e in credit_bom().values() for i in L.license_ids(e)}),
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
    assert "LLVM-exception is an exception" in evaluate(LAB, "q1", wrong["q1"]).detail
    distributes = L.Use(commercial=True, service=True, distribute=True, modify=True, automated_decisions=True)
    assert "gives nobody a copy" in evaluate(LAB, "q4", distributes).detail


def _grants(lic):
    return all(p in lic.permissions for p in ("commercial-use", "modifications", "distribution")) \
        and not lic.use_restrictions


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

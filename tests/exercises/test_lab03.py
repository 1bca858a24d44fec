# SPDX-FileCopyrightText: 2026 The Open Source AI Lab Kit authors
# SPDX-License-Identifier: MIT
"""Lab 03, Data categories (``osai.exercises.lab03``)."""

from __future__ import annotations

import pytest

from osai import datacards as D

LAB = "03"


def _what_to_publish(category):
    requirements = D.category_requirements()
    name = str(getattr(category, "value", category)).strip().lower()
    if name not in requirements:
        raise ValueError(f"unknown data category {category!r}")
    return requirements[name]["requirement"]


@pytest.fixture(scope="module")
def answers() -> dict[str, tuple[object, object]]:
    table = D.training_data()
    creditchat = {
        "provenance": "chats from our own support desk, 2021-2024",
        "processing_and_filtering": "deduplicated, names and account numbers removed",
        "datasets": [
            {"name": "support chats", "category": "unshareable", "description": "40,000 chats, German and English"},
            {"name": "FinQA-Open", "category": "open", "location": "https://example.org/finqa-open"},
            {"name": "news archive", "category": "obtainable"},
        ],
    }
    wrong_creditchat = {**creditchat, "labeling": "labelled by two annotators"}
    return {
        "q1": ({"A": "open", "B": "public", "C": "obtainable", "D": "unshareable", "E": "obtainable"},
               {"A": "open", "B": "open", "C": "obtainable", "D": "unshareable", "E": "public"}),
        "q2": (21, 32),
        "q3": (726484430 / 1167611585, 726484430 / 1170060424),
        "q4": (set(table.loc[~table["in_metadata"], "name"]), {"Reddit comments 2015-2018"}),
        "q5": (float(table.loc[table["category"] == "open", "share"].sum()), 0.5),
        "q6": (_what_to_publish, lambda c: "share"),
        "q7": (240, 300),
        "q8": ({"personal_status_sex", "age_years", "foreign_worker"}, {"age_years", "job"}),
        "q9": (creditchat, wrong_creditchat),
    }


@pytest.mark.answer_table
def test_right_passes_and_wrong_fails(qid, answers, right_passes_and_wrong_fails):
    right_passes_and_wrong_fails(LAB, qid, *answers[qid])


def test_misconceptions_are_named(evaluate, answers):
    assert "stated total" in evaluate(LAB, "q3", answers["q3"][1]).detail
    assert "300 is the count in the whole table" in evaluate(LAB, "q7", 300).detail
    assert "2 of the 5 scenarios" in evaluate(LAB, "q1", answers["q1"][1]).detail


def test_q6_hidden_cases_and_no_delegation(check_cell_output, evaluate):
    table = {name: row["requirement"] for name, row in D.category_requirements().items()}
    table.update({name.upper(): req for name, req in table.items()})

    def two_spellings(category):  # lower and upper case, as the check tries, but not 'Obtainable'
        key = category.value if isinstance(category, D.DataCategory) else category
        if key not in table:
            raise ValueError(f"unknown data category {category!r}")
        return table[key]

    assert check_cell_output(LAB, "q6", what_to_publish=_what_to_publish) == "✅ q6 passed (2/2)\n"
    assert check_cell_output(LAB, "q6", what_to_publish=two_spellings).splitlines()[1:] == [
        "❌ q6 failed: a hidden test did not pass (a category name in mixed case: ValueError raised)"]

    def what_to_publish(category):
        return D.DataCategory(str(getattr(category, "value", category)).lower()).requirement

    assert "your what_to_publish calls osai's requirement" in evaluate(LAB, "q6", what_to_publish).detail

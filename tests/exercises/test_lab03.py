# SPDX-FileCopyrightText: 2026 The Open Source AI Lab Kit authors
# SPDX-License-Identifier: MIT
"""Lab 03, Data categories (``osai.exercises.lab03``)."""

from __future__ import annotations

import pytest

from osai import datacards as D

LAB = "03"


def credit_ds():
    import datasets

    datasets.disable_progress_bars()
    return D.load_german_credit()


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
    minilm = {"Reddit comments 2015-2018": "public", "S2ORC": "open", "MS MARCO": "public",
              "Stack Exchange": "open", "Quora question triplets": "public"}
    young = credit_ds().filter(lambda row: row["age_years"] < 30)
    return {
        "q1": ({"A": "open", "B": "public", "C": "obtainable", "D": "unshareable", "E": "obtainable"},
               {"A": "open", "B": "open", "C": "obtainable", "D": "unshareable", "E": "public"}),
        "q2": (726484430 / 1167611585, 726484430 / 1170060424),
        "q3": (minilm, {**minilm, "Stack Exchange": "public"}),
        "q4": (set(table.loc[~table["in_metadata"], "name"]), {"Reddit comments 2015-2018"}),
        "q5": (float(table.loc[table["category"] == "open", "share"].sum()), 0.5),
        "q6": (_what_to_publish, lambda c: "share"),
        "q7": (young.train_test_split(test_size=0.2, seed=0, stratify_by_column="credit_risk"),
               young.train_test_split(test_size=0.2, seed=0)),
        "q8": ({"personal_status_sex", "age_years", "foreign_worker"}, {"age_years", "job"}),
        "q9": (creditchat, wrong_creditchat),
    }


@pytest.mark.answer_table
def test_right_passes_and_wrong_fails(qid, answers, right_passes_and_wrong_fails):
    right_passes_and_wrong_fails(LAB, qid, *answers[qid])


def test_misconceptions_are_named(evaluate, answers):
    assert "stated total" in evaluate(LAB, "q2", answers["q2"][1]).detail
    assert "being free to read is not a license" in evaluate(LAB, "q1", answers["q1"][1]).detail
    one_off = {"A": "open", "B": "public", "C": "public", "D": "unshareable", "E": "obtainable"}
    assert "1 of the 5 scenarios" in evaluate(LAB, "q1", one_off).detail
    assert "derived mirror's NC tag" in evaluate(LAB, "q3", answers["q3"][1]).detail
    assert "unknown rights are not open" in evaluate(LAB, "q3", {**answers["q3"][0], "Quora question triplets": "open"}).detail
    assert "stratify by credit_risk" in evaluate(LAB, "q7", answers["q7"][1]).detail
    over = credit_ds().filter(lambda row: row["age_years"] <= 30).train_test_split(
        test_size=0.2, seed=0, stratify_by_column="credit_risk")
    assert "age_years < 30" in evaluate(LAB, "q7", over).detail
    counted = float((D.training_data()["category"] == "open").mean())
    assert "weigh each source" in evaluate(LAB, "q5", counted).detail
    assert "raised KeyError: accept a name in any case" in evaluate(
        LAB, "q6", lambda c: D.category_requirements()[c]["requirement"]).detail
    assert "says nothing about labeling" in evaluate(LAB, "q9", answers["q9"][1]).detail
    listed = set(D.training_data().loc[lambda t: t["in_metadata"], "name"])
    assert "you want the ones it leaves out" in evaluate(LAB, "q4", listed).detail
    assert "credit_amount" in evaluate(LAB, "q8", {"personal_status_sex", "age_years", "credit_amount"}).detail


def test_walkthrough_mistakes_get_their_own_message(evaluate, answers):
    right = answers["q1"][0]
    assert "limit re-sharing, not access" in evaluate(LAB, "q1", {**right, "B": "unshareable"}).detail
    assert "only on conditions" in evaluate(LAB, "q1", {**right, "E": "public"}).detail
    assert "rounded too far" in evaluate(LAB, "q2", round(answers["q2"][0], 2)).detail
    table = D.training_data()
    missing_one = set(table.loc[~table["in_metadata"], "name"][:2])
    assert "right so far" in evaluate(LAB, "q4", missing_one).detail
    assert "empty set" in evaluate(LAB, "q4", set()).detail
    stated = float(table.loc[table["category"] == "open", "tuples"].sum()) / 1_170_060_424
    assert "stated total" in evaluate(LAB, "q5", stated).detail
    assert "label the model predicts" in evaluate(LAB, "q8", {"personal_status_sex", "age_years", "credit_risk"}).detail

    def todo(category):
        raise NotImplementedError

    assert evaluate(LAB, "q6", todo).status == "not_attempted"
    info = answers["q9"][0]
    scoped = {**info, "scope_and_characteristics": "40,000 chats, 2021 to 2024, German and English"}
    assert evaluate(LAB, "q9", scoped).passed  # the report states size, period and languages: defensible
    assert "three sources" in evaluate(LAB, "q9", {**info, "datasets": info["datasets"][:2]}).detail
    public = [info["datasets"][0], {**info["datasets"][1], "category": "public"}, info["datasets"][2]]
    assert "categories" in evaluate(LAB, "q9", {**info, "datasets": public}).detail
    invented = info["datasets"][:2] + [{**info["datasets"][2], "location": "from the publisher"}]
    assert "invent" in evaluate(LAB, "q9", {**info, "datasets": invented}).detail


@pytest.mark.parametrize("defensible", [
    {"personal_status_sex", "age_years"},                                  # foreign_worker left out
    {"personal_status_sex", "age_years", "foreign_worker", "telephone"},   # a proxy listed too
])
def test_q8_accepts_every_defensible_set(evaluate, defensible):
    assert evaluate(LAB, "q8", defensible).passed


def test_q3_accepts_ms_marco_as_obtainable(evaluate, answers):
    assert evaluate(LAB, "q3", {**answers["q3"][0], "MS MARCO": "obtainable"}).passed


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

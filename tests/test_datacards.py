# SPDX-FileCopyrightText: 2026 The Open Source AI Lab Kit authors
# SPDX-License-Identifier: MIT
"""Tests of osai.datacards."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from osai import datacards as D
from osai.cards import FrontMatterError
from osai.data import codebook, german_credit, minilm_path


@pytest.fixture(scope="module")
def card_text() -> str:
    return (minilm_path() / "README.md").read_text(encoding="utf-8")


# ---------------------------------------------------------------- categories and classify

def test_four_categories_with_requirements_and_sources():
    reqs = D.category_requirements()
    assert list(reqs) == [c.value for c in D.DataCategory] == ["open", "public", "obtainable", "unshareable"]
    assert {c: reqs[c]["requirement"] for c in reqs} == {
        "open": "share", "public": "disclose", "obtainable": "disclose", "unshareable": "describe"}
    assert all(r["source"].startswith("https://opensource.org/") for r in reqs.values())
    with pytest.raises(ValueError, match="did you mean 'public'"):
        D.DataCategory("publik")


@pytest.mark.parametrize(("facts", "category"), [
    ({"access": "free", "license": "CC-BY-SA-4.0"}, "open"),
    ({"access": "free", "license": "CC0-1.0"}, "open"),
    ({"access": "free", "license": "CC-BY-NC-4.0"}, "public"),
    ({"access": "free", "license": None}, "public"),
    ({"access": "free", "license": "CC-BY-4.0", "redistribution": "restricted"}, "public"),
    ({"access": "fee_or_gated", "license": "LicenseRef-ldc"}, "obtainable"),
    ({"access": "none", "license": "CC0-1.0"}, "unshareable"),
])
def test_classify_rule(facts, category):
    result = D.classify(facts)
    assert result.category.value == category
    assert result.reasons and all(isinstance(r, str) and r for r in result.reasons)
    assert category in str(result)


def test_classify_bad_input():
    with pytest.raises(ValueError, match="did you mean 'free'"):
        D.classify({"access": "fre"})
    with pytest.raises(ValueError, match="redistribution must be one of"):
        D.classify({"access": "free", "redistribution": "yes"})
    with pytest.raises(TypeError, match="mapping"):
        D.classify(["free"])


@settings(deadline=None)
@given(st.sampled_from(D.ACCESS), st.sampled_from(D.REDISTRIBUTION), st.one_of(st.none(), st.text(max_size=30)))
def test_classify_total_and_consistent(access, redistribution, license_id):
    result = D.classify({"access": access, "redistribution": redistribution, "license": license_id})
    expected = {"none": "unshareable", "fee_or_gated": "obtainable"}.get(
        access, "open" if redistribution == "allowed" else "public")
    assert result.category.value == expected


@settings(deadline=None)
@given(st.text(max_size=40))
def test_license_redistribution_never_crashes(text):
    assert D.license_redistribution(text) in D.REDISTRIBUTION


def test_license_redistribution_compound():
    assert D.license_redistribution("CC-BY-4.0 AND MIT") == "allowed"
    assert D.license_redistribution("CC-BY-4.0 AND CC-BY-NC-SA-4.0") == "restricted"
    assert D.license_redistribution("CC-BY-4.0 AND LicenseRef-x") == "unknown"
    with pytest.raises(TypeError):
        D.license_redistribution(3)


# ---------------------------------------------------------------- MiniLM's training data

def test_facts_file_every_entry_has_a_source_and_valid_values():
    facts = D.training_data_facts()
    for entry in facts["sources"]:
        assert entry["source"].startswith("http"), entry["name"]
        assert entry["access"] in D.ACCESS and entry["redistribution"] in D.REDISTRIBUTION
        assert entry["license_status"] in ("verified", "secondary", "unverified")
        assert entry["card_tuples"] and all(isinstance(t, int) and t > 0 for t in entry["card_tuples"])


def test_facts_match_the_card_on_disk(card_text):
    """Every row of the real card's table belongs to exactly one source, with the same tuple count."""
    rows = D.card_training_table(card_text)
    facts = D.training_data_facts()["sources"]
    assert len(rows) == 32
    by_source = {e["name"]: [] for e in facts}
    for row in rows:
        owners = [e for e in facts if e["card_match"] in row["dataset"]]
        assert len(owners) == 1, row
        by_source[owners[0]["name"]].append(row["tuples"])
    for entry in facts:
        assert sorted(by_source[entry["name"]]) == sorted(entry["card_tuples"]), entry["name"]
    total = re.search(r"\*\*Total\*\*.*?\*\*([\d,]+)\*\*", card_text).group(1)
    assert int(total.replace(",", "")) == D.training_data_facts()["card_stated_total"]


def test_hub_ids_are_the_cards_metadata_list(card_text):
    from huggingface_hub import ModelCard

    listed = ModelCard(card_text).data.datasets
    ids = [i for e in D.training_data_facts()["sources"] for i in e["hub_ids"]]
    assert sorted(ids) == sorted(listed) and len(listed) == 21


def test_training_data_table():
    table = D.training_data("all-MiniLM-L6-v2")
    assert len(table) == 23 and table["tuples"].is_monotonic_decreasing
    assert abs(table["share"].sum() - 1) < 1e-9
    assert set(table.loc[~table["in_metadata"], "name"]) == {"Reddit comments 2015-2018", "COCO captions", "SQuAD 2.0"}
    cats = dict(zip(table["name"], table["category"]))
    assert cats["MS MARCO"] == "public" and cats["S2ORC"] == "open" and cats["SQuAD 2.0"] == "open"
    assert round(float(table.loc[table["name"] == "Reddit comments 2015-2018", "share"].iloc[0]), 3) == 0.622
    # A source whose license was not checked can never be a certain classification.
    assert not table.loc[table["license_status"] == "unverified", "certain"].any()


def test_training_data_bad_name():
    with pytest.raises(ValueError, match="did you mean 'all-minilm-l6-v2'"):
        D.training_data("all-MiniLM-L6")
    with pytest.raises(TypeError):
        D.training_data(None)


def test_card_training_table_ignores_other_tables():
    text = "| a | b |\n|---|---|\n| x | y |\n| [S](u) | - | 12 |\n| **Total** | | **12** |"
    assert D.card_training_table(text) == [{"dataset": "S", "tuples": 12}]
    with pytest.raises(TypeError):
        D.card_training_table(None)


# ---------------------------------------------------------------- data information score

def test_score_full_and_empty():
    full = {k: "described" for k in list(D.data_information_requirements())[:5]}
    full["datasets"] = [{"name": "A", "category": "open", "location": "https://a"},
                        {"name": "B", "category": "obtainable", "location": "LDC catalogue"},
                        {"name": "C", "category": "unshareable", "description": "bank records, 2020"}]
    assert D.data_information_score(full).score == 1.0
    empty = D.data_information_score({})
    assert empty.score == 0.0 and len(empty.missing) == 7


def test_score_names_what_is_missing():
    info = {"provenance": "x", "datasets": [{"name": "B", "category": "obtainable"},
                                            {"name": "C", "category": "unshareable"}]}
    result = D.data_information_score(info)
    text = "\n".join(result.missing)
    assert "no location for B" in text and "unshareable data (C)" in text
    assert "public_data_listed" in result.met
    assert result.score == pytest.approx(2 / 8)


def test_score_placeholder_does_not_count():
    assert "labeling" not in D.data_information_score({"labeling": "[More Information Needed]"}).met


def test_score_bad_input():
    with pytest.raises(ValueError, match="did you mean 'provenance'"):
        D.data_information_score({"provenence": "x"})
    with pytest.raises(ValueError, match="unknown data category"):
        D.data_information_score({"datasets": [{"name": "x", "category": "secret"}]})
    with pytest.raises(TypeError):
        D.data_information_score(42)


def test_score_of_real_cards(card_text):
    minilm = D.data_information_score(card_text)
    assert "provenance" in minilm.met and "labeling" not in minilm.met and "public_data_listed" in minilm.met
    german = D.data_information_score(D.german_credit_card())
    assert {"provenance", "scope_and_characteristics", "labeling"} <= set(german.met)


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=300))
def test_score_of_any_text_is_a_fraction(text):
    try:
        result = D.data_information_score(text)
    except FrontMatterError as error:  # only YAML front matter that does not parse is refused, with its line
        assert error.code == "yaml" and str(error).startswith("line ")
        return
    assert 0 <= result.score <= 1 and len(result.met) + len(result.missing) >= 7


def test_card_sections_keep_their_own_text_and_placeholders_do_not_count():
    card = ("---\nlicense: mit\n---\n# T\n## Source Data\n### Data Collection\nExported from the loan system.\n"
            "## Annotations\n[More Information Needed]\n## Data Fields\n```\n# not a heading\n```\n")
    result = D.data_information_score(card)
    assert "collection_and_selection" in result.met and "provenance" not in result.met  # no borrowing
    assert "labeling" not in result.met  # the Hub template's placeholder is not content
    assert "scope_and_characteristics" in result.met  # a '#' line inside a code block is not a heading


# ---------------------------------------------------------------- German Credit

def test_load_german_credit_dataset():
    ds = D.load_german_credit()
    frame = german_credit()
    book = codebook()
    assert ds.num_rows == 1000 and ds.column_names == list(frame.columns)
    label = ds.features["credit_risk"]
    assert label.names == ["good", "bad"]
    assert sum(ds["credit_risk"]) == int((frame["credit_risk"] == "bad").sum())
    numeric = [a["name"] for a in book["attributes"] if a["kind"] == "numeric"]
    assert all(ds.features[c].dtype == "int64" for c in numeric)
    assert ds[0]["checking_status"] == frame.loc[0, "checking_status"]
    assert ds.info.license == "CC BY 4.0" and "10.24432/C5NC77" in ds.info.citation


def test_load_german_credit_pandas_and_bad_input():
    assert D.load_german_credit("pandas").equals(german_credit())
    with pytest.raises(ValueError, match="'dataset' or 'pandas'"):
        D.load_german_credit("numpy")


def test_german_credit_card_offline():
    card = D.german_credit_card()
    assert card.data.license == "cc-by-4.0" and card.data.pretty_name
    for heading in ("## Dataset Details", "## Uses", "## Dataset Structure", "### Source Data",
                    "## Bias, Risks, and Limitations", "## Citation"):
        assert heading in card.content
    for attribute in codebook()["attributes"]:
        assert f"`{attribute['name']}`" in card.content
    for row in D.german_credit_sensitive()["sensitive"]:
        assert row["column"] in card.content and row["source"].startswith("http")
    assert "10.24432/C5NC77" in card.content

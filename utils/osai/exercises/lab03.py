# SPDX-FileCopyrightText: 2026 The Open Source AI Lab Kit authors
# SPDX-License-Identifier: MIT
"""Exercises of Lab 03, Data categories. Answers are stored as salted fingerprints or recomputed."""

from __future__ import annotations

from typing import Any

from osai.checks import Exercises, Mismatch, as_function, as_mapping, as_number, as_strings, expect

ex = Exercises("03")

_Q1 = {
    "A": "bfc76d1693afb76a5a2a52ec91731e06810f674821c4614d69946d5e3ae54fdb",
    "B": "5eb176a598d38ab74dbc191c9ae944d3eec78b67736bcd5090df7463f85312a1",
    "C": "e5aae1ae9e9dc80d21054c10f7acec4d401c58ddf6fd4f166ae3d859850d1f4a",
    "D": "fd5b111adeb817517f41e90549fb734dbba37fd175037b63e00a387cb38b112e",
    "E": "d35dec056945274a9b6196c6ae482d7e20ccf27de9fa504d86eb08cc1c64b404",
}
_CATEGORIES = ("open", "public", "obtainable", "unshareable")


def _name_set(value: Any) -> set[str]:
    return {" ".join(v.split()).casefold() for v in as_strings(value, "a set of names")}


@ex("q1", points=2, expects="a dict {'A': category, ..., 'E': category}",
    hints=("Ask two questions: can anyone get the data, and do its terms let anyone re-share it?",
           "Data you can only get for a fee or after signing an agreement is 'obtainable'."))
def _q1(categories: Any) -> None:
    categories = as_mapping(categories, "a dict such as {'A': 'open', ...}")
    expect(set(categories) == set(_Q1), "expected exactly the keys 'A' to 'E', one per scenario")
    for key, value in categories.items():
        expect(isinstance(value, str) and value.strip().lower() in _CATEGORIES,
               f"{key}: expected one of {', '.join(_CATEGORIES)}, got {value!r}")
    wrong = sum(not ex.matches(categories[k].strip().lower(), digest, part=k) for k, digest in _Q1.items())
    expect(wrong == 0, f"{wrong} of the 5 scenarios are not in the right category")


@ex("q2", points=1, expects="a whole number",
    hints=("ModelCard.load(path).data holds the card's metadata.", "len(minilm_card.data.datasets)"))
def _q2(n_metadata_datasets: Any) -> None:
    number = as_number(n_metadata_datasets, "a whole number")
    expect(number == int(number), "expected a whole number")
    expect(number != 32, "32 is the number of rows of the card's training table; count the metadata's datasets list")
    expect(ex.matches(int(number), "d9b771d1f9269aba439f05b755fb953a351940630f4c085db5bcb412fd9121c4"),
           "not the number of entries in the card's `datasets:` metadata")


def _minilm_rows() -> list[dict[str, Any]]:
    from osai.data import minilm_path
    from osai.datacards import card_training_table

    return card_training_table((minilm_path() / "README.md").read_text(encoding="utf-8"))


@ex("q3", points=2, expects="a float between 0 and 1",
    hints=("rows = card_training_table(minilm_card.content) gives every row with its tuples.",
           "Divide the Reddit row's tuples by the sum over all rows (not the stated total)."))
def _q3(reddit_share: Any) -> None:
    share = as_number(reddit_share, "a share between 0 and 1")
    expect(0 <= share <= 1, "a share is between 0 and 1 (not a percentage)")
    rows = _minilm_rows()
    want = sum(r["tuples"] for r in rows if "Reddit" in r["dataset"]) / sum(r["tuples"] for r in rows)
    stated = sum(r["tuples"] for r in rows if "Reddit" in r["dataset"]) / 1_170_060_424
    expect(abs(share - stated) >= 0.0005 or abs(share - want) < 0.0005,
           "that divides by the card's stated total, which is not the sum of its rows; divide by the sum")
    expect(abs(share - want) < 0.0005, "not the Reddit rows' share of the sum of all rows of the card's table")


@ex("q4", points=2, expects="a set of source names",
    hints=("The table has a boolean column in_metadata.", "set(table.loc[~table['in_metadata'], 'name'])"))
def _q4(not_in_metadata: Any) -> None:
    from osai.datacards import training_data

    got = _name_set(not_in_metadata)
    table = training_data("all-MiniLM-L6-v2")
    want = {n.casefold() for n in table.loc[~table["in_metadata"], "name"]}
    expect(got <= {n.casefold() for n in table["name"]}, "use the names exactly as in the `name` column of the table")
    expect(got == want, f"expected {len(want)} sources; you gave {len(got)}, and not the right ones" if len(got) != len(want)
           else "the same number of sources, but not the right ones")


@ex("q5", points=2, expects="a float between 0 and 1",
    hints=("Select the rows whose category is 'open' and add up their share.",))
def _q5(open_share: Any) -> None:
    from osai.datacards import training_data

    share = as_number(open_share, "a share between 0 and 1")
    expect(0 <= share <= 1, "a share is between 0 and 1 (not a percentage)")
    table = training_data("all-MiniLM-L6-v2")
    want = float(table.loc[table["category"] == "open", "share"].sum())
    expect(abs(share - want) < 0.0005, "not the share of training tuples whose source is in the 'open' category")


@ex("q6", points=2, expects="a function what_to_publish(category) returning 'share', 'disclose' or 'describe'",
    refuses=('osai.datacards.DataCategory.requirement',),
    hints=("DataCategory(category) turns a name into a category and raises ValueError for unknown names.",
           "Look the requirement up in category_requirements() (DataCategory(...).requirement is the kit's own "
           "answer: the check refuses a function that calls it)."))
def _q6(what_to_publish: Any) -> None:
    from osai.datacards import DataCategory, category_requirements

    what_to_publish = as_function(what_to_publish, "a function what_to_publish(category)")
    for name, row in category_requirements().items():
        for given in (name, name.upper(), DataCategory(name)):
            got = what_to_publish(given)
            expect(isinstance(got, str), f"what_to_publish({given!r}) should return a string, got {type(got).__name__}")
            expect(got.strip().lower() == row["requirement"],
                   f"what_to_publish({name!r}) is not what the definition requires for {name} data")
    try:
        what_to_publish("secret")
    except ValueError:
        return
    except Exception as error:  # noqa: BLE001 - report which error it was
        raise Mismatch(f"an unknown category should raise ValueError, not {type(error).__name__}") from None
    raise Mismatch("an unknown category such as 'secret' should raise ValueError")


@ex("q7", points=1, expects="a whole number",
    hints=("credit_ds.train_test_split(test_size=0.2, seed=0, stratify_by_column='credit_risk')['train']",
           "The label of 'bad' is 1: sum(split['train']['credit_risk'])."))
def _q7(n_bad_train: Any) -> None:
    number = as_number(n_bad_train, "a whole number")
    expect(number == int(number) and 0 <= number <= 1000, "expected a whole number of rows between 0 and 1,000")
    expect(number != 300, "300 is the count in the whole table; count only the training split")
    expect(ex.matches(int(number), "28ff7c59ac69b7057fddf4ae4e690838f20de674f681ef85f050366dd3bb6db5"),
           "not the number of 'bad' rows (label 1) in the stratified training split")


@ex("q8", points=1, expects="a set of column names",
    hints=("german_credit_sensitive()['sensitive'] lists them, each with why.",))
def _q8(sensitive_columns: Any) -> None:
    got = _name_set(sensitive_columns)
    from osai.data import codebook

    columns = {a["name"] for a in codebook()["attributes"]}
    expect(got <= columns, "use column names of the dataset, such as 'age_years'")
    expect(ex.matches(got, "7e2caffa55b18d01bbf516fd1bf6559be067ebe4bbec0b04a48c85dac34884aa"),
           "not the set of sensitive attributes the card lists (proxies are listed separately)")


@ex("q9", points=2, expects="a dict with data-information keys and a 'datasets' list",
    hints=("Put text only under the keys the release really documents.",
           "Each dataset needs name and category; add location only where the release gives one, "
           "description only for the unshareable one."))
def _q9(creditchat_info: Any) -> None:
    from osai.datacards import data_information_score

    creditchat_info = as_mapping(creditchat_info, "a dict of data information")
    result = data_information_score(creditchat_info)
    expect(ex.matches(sorted(result.met), "4259319010298dda9266a3a25908e19e07cdfef12e16f76034d9f905ecc52062"),
           f"your dict meets {len(result.met)} requirements ({', '.join(sorted(result.met)) or 'none'}); "
           "that is not what the CreditChat release documents")

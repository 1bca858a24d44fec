# SPDX-FileCopyrightText: 2026 The Open Source AI Lab Kit authors
# SPDX-License-Identifier: MIT
"""Shipped data: the file is the original, the loader decodes it as the codebook says."""

from __future__ import annotations

import hashlib

import pytest

from osai import data


def test_german_credit_file_is_the_original():
    digest = hashlib.sha256(data.data_path("statlog-german-credit", "german.data").read_bytes()).hexdigest()
    assert digest == "e2bc10785808eeb5e30462f0805edb73a672f295bc671dec0bca6e2fb5c8e1ca"


def test_license_and_citation_ship_with_the_data():
    folder = data.data_path("statlog-german-credit")
    assert "CC BY 4.0" in (folder / "LICENSE.md").read_text()
    assert data.GERMAN_CREDIT_DOI in (folder / "README.md").read_text()
    assert data.GERMAN_CREDIT_DOI in data.GERMAN_CREDIT_CITATION


def test_decoded_frame_agrees_with_the_codebook():
    frame = data.german_credit()
    book = data.codebook()
    assert frame.shape == (1000, 21)
    assert frame["credit_risk"].value_counts().to_dict() == {
        book["target"]["codes"][k]: v for k, v in book["target"]["counts"].items()}
    for attribute in book["attributes"]:
        column = frame[attribute["name"]]
        if attribute["kind"] == "numeric":
            assert str(column.dtype) == "int64"
        else:
            assert column.notna().all(), f"{attribute['name']} has codes missing from the codebook"
            assert set(column) <= set(attribute["codes"].values())


def test_known_facts_of_german_credit():
    frame = data.german_credit()
    assert (frame["foreign_worker"] == "yes").sum() == 963
    raw = data.german_credit(decoded=False)
    assert "A95" not in set(raw["personal_status_sex"])
    assert set(raw["checking_status"]) == {"A11", "A12", "A13", "A14"}


def test_bad_arguments_are_explained():
    with pytest.raises(TypeError, match="decoded must be True or False"):
        data.german_credit(decoded="yes")
    with pytest.raises(FileNotFoundError, match="holds: .*german.data"):
        data.data_path("statlog-german-credit", "nope.csv")


def test_minilm_release_is_on_disk():
    path = data.minilm_path()
    assert (path / "config.json").exists() and (path / "model.safetensors").exists()


def test_minilm_loads_offline_and_embeds():
    torch = pytest.importorskip("torch")
    tokenizer, model = data.load_minilm()
    batch = tokenizer(["open source AI"], return_tensors="pt")
    with torch.no_grad():
        hidden = model(**batch).last_hidden_state
    assert tuple(hidden.shape[::2]) == (1, 384)
    assert sum(p.numel() for p in model.parameters()) == sum(
        p.numel() for name, p in model.named_parameters())
    assert model.config.num_hidden_layers == 6

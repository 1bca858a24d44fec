# SPDX-FileCopyrightText: 2026 The Open Source AI Lab Kit authors
# SPDX-License-Identifier: MIT
"""osai.standards: ML-BOM validation, signing a model folder offline, the frameworks data."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from osai import standards


def _bom(**card_parts) -> dict:
    """A small valid ML-BOM: one model (with a model card) trained on one dataset."""
    card = {"modelParameters": {"task": "classification", "datasets": [{"ref": "data-0"}]},
            "quantitativeAnalysis": {"performanceMetrics": [{"type": "accuracy", "value": "0.71"}]},
            "considerations": {"technicalLimitations": ["four features only"]}}
    card.update(card_parts)
    return {"bomFormat": "CycloneDX", "specVersion": "1.6", "version": 1,
            "components": [
                {"type": "machine-learning-model", "name": "m", "bom-ref": "model",
                 "licenses": [{"license": {"id": "MIT"}}], "modelCard": card},
                {"type": "data", "name": "d", "bom-ref": "data-0"}]}


def test_a_small_mlbom_is_valid_and_its_parts_are_needed():
    assert standards.mlbom_problems(_bom()) == []
    assert standards.mlbom_problems(json.dumps(_bom())) == []
    no_considerations = _bom(considerations={})
    assert standards.mlbom_problems(no_considerations) == ["the modelCard has no considerations"]
    dangling = _bom()
    dangling["components"][0]["modelCard"]["modelParameters"]["datasets"] = [{"ref": "elsewhere"}]
    assert any("'elsewhere'" in p for p in standards.mlbom_problems(dangling))
    misplaced = _bom()
    misplaced["components"][1]["modelCard"] = misplaced["components"][0].pop("modelCard")
    assert "the modelCard is on 'd', a data component" in standards.mlbom_problems(misplaced)[-1]
    unlicensed = _bom()
    del unlicensed["components"][0]["licenses"]
    assert any("has no license" in p for p in standards.mlbom_problems(unlicensed))


def test_the_library_schema_catches_a_wrong_type_and_an_unknown_property():
    wrong = _bom()
    wrong["components"][0]["modelCard"]["modelParameters"]["task"] = 3
    assert any(p.startswith("schema: at components/0/modelCard/modelParameters/task")
               for p in standards.mlbom_problems(wrong))
    extra = _bom()
    extra["components"][0]["weights"] = "x"  # strict: unknown properties are refused
    assert any(p.startswith("schema:") for p in standards.mlbom_problems(extra))


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(st.text(max_size=40), st.binary(max_size=20), st.integers(), st.none(),
                 st.dictionaries(st.text(max_size=8), st.text(max_size=8), max_size=3)))
def test_any_input_gives_problems_or_a_clear_error(value):
    try:
        problems = standards.mlbom_problems(value)
    except (ValueError, TypeError) as err:
        assert "expected" in str(err)
    else:
        assert problems and all(isinstance(p, str) for p in problems)


def test_frameworks_have_their_parts_and_an_https_source():
    found = standards.frameworks()
    assert set(found) == {"nist-ai-rmf", "iso-iec-42001", "finos-aigf", "lf-ai-data", "openssf"}
    assert [p["name"] for p in found["nist-ai-rmf"]["parts"]] == ["Govern", "Map", "Measure", "Manage"]
    assert [p["id"] for p in found["iso-iec-42001"]["parts"]] == [str(n) for n in range(4, 11)]
    assert all(f["source"].startswith("https://") for f in found.values())
    found["nist-ai-rmf"]["parts"].clear()  # a copy: the caller cannot change the kit's data
    assert standards.frameworks()["nist-ai-rmf"]["parts"]


def test_sign_verify_and_tamper(tmp_path: Path):
    model = tmp_path / "model"
    model.mkdir()
    (model / "weights.bin").write_bytes(b"\x00\x01\x02")
    (model / "README.md").write_text("card", encoding="utf-8")
    keys = tmp_path / "keys"
    keys.mkdir()
    private, public = standards.make_key_pair(keys)
    with pytest.raises(FileExistsError):
        standards.make_key_pair(keys)
    signature = standards.sign_folder(model, private, tmp_path / "model.sig")
    assert standards.verify_folder(model, public, signature) == []
    (model / "weights.bin").write_bytes(b"\x00\x01\x03")
    assert standards.verify_folder(model, public, signature) == [
        "weights.bin: its content changed since signing (its SHA-256 differs from the signed one)"]
    (model / "weights.bin").write_bytes(b"\x00\x01\x02")
    (model / "extra.txt").write_text("x", encoding="utf-8")
    assert standards.verify_folder(model, public, signature) == ["extra.txt: added since signing"]
    (model / "extra.txt").unlink()
    other = tmp_path / "other"
    other.mkdir()
    _, other_public = standards.make_key_pair(other)
    assert standards.verify_folder(model, other_public, signature)[0].startswith("the signature does not verify")
    with pytest.raises(ValueError, match="outside the model folder"):
        standards.sign_folder(model, private, model / "inside.sig")


def test_file_sha256_refuses_a_folder(tmp_path: Path):
    with pytest.raises(FileNotFoundError, match="expected a file"):
        standards.file_sha256(tmp_path)
    shutil.rmtree(tmp_path, ignore_errors=True)


def test_verify_names_a_file_whatever_quotes_the_message_uses(tmp_path: Path):
    model = tmp_path / "model"
    model.mkdir()
    keys = tmp_path / "keys"
    keys.mkdir()
    private, public = standards.make_key_pair(keys)
    (model / "LICENSE").write_text("a", encoding="utf-8")
    signature = standards.sign_folder(model, private, tmp_path / "s.sig")
    for n in range(40):  # digests whose bytes hold quotes make Python escape the quotes around the name
        (model / "LICENSE").write_text(f"changed {n}", encoding="utf-8")
        assert standards.verify_folder(model, public, signature) == [
            "LICENSE: its content changed since signing (its SHA-256 differs from the signed one)"]
    (model / "LICENSE").write_text("a", encoding="utf-8")
    for n in range(5):
        (model / f"it's {n}.txt").write_text("x", encoding="utf-8")
    assert len(standards.verify_folder(model, public, signature)) == 5


def test_mismatches_name_what_the_bom_says_differently():
    facts = {"name": "m", "version": None, "model_license": "MIT", "weights_sha256": None, "task": "classification",
             "architecture": None, "metrics": {"accuracy": 0.71}, "limitations": ["four features only"],
             "datasets": [{"name": "d", "license": None}]}
    doc = _bom()
    assert standards.mlbom_mismatches(doc, facts) == []
    facts["weights_sha256"] = "ab" * 32
    assert standards.mlbom_mismatches(doc, facts) == ["give the model its SHA-256 hash, facts['weights_sha256']"]
    facts["datasets"][0]["license"] = "CC0-1.0"
    assert any("never invent" in m or "no license" in m for m in standards.mlbom_mismatches(doc, facts))
    facts["metrics"] = {"accuracy": 0.74}
    assert any("the release measured 0.74" in m for m in standards.mlbom_mismatches(doc, facts))

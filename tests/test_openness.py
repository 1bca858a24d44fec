# SPDX-FileCopyrightText: 2026 The Open Source AI Lab Kit authors
# SPDX-License-Identifier: MIT
"""Tests of osai.openness: releases, the OSAID verdict, MOF classes, the release folder reader."""

from __future__ import annotations

import json

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from osai import openness as O
from osai.data import data_path, minilm_path

FULL_OPEN = {k: ("Apache-2.0" if O.component_info()[k]["type"] == "code" else "CC-BY-4.0") for k in O.COMPONENTS}


def test_seventeen_components_in_three_classes():
    info = O.component_info()
    assert list(info) == list(O.COMPONENTS) and len(O.COMPONENTS) == 17
    counts = {c: sum(1 for row in info.values() if row["class"] == c) for c in (1, 2, 3)}
    assert counts == {3: 7, 2: 5, 1: 5}  # cumulative 7, 12, 17
    assert all(row["source"].startswith("http") for row in info.values())


def test_release_validates_keys_and_licenses():
    with pytest.raises(ValueError, match="valid components: model_architecture"):
        O.Release("x", {"weights": "MIT"})
    with pytest.raises(ValueError, match="did you mean 'training_code'"):
        O.Release("x", {"training_cod": "MIT"})
    with pytest.raises(ValueError, match="did you mean 'Apache-2.0'"):
        O.Release("x", {"training_code": "apache2"})
    with pytest.raises(TypeError):
        O.Release("x", {"training_code": 3})
    with pytest.raises(ValueError):
        O.Release("", {})
    r = O.Release("x", {"training_code": "mit", "datasets": None})
    assert r.components["training_code"] == "MIT" and r.components["datasets"] is None
    assert r.released == ["training_code"]


def test_full_release_meets_osaid_and_reaches_class_one():
    r = O.Release("all", FULL_OPEN)
    assert O.assess_osaid(r).meets and O.assess_osaid(r).reasons == []
    assert O.mof_class(r) == 1
    assert O.missing_for(r, 1) == []


def test_osaid_groups_come_from_the_components_data():
    info = O.component_info()
    assert set(O.OSAID_CODE) == {k for k, row in info.items() if row["osaid"] == "code"} == {
        "data_preprocessing_code", "training_code", "evaluation_code", "inference_code",
        "supporting_libraries_and_tools", "model_architecture"}
    assert O.OSAID_DATA_INFORMATION == ("data_card", "technical_report", "research_paper")
    assert list(O.OSAID_CODE) == [k for k in O.COMPONENTS if k in O.OSAID_CODE]  # the framework's order
    with pytest.raises(AttributeError, match="OSAID_DATA"):
        O.OSAID_DATA


@pytest.mark.parametrize("key", O.OSAID_CODE)
def test_each_missing_code_component_fails_the_code_requirement(key):
    r = O.Release("x", {**FULL_OPEN, key: None})
    verdict = O.assess_osaid(r)
    assert not verdict.meets and verdict.requirements["code"] is False
    assert len(verdict.reasons) == 1 and key in verdict.reasons[0]


def test_non_osi_code_license_fails_the_freedoms_requirement_only():
    r = O.Release("x", {**FULL_OPEN, "training_code": "CC-BY-4.0"})
    verdict = O.assess_osaid(r)
    assert [k for k, ok in verdict.requirements.items() if not ok] == ["four freedoms"]


@pytest.mark.parametrize("weights,meets", [("Apache-2.0", True), ("CDLA-Permissive-2.0", True), ("llama3.1", False),
                                           ("cc-by-nc-4.0", False), ("LicenseRef-unspecified", False)])
def test_parameter_terms(weights, meets):
    assert O.assess_osaid(O.Release("x", {**FULL_OPEN, "model_parameters_final": weights})).meets is meets


def test_datasets_are_not_required_but_some_data_information_is():
    assert O.assess_osaid(O.Release("x", {**FULL_OPEN, "datasets": None})).meets
    no_docs = {**FULL_OPEN, "data_card": None, "technical_report": None, "research_paper": None}
    verdict = O.assess_osaid(O.Release("x", no_docs))
    assert not verdict.meets and verdict.requirements["data information"] is False
    assert O.assess_osaid(O.Release("x", {**no_docs, "technical_report": "LicenseRef-unspecified"})).meets


def test_classes_are_cumulative():
    only_class1_extra = {k: v for k, v in FULL_OPEN.items() if O.component_info()[k]["class"] == 1}
    assert O.mof_class(O.Release("x", only_class1_extra)) is None
    class3 = {k: v for k, v in FULL_OPEN.items() if O.component_info()[k]["class"] == 3}
    assert O.mof_class(O.Release("x", class3)) == 3
    class2 = {k: v for k, v in FULL_OPEN.items() if O.component_info()[k]["class"] >= 2}
    assert O.mof_class(O.Release("x", class2)) == 2
    assert O.mof_class(O.Release("x", {**FULL_OPEN, "model_card": "llama2"})) is None


def test_missing_for_names_components_and_licenses():
    r = O.Release("x", {**FULL_OPEN, "datasets": None, "model_card": "gemma"})
    lines = O.missing_for(r, 1)
    assert "datasets: not released" in lines
    assert any(line.startswith("model_card") and "LicenseRef-gemma" in line for line in lines)
    for bad in (0, 4, "1", True, None):
        with pytest.raises(ValueError):
            O.missing_for(r, bad)


def test_license_fit_by_content_type():
    assert O.license_fit("inference_code", "Apache-2.0") == "fit"
    assert O.license_fit("inference_code", "CC-BY-4.0") == "open, other type"
    assert O.license_fit("datasets", "CDLA-Permissive-2.0") == "fit"
    assert O.license_fit("model_card", "CC-BY-4.0") == "fit"
    assert O.license_fit("model_card", None) == "not open"
    with pytest.raises(ValueError):
        O.license_fit("weights", "MIT")


@given(st.dictionaries(st.sampled_from(O.COMPONENTS),
                       st.sampled_from([None, "MIT", "Apache-2.0", "CC-BY-4.0", "llama2", "cc-by-nc-4.0",
                                        "LicenseRef-unspecified", "CDLA-Permissive-2.0", "gemma"])))
@settings(max_examples=150, deadline=None)
def test_verdict_and_class_are_consistent(components):
    r = O.Release("x", components)
    verdict = O.assess_osaid(r)
    assert verdict.meets == all(verdict.requirements.values()) == (not verdict.reasons)
    assert len(verdict.reasons) == sum(1 for ok in verdict.requirements.values() if not ok)
    cls = O.mof_class(r)
    assert cls in (None, 1, 2, 3)
    for c in (1, 2, 3):
        assert (O.missing_for(r, c) == []) == (cls is not None and cls <= c)


def test_known_releases_table():
    rows = yaml.safe_load(data_path("releases", "releases.yaml").read_text())
    assert len(rows) >= 15
    assert all(row.get("source") for row in rows)
    assert not any("meets" in row or "verdict" in row for row in rows)  # verdicts are computed
    releases = O.known_releases()
    for name in ("Pythia", "BLOOM", "T5", "GPT-2", "Llama 2", "Llama 3.1", "Mistral 7B", "Mixtral 8x7B",
                 "Gemma 7B", "Phi-2", "Falcon-40B", "Grok-1", "DeepSeek-R1", "Qwen2.5-7B"):
        assert name in releases


def test_verdicts_agree_with_osi_validation():
    validated = [r for r in O.known_releases().values() if r.osi_validation]
    assert len(validated) >= 10
    for r in validated:
        assert O.assess_osaid(r).meets is (r.osi_validation == "passed"), r.name


def test_open_weights_are_not_open_source():
    for name in ("Grok-1", "Mixtral 8x7B", "Mistral 7B"):
        r = O.known_releases()[name]
        assert O.license_fit("model_parameters_final", r.components["model_parameters_final"]) != "not open"
        assert not O.assess_osaid(r).meets


def test_inspect_release_on_the_real_minilm():
    r = O.inspect_release(minilm_path(), name="all-MiniLM-L6-v2")
    assert r.metadata["license"] == "apache-2.0"
    assert len(r.metadata["datasets"]) == 21
    assert r.components["model_parameters_final"] == "Apache-2.0"
    assert "model.safetensors" in r.evidence["model_parameters_final"]
    assert r.components["model_architecture"] == "Apache-2.0"
    assert r.components["training_code"] is None and r.components["datasets"] is None
    assert "vocab.txt" in r.evidence["supporting_libraries_and_tools"]
    verdict = O.assess_osaid(r)
    assert not verdict.meets and not verdict.requirements["code"]


def test_inspect_release_on_a_made_up_folder(tmp_path):
    (tmp_path / "README.md").write_text("---\nlicense: llama3.1\nbase_model: meta-llama/Llama-3.1-8B\n---\n## Evaluation\n")
    (tmp_path / "config.json").write_text(json.dumps({"architectures": ["LlamaForCausalLM"]}))
    (tmp_path / "model.gguf").write_bytes(b"\0")
    (tmp_path / "train_lora.py").write_text("print('train')\n")
    (tmp_path / "checkpoint-100").mkdir()
    (tmp_path / "checkpoint-100" / "model.safetensors").write_bytes(b"\0")
    r = O.inspect_release(tmp_path)
    assert r.components["training_code"] == "LicenseRef-llama3.1"
    assert r.evidence["model_parameters_final"] == ("model.gguf",)
    assert r.components["model_parameters_intermediate"] is not None
    assert r.components["evaluation_results"] is not None
    assert r.metadata["base_model"] == "meta-llama/Llama-3.1-8B"


def test_read_card_metadata_without_front_matter(tmp_path):
    card = tmp_path / "README.md"
    card.write_text("# Just a title\n---\nlicense: mit\n---\n")
    assert O.read_card_metadata(card) == {}
    card.write_text("---\n- a list, not a mapping\n---\n")
    assert O.read_card_metadata(card) == {}
    card.write_text("---\nlicense: mit\ndatasets: [a, b]\n---\nbody")
    assert O.read_card_metadata(card) == {"license": "mit", "datasets": ["a", "b"]}


def test_inspect_release_without_card_or_with_bad_input(tmp_path):
    (tmp_path / "pytorch_model.bin").write_bytes(b"\0")
    r = O.inspect_release(tmp_path)
    assert r.components["model_parameters_final"] == "LicenseRef-unspecified"
    assert r.components["model_card"] is None
    with pytest.raises(FileNotFoundError):
        O.inspect_release(tmp_path / "missing")
    (tmp_path / "README.md").write_text("---\nlicense: [unclosed\n---\n")
    with pytest.raises(ValueError, match="front matter"):
        O.inspect_release(tmp_path)


def test_scorecard_rows_and_plot():
    import matplotlib

    matplotlib.use("Agg")
    releases = O.known_releases()
    rows = O.scorecard(releases)
    assert [row["release"] for row in rows] == list(releases)
    assert all(row["open components"] <= row["released components"] <= 17 for row in rows)
    ax = O.plot_scorecard([releases["Pythia"], releases["Llama 2"]])
    assert len(ax.patches) == len(releases["Pythia"].released) + len(releases["Llama 2"].released)
    with pytest.raises(TypeError):
        O.scorecard(["Pythia"])

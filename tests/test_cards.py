# SPDX-FileCopyrightText: 2026 The Open Source AI Lab Kit authors
# SPDX-License-Identifier: MIT
"""osai.cards: building cards offline and validating them locally with line numbers."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from osai import cards
from osai.cards import (
    FrontMatterError,
    Problem,
    card_sections,
    dataset_card,
    front_matter,
    hub_license_ids,
    model_card,
    validate_card,
)

SECTIONS = {
    "Intended use": "Teaching.",
    "Limitations": "Small data.",
    "Training data": "German Credit.",
    "Evaluation": "Accuracy 0.7.",
    "Bias and fairness": "Accuracy by age: 0.6 and 0.75.",
}
META = {"license": "mit", "library_name": "sklearn", "pipeline_tag": "tabular-classification"}


def good_card_text() -> str:
    return str(model_card(META, SECTIONS, "Good model"))


def codes(problems: list[Problem]) -> list[str]:
    return [p.code for p in problems]


def test_a_complete_card_has_no_problem():
    assert validate_card(good_card_text()) == []


def test_hub_license_snapshot_has_sources_and_is_lowercase():
    table = yaml.safe_load(Path(cards.__file__).with_name("data").joinpath("licenses", "hub_licenses.yaml").read_text())
    assert all(group["source"].startswith("https://") for group in table["groups"])
    ids = hub_license_ids()
    assert all(i == i.lower() for i in ids)
    assert {"apache-2.0", "cc-by-4.0", "llama3.1", "bigscience-openrail-m", "other", "unknown"} <= ids
    assert "Apache-2.0" not in ids and "CC-BY-4.0" not in ids


def test_yaml_error_is_reported_on_its_line():
    text = "---\nlicense: mit\nlibrary_name: [sklearn\npipeline_tag: x\n---\n# T\n"
    problems = validate_card(text)
    assert problems[0].code == "yaml"
    assert problems[0].line in (3, 4, 5)
    assert "line" in str(problems[0])


def test_missing_metadata_block_and_unclosed_block():
    assert codes(validate_card("# Just a title\n"))[0] == "no-metadata"
    unclosed = validate_card("---\nlicense: mit\n# T\n")
    assert unclosed[0].code == "no-metadata" and unclosed[0].line == 1


def test_metadata_that_is_not_a_mapping():
    assert "not-a-mapping" in codes(validate_card("---\n- a\n- b\n---\n"))
    assert "not-a-mapping" in codes(validate_card("---\n---\n"))


def test_missing_required_keys_are_named():
    text = good_card_text().replace("library_name: sklearn\n", "")
    problems = [p for p in validate_card(text) if p.code == "missing-key"]
    assert [p.subject for p in problems] == ["library_name"]
    data_problems = validate_card(good_card_text(), kind="dataset")
    assert {"pretty_name", "task_categories"} <= {p.subject for p in data_problems if p.code == "missing-key"}


@pytest.mark.parametrize(("value", "suggestion"), [
    ("Apache-2.0", "apache-2.0"),  # SPDX id: wrong case
    ("apache2", "apache-2.0"),
    ("llama-3.1", "llama3.1"),
    ("CC-BY-4.0", "cc-by-4.0"),
])
def test_license_that_is_not_a_hub_id_gets_a_suggestion(value, suggestion):
    text = good_card_text().replace("license: mit", f"license: {value}")
    problem = next(p for p in validate_card(text) if p.code == "license")
    lines = text.splitlines()
    assert lines[problem.line - 1].startswith("license:")
    assert f"'{suggestion}'" in problem.message


def test_license_list_and_other_without_name_and_link():
    listed = validate_card(good_card_text().replace("license: mit", "license: [mit, apache-2.0]"))
    assert "license" in codes(listed)
    other = validate_card(good_card_text().replace("license: mit", "license: other"))
    assert sorted(p.subject for p in other if p.code == "license-other") == ["license_link", "license_name"]
    ok = good_card_text().replace("license: mit", "license: other\nlicense_name: mrl\nlicense_link: LICENSE")
    assert validate_card(ok) == []


def test_malformed_model_index_is_found_with_lines():
    from huggingface_hub import EvalResult

    card = model_card({**META, "model_name": "m", "eval_results": [EvalResult(
        task_type="tabular-classification", dataset_type="g", dataset_name="German", metric_type="accuracy",
        metric_value=0.7)]}, SECTIONS, "M")
    text = str(card)
    assert validate_card(text) == []
    no_value = text.replace("      value: 0.7\n", "")
    problem = next(p for p in validate_card(no_value) if p.code == "model-index")
    assert no_value.splitlines()[problem.line - 1].strip() == "- type: accuracy"
    no_dataset_name = text.replace("      name: German\n", "")
    assert "model-index" in codes(validate_card(no_dataset_name))
    assert "model-index" in codes(validate_card(text.replace("model-index:\n", "model-index: 3\nx:\n", 1)))


def test_missing_and_empty_sections():
    text = good_card_text()
    without = text.replace("## Evaluation\n\nAccuracy 0.7.\n", "")
    missing = [p for p in validate_card(without) if p.code == "missing-section"]
    assert [p.subject for p in missing] == ["evaluation"] and missing[0].line is None
    empty = text.replace("Small data.", "<!-- fill me -->\n[More Information Needed]")
    problem = next(p for p in validate_card(empty) if p.code == "empty-section")
    assert problem.subject == "limitations"
    assert empty.splitlines()[problem.line - 1] == "## Limitations"


def test_headings_in_code_blocks_do_not_count():
    text = good_card_text().replace("## Evaluation", "```\n## Evaluation\n```")
    assert "evaluation" in {p.subject for p in validate_card(text) if p.code == "missing-section"}
    assert [h for _, _, h, _ in card_sections("# A\n```\n# not a heading\n```\n## B\n")] == ["A", "B"]


def test_subsection_content_fills_its_parent():
    text = good_card_text().replace("## Limitations\n\nSmall data.", "## Limitations\n\n### Known\n\nSmall data.")
    assert validate_card(text) == []


def test_card_objects_paths_and_kinds(tmp_path):
    card = model_card(META, SECTIONS, "Good model")
    assert validate_card(card) == []
    path = tmp_path / "README.md"
    card.save(path)
    assert validate_card(path) == [] and validate_card(str(path)) == []
    data = dataset_card({"license": "cc-by-4.0", "pretty_name": "D", "task_categories": ["tabular-classification"]},
                        {"Uses": "x", "Dataset Structure": "x", "Dataset Creation": "x", "Bias, Risks, and Limitations": "x"},
                        "D")
    assert validate_card(data) == []  # kind taken from the DatasetCard
    assert "missing-section" in codes(validate_card(data, kind="model"))
    with pytest.raises(ValueError, match="did you mean 'dataset'"):
        validate_card(data, kind="datasets")
    with pytest.raises(TypeError, match="expected a card"):
        validate_card(42)
    with pytest.raises(FileNotFoundError, match="expected the path"):
        validate_card(tmp_path / "missing.md")
    with pytest.raises(FileNotFoundError, match="expected the path"):
        validate_card("nowhere/README.md")


def test_builders_reject_bad_input():
    with pytest.raises(ValueError, match="title"):
        model_card(META, SECTIONS, "  ")
    with pytest.raises(TypeError, match="mapping"):
        model_card(["license"], SECTIONS, "T")
    with pytest.raises(TypeError, match="mapping"):
        dataset_card(META, ["Uses"], "T")
    empty = model_card(META, {**SECTIONS, "Evaluation": ""}, "T")
    assert "empty-section" in codes(validate_card(empty))


def test_minilm_card_misses_three_topics():
    from osai.data import minilm_path

    problems = validate_card(minilm_path() / "README.md")
    assert all(p.code == "missing-section" for p in problems)
    assert {p.subject for p in problems} == {"limitations", "evaluation", "bias and fairness"}


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=400))
def test_validate_card_never_raises_on_arbitrary_text(text):
    problems = validate_card(text)
    n_lines = max(len(text.splitlines()), 1)
    for p in problems:
        assert isinstance(p, Problem) and p.message
        assert p.line is None or 1 <= p.line <= n_lines + 1


@settings(max_examples=100, deadline=None)
@given(st.lists(st.sampled_from(["---", "license: mit", "license: [", "model-index:", "- name: x", "  results:",
                                 "  - task: {}", "## Uses", "text", "```", "# T", "key: value", ":", "\t- a"]),
                max_size=25))
def test_validate_card_never_raises_on_card_like_text(lines):
    text = "\n".join(lines)
    problems = validate_card(text)
    assert all(p.line is None or 1 <= p.line <= len(lines) + 1 for p in problems)


def test_front_matter_splits_metadata_and_body():
    text = good_card_text()
    meta, body = front_matter(text)
    assert meta == yaml.safe_load(text.split("---")[1]) and meta["license"] == "mit"
    assert body.lstrip().startswith("# Good model") and text.endswith(body)
    assert front_matter("\n\n---\nlicense: mit\n---\nbody") == ({"license": "mit"}, "body")  # blank lines first
    assert front_matter("---\n---\n# T\n") == ({}, "# T\n")
    assert front_matter("# T\n---\nlicense: mit\n---\n") == ({}, "# T\n---\nlicense: mit\n---\n")
    assert front_matter("") == ({}, "")


@pytest.mark.parametrize("text, code, line", [
    ("---\nlicense: mit\n", "no-metadata", 1),
    ("---\nlicense: [mit\n---\n", "yaml", 2),
    ("---\n- a\n- b\n---\n", "not-a-mapping", 2),
    ("---\njust text\n---\n", "not-a-mapping", 2),
])
def test_front_matter_errors_say_what_and_where(text, code, line):
    with pytest.raises(FrontMatterError) as caught:
        front_matter(text)
    assert isinstance(caught.value, ValueError)
    assert (caught.value.code, caught.value.line) == (code, line)
    assert str(caught.value).startswith(f"line {line}: ")
    assert code in codes(validate_card(text))  # the validator reports the same fault


def test_front_matter_wants_text():
    with pytest.raises(TypeError, match="string"):
        front_matter(Path("README.md"))


def _front_matter_or_clear_error(text):
    try:
        meta, body = front_matter(text)
    except FrontMatterError as error:
        assert error.code in {"no-metadata", "yaml", "not-a-mapping"}
        assert str(error).startswith("line ") and error.line >= 1
    else:
        assert isinstance(meta, dict) and isinstance(body, str) and text.endswith(body)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=300))
def test_front_matter_never_fails_but_with_a_clear_value_error(text):
    _front_matter_or_clear_error(text)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(["---", "license: mit", "license: [", "- a", "key: value", ":", "? [a]", "  - b",
                                 "x: 2026-13-45", "&a x", "*b", "!!python/object/apply:os.system [ls]", "", "# T"]),
                max_size=12))
def test_front_matter_never_fails_on_card_like_text_but_with_a_clear_value_error(lines):
    _front_matter_or_clear_error("\n".join(lines))


def test_import_is_light():
    code = "import sys, osai.cards; print(any(m in sys.modules for m in ('huggingface_hub', 'yaml', 'torch')))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"


@pytest.mark.parametrize("written,expected", [("MIT License", "mit"), ("Apache License 2.0", "apache-2.0")])
def test_license_written_out_suggests_its_hub_id(written, expected):
    from osai.cards import validate_card

    messages = [str(p) for p in validate_card(f"---\nlicense: {written}\n---\n# Card\n") if "license" in str(p)]
    assert any(f"did you mean '{expected}'?" in m for m in messages), messages

# SPDX-FileCopyrightText: 2026 The Open Source AI Lab Kit authors
# SPDX-License-Identifier: MIT
"""Lab 00, Orientation (``osai.exercises.lab00``)."""

from __future__ import annotations

import contextlib
import io

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from osai.checks import load_lab

LAB = "00"
RIGHT_CLAIMS = {"a": True, "b": False, "c": False, "d": True, "e": False}


def bad_rate(frame, column, value):
    group = frame[frame[column] == value]
    if len(group) == 0:
        raise ValueError(f"no row has {column} == {value!r}")
    return float((group["credit_risk"] == "bad").mean())


@pytest.fixture(scope="module")
def answers():
    from osai.data import german_credit

    frame = german_credit()
    right = {
        "q1": RIGHT_CLAIMS,
        "q2": int((frame["credit_risk"] == "bad").sum()),
        "q3": bad_rate,
        "q4": {"config.json", "model.safetensors", "tokenizer.json"},
    }
    wrong = {
        "q1": {**RIGHT_CLAIMS, "b": True},
        "q2": int((frame["credit_risk"] == "good").sum()),
        "q3": lambda frame, column, value: float((frame["credit_risk"] == "bad").mean()),
        "q4": {"config.json", "model.safetensors", "tokenizer_config.json"},
    }
    return right, wrong


@pytest.mark.answer_table(besides=("q5",))  # q5 loads the model: its own test below
def test_right_passes_and_wrong_fails(qid, answers, right_passes_and_wrong_fails):
    right, wrong = answers
    right_passes_and_wrong_fails(LAB, qid, right[qid], wrong[qid])


def test_q1_names_what_to_reread_never_the_verdict(evaluate):
    detail = evaluate(LAB, "q1", {**RIGHT_CLAIMS, "b": True}).detail
    assert detail.startswith("1 of 5 claims to rethink: claim b: reread section 3: what does credit_risk record")
    assert "True" not in detail and "False" not in detail
    assert "no decision yet for e" in evaluate(LAB, "q1", {k: v for k, v in RIGHT_CLAIMS.items() if k != "e"}).detail
    assert "decide with True (supported) or False" in evaluate(LAB, "q1", {**RIGHT_CLAIMS, "a": "yes"}).detail
    assert "'f' is not a claim" in evaluate(LAB, "q1", {**RIGHT_CLAIMS, "f": True}).detail
    assert evaluate(LAB, "q1", {k.upper(): v for k, v in RIGHT_CLAIMS.items()}).status == "passed"


def test_q2_names_the_likely_wrong_counts(evaluate):
    assert "is the number rated 'good'" in evaluate(LAB, "q2", 700).detail
    assert "is every applicant" in evaluate(LAB, "q2", 1000).detail
    assert "is a share" in evaluate(LAB, "q2", 0.3).detail
    from osai.data import german_credit

    assert "count the True values" in evaluate(LAB, "q2", german_credit()["credit_risk"] == "bad").detail


def test_q3_names_the_likely_mistakes(evaluate):
    def silent(frame, column, value):
        group = frame[frame[column] == value]
        return float((group["credit_risk"] == "bad").mean()) if len(group) else 0.0

    def counts(frame, column, value):
        group = frame[frame[column] == value]
        if len(group) == 0:
            raise ValueError(f"no row has {column} == {value!r}")
        return float((group["credit_risk"] == "bad").sum())

    def says_nothing(frame, column, value):
        group = frame[frame[column] == value]
        if len(group) == 0:
            raise ValueError("empty")
        return float((group["credit_risk"] == "bad").mean())

    assert "should raise ValueError" in evaluate(LAB, "q3", silent).detail
    assert "you returned 2, a count" in evaluate(LAB, "q3", counts).detail
    assert "names the value not found" in evaluate(LAB, "q3", says_nothing).detail

    def over_the_table(frame, column, value):
        group = frame[frame[column] == value]
        return float((group["credit_risk"] == "bad").sum() / len(frame))

    def reads_the_global(frame, column, value):
        from osai.data import german_credit

        table = german_credit()
        return float((table[table[column] == value]["credit_risk"] == "bad").mean())

    assert "divide by the group's rows" in evaluate(LAB, "q3", over_the_table).detail
    assert "use the frame it is given" in evaluate(LAB, "q3", reads_the_global).detail


def test_q4_accepts_every_set_that_runs_the_model_and_names_what_is_missing(evaluate):
    for right in ({"config.json", "model.safetensors", "vocab.txt"},
                  {"config.json", "model.safetensors", "tokenizer.json", "vocab.txt", "tokenizer_config.json",
                   "special_tokens_map.json"}):
        assert evaluate(LAB, "q4", right).status == "passed"
    assert "no tokenizer file" in evaluate(LAB, "q4", {"config.json", "model.safetensors"}).detail
    assert "turns every word into [UNK]" in evaluate(LAB, "q4", {"config.json", "model.safetensors", "tokenizer_config.json"}).detail
    assert "model_type" in evaluate(LAB, "q4", {"model.safetensors", "tokenizer.json"}).detail
    assert "README.md is not needed" in evaluate(LAB, "q4", {"config.json", "model.safetensors", "tokenizer.json",
                                                             "README.md"}).detail
    assert "'model.bin' is not a file" in evaluate(LAB, "q4", {"config.json", "model.bin"}).detail


@pytest.fixture(scope="module")
def minilm():
    from osai.data import load_minilm

    return load_minilm()


def _embedder(minilm, pool="mask", normalise=True):
    import torch

    tokenizer, model = minilm

    def embed(sentences):
        batch = tokenizer(sentences, padding=True, truncation=True, return_tensors="pt")
        with torch.no_grad():
            states = model(**batch).last_hidden_state
        if pool == "mask":
            mask = batch["attention_mask"].unsqueeze(-1).to(states.dtype)
            pooled = (states * mask).sum(1) / mask.sum(1)
        elif pool == "mean":
            pooled = states.mean(1)
        else:
            pooled = states[:, 0]
        return (torch.nn.functional.normalize(pooled, dim=1) if normalise else pooled).numpy()

    return embed


def test_q5_right_passes_and_each_likely_mistake_is_named(evaluate, minilm):
    assert evaluate(LAB, "q5", _embedder(minilm)).status == "passed"
    assert "averaged the padding tokens too" in evaluate(LAB, "q5", _embedder(minilm, pool="mean")).detail
    assert "length 1" in evaluate(LAB, "q5", _embedder(minilm, normalise=False)).detail
    assert "not the card's sentence embedding" in evaluate(LAB, "q5", _embedder(minilm, pool="cls")).detail

    def not_loaded(sentences):
        return Ellipsis(sentences)

    assert "did you run the cell that loads tokenizer and model" in evaluate(LAB, "q5", not_loaded).detail

    def wrong_call(sentences):
        raise TypeError("embed_sentences() missing 1 required positional argument: 'model'")

    detail = evaluate(LAB, "q5", wrong_call).detail
    assert "missing 1 required positional argument" in detail and "did you run the cell" not in detail


def test_q5_refuses_the_kits_embed_sentences(evaluate, minilm):
    from osai.finance import embed_sentences

    def embed(sentences):
        return embed_sentences(sentences, *minilm)

    assert "embed_sentences" in evaluate(LAB, "q5", embed).detail


def test_answers_are_not_stored_in_plain_text(root):
    """The lab 00 answers (computed here from the data) must not appear in its definitions."""
    from osai.data import german_credit

    source = (root / "utils/osai/exercises/lab00.py").read_text()
    frame = german_credit()
    assert str(int((frame["credit_risk"] == "bad").sum())) not in source
    assert "True" not in source.split("_CLAIMS = {")[1].split("}")[0]


json_like = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=10),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=5), children, max_size=4),
    max_leaves=15,
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(value=json_like)
def test_checks_never_raise_on_arbitrary_values(value):
    lab = load_lab(LAB)
    for qid in lab.exercises:
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            result = lab.check(qid, value)
        assert out.getvalue().count("\n") == 1
        assert result.status in {"failed", "not_attempted", "passed"}


def test_q3_hidden_cases_catch_what_the_visible_ones_miss(check_cell_output):
    def text_compare(frame, column, value):  # right on every text column the check tries, wrong on numbers
        group = frame[frame[column] == str(value)]
        if len(group) == 0:
            raise ValueError(f"no row has {column} == {value!r}")
        return float((group["credit_risk"] == "bad").mean())

    assert check_cell_output(LAB, "q3", bad_rate=bad_rate) == "✅ q3 passed (3/3)\n"
    assert check_cell_output(LAB, "q3", bad_rate=text_compare).splitlines() == [
        "✅ q3 passed (3/3)", "❌ q3 failed: a hidden test did not pass (a numeric column: ValueError raised)"]


def test_q5_hidden_cases_catch_what_the_visible_ones_miss(check_cell_output, minilm):
    import torch

    right = _embedder(minilm)
    tokenizer, model = minilm

    def first_two_only(sentences):  # right on the two sentences the visible check uses, wrong on a third
        return right(list(sentences)[:2]) if len(sentences) > 2 else right(list(sentences))

    assert check_cell_output(LAB, "q5", embed=lambda s: right(list(s))) == "✅ q5 passed (3/3)\n"
    assert check_cell_output(LAB, "q5", embed=first_two_only).splitlines() == [
        "✅ q5 passed (3/3)", "❌ q5 failed: a hidden test did not pass (sentences of very different lengths)"]
    del torch, tokenizer, model


def test_q5_placeholder_is_not_attempted(evaluate):
    def embed(sentences):
        raise NotImplementedError

    assert evaluate(LAB, "q5", embed).status == "not_attempted"

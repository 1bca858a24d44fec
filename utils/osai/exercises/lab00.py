# SPDX-FileCopyrightText: 2026 The Open Source AI Lab Kit authors
# SPDX-License-Identifier: MIT
"""Exercises of Lab 00, Orientation. Answers are stored as salted fingerprints, checked as properties or recomputed."""

from __future__ import annotations

import functools
from typing import Any

from osai.checks import Exercises, Mismatch, as_function, as_int, as_number, as_strings, expect
from osai.checks.validators import as_decisions, rethink

ex = Exercises("00")

#: The claims of exercise q1 about German Credit, by letter (the notebook prints the same text).
CLAIMS = {
    "a": "3 in 10 applicants in this table were rated a bad credit risk by the bank.",
    "b": "3 in 10 applicants in this table defaulted on their loan.",
    "c": "The table lets you compare the bad-rating share of single women with that of single men.",
    "d": "You may publish a corrected copy of the table on your blog, if you credit its source and say what you corrected.",
    "e": "The bad-rating shares in this table tell you how risky German borrowers are today.",
}
#: Per claim, the salted fingerprint of whether the data and its documentation support it.
_CLAIMS = {
    "a": "bb4eb3c765935c2d1263f6384a6e40251adb147bacce7d3ed01d3a9618409550",
    "b": "63d9f09be476d8d6e7943167c7ddd6c79b2abfd3959bfa6830687eb19a59edc5",
    "c": "78019c7d3cc3549dc2b15821f09bd4f0633c2eeba5b91f502e702b0d357322c7",
    "d": "ac5b742186f8ff78048ebbcd1f6c6cc71ef5da386e027aabea48df465dfeee84",
    "e": "0884b3cd82e613249f5672fa9fb8297de04198192e789be1c5a7fc8a7d1fa2ed",
}
#: What to reread when a claim is judged wrongly (never the verdict itself).
_REREAD = {
    "a": "count the ratings: what share of credit_risk is 'bad'?",
    "b": "reread section 3: what does credit_risk record, and is that an observed outcome?",
    "c": "attribute 9 is the column personal_status_sex: which combinations of sex and marital status do its values code?",
    "d": "what does the table's license (printed above) allow, and on what condition?",
    "e": "when and where were these 1,000 applicants rated, and by whom?",
}


def _supported(letter: str, verdict: Any) -> bool:
    """A claim's verdict, True (supported) or False, or :class:`Mismatch` naming the claim."""
    expect(isinstance(verdict, bool), f"claim {letter}: decide with True (supported) or False (not supported), "
                                      f"got {type(verdict).__name__}")
    return verdict


@ex("q1", points=2, expects='a dict from each claim letter ("a" to "e") to True or False',
    hints=("A claim is supported only if the table and its documentation show it: a rating is a decision, "
           "not an outcome, and a sample is not a population.",
           "Reread section 3 (what credit_risk is, attribute 9, the license) and the printed license line.",
           "For c: print credit['personal_status_sex'].value_counts() (this hint shows code)."))
def _q1(supported: Any) -> None:
    verdicts = as_decisions(supported, CLAIMS, 'a dict such as {"a": True, "b": False, ...}',
                            unknown="{key!r} is not a claim: the claims are a, b, c, d and e",
                            missing="decide every claim: no decision yet for {missing}", decide=_supported)
    wrong = [k for k in CLAIMS if not ex.matches(verdicts[k], _CLAIMS[k], part=f":{k}")]
    rethink(wrong, "1 of 5 claims to rethink: claim {first}: {why}",
            "{n} of 5 claims to rethink; first, claim {first}: {why}", why=_REREAD)


@ex("q2", points=1, expects="a whole number",
    hints=("Each applicant has one rating in the credit_risk column; count the rows where it is 'bad'.",
           "Comparing a column with a string gives a boolean Series; a boolean Series sums to its number of True values.",
           "This hint shows code: (credit['credit_risk'] == 'bad').sum()"))
def _q2(answer: Any) -> None:
    from osai.data import german_credit

    if getattr(answer, "dtype", None) is not None and str(answer.dtype) == "bool" and getattr(answer, "ndim", 0) == 1:
        raise Mismatch("that is one True or False per applicant: count the True values")
    if isinstance(answer, float) and 0 < answer < 1:
        raise Mismatch(f"{answer} is a share; the exercise asks for the number of applicants")
    count = as_int(answer, "a whole number")
    frame = german_credit()
    ratings = frame["credit_risk"].value_counts()
    expect(count != len(frame), f"{count:,} is every applicant; count only those rated 'bad'")
    expect(count != int(ratings.get("good", -1)), f"{count} is the number rated 'good'; count those rated 'bad'")
    expect(0 <= count <= len(frame), f"there are {len(frame):,} applicants, so the count is between 0 and {len(frame):,}")
    expect(count == int(ratings.get("bad", -1)), "not the number of applicants rated 'bad'")


@ex("q3", points=3, expects="a function bad_rate(frame, column, value) returning a float",
    hints=("Select the rows where frame[column] == value first, then look at their ratings.",
           "The mean of a boolean Series is the share of True values; len(group) tells you whether any row matched.",
           "This hint shows code: group = frame[frame[column] == value]; if len(group) == 0: raise ValueError(...); "
           "return float((group['credit_risk'] == 'bad').mean())"))
def _q3(bad_rate: Any) -> None:
    import pandas as pd

    bad_rate = as_function(bad_rate, "a function bad_rate(frame, column, value)")
    toy = pd.DataFrame({"g": ["a", "a", "a", "b"], "credit_risk": ["bad", "good", "bad", "good"]})
    try:
        got = as_number(bad_rate(toy, "g", "a"), "a float between 0 and 1")
    except KeyError as error:
        raise Mismatch(f"on a small table of its own with column 'g', your function raised KeyError {error}: use the "
                       "frame it is given (the argument frame), not the global credit") from None
    expect(abs(got - 1 / 2) > 1e-9, "on a group of three rows with two 'bad' in a table of four rows you returned 0.5: "
                                    "you divided by the whole table's rows; divide by the group's rows")
    expect(abs(got - 2) > 1e-9, "on a group of three rows with two 'bad' you returned 2, a count: return the share")
    expect(abs(got - 2 / 3) < 1e-9, f"on a group of three rows with two 'bad', the rate is 2/3, got {got:.3f}")
    expect(abs(float(bad_rate(toy, "g", "b"))) < 1e-9, "a group with no 'bad' row has rate 0.0")
    from osai.data import german_credit

    frame = german_credit()
    for column, value in (("housing", "rent"), ("job", "unemployed / unskilled, non-resident")):
        group = frame[frame[column] == value]
        want = float((group["credit_risk"] == "bad").mean())
        expect(abs(float(bad_rate(frame, column, value)) - want) < 1e-9,
               f"wrong rate on German Credit for {column} == {value!r}: expected {want:.3f}")
    try:
        bad_rate(toy, "g", "zzz")
    except ValueError as error:
        expect("zzz" in str(error), "raise ValueError with a message that names the value not found ('zzz')")
    else:
        raise Mismatch("a value that no row has should raise ValueError (there is no rate of an empty group)")


#: Files of the MiniLM release that transformers reads to load the tokenizer and the model (exercise q4).
_ARCHITECTURE, _WEIGHTS = "config.json", "model.safetensors"
_VOCABULARY = ("tokenizer.json", "vocab.txt")
#: Files that only configure the tokenizer: defensible to keep, not needed.
_TOKENIZER_SETTINGS = ("tokenizer_config.json", "special_tokens_map.json")
#: Files transformers does not read, with what they are for.
_NOT_READ = {
    "README.md": "the model card, for people and the Hub",
    ".gitattributes": "a git setting of the Hub repository",
    "data_config.json": "a record of the training data, read by no loader",
    "modules.json": "read by sentence-transformers, not by transformers",
    "sentence_bert_config.json": "read by sentence-transformers, not by transformers",
    "config_sentence_transformers.json": "read by sentence-transformers, not by transformers",
    "1_Pooling/config.json": "the pooling settings of sentence-transformers; with transformers you pool yourself",
}


@ex("q4", points=2, expects="a set of file names from the release folder",
    hints=("To run a model you need its architecture, its weights, and the tokenizer's vocabulary; the rest is "
           "documentation or settings of other libraries.",
           "Look at the file list above: which file names the architecture (model_type), which holds the numbers, "
           "which maps words to ids?",
           "This hint names files: config.json, the .safetensors file, and one vocabulary file."))
def _q4(needed: Any) -> None:
    names = {n.strip() for n in as_strings(needed, "a set of file names such as {'config.json', ...}")}
    known = {_ARCHITECTURE, _WEIGHTS, *_VOCABULARY, *_TOKENIZER_SETTINGS, *_NOT_READ}
    odd = sorted(n for n in names if n not in known)
    if odd:
        raise Mismatch(f"{odd[0]!r} is not a file of the release: use the names printed above")
    expect(_ARCHITECTURE in names, "without config.json transformers cannot tell which architecture to build "
                                   "(it reads model_type there)")
    expect(_WEIGHTS in names, "without model.safetensors there are no weights to load")
    if not any(v in names for v in _VOCABULARY):
        if any(t in names for t in _TOKENIZER_SETTINGS):
            raise Mismatch("no vocabulary file: tokenizer settings alone still load a tokenizer, one that turns every "
                           "word into [UNK]; keep tokenizer.json or vocab.txt")
        raise Mismatch("no tokenizer file: the model reads token ids, and only tokenizer.json or vocab.txt map words "
                       "to those ids")
    extra = sorted(n for n in names if n in _NOT_READ)
    if extra:
        raise Mismatch(f"{extra[0]} is not needed to run the model with transformers: {_NOT_READ[extra[0]]}")


@ex("q5", points=3, expects="a function embed(sentences) returning an array of shape (len(sentences), 384)",
    refuses=("osai.finance.embed_sentences",),
    hints=("The card defines a sentence's embedding: run the model, average the token vectors of the real tokens "
           "(not the padding), then scale the average to length 1.",
           "tokenizer(sentences, padding=True, return_tensors='pt') gives input_ids and attention_mask; "
           "model(**batch).last_hidden_state has shape (sentences, tokens, 384); torch.nn.functional.normalize "
           "scales rows to length 1.",
           "This hint shows code: mask = batch['attention_mask'].unsqueeze(-1); pooled = (states * mask).sum(1) / "
           "mask.sum(1); return torch.nn.functional.normalize(pooled, dim=1).numpy()"))
def _q5(embed: Any) -> None:
    import numpy as np

    from osai.finance import embed_sentences

    embed = as_function(embed, "a function embed(sentences)")
    sentences = ["The applicant has no checking account.", "A loan of 5,000 euros over 24 months to buy a used car."]
    try:
        got = np.asarray(embed(sentences), dtype="float64")
    except (Mismatch, NotImplementedError):  # NotImplementedError: the lab's placeholder, "not attempted yet"
        raise
    except Exception as error:  # noqa: BLE001 - name the likely cause in one line
        if "ellipsis" in str(error):  # tokenizer or model is still the placeholder ...
            raise Mismatch(f"embed raised {type(error).__name__}; did you run the cell that loads tokenizer and model "
                           "with from_pretrained?") from None
        raise Mismatch(f"embed raised {type(error).__name__}: {error}") from None
    expect(got.shape == (2, 384), f"expected shape (2, 384) for two sentences, got {tuple(got.shape)}")
    want = embed_sentences(sentences, *_minilm())
    if np.allclose(got, want, atol=1e-4):
        return
    norms = np.linalg.norm(got, axis=1)
    expect(np.allclose(norms, 1.0, atol=1e-4), f"each embedding should have length 1 (normalise it); got {norms[0]:.3f}")
    if np.allclose(got, _plain_mean(sentences), atol=1e-4):
        raise Mismatch("you averaged the padding tokens too: weight the average by the attention mask")
    raise Mismatch("not the card's sentence embedding: mean of the token vectors of the real tokens, then length 1 "
                   f"(largest difference {float(np.abs(got - want).max()):.3f})")


@functools.cache
def _minilm() -> tuple[Any, Any]:
    """The kit's own tokenizer and model, loaded once per session: the reference of q5."""
    from osai.data import load_minilm

    return load_minilm()


def _plain_mean(sentences: list[str]) -> Any:
    """Embeddings that average every token, padding included: the likely mistake of q5."""
    import torch

    tokenizer, model = _minilm()
    with torch.no_grad():
        batch = tokenizer(sentences, padding=True, return_tensors="pt")
        pooled = model(**batch).last_hidden_state.mean(1)
    return torch.nn.functional.normalize(pooled, dim=1).numpy()

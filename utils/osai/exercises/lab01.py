# SPDX-FileCopyrightText: 2026 The Open Source AI Lab Kit authors
# SPDX-License-Identifier: MIT
"""Exercises of Lab 01, What makes AI open. Answers are fingerprints or recomputed with osai.openness."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from osai.checks import Exercises, Mismatch, as_function, as_instance, as_mapping, as_strings, expect
from osai.checks.validators import as_decisions, rethink

ex = Exercises("01")

FREEDOMS = ("use", "study", "modify", "share")

#: Exercise q1: per clause, the salted fingerprints of every freedom it can defensibly be said to restrict.
_CLAUSES = {
    "a": ("ed8b9101d5e1ed43082f0bb5e5c23e8a70681f96bac4bf768fcfc1418e5af8c1",),
    "b": ("b21826686bc5a9002c8b4f92a442e5b4c23f51dd111b8ac3930da3e8847e5a39",
          "3e815260316d80bfece40175b4b7de72498bda7801f1c4c5fe97e025dbe3804e"),
    "c": ("80eb3b166a32c23db8eff69bb5ba46c88ee11e6eacda1b4f276e1ea03b0d6d60",
          "3c2ae43dad6210e02d4090ddc5b61c316ce9c844dc8951b84aa800cf2cc9b65d"),
    "d": ("dc93332326398a496c7fd362d2ce50314aeef28214ef743fe33ae41502692383",
          "ba398f22bf2d8fe311091f12f0f71813ce2c70ed8f37ead7eab18b844cd25bc8"),
    "e": ("2a47fae8f18fcfb7073aebcf292cdcb28ac5dfa1aac3a1eb933fff859b555df1",
          "b7aada6bfecc647a923f91c7aab31fb8e9fa42a6b0e5d33f8803c364441d4d34"),
}
#: What to ask yourself when a clause is mapped to a freedom it does not restrict (never the answer).
_ASK = {
    "a": "the clause forbids a purpose: which freedom promises any purpose without asking?",
    "b": "nothing is forbidden here, but something is missing: which freedoms need the preferred form to make modifications?",
    "c": "you may still change the weights for yourself: what can you not do with your changed copy?",
    "d": "the clause forbids a purpose for the model and its outputs: which freedom is that?",
    "e": "above the threshold you must ask permission: to do what?",
}


def _word(value: Any, what: str) -> str:
    if not isinstance(value, str):
        raise Mismatch(f"{what}: choose the one freedom you would defend first, as a string ({', '.join(FREEDOMS)}); "
                       f"got {type(value).__name__}")
    return value.strip().lower()


def _freedom(letter: str, value: Any) -> str:
    """The freedom a clause restricts, as a lower-case word, or :class:`Mismatch` naming the clause."""
    freedom = _word(value, f"clause {letter}")
    if freedom not in FREEDOMS:
        raise Mismatch(f"clause {letter}: {freedom!r} is not one of the four freedoms ({', '.join(FREEDOMS)})")
    return freedom


@ex("q1", points=2, expects='a dict from each clause letter ("a" to "e") to a freedom',
    hints=("Each freedom promises something for any purpose and without asking: use, study (inspect), modify "
           "(change, including the output), share (pass on, modified or not).",
           "For each clause ask: what can I no longer do, or no longer do without asking? A missing file restricts "
           "what the preferred form to make modifications is for.",
           "Several clauses restrict more than one freedom: any freedom you can defend is accepted."))
def _q1(restricts: Any) -> None:
    got = as_decisions(restricts, _CLAUSES, 'a dict such as {"a": "use", ...}', decide=_freedom, order="letters",
                       unknown="{key!r} is not a clause: the clauses are a, b, c, d and e",
                       missing="decide every clause: no freedom yet for {missing}")
    wrong = [k for k in _CLAUSES if not any(ex.matches(got[k], digest, part=f":{k}") for digest in _CLAUSES[k])]
    rethink(wrong, "{n} of 5 clauses to rethink; first, clause {first}: {why}", why=_ASK)


@ex("q2", points=1, expects="a dict: the card's metadata, read with huggingface_hub",
    hints=("The metadata is the YAML block between the --- lines at the top of README.md.",
           "huggingface_hub.ModelCard.load(path) reads a card from a local file; its .data holds the metadata.",
           "This hint shows code: ModelCard.load(release_dir / 'README.md').data.to_dict()"))
def _q2(card_data: Any) -> None:
    from osai.data import minilm_path
    from osai.openness import read_card_metadata

    if hasattr(card_data, "to_dict") and not isinstance(card_data, dict):
        raise Mismatch("that is the card's data object; call .to_dict() on it for a plain dict")
    if isinstance(card_data, str):
        raise Mismatch("that is text; load the card with ModelCard.load and take its .data as a dict")
    card_data = as_mapping(card_data, "a dict of the card's metadata")
    want = read_card_metadata(minilm_path() / "README.md")
    missing = sorted(set(want) - set(card_data))
    expect(not missing, f"the card's metadata also has {', '.join(missing)}: take all of it")
    extra = sorted(set(card_data) - set(want))
    expect(not extra, f"{extra[0] if extra else ''} is not in the card's metadata")
    for key in want:
        expect(card_data[key] == want[key], f"{key} is not what the card declares")


#: Exercise q3's rules, recomputed: which component a file of a Hugging Face release proves.
_TOKENIZER = ("tokenizer.json", "tokenizer_config.json", "vocab.txt", "vocab.json", "merges.txt",
              "special_tokens_map.json", "spiece.model", "tokenizer.model")
_TRAINING_CONFIG = ("data_config.json", "training_args.json")


def _component(path: str) -> str | None:
    import re

    if "/" in path:
        return None
    if path == "config.json":
        return "model_architecture"
    if path.endswith(".safetensors") or re.fullmatch(r"pytorch_model.*\.bin", path):
        return "model_parameters_final"
    if path == "README.md":
        return "model_card"
    if path in _TOKENIZER:
        return "supporting_libraries_and_tools"
    if path in _TRAINING_CONFIG:
        return "model_metadata"
    if re.fullmatch(r"train\w*\.py", path):
        return "training_code"
    return None


_PROBES = ("config.json", "model.safetensors", "pytorch_model.bin", "README.md", "vocab.txt", "tokenizer.json",
           "data_config.json", "train_script.py", "LICENSE", "modules.json", "1_Pooling/config.json",
           "model-00001-of-00002.safetensors", "tokenizer_config.json", "train.py", "eval.py", "notes.txt",
           "onnx/model.safetensors", "training_args.bin", "train_log.txt")
#: Why a probe that proves nothing is likely mis-mapped (the rule the student's answer skipped).
_WHY_NOT = {
    "training_args.bin": "only pytorch_model*.bin files are weights; this .bin is a trainer's saved settings",
    "train_log.txt": "a training script starts with train and ends with .py; this is a log",
}
#: Why a file is likely mis-mapped, by the component it proves (named only when the student's answer differs).
_WHY = {
    "model_architecture": "config.json names the architecture (model_type, layers, sizes)",
    "model_parameters_final": "weights, also when split into several files (shards)",
    "model_card": "the README.md of a Hub repository is its model card",
    "supporting_libraries_and_tools": "a tokenizer file: OSAID lists tokenizers among supporting libraries",
    "model_metadata": "a record of the training configuration is model metadata",
    "training_code": "a training script is training code",
    None: "it proves no component of this table",
}


@ex("q3", points=2, expects="a function component_for(path) returning a component key or None",
    refuses=("osai.openness.inspect_release",), compared=True,
    hints=("Go through the rules in order: a path with a folder in it first, then each kind of file.",
           "str.endswith and str.startswith, or re.fullmatch(r'pytorch_model.*\\.bin', path), handle the weights "
           "files whatever their shard number.",
           "A dict from exact names to components, with .get(path), covers the fixed names; the patterns need "
           "their own if-statements."))
def _q3(component_for: Any) -> None:
    from osai.openness import COMPONENTS

    component_for = as_function(component_for, "a function component_for(path)")
    for path in _PROBES:
        got = component_for(path)
        expect(got in COMPONENTS or got is None, f"component_for({path!r}) returned {got!r}, which is not a component key")
        want = _component(path)
        if got != want:
            why = "a path inside a subfolder proves nothing here" if "/" in path else _WHY_NOT.get(path, _WHY[want])
            raise Mismatch(f"component_for({path!r}) should not be {got!r}: {why}")


def _minilm():
    from osai.data import minilm_path
    from osai.openness import inspect_release

    return inspect_release(minilm_path(), name="all-MiniLM-L6-v2")


_REQUIREMENTS = ("code", "data information", "four freedoms", "parameters")


@ex("q4", points=2, expects="a set of requirement names",
    hints=("Go through the three elements of the preferred form (data information, code, parameters), then the "
           "four freedoms: what did inspect_release find, under which license?",
           "Code means all of it: training, data processing, evaluation and inference code, not only the "
           "architecture and the tokenizer. Data information means a complete description of the training data.",
           "A list of dataset names and sizes is not a description of how the data was obtained, selected and "
           "filtered."))
def _q4(unmet: Any) -> None:
    names = {n.strip().lower() for n in as_strings(unmet, "a set of requirement names such as {'code'}")}
    odd = sorted(n for n in names if n not in _REQUIREMENTS)
    if odd:
        raise Mismatch(f"{odd[0]!r} is not a requirement name; they are: {', '.join(_REQUIREMENTS)}")
    expect("parameters" not in names, "the final parameters are released: model.safetensors is in the folder")
    expect("four freedoms" not in names, "the four freedoms are about the terms of what is released: Apache-2.0 "
                                         "grants them; what is missing is another requirement")
    expect("code" in names, "look again at the code: which of training, data processing, evaluation and inference "
                            "code did inspect_release find?")
    expect("data information" in names, "the card lists fine-tuning datasets, but not a complete description of the "
                                        "training data (pre-training included): is there a data card, report or paper?")


@ex("q5", points=2, expects="a Release built from minilm.components",
    hints=("Start from dict(minilm.components) and add only what the verdict's reasons name.",
           "The code must all be there, under an OSI-approved license. For data information the kit accepts any one "
           "openly available data card, technical report or research paper (a judgement; see section 4).",
           "This hint names the components: data_card (CC-BY-4.0) and the four code components the reasons list "
           "(Apache-2.0)."))
def _q5(fixed: Any) -> None:
    from osai.openness import Release, assess_osaid

    fixed = as_instance(fixed, Release, "a Release")
    original = _minilm()
    for key in original.released:
        expect(fixed.components[key] is not None,
               f"keep what the release already has: {key} is missing (start from dict(minilm.components))")
        expect(fixed.components[key] == original.components[key],
               f"keep what the release already has: {key} changed")
    verdict = assess_osaid(fixed)
    expect(verdict.meets, "the release does not meet OSAID yet: " + "; ".join(verdict.reasons))
    added = [k for k in fixed.released if original.components[k] is None]
    expect(len(added) <= 5, f"you added {len(added)} components; the fewest that work is smaller")


def _cases():
    from osai.openness_cases import review_cases

    return review_cases()


def _by_case(value: Any, what: str, decide: Callable[[str, Any], Any]) -> dict[str, Any]:
    """``{release name: decision}`` for each of the four releases, or :class:`Mismatch` naming what is off."""
    names = list(_cases())
    return as_decisions(value, names, f"a dict from each release name to {what}", decide=decide,
                        unknown=lambda keys, _: f"{str(keys[0])[:30]!r} is not one of the four releases: "
                                                f"{', '.join(names)}",
                        missing="decide every release: nothing yet for {missing}")


#: Exercise q6: the salted fingerprint of each release's OSAID verdict, where only one verdict is defensible.
_VERDICTS = {
    "Heron-1B": "c5fad2a1b8b1577b94aec6eff0eeaba1b5b791d7826eea4ea49bd1dc85fce918",
    "Kestrel-7B": "76030194843fe13e1d80b7d668fd7d95b0ef28f3db7ca263b1919aec4891b847",
    "Lark-3B": "8ada1849334fc5fe4f063c0e0c92339108c978ce6a8745f10263efce3b6a686a",
}
_VERDICT_ASK = {
    "Heron-1B": "go through the code list and the three elements: is anything OSAID requires missing or restricted?",
    "Kestrel-7B": "read the license of its weights: does it let you use them for any purpose?",
    "Lark-3B": "which code did it release? OSAID asks for the code used to train the system too",
}


@ex("q6", points=3, expects="a dict from each release name to True (meets OSAID) or False",
    hints=("Apply the three elements and the four freedoms to each release, as you did for MiniLM in q4.",
           "A license with use restrictions on the weights fails the freedom to use; missing training code fails "
           "the code element.",
           "One release turns on a question the definition leaves open: can a document with no stated license "
           "carry the data information? Either answer is accepted; the cell after the check says which the kit chose."))
def _q6(verdicts: Any) -> None:
    got = _by_case(verdicts, "True or False", _meets)
    wrong = [n for n, digest in _VERDICTS.items() if not ex.matches(got[n], digest, part=f":{n}")]
    rethink(wrong, "1 verdict to rethink: {first}: {why}", "{n} verdicts to rethink; first, {first}: {why}",
            why=_VERDICT_ASK)


def _meets(name: str, decision: Any) -> bool:
    """A release's OSAID verdict, True or False, or :class:`Mismatch` naming the release."""
    expect(isinstance(decision, bool), f"{name}: decide with True (meets OSAID) or False, got "
                                       f"{type(decision).__name__}")
    return decision


_CLASSES = {
    "Heron-1B": "dfa37a3ac5109c07f073f0f6489ca8d7a941ba89ddd6ea4398664c83378b4729",
    "Kestrel-7B": "302123b40f365af864b26196f44854084b0742f6eb80aed5751cfede8d2fecb7",
    "Lark-3B": "9e76a645567ded0c5fb75fa754126ae572227481348adb98948e50f97e9a46ee",
    "Wren-2B": "20bcf394db7761a9467bffdf9e70f926180e32364096ed56e641998f5da57c93",
}
_CLASS_ASK = {
    "Heron-1B": "classes are cumulative: it has all of Class III; what does Class II add, and Class I?",
    "Kestrel-7B": "Class III needs the final parameters under an open license: are they?",
    "Lark-3B": "Class III does not need training code: check its six required components",
    "Wren-2B": "in the MOF a component counts only under an open license: what license do its data card and "
               "technical report state?",
}


@ex("q7", points=2, expects="a dict from each release name to 1, 2, 3 or None",
    hints=("Start at Class III (the entry level) and stop at the first class whose required components are not "
           "all there under open licenses.",
           "Optional components (sample outputs, supporting libraries, model metadata) never block a class; a "
           "research paper or a technical report can stand in for the other.",
           "Use the required column of the components table in section 3."))
def _q7(classes: Any) -> None:
    got = _by_case(classes, "1, 2, 3 or None", _mof_class)
    wrong = [n for n, digest in _CLASSES.items() if not ex.matches(got[n], digest, part=f":{n}")]
    rethink(wrong, "1 class to rethink: {first}: {why}", "{n} classes to rethink; first, {first}: {why}",
            why=_CLASS_ASK)


def _mof_class(name: str, decision: Any) -> int | None:
    """A release's MOF class, 1, 2, 3 or None, or :class:`Mismatch` naming the release."""
    if isinstance(decision, str) and decision.strip().upper() in {"I", "II", "III"}:
        raise Mismatch(f"{name}: write the class as a number (1, 2 or 3), not a Roman numeral")
    expect(decision is None or (isinstance(decision, int) and not isinstance(decision, bool) and decision in (1, 2, 3)),
           f"{name}: a class is 1, 2, 3 or None, got {decision!r}"[:120])
    return decision

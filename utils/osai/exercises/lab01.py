# SPDX-FileCopyrightText: 2026 The Open Source AI Lab Kit authors
# SPDX-License-Identifier: MIT
"""Exercises of Lab 01, What makes AI open. Answers are fingerprints or recomputed with osai.openness."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from osai.checks import Exercise, Mismatch, expect, matches

LAB = "01"


def _strings(value: Any, what: str) -> list[str]:
    expect(isinstance(value, Iterable) and not isinstance(value, (str, bytes, dict)),
           f"expected {what} (a set or list of strings), got {type(value).__name__}")
    items = list(value)
    expect(all(isinstance(v, str) for v in items), f"expected {what} as strings")
    return [v.strip().lower() for v in items]


def _q1(freedoms: Any) -> None:
    names = _strings(freedoms, "the four freedoms")
    expect(len(set(names)) == 4, f"OSAID names exactly four freedoms; you gave {len(set(names))}")
    expect(matches(set(names), "34a5af409c1dcd85a29959d51129df2a79f4afdcede564743588998008905967", "01:q1"),
           "not the four freedoms as the definition names them (one word each)")


def _q2(n_datasets: Any) -> None:
    expect(isinstance(n_datasets, int) and not isinstance(n_datasets, bool),
           f"expected a whole number, got {type(n_datasets).__name__}")
    expect(n_datasets != 32, "32 is the number of rows of the card's training table; count the `datasets` list in the front matter")
    expect(matches(n_datasets, "9fa44942a0d9a752eeb65b0ee7374a3c62488b2a0cdd1012f7aee9dc6e3acf9c", "01:q2"),
           "not the number of datasets listed in the card's YAML front matter")


_FILES = {
    "config.json": "model_architecture",
    "model.safetensors": "model_parameters_final",
    "pytorch_model.bin": "model_parameters_final",
    "README.md": "model_card",
    "vocab.txt": "supporting_libraries_and_tools",
    "tokenizer.json": "supporting_libraries_and_tools",
    "data_config.json": "model_metadata",
    "train_script.py": "training_code",
}


def _q3(component_for: Any) -> None:
    from osai.openness import COMPONENTS

    expect(callable(component_for), f"expected a function component_for(filename), got {type(component_for).__name__}")
    for filename, want in _FILES.items():
        got = component_for(filename)
        expect(got in COMPONENTS or got is None, f"component_for({filename!r}) returned {got!r}, which is not a component key")
        expect(got == want, f"component_for({filename!r}) is not right")
    got = component_for("LICENSE")
    expect(got is None, "a file that proves no component (LICENSE) should give None")


def _minilm():
    from osai.data import minilm_path
    from osai.openness import inspect_release

    return inspect_release(minilm_path(), name="all-MiniLM-L6-v2")


def _q4(unmet: Any) -> None:
    from osai.openness import assess_osaid

    names = set(_strings(unmet, "the names of the unmet requirements"))
    verdict = assess_osaid(_minilm())
    want = {k for k, ok in verdict.requirements.items() if not ok}
    expect(names <= set(verdict.requirements), f"requirement names are: {', '.join(sorted(verdict.requirements))}")
    expect(names == want, "not the set of requirements that the verdict marks as unmet")


def _q5(fixed: Any) -> None:
    from osai.openness import Release, assess_osaid

    expect(isinstance(fixed, Release), f"expected a Release, got {type(fixed).__name__}")
    original = _minilm()
    for key in original.released:
        expect(fixed.components[key] == original.components[key],
               f"keep what the release already has: {key} changed")
    verdict = assess_osaid(fixed)
    expect(verdict.meets, "the release does not meet OSAID yet: " + "; ".join(verdict.reasons))
    added = [k for k in fixed.released if original.components[k] is None]
    expect(len(added) <= 5, f"you added {len(added)} components; the fewest that work is smaller")


def _q6(highest_class: Any) -> None:
    from osai.openness import COMPONENTS, Release, known_releases, mof_class

    expect(callable(highest_class), f"expected a function highest_class(release), got {type(highest_class).__name__}")
    cases = list(known_releases().values())
    full = {k: "Apache-2.0" for k in COMPONENTS}
    cases += [Release("all open", full), Release("no paper", {**full, "research_paper": None, "technical_report": None}),
              Release("no eval data", {**full, "evaluation_data": None}), Release("restricted card", {**full, "model_card": "llama2"}),
              Release("optional missing", {**full, "model_metadata": None, "sample_model_outputs": None,
                                           "supporting_libraries_and_tools": None})]
    for release in cases:
        got = highest_class(release)
        want = mof_class(release)
        expect(got == want, f"highest_class gives {got!r} for {release.name!r}")


def _q7(names: Any) -> None:
    from osai.openness import assess_osaid, known_releases, license_fit

    got = sorted(_strings(names, "release names"))
    releases = known_releases()
    want = sorted(n.lower() for n, r in releases.items()
                  if license_fit("model_parameters_final", r.components["model_parameters_final"]) != "not open"
                  and not assess_osaid(r).meets)
    expect(set(got) <= {n.lower() for n in releases}, "use the names exactly as known_releases() spells them")
    expect(got == want, "not the releases with openly licensed final weights that do not meet OSAID")


EXERCISES = [
    Exercise("q1", 1, _q1, "a set of four words",
             ("The definition's section on the four freedoms names each with one verb.",)),
    Exercise("q2", 1, _q2, "a whole number",
             ("read_card_metadata(path) returns a dict; its 'datasets' entry is a list.",)),
    Exercise("q3", 2, _q3, "a function component_for(filename) returning a component key or None",
             ("A dict from file name to component key is enough; .get() returns None for the rest.",
              "Tokenizer files are what OSAID calls supporting libraries; training configuration is model metadata.")),
    Exercise("q4", 1, _q4, "a set of requirement names",
             ("verdict.requirements maps each requirement to True or False.",)),
    Exercise("q5", 2, _q5, "a Release built from minilm.components",
             ("Start from dict(minilm.components) and add only what the reasons name.",
              "Any one document with data information is enough; the code must all be there, under an OSI-approved license.")),
    Exercise("q6", 2, _q6, "a function highest_class(release) returning 1, 2, 3 or None",
             ("Try class 3 first, then 2, then 1; stop at the first class that is missing something.",
              "missing_for(release, c) returns an empty list when class c is complete.")),
    Exercise("q7", 2, _q7, "a list of release names",
             ("Loop over known_releases().items(); test license_fit on model_parameters_final and assess_osaid(r).meets.",)),
]

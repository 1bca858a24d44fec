# SPDX-FileCopyrightText: 2026 The Open Source AI Lab Kit authors
# SPDX-License-Identifier: MIT
"""Exercises of Lab 01, What makes AI open. Answers are fingerprints or recomputed with osai.openness."""

from __future__ import annotations

from typing import Any

from osai.checks import Exercises, as_function, as_instance, as_int, as_strings, expect

ex = Exercises("01")


def _words(value: Any, what: str) -> list[str]:
    return [v.strip().lower() for v in as_strings(value, f"{what} (a set or list of strings)")]


@ex("q1", points=1, expects="a set of four words",
    hints=("The definition's section on the four freedoms names each with one verb.",))
def _q1(freedoms: Any) -> None:
    names = _words(freedoms, "the four freedoms")
    expect(len(set(names)) == 4, f"OSAID names exactly four freedoms; you gave {len(set(names))}")
    expect(ex.matches(set(names), "34a5af409c1dcd85a29959d51129df2a79f4afdcede564743588998008905967"),
           "not the four freedoms as the definition names them (one word each)")


@ex("q2", points=1, expects="a whole number",
    hints=("read_card_metadata(path) returns a dict; its 'datasets' entry is a list.",))
def _q2(n_datasets: Any) -> None:
    n_datasets = as_int(n_datasets, "a whole number")
    expect(n_datasets != 32, "32 is the number of rows of the card's training table; count the `datasets` list in the front matter")
    expect(ex.matches(n_datasets, "9fa44942a0d9a752eeb65b0ee7374a3c62488b2a0cdd1012f7aee9dc6e3acf9c"),
           "not the number of datasets listed in the card's YAML front matter")


#: Per file, the salted fingerprint of its component key (part ":<file name>"): the file names are the
#: questions, the components are the answers.
_FILES = {
    "config.json": "13e89104049a23345f086cb86576b8caa3f7f188221a2628bb26da49e4c77046",
    "model.safetensors": "d619258cf96c73eae0d93c746799b4a935c51dbcaad5c5956c8d8f8bc80f395d",
    "pytorch_model.bin": "cda42aab1c1fd1f122ddcc9b75914c25dea78b83e23e6877e93599b1c43751c9",
    "README.md": "8a5bd921b6a48cc0c8d307eb2a336a10266fbcfc765eca55702056b8550669ce",
    "vocab.txt": "eb416f27acde060ac2a2971e676851077c1024bab55c22b162adee853f065fe2",
    "tokenizer.json": "35f05f150cfe4c21b6ef075054d113d5399d2964af47b7cd285d6aa7a1aca8fe",
    "data_config.json": "a030e4699eece1e4980c752e22a2ba8122c68f44813db323713d06fdd555ed00",
    "train_script.py": "f854e58093b13542dbcaaeb415b9bee6ebcfd1d674a8caa32325e334f7932164",
}


@ex("q3", points=2, expects="a function component_for(filename) returning a component key or None",
    hints=("A dict from file name to component key is enough; .get() returns None for the rest.",
           "Tokenizer files are what OSAID calls supporting libraries; training configuration is model metadata."))
def _q3(component_for: Any) -> None:
    from osai.openness import COMPONENTS

    component_for = as_function(component_for, "a function component_for(filename)")
    for filename, digest in _FILES.items():
        got = component_for(filename)
        expect(got in COMPONENTS or got is None, f"component_for({filename!r}) returned {got!r}, which is not a component key")
        expect(ex.matches(got, digest, part=f":{filename}"), f"component_for({filename!r}) is not right")
    got = component_for("LICENSE")
    expect(got is None, "a file that proves no component (LICENSE) should give None")


def _minilm():
    from osai.data import minilm_path
    from osai.openness import inspect_release

    return inspect_release(minilm_path(), name="all-MiniLM-L6-v2")


@ex("q4", points=1, expects="a set of requirement names",
    hints=("verdict.requirements maps each requirement to True or False.",))
def _q4(unmet: Any) -> None:
    from osai.openness import assess_osaid

    names = set(_words(unmet, "the names of the unmet requirements"))
    verdict = assess_osaid(_minilm())
    want = {k for k, ok in verdict.requirements.items() if not ok}
    expect(names <= set(verdict.requirements), f"requirement names are: {', '.join(sorted(verdict.requirements))}")
    expect(names == want, "not the set of requirements that the verdict marks as unmet")


@ex("q5", points=2, expects="a Release built from minilm.components",
    hints=("Start from dict(minilm.components) and add only what the reasons name.",
           "Any one document with data information is enough; the code must all be there, under an OSI-approved license."))
def _q5(fixed: Any) -> None:
    from osai.openness import Release, assess_osaid

    fixed = as_instance(fixed, Release, "a Release")
    original = _minilm()
    for key in original.released:
        expect(fixed.components[key] == original.components[key],
               f"keep what the release already has: {key} changed")
    verdict = assess_osaid(fixed)
    expect(verdict.meets, "the release does not meet OSAID yet: " + "; ".join(verdict.reasons))
    added = [k for k in fixed.released if original.components[k] is None]
    expect(len(added) <= 5, f"you added {len(added)} components; the fewest that work is smaller")


@ex("q6", points=2, expects="a function highest_class(release) returning 1, 2, 3 or None",
    refuses=("osai.openness.mof_class",),
    hints=("Try class 3 first, then 2, then 1; stop at the first class that is missing something.",
           "missing_for(release, c) returns an empty list when class c is complete."))
def _q6(highest_class: Any) -> None:
    from osai.openness import COMPONENTS, Release, known_releases, mof_class

    highest_class = as_function(highest_class, "a function highest_class(release)")
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


@ex("q7", points=2, expects="a list of release names",
    hints=("Loop over known_releases().items(); test license_fit on model_parameters_final and assess_osaid(r).meets.",))
def _q7(names: Any) -> None:
    from osai.openness import assess_osaid, known_releases, license_fit

    got = sorted(_words(names, "release names"))
    releases = known_releases()
    want = sorted(n.lower() for n, r in releases.items()
                  if license_fit("model_parameters_final", r.components["model_parameters_final"]) != "not open"
                  and not assess_osaid(r).meets)
    expect(set(got) <= {n.lower() for n in releases}, "use the names exactly as known_releases() spells them")
    expect(got == want, "not the releases with openly licensed final weights that do not meet OSAID")

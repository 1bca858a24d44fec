# SPDX-FileCopyrightText: 2026 The Open Source AI Lab Kit authors
# SPDX-License-Identifier: MIT
"""Exercises of Lab 08, Documentation and governance. Answers are fingerprints, properties or recomputed."""

from __future__ import annotations

import re
import tempfile
from typing import Any

from osai.checks import Exercises, Mismatch, as_function, as_instance, as_mapping, expect

ex = Exercises("08")

def _text(card: Any) -> str:
    if isinstance(card, str):
        return card
    content = getattr(card, "content", None)
    expect(isinstance(content, str), f"expected a card (ModelCard/DatasetCard) or its text, got {type(card).__name__}")
    return content


def _no_problems(card: Any, kind: str) -> str:
    from osai.cards import validate_card

    text = _text(card)
    problems = validate_card(text, kind=kind)
    expect(not problems, f"validate_card still finds {len(problems)} problem(s); the first: {problems[0] if problems else ''}")
    return text


def _metadata(text: str) -> dict:
    from osai.cards import FrontMatterError, front_matter

    try:
        return front_matter(text)[0]
    except FrontMatterError:  # validate_card has already named what is wrong with it
        return {}


def _section(text: str, pattern: str) -> str:
    from osai.cards import card_sections

    return "\n".join(body for _, _, heading, body in card_sections(text) if re.search(pattern, heading.lower()))


@ex("q1", points=1, expects="a set of topic names such as {'evaluation'}",
    hints=("Keep the problems whose code is 'missing-section'.", "Each Problem has a .subject: the topic."))
def _q1(answer: Any) -> None:
    from osai.cards import REQUIRED_SECTIONS, card_sections
    from osai.data import minilm_path

    answer = as_instance(answer, (set, frozenset, list, tuple), "a set of topic names")
    expect(all(isinstance(a, str) for a in answer), "every topic should be a string such as 'evaluation'")
    got = {a.strip().lower() for a in answer}
    unknown = got - set(REQUIRED_SECTIONS["model"])
    expect(not unknown, f"not a required topic: {sorted(unknown)}; topics are the keys of REQUIRED_SECTIONS['model']")
    headings = [h.lower() for _, _, h, _ in card_sections((minilm_path() / "README.md").read_text(encoding="utf-8"))]
    want = {t for t, pattern in REQUIRED_SECTIONS["model"].items() if not any(re.search(pattern, h) for h in headings)}
    expect(got <= want, "one of those topics does have a section in the MiniLM card")
    expect(got == want, "the MiniLM card misses more topics than that")


_Q2 = "f7b751234f0c21df6ce8655672ebfa705a41c9972eb192e204c10f15088387d1"


@ex("q2", points=1, expects="a Hub license id (a string)",
    hints=("German Credit is licensed CC BY 4.0.", "Hub ids are lowercase and joined by hyphens; look in hub_license_ids()."))
def _q2(answer: Any) -> None:
    answer = as_instance(answer, str, "a license id as a string")
    if answer.strip() != answer.strip().lower() and ex.matches(answer.strip().lower(), _Q2):
        raise Mismatch("that is the SPDX id; the Hub's ids are different (lowercase)")
    from osai.cards import hub_license_ids

    expect(answer.strip() in hub_license_ids(), f"'{answer.strip()}' is not in the Hub's license list (hub_license_ids())")
    expect(ex.matches(answer.strip(), _Q2),
           "not the Hub id of the German Credit data's license")


@ex("q3", points=2, expects="the fixed card's text (a string)",
    hints=("Run validate_card(broken_card) and fix each line it names.",
           "str.replace works: one call per problem.", "A metric needs both 'type' and 'value'."))
def _q3(answer: Any) -> None:
    text = _no_problems(answer, "model")
    meta = _metadata(text)
    expect(ex.matches(meta.get("license"), "b9f880cf6335becfe9ada4532d9dc57199753692a919b8e5cac8d161509f3c83"),
           "the license should be the Hub id of the Llama 3.1 license")
    expect(meta.get("base_model") == "meta-llama/Llama-3.1-8B", "keep the base_model of the original card")
    index = meta.get("model-index") or []
    metrics = [m for e in index for r in e.get("results", []) for m in r.get("metrics", [])]
    expect(any(m.get("type") == "accuracy" and isinstance(m.get("value"), (int, float)) for m in metrics),
           "keep the accuracy metric and give it a numeric value")
    expect(_section(text, r"limitation").strip(), "the Limitations section needs real text")


@ex("q4", points=3, expects="a ModelCard made with model_card(...)",
    hints=("Start from the metadata and sections in the text above the exercise.",
           "EvalResult needs task_type, dataset_type, dataset_name, metric_type and metric_value; set model_name too.",
           "Run validate_card(credit_card) until it returns []."))
def _q4(answer: Any) -> None:
    from huggingface_hub import ModelCard

    as_instance(answer, (ModelCard, str), "a ModelCard (from model_card(...))")
    text = _no_problems(answer, "model")
    meta = _metadata(text)
    expect(meta.get("library_name") == "sklearn", "library_name should say which library loads the model: 'sklearn'")
    expect(meta.get("pipeline_tag") == "tabular-classification", "pipeline_tag should be the task: 'tabular-classification'")
    results = [r for e in meta.get("model-index") or [] for r in e.get("results", [])]
    expect(results, "add eval_results (EvalResult objects) so the card has a model-index")
    expect(any("german" in str((r.get("dataset") or {}).get("name", "")).lower() for r in results),
           "the evaluation dataset's name should say it is German Credit")
    accuracies = [m.get("value") for r in results for m in r.get("metrics", []) if m.get("type") == "accuracy"]
    expect(accuracies and all(isinstance(a, (int, float)) and 0.5 <= a <= 1 for a in accuracies),
           "report the test accuracy (type 'accuracy', a value between 0 and 1) you computed")
    bias = _section(text, r"\bbias|fairness").lower()
    expect(re.search(r"\bage\b|\bsex\b|personal_status|foreign", bias),
           "the bias and fairness section should name the groups you compared (age or sex)")
    expect(re.search(r"\d\.\d", bias), "give the numbers you measured for each group in the bias and fairness section")


@ex("q5", points=2, expects="a DatasetCard made with dataset_card(...)",
    hints=("A dataset card needs license, pretty_name and task_categories.",
           "Sections: Uses, Dataset Structure, Dataset Creation, Bias, Risks, and Limitations."))
def _q5(answer: Any) -> None:
    from huggingface_hub import DatasetCard

    from osai.cards import REQUIRED_SECTIONS

    as_instance(answer, (DatasetCard, str), "a DatasetCard (from dataset_card(...))")
    text = _no_problems(answer, "dataset")
    meta = _metadata(text)
    expect(ex.matches(meta.get("license"), "7454b148458e2d4917b51ebd70ed3a5160da8d646d42b9ea0bf81a5bb02f3c09"),
           "the license field should be the data's license as a Hub id")
    expect("hofmann" in text.lower(), "credit the creator: cite Hofmann (1994) in the card")
    bias = _section(text, REQUIRED_SECTIONS["dataset"]["bias and limitations"]).lower()
    expect(re.search(r"\bsex\b|personal_status|marital|foreign", bias),
           "the bias section should say which sensitive attributes the data holds (sex, marital status, foreign worker)")


def _scores(name: str, change: Any = None) -> dict:
    from osai.governance import materialize_sample, score_repository

    with tempfile.TemporaryDirectory() as folder:
        project = materialize_sample(name, folder)
        before = score_repository(project)
        if change is None:
            return {"before": before}
        files = sorted(p.relative_to(project).as_posix() for p in project.rglob("*") if ".git" not in p.parts)
        change(project)
        kept = [f for f in files if (project / f).exists()]
        return {"before": before, "after": score_repository(project), "removed": sorted(set(files) - set(kept))}


@ex("q6", points=1, expects="a set of check names",
    hints=("score_repository(path).failing() lists them.",))
def _q6(answer: Any) -> None:
    from osai.governance import CHECKS

    answer = as_instance(answer, (set, frozenset, list, tuple), "a set of check names")
    expect(all(isinstance(a, str) for a in answer), "every check name should be a string such as 'License'")
    got = {a.strip() for a in answer}
    names = {c.name for c in CHECKS}
    expect(got <= names, f"not a check name: {sorted(got - names)}; names are those in the report")
    want = set(_scores("growing")["before"].failing())
    expect(got <= want, "one of those checks scores full marks on the 'growing' sample")
    expect(got == want, "the 'growing' sample fails more checks than that")


@ex("q7", points=3, expects="a function add_missing_files(project) that writes files into the folder",
    hints=("Write LICENSE and SECURITY.md with (project / 'NAME').write_text(...).",
           "The License check recognises an SPDX license identifier line (tag, colon, id) or a well-known license text.",
           "The Security-Policy check wants a contact (email or https link), some text, and words on vulnerabilities, disclosure or response times."))
def _q7(add_missing_files: Any) -> None:
    add_missing_files = as_function(add_missing_files, "a function add_missing_files(project)")
    found = _scores("neglected", add_missing_files)
    before, after = found["before"], found["after"]
    expect(not found["removed"], f"do not delete the project's files (removed: {', '.join(found['removed'])})")
    expect(after["License"].score == 10, f"License scores {after['License'].score}/10: {after['License'].reason}")
    expect(after["Security-Policy"].score == 10,
           f"Security-Policy scores {after['Security-Policy'].score}/10: {after['Security-Policy'].reason}")
    expect(after.score > before.score, "the project's overall score should go up")


#: Per component of q8, the fingerprints of the defensible decisions (part ":<component>") and what to reread.
_Q8 = {
    "code": (("76ba904249dbd154aea8a11d44accc1faa469ab1243b7da29805a09e8f55ee31",),
             "reread which components OSAID requires, and under which terms"),
    "weights": (("95bd8301bdeb1de6a361adcabf6e13c9078340305b05bc7dd950e2791a123140",),
                "reread which components OSAID requires, and under which terms"),
    "data_information": (("76a4e10a2a2ea40b07c7f5cd5f5b5c59346fa47bf1f7083ca5861bd071f10347",),
                         "reread which components OSAID requires, and under which terms"),
    "german_credit": (("c1c207ad18972f275b4856b2651b6c54eef500d62dd86af01a0ff801e42d7c91",),
                      "look up the data's license, then what the OSAID FAQ says about training data under it"),
    "customer_records": (("cfe6e2efd2279c03c3d2af4efa231ce02edd18eaf5f69bf0cc77ae6e766466b8",
                          "36f104057b36b768e2121ccb8bd4a70471c97e353b244516c83fd179f41ec529"),
                         "whose data is this, and may it be shared with anyone?"),
}


@ex("q8", points=2, expects="a dict of component -> 'open', 'gated' or 'closed'",
    hints=("OSAID's required components: data information, code and parameters.",
           "Open training data must be shared; unshareable personal data must be described, not shared."))
def _q8(plan: Any) -> None:
    plan = as_mapping(plan, "a dict of component -> 'open'/'gated'/'closed'")
    got = {str(k).strip().lower(): str(v).strip().lower() for k, v in plan.items()}
    expect(set(got) == set(_Q8), f"expected exactly the keys {sorted(_Q8)}")
    bad = sorted(k for k, v in got.items() if v not in {"open", "gated", "closed"})
    expect(not bad, f"each value is 'open', 'gated' or 'closed' (check: {', '.join(bad)})")
    for key, (digests, why) in _Q8.items():
        expect(any(ex.matches(got[key], digest, part=f":{key}") for digest in digests), f"{key}: {why}")


def __getattr__(name: str) -> Any:
    """``BROKEN_CARD`` moved to content; lab notebooks handed out before the move still import it from here."""
    if name == "BROKEN_CARD":
        from osai.cards import broken_card

        return broken_card()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

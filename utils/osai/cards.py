# SPDX-FileCopyrightText: 2026 The Open Source AI Lab Kit authors
# SPDX-License-Identifier: MIT
"""Model cards and dataset cards, built with ``huggingface_hub`` and validated offline (Lab 10).

A Hugging Face card is a ``README.md`` that starts with a YAML metadata block between two ``---``
lines, followed by Markdown sections. :func:`model_card` and :func:`dataset_card` build one from a
metadata mapping and a mapping of section headings to text, through ``huggingface_hub``'s
``ModelCardData`` / ``DatasetCardData`` (``EvalResult`` objects become the ``model-index``).

``RepoCard.validate()`` sends the card to the Hub, so it needs the network: this module never calls
it. :func:`validate_card` checks a card locally instead and reports each :class:`Problem` with the
line it is on: YAML that does not parse, missing required keys, a ``license`` that is not a Hub
license id (or ``other`` without ``license_name`` and ``license_link``), a malformed
``model-index``, and required sections that are missing or empty. The required keys and sections
are this course's rules (the Hub itself requires none); the license ids are a dated snapshot of the
Hub's list, shipped in ``data/licenses/hub_licenses.yaml`` (read through :func:`osai.licenses.hub_license_ids`).

>>> problems = validate_card("---\\nlicense: apache2\\n---\\n# A model\\n")
>>> [str(p) for p in problems if p.code == "license"]
["line 2: license 'apache2' is not a Hub license id; did you mean 'apache-2.0'?"]
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

__all__ = [
    "FrontMatterError",
    "KINDS",
    "PLACEHOLDER",
    "Problem",
    "REQUIRED_KEYS",
    "REQUIRED_SECTIONS",
    "broken_card",
    "card_sections",
    "dataset_card",
    "front_matter",
    "hub_license_ids",
    "model_card",
    "validate_card",
]

#: The kinds of card :func:`validate_card` knows.
KINDS = ("model", "dataset")

#: Metadata keys each kind of card must have (this course's rule; the Hub requires none).
REQUIRED_KEYS: dict[str, tuple[str, ...]] = {
    "model": ("license", "library_name", "pipeline_tag"),
    "dataset": ("license", "pretty_name", "task_categories"),
}

#: Sections each kind of card must have and fill: topic -> pattern matched against a heading's text
#: (lowercase). One heading may cover two topics, as the Hub template's "Bias, Risks, and Limitations".
REQUIRED_SECTIONS: dict[str, dict[str, str]] = {
    "model": {
        "intended use": r"\buses?\b",
        "limitations": r"limitation",
        "training data": r"training (data|details)",
        "evaluation": r"evaluation",
        "bias and fairness": r"\bbias|fairness",
    },
    "dataset": {
        "uses": r"\buses?\b",
        "structure": r"structure",
        "creation": r"creation|source data|collection",
        "bias and limitations": r"\bbias|limitation|sensitive|considerations",
    },
}

#: The placeholder the Hub templates put in fields nobody filled in; it does not count as content.
PLACEHOLDER = "[More Information Needed]"

_FRONT = re.compile(r"^---[ \t]*$")
_HEADING = re.compile(r"^ {0,3}(#{1,6})[ \t]+(.*?)[ \t#]*$")
_FENCE = re.compile(r"^ {0,3}(```|~~~)")
_COMMENT = re.compile(r"<!--.*?-->", re.S)


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a card: the line it is on (1-based; ``None`` when it is about something
    missing), a short code, a message that says what was expected, and its subject (the metadata key
    or the section topic).

    >>> str(Problem(3, "license", "license 'x' is not a Hub license id"))
    "line 3: license 'x' is not a Hub license id"
    >>> str(Problem(None, "missing-section", "no section on evaluation"))
    'no section on evaluation'
    """

    line: int | None
    code: str
    message: str
    subject: str = ""  # the key, section topic or part of the card the problem is about

    def __str__(self) -> str:
        return f"line {self.line}: {self.message}" if self.line is not None else self.message


@lru_cache(maxsize=1)
def hub_license_ids() -> frozenset[str]:
    """The Hub's license ids (a dated snapshot shipped with the kit); :func:`osai.licenses.hub_license_ids`.

    >>> {"apache-2.0", "cc-by-4.0", "llama3.1", "other"} <= hub_license_ids()
    True
    >>> "Apache-2.0" in hub_license_ids()  # an SPDX id, not a Hub id
    False
    """
    from osai.licenses import hub_license_ids as ids

    return ids()


# ---------------------------------------------------------------------------------------------
# building cards


def _body(title: str, summary: str, sections: Mapping[str, str]) -> str:
    if not isinstance(title, str) or not title.strip():
        raise ValueError(f"expected a non-empty title for the card, got {title!r}")
    if not isinstance(sections, Mapping):
        raise TypeError(f"expected sections as a mapping of heading -> text, got {type(sections).__name__}")
    parts = [f"# {title.strip()}", ""]
    if summary:
        parts += [summary.strip(), ""]
    for heading, text in sections.items():
        if not isinstance(heading, str) or not heading.strip():
            raise ValueError(f"expected each section heading to be a non-empty string, got {heading!r}")
        parts += [f"## {heading.strip()}", "", str(text).strip() or PLACEHOLDER, ""]
    return "\n".join(parts)


def model_card(metadata: Mapping[str, Any], sections: Mapping[str, str], title: str, summary: str = ""):
    """Build a ``huggingface_hub.ModelCard`` from metadata and ``{heading: text}`` sections, offline.

    ``metadata`` holds ``ModelCardData`` fields (``license``, ``library_name``, ``pipeline_tag``,
    ``datasets``, ``eval_results`` as a list of ``EvalResult`` with ``model_name``, ...) and any extra
    keys. An empty section text becomes the Hub placeholder, which :func:`validate_card` reports.

    >>> card = model_card({"license": "mit", "library_name": "sklearn"}, {"Uses": "Teaching."}, "Toy")
    >>> card.data.license, card.text.split()[:2]
    ('mit', ['#', 'Toy'])
    """
    from huggingface_hub import ModelCard, ModelCardData

    if not isinstance(metadata, Mapping):
        raise TypeError(f"expected metadata as a mapping of ModelCardData fields, got {type(metadata).__name__}")
    data = ModelCardData(**dict(metadata))
    return ModelCard(f"---\n{data.to_yaml()}\n---\n\n{_body(title, summary, sections)}")


def dataset_card(metadata: Mapping[str, Any], sections: Mapping[str, str], title: str, summary: str = ""):
    """Build a ``huggingface_hub.DatasetCard`` from metadata and ``{heading: text}`` sections, offline.

    >>> card = dataset_card({"license": "cc-by-4.0", "pretty_name": "Toy"}, {"Uses": "Teaching."}, "Toy")
    >>> card.data.license
    'cc-by-4.0'
    """
    from huggingface_hub import DatasetCard, DatasetCardData

    if not isinstance(metadata, Mapping):
        raise TypeError(f"expected metadata as a mapping of DatasetCardData fields, got {type(metadata).__name__}")
    data = DatasetCardData(**dict(metadata))
    return DatasetCard(f"---\n{data.to_yaml()}\n---\n\n{_body(title, summary, sections)}")


# ---------------------------------------------------------------------------------------------
# validating cards


def _read(card: Any) -> tuple[str, str | None]:
    """Return (text, kind hint) of a card given as text, a path, or a huggingface_hub card."""
    if isinstance(card, Path):
        if not card.is_file():
            raise FileNotFoundError(f"no card file {str(card)!r}: expected the path of an existing README.md")
        return card.read_text(encoding="utf-8"), None
    if isinstance(card, str):
        if "\n" not in card and not card.startswith("---") and len(card) < 4096:
            try:
                if Path(card).is_file():
                    return Path(card).read_text(encoding="utf-8"), None
            except (OSError, ValueError):
                pass
            if card.strip().lower().endswith(".md"):
                raise FileNotFoundError(f"no card file {card!r}: expected the path of an existing README.md, or the card's text")
        return card, None
    name = type(card).__name__
    if name in {"ModelCard", "DatasetCard", "RepoCard", "SpaceCard"} and hasattr(card, "content"):
        return str(card.content), {"ModelCard": "model", "DatasetCard": "dataset"}.get(name)
    raise TypeError(f"expected a card as text, a path to a README.md, or a ModelCard/DatasetCard, got {name}")


def _split(text: str) -> tuple[list[str], int, int]:
    """Lines of the card, and the indexes of the opening and closing '---' (-1 when absent)."""
    lines = text.splitlines()
    first = 0
    while first < len(lines) and not lines[first].strip():
        first += 1
    if first >= len(lines) or not _FRONT.match(lines[first]):
        return lines, -1, -1
    for end in range(first + 1, len(lines)):
        if _FRONT.match(lines[end]):
            return lines, first, end
    return lines, first, -1


def _yaml_problem(error: Exception, start: int, end: int) -> Problem:
    """The problem of metadata whose YAML (between lines ``start`` and ``end``, 0-based) fails to load."""
    import yaml

    if not isinstance(error, yaml.YAMLError):
        return Problem(start + 1, "yaml", "the metadata is not valid YAML")
    mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
    line = start + 1 + mark.line + 1 if mark is not None else start + 1
    what = " ".join(str(getattr(error, "problem", None) or "invalid YAML").split())
    return Problem(min(line, end + 1), "yaml", f"the metadata is not valid YAML: {what}")


class FrontMatterError(ValueError):
    """A card's metadata block that cannot be read; ``code`` and ``line`` as in :class:`Problem`.

    ``code`` is ``"no-metadata"`` (a block that is never closed), ``"yaml"`` (YAML that does not
    parse) or ``"not-a-mapping"`` (YAML that is not ``key: value`` pairs).
    """

    def __init__(self, problem: Problem) -> None:
        super().__init__(str(problem))
        self.code = problem.code
        self.line = problem.line


def front_matter(text: str) -> tuple[dict[str, Any], str]:
    """Split a card into its YAML metadata and its Markdown body: ``(metadata, body)``.

    The metadata block sits between two ``---`` lines at the top of the card (blank lines before it
    are allowed). A card without one gives ``({}, text)``, an empty block ``{}``. A block that is
    never closed, YAML that does not parse, or YAML that is not a mapping raise
    :class:`FrontMatterError` (a ``ValueError``) that says what was expected and on which line.
    This is the kit's one reader of card metadata; :func:`validate_card` reports the same faults
    as problems.

    >>> front_matter("---\\nlicense: mit\\ndatasets: [a, b]\\n---\\n# A model\\n")
    ({'license': 'mit', 'datasets': ['a', 'b']}, '# A model\\n')
    >>> front_matter("# No metadata\\n")
    ({}, '# No metadata\\n')
    >>> front_matter("---\\nlicense: [mit\\n---\\n")
    Traceback (most recent call last):
    ...
    osai.cards.FrontMatterError: line 2: the metadata is not valid YAML: expected ',' or ']', but got '<stream end>'
    """
    import yaml

    if not isinstance(text, str):
        raise TypeError(f"expected the card's text (a string), got {type(text).__name__}")
    lines, start, end = _split(text)
    if start < 0:
        return {}, text
    if end < 0:
        raise FrontMatterError(Problem(start + 1, "no-metadata", "the metadata block opened with '---' is never closed"))
    try:
        data = yaml.safe_load("\n".join(lines[start + 1:end]))
    except Exception as error:  # noqa: BLE001 - the YAML library may fail in other ways on hostile text
        raise FrontMatterError(_yaml_problem(error, start, end)) from None
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise FrontMatterError(Problem(start + 2, "not-a-mapping",
                                       "the metadata must be a mapping of keys to values (key: value), "
                                       f"got a {type(data).__name__}"))
    return data, "".join(text.splitlines(keepends=True)[end + 1:])


def _node_line(node: Any, offset: int) -> int:
    return offset + node.start_mark.line + 1


def _mapping_items(node: Any) -> dict[str, tuple[Any, Any]]:
    """key text -> (key node, value node) for a YAML mapping node."""
    return {str(k.value): (k, v) for k, v in node.value if hasattr(k, "value") and isinstance(k.value, str)}


def _is_map(node: Any) -> bool:
    return type(node).__name__ == "MappingNode"


def _is_seq(node: Any) -> bool:
    return type(node).__name__ == "SequenceNode"


def _scalar(node: Any) -> str | None:
    """The text of a non-empty scalar node, else None."""
    if type(node).__name__ != "ScalarNode" or node.tag.endswith(":null"):
        return None
    return str(node.value) if str(node.value).strip() else None


def _check_license(items: dict, offset: int) -> list[Problem]:
    problems: list[Problem] = []
    if "license" not in items:
        return problems
    key, value = items["license"]
    line = _node_line(key, offset)
    ids = hub_license_ids()
    text = _scalar(value)
    if text is None:
        return [Problem(line, "license", "license must be one Hub license id, such as 'apache-2.0' or 'other'", "license")]
    if text not in ids:
        lower = text.strip().lower()
        # Names written out ("MIT License", "Apache License 2.0") map to an id once the word
        # "license" and spaces are dropped; only then is a fuzzy match worth suggesting.
        spelled = re.sub(r"[\s_]+", "-", re.sub(r"\blicen[cs]e\b", "", lower).strip()).strip("-")
        if lower in ids:
            hint = f"Hub license ids are lowercase: did you mean '{lower}'?"
        elif spelled in ids:
            hint = f"did you mean '{spelled}'?"
        else:
            close = difflib.get_close_matches(lower, sorted(ids), n=1, cutoff=0.6)
            hint = f"did you mean '{close[0]}'?" if close else "use 'other' with license_name and license_link"
        problems.append(Problem(line, "license", f"license '{text}' is not a Hub license id; {hint}", "license"))
    elif text == "other":
        for needed in ("license_name", "license_link"):
            if needed not in items or _scalar(items[needed][1]) is None:
                problems.append(Problem(line, "license-other",
                                        f"license 'other' needs {needed} (a short id and a URL or LICENSE file)", needed))
    return problems


def _check_model_index(items: dict, offset: int) -> list[Problem]:
    if "model-index" not in items:
        return []
    key, node = items["model-index"]
    problems: list[Problem] = []

    def bad(at: Any, message: str) -> None:
        problems.append(Problem(_node_line(at, offset), "model-index", f"model-index: {message}", "model-index"))

    if not _is_seq(node) or not node.value:
        bad(key, "expected a list with one entry per model: '- name: ...' and 'results:'")
        return problems
    for entry in node.value:
        if not _is_map(entry):
            bad(entry, "each entry must be a mapping with 'name' and 'results'")
            continue
        fields = _mapping_items(entry)
        if "name" not in fields or _scalar(fields["name"][1]) is None:
            bad(entry, "an entry has no 'name' (the model's name)")
        if "results" not in fields or not _is_seq(fields["results"][1]) or not fields["results"][1].value:
            bad(entry, "an entry needs 'results': a list of results with task, dataset and metrics")
            continue
        for result in fields["results"][1].value:
            if not _is_map(result):
                bad(result, "each result must be a mapping with task, dataset and metrics")
                continue
            parts = _mapping_items(result)
            required = {"task": ("type",), "dataset": ("type", "name")}
            for part, keys in required.items():
                if part not in parts or not _is_map(parts[part][1]):
                    bad(result, f"a result needs '{part}:' with {' and '.join(keys)}")
                    continue
                inner = _mapping_items(parts[part][1])
                for k in keys:
                    if k not in inner or _scalar(inner[k][1]) is None:
                        bad(parts[part][0], f"'{part}' needs '{k}'")
            if "metrics" not in parts or not _is_seq(parts["metrics"][1]) or not parts["metrics"][1].value:
                bad(result, "a result needs 'metrics:', a list of metrics with type and value")
                continue
            for metric in parts["metrics"][1].value:
                inner = _mapping_items(metric) if _is_map(metric) else {}
                for k in ("type", "value"):
                    if k not in inner or _scalar(inner[k][1]) is None:
                        bad(metric, f"each metric needs '{k}'")
    return problems


def card_sections(text: str) -> list[tuple[int, int, str, str]]:
    """The Markdown sections of a card's body: ``(line, level, heading, content)``, in order.

    ``content`` is the text up to the next heading of the same or a higher level (subsections
    included); headings inside fenced code blocks are ignored.

    >>> [(line, level, heading) for line, level, heading, _ in card_sections("# T\\n## Uses\\nx\\n")]
    [(1, 1, 'T'), (2, 2, 'Uses')]
    """
    lines, start, end = _split(text)
    first = end + 1 if start >= 0 and end >= 0 else 0
    found: list[tuple[int, int, str]] = []
    fenced = False
    for index in range(first, len(lines)):
        line = lines[index]
        if _FENCE.match(line):
            fenced = not fenced
            continue
        if fenced:
            continue
        match = _HEADING.match(line)
        if match:
            found.append((index, len(match.group(1)), match.group(2).strip()))
    sections = []
    for n, (index, level, heading) in enumerate(found):
        stop = len(lines)
        for later_index, later_level, _ in found[n + 1:]:
            if later_level <= level:
                stop = later_index
                break
        sections.append((index + 1, level, heading, "\n".join(lines[index + 1:stop])))
    return sections


def _has_content(section_text: str) -> bool:
    text = _COMMENT.sub("", section_text).replace(PLACEHOLDER, "")
    for line in text.splitlines():
        if line.strip() and not _HEADING.match(line):
            return True
    return False


def _check_sections(text: str, kind: str) -> list[Problem]:
    problems = []
    sections = card_sections(text)
    for topic, pattern in REQUIRED_SECTIONS[kind].items():
        matching = [s for s in sections if re.search(pattern, s[2].lower())]
        if not matching:
            problems.append(Problem(None, "missing-section",
                                    f"no section on {topic} (add a heading such as '## {topic.capitalize()}')", topic))
        elif not any(_has_content(s[3]) for s in matching):
            line, _, heading, _ = matching[0]
            problems.append(Problem(line, "empty-section",
                                    f"section '{heading}' ({topic}) is empty: say what you know, or why it is unknown", topic))
    return problems


def validate_card(card: Any, kind: str | None = None) -> list[Problem]:
    """Check a card locally, without the network; return its problems (an empty list when it passes).

    ``card`` is the card's text, a path to its ``README.md`` (a ``str`` or ``Path``), or a
    ``ModelCard`` / ``DatasetCard``. ``kind`` is ``"model"`` or ``"dataset"`` (default: taken from
    the card object, else ``"model"``). Problems are sorted by line; those about something missing
    (``line`` is ``None``) come last.

    >>> text = "---\\nlicense: other\\nlibrary_name: sklearn\\npipeline_tag: tabular-classification\\n---\\n"
    >>> [p.code for p in validate_card(text)][:2]
    ['license-other', 'license-other']
    >>> validate_card("---\\nlicense: [mit\\n---\\n")[0].code
    'yaml'
    >>> validate_card("x", kind="modle")
    Traceback (most recent call last):
    ...
    ValueError: unknown card kind 'modle': did you mean 'model'?
    """
    import yaml

    text, hinted = _read(card)
    kind = kind if kind is not None else (hinted or "model")
    if kind not in KINDS:
        close = difflib.get_close_matches(str(kind), KINDS, n=1)
        nearest = f": did you mean '{close[0]}'?" if close else f"; expected one of {', '.join(KINDS)}"
        raise ValueError(f"unknown card kind {kind!r}{nearest}")

    problems: list[Problem] = []
    lines, start, end = _split(text)
    if start < 0:
        problems.append(Problem(1, "no-metadata",
                                "no YAML metadata block: a card starts with a '---' line, the metadata, and a closing '---'"))
    elif end < 0:
        problems.append(Problem(start + 1, "no-metadata", "the metadata block opened with '---' is never closed"))
    else:
        offset = start + 1  # line number (0-based) where the YAML starts
        source = "\n".join(lines[start + 1:end])
        try:
            root = yaml.compose(source, Loader=yaml.SafeLoader)
        except Exception as error:  # noqa: BLE001 - the YAML library may fail in other ways on hostile text
            problems.append(_yaml_problem(error, start, end))
            root = False
        if root is None:
            root_items: dict = {}
            problems.append(Problem(start + 1, "not-a-mapping", "the metadata block is empty"))
        elif root is False:
            root_items = {}
        elif not _is_map(root):
            root_items = {}
            problems.append(Problem(_node_line(root, offset), "not-a-mapping",
                                    "the metadata must be a mapping of keys to values (key: value)"))
        else:
            root_items = _mapping_items(root)
        if root is not False and _is_map(root):
            for key in REQUIRED_KEYS[kind]:
                if key not in root_items or (_scalar(root_items[key][1]) is None and not (
                        _is_seq(root_items[key][1]) and root_items[key][1].value)):
                    where = _node_line(root_items[key][0], offset) if key in root_items else start + 1
                    problems.append(Problem(where, "missing-key", f"required key '{key}' is missing or empty", key))
            problems += _check_license(root_items, offset)
            problems += _check_model_index(root_items, offset)
    problems += _check_sections(text, kind)
    return sorted(problems, key=lambda p: (p.line is None, p.line or 0))


def broken_card() -> str:
    """The text of the planted model card that Lab 10 asks to repair (``data/cards/broken_model_card.md``).

    A fine-tune of a Llama 3.1 model whose card has three problems for :func:`validate_card` to find.

    >>> [p.code for p in validate_card(broken_card())]
    ['license', 'model-index', 'empty-section']
    """
    from osai.data import data_path

    return data_path("cards", "broken_model_card.md").read_text(encoding="utf-8")

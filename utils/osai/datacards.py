# SPDX-FileCopyrightText: 2026 The Open Source AI Lab Kit authors
# SPDX-License-Identifier: MIT
"""Training data and its documentation (Lab 03): the OSAID's four data categories, a real model's
training sets, how complete a release's data information is, and German Credit with a dataset card.

The Open Source AI Definition 1.0 does not require the training data itself; its FAQ sorts data into
four kinds (:class:`DataCategory`) and says what a release owes for each: open data must be
shared, public and obtainable data disclosed with where to get it, unshareable data described.
:func:`classify` applies that rule to the facts of one dataset (license, access, redistribution).

The facts (MiniLM's training sources, the definition's requirements, German Credit's sensitive
attributes) are data files under ``osai/data/datacards/``, each entry with its source.

>>> classify({"name": "SQuAD 2.0", "license": "CC-BY-SA-4.0", "access": "free"}).category.value
'open'
"""

from __future__ import annotations

import enum
import functools
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
    import datasets
    import pandas as pd
    from huggingface_hub import DatasetCard

__all__ = [
    "ACCESS",
    "Classification",
    "DataCategory",
    "DataInformationScore",
    "REDISTRIBUTION",
    "card_training_table",
    "category_requirements",
    "classify",
    "data_information_requirements",
    "data_information_score",
    "german_credit_card",
    "german_credit_sensitive",
    "license_redistribution",
    "load_german_credit",
    "training_data",
    "training_data_facts",
]

#: How a dataset can be had: by anyone for free, for a fee or after a request, or not at all.
ACCESS = ("free", "fee_or_gated", "none")
#: Whether its terms let anyone copy, change and re-share it.
REDISTRIBUTION = ("allowed", "restricted", "unknown")


class DataCategory(str, enum.Enum):
    """The OSAID FAQ's four kinds of training data.

    >>> DataCategory("public").requirement
    'disclose'
    >>> [c.value for c in DataCategory]
    ['open', 'public', 'obtainable', 'unshareable']
    """

    OPEN = "open"
    PUBLIC = "public"
    OBTAINABLE = "obtainable"
    UNSHAREABLE = "unshareable"

    @classmethod
    def _missing_(cls, value: object) -> DataCategory:
        names = [c.value for c in cls]
        import difflib

        close = difflib.get_close_matches(str(value).lower(), names, n=1)
        hint = f"; did you mean {close[0]!r}?" if close else ""
        raise ValueError(f"unknown data category {value!r}: expected one of {', '.join(names)}{hint}")

    @property
    def requirement(self) -> str:
        """What OSAID requires for data of this kind: ``share``, ``disclose`` or ``describe``."""
        return category_requirements()[self.value]["requirement"]


@functools.cache
def _yaml(name: str) -> Any:
    import yaml

    from osai.data import data_path

    return yaml.safe_load(data_path("datacards", name).read_text(encoding="utf-8"))


def category_requirements() -> dict[str, dict[str, str]]:
    """The four categories with their meaning, what OSAID requires, and the source.

    >>> category_requirements()["unshareable"]["requirement"]
    'describe'
    """
    return {row["name"]: dict(row) for row in _yaml("osaid_data.yaml")["categories"]}


def data_information_requirements() -> dict[str, str]:
    """The items of OSAID 1.0's Data Information requirement, key -> what it asks for.

    >>> list(data_information_requirements())[:2]
    ['provenance', 'scope_and_characteristics']
    """
    return {row["key"]: row["text"] for row in _yaml("osaid_data.yaml")["data_information"]}


def _choice(value: object, allowed: Sequence[str], what: str) -> str:
    if not isinstance(value, str) or value not in allowed:
        import difflib

        close = difflib.get_close_matches(str(value), allowed, n=1)
        hint = f"; did you mean {close[0]!r}?" if close else ""
        raise ValueError(f"{what} must be one of {', '.join(allowed)}, got {value!r}{hint}")
    return value


def license_redistribution(license_id: str | None) -> str:
    """Whether a data license lets anyone re-share: ``allowed``, ``restricted`` or ``unknown``.

    :mod:`osai.licenses` decides: a license whose terms grant the four freedoms (``is_open``) is
    allowed; one of the kit's curated licenses that does not (non-commercial, no-derivatives,
    research-only or use-restricted terms) is restricted; an id without curated traits (an unknown
    ``LicenseRef-``, or an SPDX id the kit has not curated) is unknown. A compound ``A AND B`` is
    allowed only when every part is; the exception after ``WITH`` is not a license and is left out;
    ``None`` (no license found) is unknown.

    >>> license_redistribution("CC-BY-SA-4.0"), license_redistribution("CC-BY-NC-4.0"), license_redistribution(None)
    ('allowed', 'restricted', 'unknown')
    """
    if license_id is None:
        return "unknown"
    if not isinstance(license_id, str):
        raise TypeError(f"license must be a string such as 'CC-BY-4.0' or None, got {type(license_id).__name__}")
    from osai.licenses import get

    text = re.sub(r"\s+WITH\s+[^\s()]+", " ", license_id.strip(), flags=re.I)
    parts = [p.strip(" ()") for p in re.split(r"\s+(?:AND|OR)\s+", text, flags=re.I) if p.strip(" ()")]
    if not parts:
        return "unknown"
    verdicts = []
    for part in parts:
        try:
            lic = get(part)
        except ValueError:
            verdicts.append("unknown")
            continue
        if lic.is_open:
            verdicts.append("allowed")
        else:
            verdicts.append("unknown" if lic.category == "other" else "restricted")
    for verdict in ("restricted", "unknown"):
        if verdict in verdicts:
            return verdict
    return "allowed"


@dataclass(frozen=True)
class Classification:
    """The category of one dataset, why, and whether the facts behind it were all known."""

    name: str
    category: DataCategory
    reasons: tuple[str, ...]
    certain: bool

    def __str__(self) -> str:
        mark = "" if self.certain else " (uncertain)"
        return f"{self.name}: {self.category.value}{mark}: " + "; ".join(self.reasons)


def classify(dataset_facts: Mapping[str, Any]) -> Classification:
    """The OSAID data category of a dataset from its facts, with the reasons.

    ``dataset_facts`` has ``access`` (one of :data:`ACCESS`) and a ``license`` (or ``None``), and may
    give ``redistribution`` (one of :data:`REDISTRIBUTION`; else it is read from the license) and a
    ``name``. The rule: no access for outsiders -> unshareable; for a fee or on request ->
    obtainable; free and re-sharable -> open; free but not (known to be) re-sharable -> public.

    >>> c = classify({"name": "MS MARCO", "access": "free", "license": "LicenseRef-ms-marco-terms"})
    >>> c.category.value, c.certain
    ('public', True)
    >>> classify({"access": "none", "license": None}).category.value
    'unshareable'
    >>> classify({"access": "everyone"})
    Traceback (most recent call last):
    ...
    ValueError: access must be one of free, fee_or_gated, none, got 'everyone'
    """
    if not isinstance(dataset_facts, Mapping):
        raise TypeError(f"expected a mapping of facts with 'access' and 'license', got {type(dataset_facts).__name__}")
    name = str(dataset_facts.get("name", "dataset"))
    access = _choice(dataset_facts.get("access"), ACCESS, "access")
    license_id = dataset_facts.get("license")
    given = dataset_facts.get("redistribution")
    redistribution = (_choice(given, REDISTRIBUTION, "redistribution") if given is not None
                      else license_redistribution(license_id))
    shown = license_id or "no license found"
    if access == "none":
        return Classification(name, DataCategory.UNSHAREABLE,
                              ("not available to anyone outside its holder", "OSAID: describe it in detail"), True)
    if access == "fee_or_gated":
        return Classification(name, DataCategory.OBTAINABLE,
                              (f"can be had only for a fee or on request ({shown})",
                               "OSAID: list it with where to obtain it"), True)
    if redistribution == "allowed":
        return Classification(name, DataCategory.OPEN,
                              (f"free to download and its terms ({shown}) allow re-sharing",
                               "OSAID: share it"), True)
    why = ("its terms restrict re-sharing or use" if redistribution == "restricted"
           else "no license allowing re-sharing is known")
    return Classification(name, DataCategory.PUBLIC,
                          (f"free to download, but {why} ({shown})",
                           "OSAID: disclose it with where to obtain it"),
                          redistribution == "restricted")


_RELEASES = {"sentence-transformers/all-minilm-l6-v2": "minilm_training_data.yaml"}


def _release_file(release_name: str) -> str:
    if not isinstance(release_name, str):
        raise TypeError(f"expected a release name such as 'all-MiniLM-L6-v2', got {type(release_name).__name__}")
    key = release_name.strip().lower()
    for full, file in _RELEASES.items():
        if key in (full, full.split("/", 1)[1]):
            return file
    known = [k.split("/", 1)[1] for k in _RELEASES] + list(_RELEASES)
    import difflib

    close = difflib.get_close_matches(key, known, n=1, cutoff=0.5)
    hint = f"; did you mean {close[0]!r}?" if close else ""
    raise ValueError(f"no training-data facts for release {release_name!r}: known: all-MiniLM-L6-v2{hint}")


def training_data_facts(release_name: str = "all-MiniLM-L6-v2") -> dict[str, Any]:
    """The shipped facts file of a release's training data (a dict with ``sources``).

    >>> len(training_data_facts()["sources"])
    23
    """
    return _yaml(_release_file(release_name))


def training_data(release_name: str = "all-MiniLM-L6-v2") -> pd.DataFrame:
    """The training sets of a real release, one row per source, with their OSAID category and source.

    Columns: ``name``, ``tuples`` (sum of the card's rows for that source), ``share`` (of the sum of
    all rows), ``in_metadata`` (named in the card's ``datasets:`` list), ``license``,
    ``license_status``, ``access``, ``redistribution``, ``category``, ``certain``, ``reason``,
    ``source``; sorted by ``tuples``, largest first.

    >>> table = training_data("sentence-transformers/all-MiniLM-L6-v2")
    >>> len(table), int(table["tuples"].sum())
    (23, 1167611585)
    >>> table.iloc[0]["name"], table.iloc[0]["category"]
    ('Reddit comments 2015-2018', 'public')
    """
    import pandas as pd

    facts = training_data_facts(release_name)
    rows = []
    for entry in facts["sources"]:
        found = classify(entry)
        rows.append({
            "name": entry["name"],
            "tuples": int(sum(entry["card_tuples"])),
            "in_metadata": bool(entry["hub_ids"]),
            "license": entry["license"],
            "license_status": entry["license_status"],
            "access": entry["access"],
            "redistribution": entry["redistribution"],
            "category": found.category.value,
            "certain": found.certain and entry["license_status"] != "unverified",
            "reason": found.reasons[0],
            "source": entry["source"],
        })
    table = pd.DataFrame(rows)
    table.insert(2, "share", table["tuples"] / table["tuples"].sum())
    return table.sort_values(["tuples", "name"], ascending=[False, True], ignore_index=True)


def card_training_table(card_text: str) -> list[dict[str, Any]]:
    """The rows of the "Training data" table of a sentence-transformers model card.

    Returns ``[{"dataset": text without links, "tuples": int}, ...]`` without the total row.

    >>> card_training_table("| Dataset | Paper | Tuples |\\n|---|---|---|\\n| [SNLI](https://x) | - | 1,200 |\\n| **Total** | | **1,200** |")
    [{'dataset': 'SNLI', 'tuples': 1200}]
    """
    if not isinstance(card_text, str):
        raise TypeError(f"expected the card's text (str), got {type(card_text).__name__}")
    rows = []
    for line in card_text.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) < 3 or not line.lstrip().startswith("|"):
            continue
        number = cells[-1].replace(",", "").replace("*", "").strip()
        if not number.isdigit() or "total" in cells[0].lower():
            continue
        name = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", cells[0])
        rows.append({"dataset": " ".join(name.split()), "tuples": int(number)})
    return rows


@dataclass(frozen=True)
class DataInformationScore:
    """How complete a release's data information is: share of requirements met, and what is missing."""

    score: float
    met: tuple[str, ...]
    missing: tuple[str, ...]

    def __str__(self) -> str:
        lines = [f"data information: {len(self.met)}/{len(self.met) + len(self.missing)} requirements met ({self.score:.0%})"]
        lines += [f"  missing: {m}" for m in self.missing]
        return "\n".join(lines)


_SECTION_KEYWORDS = {
    "provenance": ("source data", "provenance", "data sources", "training data"),
    "scope_and_characteristics": ("dataset structure", "characteristics", "scope", "dataset description", "data fields"),
    "collection_and_selection": ("collection", "selection", "curation"),
    "labeling": ("annotation", "labeling", "labelling"),
    "processing_and_filtering": ("processing", "filtering", "cleaning"),
}


def _filled(value: object) -> bool:
    from osai.cards import PLACEHOLDER

    return isinstance(value, str) and bool(value.strip()) and PLACEHOLDER.lower() not in value.strip().lower()


def _own_sections(text: str) -> dict[str, str]:
    """Heading (lower case) -> the text under it up to the next heading of any level.

    :func:`osai.cards.card_sections` gives each section with its subsections; here a heading keeps
    only its own lines, so that "Source Data" does not borrow the text of "Data Collection" below it.
    Repeated headings are joined.
    """
    from osai.cards import card_sections

    lines = text.splitlines()
    found = card_sections(text)
    sections: dict[str, str] = {}
    for n, (line, _, heading, _) in enumerate(found):  # line: 1-based, so lines[line] follows the heading
        stop = found[n + 1][0] - 1 if n + 1 < len(found) else len(lines)
        key = heading.lower()
        sections[key] = sections.get(key, "") + "".join(f"{own}\n" for own in lines[line:stop])
    return sections


def _from_card(card: Any) -> dict[str, Any]:
    from osai.cards import FrontMatterError, front_matter

    text = card if isinstance(card, str) else getattr(card, "content", None)
    if not isinstance(text, str):
        raise TypeError("expected a mapping of data information, a card's text, or a huggingface_hub card, "
                        f"got {type(card).__name__}")
    try:
        metadata, body = front_matter(text)
    except FrontMatterError as error:
        if error.code == "yaml":
            raise
        metadata, body = {}, text  # a block never closed, or not a mapping: no metadata to read
    sections = _own_sections(text)
    info: dict[str, Any] = {}
    for key, words in _SECTION_KEYWORDS.items():
        texts = [t for h, t in sections.items() if any(w in h for w in words)]
        info[key] = "\n".join(t for t in texts if _filled(t))
    listed = metadata.get("datasets") or []
    table = card_training_table(body)
    if listed or table:
        # A Hub id or a linked table row says where to get each dataset, but not its kind.
        info["datasets"] = [{"name": str(n), "category": "public", "location": f"https://huggingface.co/datasets/{n}"}
                            for n in listed] or [{"name": r["dataset"], "category": "public", "location": "card table"}
                                                 for r in table]
    return info


def data_information_score(card_or_dict: Any) -> DataInformationScore:
    """Score a release's data information against OSAID 1.0's Data Information requirement.

    Give either a mapping with the keys of :func:`data_information_requirements` (text for the five
    description items) and ``datasets``: a list of ``{"name", "category", "location"}`` (and
    ``"description"`` for unshareable data); or a card (its text, or a ``huggingface_hub`` card),
    whose sections are matched by their headings and whose ``datasets:`` metadata counts as a list.
    An unshareable dataset without a description adds a requirement that is not met.

    >>> s = data_information_score({"provenance": "crawled from forum X in 2024",
    ...                             "datasets": [{"name": "X", "category": "public", "location": "https://x.org"}]})
    >>> round(s.score, 2), s.missing[0]
    (0.43, 'scope_and_characteristics: the scope and characteristics of the data')
    """
    info = dict(card_or_dict) if isinstance(card_or_dict, Mapping) else _from_card(card_or_dict)
    requirements = data_information_requirements()
    unknown = [k for k in info if k not in requirements and k != "datasets"]
    if unknown:
        import difflib

        close = difflib.get_close_matches(str(unknown[0]), list(requirements) + ["datasets"], n=1)
        hint = f"; did you mean {close[0]!r}?" if close else ""
        raise ValueError(f"unknown data-information key {unknown[0]!r}: expected {', '.join(requirements)} or datasets{hint}")
    met: list[str] = []
    missing: list[str] = []
    for key in list(requirements)[:5]:
        (met if _filled(info.get(key)) else missing).append(key)
    datasets_ = info.get("datasets")
    if datasets_ is not None and (isinstance(datasets_, (str, bytes)) or not isinstance(datasets_, Sequence)):
        raise TypeError("datasets must be a list of {'name', 'category', 'location'} mappings")
    entries = []
    for entry in datasets_ or []:
        if not isinstance(entry, Mapping) or "name" not in entry or "category" not in entry:
            raise ValueError(f"each dataset needs a 'name' and a 'category', got {entry!r}")
        entries.append((str(entry["name"]), DataCategory(entry["category"]), entry))
    extra: dict[str, str] = {}
    for key, kinds in (("public_data_listed", (DataCategory.OPEN, DataCategory.PUBLIC)),
                       ("obtainable_data_listed", (DataCategory.OBTAINABLE,))):
        unlisted = [n for n, c, e in entries if c in kinds and not _filled(e.get("location"))]
        if datasets_ is None:
            missing.append(key)
        elif unlisted:
            missing.append(key)
            extra[key] = "no location for " + ", ".join(sorted(unlisted))
        else:
            met.append(key)
    undescribed = sorted(n for n, c, e in entries if c is DataCategory.UNSHAREABLE and not _filled(e.get("description")))
    texts = [f"{k}: {requirements[k]}" + (f" ({extra[k]})" if k in extra else "") for k in missing]
    if undescribed:
        texts.append("unshareable_described: a detailed description of unshareable data (" + ", ".join(undescribed) + ")")
    elif any(c is DataCategory.UNSHAREABLE for _, c, _ in entries):
        met.append("unshareable_described")
    total = len(met) + len(texts)
    return DataInformationScore(len(met) / total, tuple(met), tuple(texts))


def german_credit_sensitive() -> dict[str, list[dict[str, str]]]:
    """German Credit's sensitive attributes and proxies, each with why and a source.

    >>> [row["column"] for row in german_credit_sensitive()["sensitive"]]
    ['personal_status_sex', 'age_years', 'foreign_worker']
    """
    return _yaml("german_credit_sensitive.yaml")


def load_german_credit(as_: str = "dataset") -> datasets.Dataset | pd.DataFrame:
    """German Credit as a ``datasets.Dataset`` (``as_="dataset"``) or a DataFrame (``as_="pandas"``).

    Built on :func:`osai.data.german_credit` (decoded values, codebook names). In the Dataset,
    ``credit_risk`` is a ``ClassLabel`` (``0 = good``, ``1 = bad``), categorical attributes are
    decoded strings, numeric ones ``int64``; the info carries license, citation and homepage.

    >>> load_german_credit("pandas").shape
    (1000, 21)
    >>> load_german_credit("arrow")
    Traceback (most recent call last):
    ...
    ValueError: as_ must be 'dataset' or 'pandas', got 'arrow'
    """
    if as_ not in ("dataset", "pandas"):
        raise ValueError(f"as_ must be 'dataset' or 'pandas', got {as_!r}")
    from osai.data import GERMAN_CREDIT_CITATION, codebook, german_credit

    frame = german_credit()
    if as_ == "pandas":
        return frame
    import datasets as hf_datasets

    book = codebook()
    target = book["target"]
    names = [target["codes"][k] for k in sorted(target["codes"], key=int)]
    features = {a["name"]: hf_datasets.Value("int64" if a["kind"] == "numeric" else "string") for a in book["attributes"]}
    features[target["name"]] = hf_datasets.ClassLabel(names=names)
    frame[target["name"]] = frame[target["name"]].map({n: i for i, n in enumerate(names)})
    schema = hf_datasets.Features(features)
    info = hf_datasets.DatasetInfo(
        features=schema,
        description="UCI Statlog (German Credit Data): 1,000 loan applicants, 20 attributes, a good/bad credit-risk rating.",
        citation=GERMAN_CREDIT_CITATION,
        homepage="https://archive.ics.uci.edu/dataset/144/statlog+german+credit+data",
        license="CC BY 4.0",
    )
    return hf_datasets.Dataset.from_pandas(frame, features=schema, info=info, preserve_index=False)


def german_credit_card() -> DatasetCard:
    """A ``huggingface_hub.DatasetCard`` for German Credit, built offline (never validated online).

    It has the metadata (license, size, task, pretty name) and the template's main sections:
    details, uses, structure (every attribute from the codebook), creation and provenance, bias and
    sensitive attributes, citation.

    >>> card = german_credit_card()
    >>> card.data.license, card.data.size_categories
    ('cc-by-4.0', ['n<1K'])
    >>> "## Citation" in card.content
    True
    """
    from huggingface_hub import DatasetCard, DatasetCardData

    from osai.data import GERMAN_CREDIT_CITATION, GERMAN_CREDIT_DOI, codebook

    book = codebook()
    data = DatasetCardData(
        license="cc-by-4.0", pretty_name="Statlog (German Credit Data)", language=["en"],
        size_categories=["n<1K"], task_categories=["tabular-classification"],
        source_datasets=["original"], tags=["credit-scoring", "tabular", "finance"],
    )
    structure = ["| column | kind | values |", "|---|---|---|"]
    for attribute in book["attributes"]:
        values = "; ".join(attribute["codes"].values()) if attribute.get("codes") else "integer"
        structure.append(f"| `{attribute['name']}` | {attribute['kind']} | {values} |")
    structure.append(f"| `{book['target']['name']}` | target | good (700); bad (300) |")
    sensitive = german_credit_sensitive()
    bias = [f"- `{r['column']}`: {r['why']}." for r in sensitive["sensitive"]]
    bias += ["", "Proxies to watch: " + ", ".join(f"`{r['column']}` ({r['why']})" for r in sensitive["proxies"]) + "."]
    content = "\n".join([
        "---", data.to_yaml(), "---", "",
        "# Dataset Card for Statlog (German Credit Data)", "",
        "## Dataset Details", "",
        "1,000 loan applicants described by 20 attributes (7 numerical, 13 categorical) and rated as a good or bad "
        "credit risk by a bank. Donated to the UCI Machine Learning Repository (dataset id 144) by Prof. Dr. Hans "
        "Hofmann, Institut für Statistik und Ökonometrie, Universität Hamburg, in 1994.", "",
        "- **License:** CC BY 4.0 (as the UCI repository lists it); attribution required.",
        f"- **Repository:** https://archive.ics.uci.edu/dataset/144/statlog+german+credit+data (DOI {GERMAN_CREDIT_DOI})", "",
        "## Uses", "",
        "Teaching and benchmarking of tabular classification, explainability and fairness methods. "
        "Out of scope: real credit decisions about people.", "",
        "## Dataset Structure", "", *structure, "",
        "## Dataset Creation", "",
        "### Source Data", "",
        "Provenance: German loan applications collected by a bank, coded and documented in `german.doc`; the "
        "processing and selection of the applicants is not documented. The kit ships the original `german.data`.", "",
        "### Annotations", "",
        "The `credit_risk` label is the bank's risk rating, not an observed default; how it was assigned is not documented.", "",
        "## Bias, Risks, and Limitations", "", *bias, "",
        "Grömping (2019) showed that the original coding notes contain significant errors and published corrected "
        "coding as South German Credit (https://doi.org/10.24432/C5QG88).", "",
        "## Citation", "",
        "```bibtex",
        "@misc{hofmann1994german,",
        "  author = {Hofmann, Hans},",
        "  title = {{Statlog (German Credit Data)}},",
        "  year = {1994},",
        "  howpublished = {UCI Machine Learning Repository},",
        f"  doi = {{{GERMAN_CREDIT_DOI}}}",
        "}",
        "```", "",
        f"APA: {GERMAN_CREDIT_CITATION}", "",
    ])
    return DatasetCard(content)

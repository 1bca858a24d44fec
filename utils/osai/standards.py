# SPDX-FileCopyrightText: 2026 The Open Source AI Lab Kit authors
# SPDX-License-Identifier: MIT
"""The standards that govern an open AI release: a CycloneDX ML-BOM, a model signature, adopted frameworks.

- **ML-BOM** (CycloneDX 1.6, https://cyclonedx.org/capabilities/mlbom/): :func:`mlbom_problems` validates a
  JSON document with cyclonedx-python-lib's own strict JSON validator, which reads the schema bundled in the
  package (no network), then checks what makes it a bill of materials of a *model*: a component of type
  ``machine-learning-model`` with a ``modelCard`` and data components for its datasets. The library (11.x)
  has no Python class for ``modelCard`` yet, so a model card is added to the serialised JSON as a plain dict.
  The kit offers no BOM builder: the lab's student writes that part.
- **Signing** (OpenSSF Model Signing, the ``model-signing`` package, https://github.com/sigstore/model-transparency):
  :func:`make_key_pair`, :func:`sign_folder` and :func:`verify_folder` sign a model folder with a local
  elliptic-curve key and verify it, offline (no Sigstore, no transparency log).
- **Frameworks** organisations adopt (NIST AI RMF 1.0, ISO/IEC 42001:2023, FINOS AI Governance Framework, LF AI &
  Data, OpenSSF): :func:`frameworks` loads ``data/standards/frameworks.yaml``, each entry with its primary source.

Heavy libraries (cyclonedx, model_signing, cryptography) are imported inside the functions that use them.

>>> sorted(frameworks())[:2]
['finos-aigf', 'iso-iec-42001']
>>> mlbom_problems('{"bomFormat": "CycloneDX"}')[0][:30]
'not a CycloneDX 1.6 document: '
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path
from typing import Any

__all__ = ["SCHEMA_VERSION", "file_sha256", "frameworks", "make_key_pair", "ml_components", "mlbom_mismatches",
           "mlbom_problems", "sign_folder", "verify_folder"]

#: The CycloneDX version the lab writes: 1.5 introduced ML-BOMs, 1.6 is the one the library validates strictly.
SCHEMA_VERSION = "1.6"
_DATA = Path(__file__).parent / "data" / "standards"


def file_sha256(path: str | Path) -> str:
    """The SHA-256 of a file's bytes, in hex (what a BOM's ``hashes`` and a signature's manifest hold).

    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "x"; _ = p.write_bytes(b"abc")
    >>> file_sha256(p)[:16]
    'ba7816bf8f01cfea'
    """
    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(f"expected a file to hash, got {str(path)!r}")
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _as_document(document: str | bytes | Mapping[str, Any]) -> dict[str, Any]:
    if isinstance(document, Mapping):
        return json.loads(json.dumps(document))
    if isinstance(document, (str, bytes)):
        try:
            loaded = json.loads(document)
        except (json.JSONDecodeError, UnicodeDecodeError) as err:
            raise ValueError(f"expected a CycloneDX document as JSON text, but it is not JSON: {err}") from None
        if not isinstance(loaded, dict):
            raise ValueError(f"expected a JSON object (a CycloneDX document), got {type(loaded).__name__}")
        return loaded
    raise TypeError(f"expected a CycloneDX document (JSON text or a dict), got {type(document).__name__}")


def ml_components(document: str | Mapping[str, Any]) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The document's ``machine-learning-model`` components and its ``data`` components, in that order.

    >>> models, data = ml_components({"components": [{"type": "data", "name": "d"}]})
    >>> len(models), data[0]["name"]
    (0, 'd')
    """
    components = _as_document(document).get("components") or []
    models = [c for c in components if isinstance(c, dict) and c.get("type") == "machine-learning-model"]
    data = [c for c in components if isinstance(c, dict) and c.get("type") == "data"]
    return models, data


def _schema_errors(document: dict[str, Any]) -> list[str]:
    from cyclonedx.schema import SchemaVersion
    from cyclonedx.validation.json import JsonStrictValidator

    validator = JsonStrictValidator(SchemaVersion.from_version(SCHEMA_VERSION))
    errors = validator.validate_str(json.dumps(document), all_errors=True) or []
    out = []
    for error in errors:
        data = getattr(error, "data", error)
        where = "/".join(str(p) for p in getattr(data, "absolute_path", [])) or "(top level)"
        message = getattr(data, "message", str(data))
        out.append(f"schema: at {where}: {message[:160]}")
    return sorted(set(out))


def mlbom_problems(document: str | Mapping[str, Any]) -> list[str]:
    """What keeps ``document`` from being a valid CycloneDX 1.6 ML-BOM; ``[]`` when nothing does.

    First the CycloneDX library's strict JSON validator (its bundled 1.6 schema, offline); then: exactly one
    ``machine-learning-model`` component, whose ``modelCard`` has ``modelParameters``, ``quantitativeAnalysis``
    and ``considerations``, with a license; ``data`` components for the datasets, and every dataset the model
    card references (``modelParameters.datasets[].ref``) is one of them.

    >>> mlbom_problems({"bomFormat": "CycloneDX", "specVersion": "1.6", "version": 1, "components": []})
    ['no component of type machine-learning-model: the model itself must be in the BOM']
    """
    doc = _as_document(document)
    if doc.get("bomFormat") != "CycloneDX" or doc.get("specVersion") != SCHEMA_VERSION:
        return [f"not a CycloneDX {SCHEMA_VERSION} document: bomFormat must be 'CycloneDX' and specVersion "
                f"'{SCHEMA_VERSION}' (got {doc.get('bomFormat')!r}, {doc.get('specVersion')!r})"]
    problems = _schema_errors(doc)
    models, data = ml_components(doc)
    if not models:
        return problems + ["no component of type machine-learning-model: the model itself must be in the BOM"]
    if len(models) > 1:
        problems.append(f"{len(models)} machine-learning-model components: a release review covers one model")
    model = models[0]
    if not model.get("licenses"):
        problems.append(f"the model {model.get('name')!r} has no license: say under which terms it is released")
    card = model.get("modelCard")
    if not isinstance(card, dict):
        misplaced = [c.get("name") for c in data if "modelCard" in c]
        if misplaced:  # the library sorts components: the first one need not be the model
            return problems + [f"the modelCard is on {misplaced[0]!r}, a data component: find the model's dict by "
                               "its type"]
        return problems + [f"the model {model.get('name')!r} has no modelCard"]
    for part in ("modelParameters", "quantitativeAnalysis", "considerations"):
        if not card.get(part):
            problems.append(f"the modelCard has no {part}")
    refs = {c.get("bom-ref") for c in data}
    if not data:
        problems.append("no component of type data: list the training datasets")
    for entry in (card.get("modelParameters") or {}).get("datasets") or []:
        ref = entry.get("ref") if isinstance(entry, dict) else None
        if ref is not None and ref not in refs:
            problems.append(f"modelParameters.datasets refers to {ref!r}, which is no data component's bom-ref")
    return problems


def _license_ids(component: Mapping[str, Any]) -> list[str]:
    out = []
    for entry in component.get("licenses") or []:
        lic = entry.get("license") or {}
        out.append(entry.get("expression") or lic.get("id") or lic.get("name") or "")
    return out


def _number(value: Any) -> float | None:
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


def mlbom_mismatches(document: str | Mapping[str, Any], facts: Mapping[str, Any]) -> list[str]:
    """Where a valid ML-BOM disagrees with the release ``facts`` it should state; ``[]`` when it states them all.

    ``facts`` has ``name``, ``version``, ``model_license``, ``weights_sha256``, ``task``, ``architecture``,
    ``metrics`` ({name: value}), ``limitations`` (list) and ``datasets`` (``name``, optional ``license`` and
    ``location``), the form Lab 12 uses. Run :func:`mlbom_problems` first: this assumes a model card.

    >>> mlbom_mismatches({"components": []}, {"name": "m"})
    ['no machine-learning-model component']
    """
    models, data = ml_components(document)
    if not models or not isinstance(models[0].get("modelCard"), dict):
        return ["no machine-learning-model component" if not models else "the model has no modelCard"]
    model, out = models[0], []
    if (model.get("name"), model.get("version")) != (facts.get("name"), facts.get("version")):
        out.append("the model's name and version are facts['name'] and facts['version']")
    if _license_ids(model) != [facts.get("model_license")]:
        out.append(f"the model's license is facts['model_license'] (the weights'), not {_license_ids(model)}")
    if {h.get("alg"): h.get("content") for h in model.get("hashes") or []}.get("SHA-256") != facts.get("weights_sha256"):
        out.append("give the model its SHA-256 hash, facts['weights_sha256']")
    by_name = {c.get("name"): c for c in data}
    for dataset in facts.get("datasets") or []:
        component = by_name.get(dataset["name"])
        if component is None:
            out.append(f"no data component for {dataset['name']!r}: one per dataset, the unshareable ones too")
            continue
        want = [dataset["license"]] if dataset.get("license") else []
        if _license_ids(component) != want:
            out.append(f"{dataset['name']!r}: the facts give {want or 'no license'}, the BOM "
                       f"{_license_ids(component) or 'none'}: never invent a license")
        urls = [r.get("url") for r in component.get("externalReferences") or []]
        if dataset.get("location") and dataset["location"] not in urls:
            out.append(f"{dataset['name']!r}: its location is an external reference of type distribution")
    if len(data) != len(facts.get("datasets") or []):
        out.append("one data component per dataset, no more")
    card = model["modelCard"]
    params = card.get("modelParameters") or {}
    if (params.get("task"), params.get("architectureFamily")) != (facts.get("task"), facts.get("architecture")):
        out.append("modelParameters: task is facts['task'], architectureFamily facts['architecture']")
    refs = sorted(str(d.get("ref")) for d in params.get("datasets") or [] if isinstance(d, dict))
    if refs != sorted(str(c.get("bom-ref")) for c in data):
        out.append("modelParameters.datasets lists {'ref': bom-ref} of every data component")
    metrics = {m.get("type"): m.get("value") for m in (card.get("quantitativeAnalysis") or {}).get(
        "performanceMetrics") or [] if isinstance(m, dict)}
    for name, value in (facts.get("metrics") or {}).items():
        got = _number(metrics.get(name))
        if got is None or abs(got - float(value)) > 1e-9:
            out.append(f"the {name} in the BOM is {metrics.get(name)!r}, the release measured {value}")
    limits = (card.get("considerations") or {}).get("technicalLimitations") or []
    if not all(limit in limits for limit in facts.get("limitations") or []):
        out.append("considerations.technicalLimitations lists all of facts['limitations']")
    return out


def frameworks() -> dict[str, dict[str, Any]]:
    """The frameworks organisations adopt, by id: name, publisher, what it is, its parts, primary source URL.

    >>> [p["id"] for p in frameworks()["nist-ai-rmf"]["parts"]]
    ['govern', 'map', 'measure', 'manage']
    """
    return json.loads(json.dumps(_frameworks()))


@lru_cache(maxsize=1)
def _frameworks() -> dict[str, dict[str, Any]]:
    import yaml

    loaded = yaml.safe_load((_DATA / "frameworks.yaml").read_text(encoding="utf-8"))
    entries = loaded["frameworks"]
    out = {}
    for entry in entries:
        missing = {"id", "name", "publisher", "kind", "source", "parts"} - set(entry)
        if missing:
            raise ValueError(f"frameworks.yaml: {entry.get('id', '?')} lacks {', '.join(sorted(missing))}")
        if not re.match(r"https://", entry["source"]):
            raise ValueError(f"frameworks.yaml: {entry['id']}: the source must be an https URL")
        out[entry["id"]] = entry
    return out


def make_key_pair(folder: str | Path) -> tuple[Path, Path]:
    """Write a new elliptic-curve (NIST P-256) key pair into ``folder``: ``(private.pem, public.pem)``.

    The private key is unencrypted: keep it in a temporary folder, as the lab does.

    >>> import tempfile
    >>> private, public = make_key_pair(tempfile.mkdtemp())
    >>> public.read_text().splitlines()[0]
    '-----BEGIN PUBLIC KEY-----'
    """
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import ec

    folder = Path(folder)
    if not folder.is_dir():
        raise NotADirectoryError(f"expected an existing folder for the key pair, got {str(folder)!r}")
    key = ec.generate_private_key(ec.SECP256R1())
    private, public = folder / "private.pem", folder / "public.pem"
    for path in (private, public):
        if path.exists():
            raise FileExistsError(f"{path} exists already: use an empty folder, nothing is overwritten")
    private.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                          serialization.NoEncryption()))
    public.write_bytes(key.public_key().public_bytes(serialization.Encoding.PEM,
                                                     serialization.PublicFormat.SubjectPublicKeyInfo))
    return private, public


def sign_folder(model: str | Path, private_key: str | Path, signature: str | Path) -> Path:
    """Sign every file of the folder ``model`` with ``private_key`` (model-signing, offline); the bundle goes to
    ``signature``, which must lie outside the folder. Returns the signature's path.

    >>> sign_folder("/no/such/folder", "k.pem", "s.sig")
    Traceback (most recent call last):
    ...
    NotADirectoryError: expected the model folder to sign, got '/no/such/folder'
    """
    import model_signing

    model, signature = Path(model), Path(signature)
    if not model.is_dir():
        raise NotADirectoryError(f"expected the model folder to sign, got {str(model)!r}")
    if signature.resolve().is_relative_to(model.resolve()):
        raise ValueError("put the signature outside the model folder: it cannot sign itself")
    model_signing.signing.Config().use_elliptic_key_signer(private_key=Path(private_key)).sign(model, signature)
    return signature


def _manifest_diff(model: Path, signature: Path) -> list[str]:
    """Files of ``model`` that differ from the manifest signed in ``signature`` (a bundle whose signature the
    caller has verified): changed, added, removed, by name."""
    import base64

    bundle = json.loads(signature.read_text(encoding="utf-8"))
    statement = json.loads(base64.b64decode(bundle["dsseEnvelope"]["payload"]))
    signed = {r["name"]: r["digest"] for r in statement["predicate"]["resources"]}
    ignored = set(statement["predicate"].get("serialization", {}).get("ignore_paths", []))
    now = {p.relative_to(model).as_posix(): file_sha256(p) for p in sorted(model.rglob("*"))
           if p.is_file() and not ignored & set(p.relative_to(model).parts)}
    out = [f"{name}: its content changed since signing (its SHA-256 differs from the signed one)"
           for name in sorted(set(now) & set(signed)) if now[name] != signed[name]]
    out += [f"{name}: added since signing" for name in sorted(set(now) - set(signed))]
    out += [f"{name}: removed since signing" for name in sorted(set(signed) - set(now))]
    return out


def verify_folder(model: str | Path, public_key: str | Path, signature: str | Path) -> list[str]:
    """What fails when the folder ``model`` is verified against ``signature`` with ``public_key``; ``[]``: verified.

    One line per changed, added or removed file, or one line when the signature itself does not verify
    with this key.

    >>> verify_folder("/no/such/folder", "k.pub", "s.sig")
    Traceback (most recent call last):
    ...
    NotADirectoryError: expected the model folder to verify, got '/no/such/folder'
    """
    import model_signing

    model = Path(model)
    if not model.is_dir():
        raise NotADirectoryError(f"expected the model folder to verify, got {str(model)!r}")
    config = model_signing.verifying.Config().use_elliptic_key_verifier(public_key=Path(public_key))
    try:
        config.verify(model, Path(signature))
    except ValueError as err:
        if not str(err).startswith("Signature mismatch"):
            return [f"the signature does not verify with this public key ({str(err)[:120]})"]
        return _manifest_diff(model, Path(signature)) or [str(err)[:200]]
    except Exception as err:  # noqa: BLE001 - a bundle that is not one, or signed by another key
        return [f"the signature does not verify with this public key ({type(err).__name__}: {str(err)[:120]})"]
    return []

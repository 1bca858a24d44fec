# SPDX-FileCopyrightText: 2026 The Open Source AI Lab Kit authors
# SPDX-License-Identifier: MIT
"""SPDX license expressions (``AND``, ``OR``, ``WITH``), parsed by the license-expression library.

The library's SPDX symbols are extended with the kit's curated ids that SPDX does not list (the
``LicenseRef-`` ids of AI licenses, with their Hugging Face aliases). Also here: the license of an
installed Python package, read from its metadata (:func:`from_distribution`). The library is
imported only when the first expression is parsed.

>>> license_ids("MIT OR Apache-2.0")
['MIT', 'Apache-2.0']
"""

from __future__ import annotations

import functools

from osai.licenses.table import _data, _suggest, _table

__all__ = ["from_distribution", "license_ids", "normalize", "parse"]


@functools.cache
def _licensing():
    from license_expression import LicenseSymbol, get_spdx_licensing

    spdx = get_spdx_licensing()
    symbols = list(spdx.known_symbols.values())
    known = {s.key.casefold() for s in symbols}
    extra = []
    for lic in _table().values():
        if lic.id.casefold() not in known:
            aliases = tuple(a for a in (*lic.hf, *lic.hf_license_name, lic.id[len("LicenseRef-"):] if lic.id.startswith("LicenseRef-") else "")
                            if a and a.casefold() not in known)
            extra.append(LicenseSymbol(lic.id, aliases=aliases))
            known.add(lic.id.casefold())
    from license_expression import Licensing

    return Licensing(list(dict.fromkeys(symbols)) + extra)


def parse(expression: str):
    """Parse an SPDX license expression (``AND``, ``OR``, ``WITH``, parentheses) with license-expression.

    Ids are matched without case; Hugging Face ids are turned into the kit's ids. Returns a
    ``license_expression.LicenseExpression``; ``str()`` of it is the normalised expression.
    Unknown ids raise ``ValueError`` with the closest known ids.

    >>> str(parse("apache-2.0 or mit"))
    'Apache-2.0 OR MIT'
    >>> str(parse("GPL-2.0-or-later WITH Classpath-exception-2.0"))
    'GPL-2.0-or-later WITH Classpath-exception-2.0'
    >>> parse("MIT AND")
    Traceback (most recent call last):
    ...
    ValueError: not a valid SPDX expression 'MIT AND': ...
    """
    if not isinstance(expression, str):
        raise TypeError(f"expected an SPDX expression as a string such as 'Apache-2.0 OR MIT', got {type(expression).__name__}")
    if not expression.strip():
        raise ValueError("empty license expression; expected something like 'Apache-2.0' or 'Apache-2.0 OR MIT'")
    from license_expression import ExpressionError

    licensing = _licensing()
    try:
        parsed = licensing.parse(expression, validate=False, strict=True)
    except ExpressionError as error:
        raise ValueError(f"not a valid SPDX expression {expression!r}: {error}") from None
    except Exception as error:  # noqa: BLE001 - the library raises a few bare types on odd input
        raise ValueError(f"not a valid SPDX expression {expression!r}: {error}") from None
    if parsed is None:
        raise ValueError(f"not a valid SPDX expression {expression!r}: nothing to parse")
    for bad in licensing.unknown_license_keys(parsed):
        raise ValueError(f"unknown license id {bad!r} in {expression!r}{_suggest(bad)}")
    return parsed


def normalize(expression: str) -> str:
    """The normalised form of an expression (known ids with their canonical spelling).

    >>> normalize("mit AND (apache-2.0 OR bsd-3-clause)")
    'MIT AND (Apache-2.0 OR BSD-3-Clause)'
    """
    return str(parse(expression))


def license_ids(expression: str) -> list[str]:
    """The distinct license ids in an expression, in order of appearance (exceptions left out).

    >>> license_ids("Apache-2.0 WITH LLVM-exception AND MIT")
    ['Apache-2.0', 'MIT']
    """
    parsed = parse(expression)
    symbols = _licensing().license_symbols(parsed, decompose=True)
    return list(dict.fromkeys(s.key for s in symbols if not getattr(s, "is_exception", False)))


def _alternatives(expression: str) -> list[list[str]]:
    """The ways to satisfy an expression: each a list of ids that all apply (OR gives choices)."""
    from license_expression import AND, OR

    def walk(node) -> list[list[str]]:
        if isinstance(node, OR):
            return [alt for arg in node.args for alt in walk(arg)]
        if isinstance(node, AND):
            combos: list[list[str]] = [[]]
            for arg in node.args:
                combos = [c + alt for c in combos for alt in walk(arg)]
            return combos
        keys = _licensing().license_keys(node)
        return [[keys[0]]] if keys else [[]]

    return [list(dict.fromkeys(c)) for c in walk(parse(expression))]


def from_distribution(name: str) -> str:
    """The license of an installed Python package, read from its metadata, as an SPDX expression.

    Uses ``License-Expression`` (PEP 639) when present; otherwise the free-text ``License`` field if it
    is a known id (``"Apache 2.0 License"`` is read as ``Apache-2.0``); otherwise the trove
    classifiers, where the generic "BSD License" is read as ``BSD-3-Clause`` (the most common variant:
    check it by hand). Raises ``ValueError`` when none of these says.

    >>> from_distribution("pandas")
    'BSD-3-Clause'
    """
    import importlib.metadata as metadata

    try:
        meta = metadata.metadata(name)
    except metadata.PackageNotFoundError:
        raise ValueError(f"no installed package named {name!r}") from None
    declared = meta.get("License-Expression")
    if declared:
        return normalize(declared)
    text = (meta.get("License") or "").strip()
    if text and "\n" not in text and len(text) < 60:
        for candidate in (text, text.replace(" License", ""), text.replace(" License", "").replace(" ", "-")):
            try:
                return normalize(candidate)
            except ValueError:
                pass
    for classifier in meta.get_all("Classifier") or []:
        mapped = _classifiers().get(classifier)
        if mapped:
            return mapped
    raise ValueError(f"the metadata of {name!r} states no license that maps to an SPDX id")


@functools.cache
def _classifiers() -> dict[str, str]:
    """Trove classifier -> SPDX id (``classifiers.yaml``)."""
    return {row["classifier"]: row["spdx"] for row in _data("classifiers.yaml")}

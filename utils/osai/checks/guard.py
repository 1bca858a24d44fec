# SPDX-FileCopyrightText: 2026 The Open Source AI Lab Kit authors
# SPDX-License-Identifier: MIT
"""The guard of "write it yourself" exercises: a function that calls the kit's own implementation is refused.

An exercise declares what it refuses by dotted name (``refuses=("osai.privacy.luhn_valid",)``); the names
are resolved only when the check runs. The verifier is given the learner's function wrapped by
:func:`watch`: while the learner's function runs (and only then, so the verifier may call the kit's
function itself, and its own work runs at full speed), a profiler (:func:`sys.setprofile`) watches for a
call of a refused function's code object. Aliases (``from osai.privacy import luhn_valid as f``) and
wrappers (``functools.partial``, another kit function that calls it) share that code object, so they are
caught too. The profiler in place before is put back after every call. Import these names from
:mod:`osai.checks`.

>>> def mine(n):
...     from osai.privacy import luhn_valid
...     return luhn_valid(n)
>>> watched, seen = watch(mine, ("osai.privacy.luhn_valid",))
>>> watched("79927398713"), seen
(True, ['luhn_valid'])
"""

from __future__ import annotations

import importlib
import inspect
import sys
from collections.abc import Callable, Iterable
from types import CodeType, FrameType
from typing import Any

__all__ = ["delegation_message", "refused_itself", "resolve", "watch"]


def resolve(dotted: str) -> list[CodeType]:
    """The code objects of the function, method or property named ``dotted`` (imported now).

    >>> [c.co_name for c in resolve("osai.licenses.table.License.is_open")]
    ['is_open']
    >>> resolve("osai.privacy.no_such_function")
    Traceback (most recent call last):
    ...
    ValueError: refuses= names 'osai.privacy.no_such_function', which cannot be imported: expected module.function or module.Class.attribute
    """
    if not isinstance(dotted, str) or "." not in dotted:
        raise ValueError(f"refuses= takes dotted names such as 'osai.privacy.luhn_valid', got {dotted!r}")
    parts = dotted.split(".")
    for cut in range(len(parts) - 1, 0, -1):
        try:
            target: Any = importlib.import_module(".".join(parts[:cut]))
        except ImportError:
            continue
        try:
            for name in parts[cut:]:
                target = inspect.getattr_static(target, name) if inspect.isclass(target) else getattr(target, name)
        except AttributeError:
            break
        return _codes(target, dotted)
    raise ValueError(f"refuses= names {dotted!r}, which cannot be imported: "
                     "expected module.function or module.Class.attribute")


def _codes(target: Any, dotted: str) -> list[CodeType]:
    if isinstance(target, property):
        targets = [t for t in (target.fget, target.fset, target.fdel) if t is not None]
    elif isinstance(target, (staticmethod, classmethod)):
        targets = [target.__func__]
    else:
        targets = [target]
    codes = []
    for item in targets:
        item = inspect.unwrap(getattr(item, "__func__", item))
        code = getattr(item, "__code__", None)
        if code is None:
            raise ValueError(f"refuses= names {dotted!r}, which is not a Python function, method or property")
        codes.append(code)
    return codes


def refused_itself(value: Any, refuses: Iterable[str]) -> list[str]:
    """The short names of refused functions that ``value`` is, or wraps (``functools.partial``, decorators).

    An answer such as ``luhn = luhn_valid`` is refused with its own message.

    >>> import functools
    >>> from osai.privacy import luhn_valid
    >>> refused_itself(functools.partial(luhn_valid), ("osai.privacy.luhn_valid",)), refused_itself(len, ("osai.privacy.luhn_valid",))
    (['luhn_valid'], [])
    """
    names = {code: dotted.rsplit(".", 1)[-1] for dotted in refuses for code in resolve(dotted)}
    found: list[str] = []
    for _ in range(20):  # a chain of wrappers, never a cycle
        try:
            function = getattr(value, "__func__", value)
            code = getattr(function, "__code__", None)
            if code in names and names[code] not in found:
                found.append(names[code])
            inner = getattr(value, "func", None) or getattr(value, "__wrapped__", None)
        except Exception:  # noqa: BLE001 - a hostile value is simply not the kit's function
            break
        if inner is None or inner is value:
            break
        value = inner
    return found


def watch(function: Callable[..., Any], refuses: Iterable[str]) -> tuple[Callable[..., Any], list[str]]:
    """``(watched, seen)``: ``watched`` calls ``function``; ``seen`` collects the short names of refused
    functions called while it ran (each name once).

    >>> from osai.privacy import luhn_valid
    >>> watched, seen = watch(lambda n: luhn_valid(n), ("osai.privacy.luhn_valid",))
    >>> luhn_valid("0"), seen  # not while watched runs: not seen
    (True, [])
    >>> watched("0"), seen
    (True, ['luhn_valid'])
    """
    names = {code: dotted.rsplit(".", 1)[-1] for dotted in refuses for code in resolve(dotted)}
    seen: list[str] = []

    def profile(frame: FrameType, event: str, arg: Any) -> None:
        if event == "call" and frame.f_code in names and names[frame.f_code] not in seen:
            seen.append(names[frame.f_code])

    def watched(*args: Any, **kwargs: Any) -> Any:
        previous = sys.getprofile()
        sys.setprofile(profile)
        try:
            return function(*args, **kwargs)
        finally:
            sys.setprofile(previous)

    return watched, seen


#: Why a "write it yourself" exercise refuses the kit's function, by default and where the notebook compares after.
WHY = "this exercise asks you to write it yourself: the point is to see how it works"
WHY_COMPARED = "this exercise asks you to write it yourself (the kit's function is there to compare with after)"


def delegation_message(function: Any, names: list[str], itself: bool = False, compared: bool = False) -> str:
    """What a learner reads when their function calls the kit's implementation (or is it, when ``itself``).

    ``compared`` says that the notebook compares the learner's function with the kit's after the check
    (declared with ``@ex(..., refuses=..., compared=True)``); only then does the message say so.

    >>> delegation_message(len, ["luhn_valid"])
    "your len calls osai's luhn_valid; this exercise asks you to write it yourself: the point is to see how it works"
    >>> delegation_message(len, ["luhn_valid"], compared=True)[-51:]
    "(the kit's function is there to compare with after)"
    >>> delegation_message(len, ["luhn_valid"], itself=True)[:39]
    "your answer is osai's luhn_valid itself"
    """
    called = " and ".join(f"osai's {n}" for n in names)
    if itself:
        start = f"your answer is {called} itself"
    else:
        try:
            name = getattr(function, "__name__", "")
        except Exception:  # noqa: BLE001 - a hostile object has no usable name
            name = ""
        own = f"your {name}" if isinstance(name, str) and name.isidentifier() else "your function"
        start = f"{own} calls {called}"
    return f"{start}; {WHY_COMPARED if compared else WHY}"

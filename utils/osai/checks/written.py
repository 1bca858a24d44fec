# SPDX-FileCopyrightText: 2026 The Open Source AI Lab Kit authors
# SPDX-License-Identifier: MIT
"""The self-check of a written answer: ``check("w1")`` says whether answer ``w1`` is written; it never grades it.

A written answer is a markdown cell (format: :mod:`osai.written`), and a kernel cannot see a markdown cell. So the
check reads the notebook **as last saved**, found, in this order, from

1. the ``OSAI_NOTEBOOK`` environment variable (the grader and the tests set it);
2. ``JPY_SESSION_NAME``, which jupyter_server 2 sets for the kernel of a notebook (its path; see
   ``SessionManager.get_kernel_env`` in https://github.com/jupyter-server/jupyter_server/blob/main/jupyter_server/services/sessions/sessionmanager.py);
3. ``__vsc_ipynb_file__`` in the user namespace, which VS Code's Jupyter extension sets;
4. on Colab, the front end's copy of the notebook (``google.colab._message.blocking_request("get_ipynb")``).

It finds the answer cell by its nbgrader ``grade_id``, not by its position, and prints one line in the kit's style
(:data:`SYMBOL`), with the question's points; when it finds no notebook it says so and that the instructor grades the
answer. It never raises, also not under nbgrader's autograde: a written answer is never graded automatically. Its
line depends on where and when the notebook was saved, so its cell is tagged ``nbval-ignore-output``.

>>> nb = {"cells": [{"cell_type": "markdown", "source": "YOUR ANSWER HERE",
...                  "metadata": {"nbgrader": {"grade": True, "solution": True, "grade_id": "w1", "points": 3}}}]}
>>> written_line("w1", nb)
'w1 not answered yet (as last saved): write in the cell above, then save (3 points, graded by your instructor)'
>>> written_line("w1", None)
'w1: this check cannot see your answer here (it found no saved notebook to read); write it in the cell above and save: your instructor grades it'
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import Any, Mapping

__all__ = ["NOTEBOOK_VARIABLE", "SYMBOL", "find_answer_cell", "is_written_id", "notebook_path", "read_notebook",
           "written_hint", "written_line", "written_status"]

#: What a written answer's line starts with.
SYMBOL = "📝"
#: The environment variable that names the notebook file to read (set by the grader and the tests).
NOTEBOOK_VARIABLE = "OSAI_NOTEBOOK"
_ID = re.compile(r"w\d+")
_SAVED = "as last saved"
_COLAB = "as Colab holds it"


def is_written_id(qid: object) -> bool:
    """Whether ``qid`` names a written question (``w1``, ``w2``, ...).

    >>> is_written_id("w1"), is_written_id("q1"), is_written_id(1)
    (True, False, False)
    """
    return isinstance(qid, str) and _ID.fullmatch(qid) is not None


def notebook_path(environ: Mapping[str, str] | None = None, user_ns: Mapping[str, Any] | None = None) -> Path | None:
    """The notebook file this kernel runs, when it can be found (see the module's docstring), else ``None``.

    A relative ``JPY_SESSION_NAME`` (relative to the server's root) is tried as given and then by its file name in
    the working folder, which a kernel started by jupyter_server has set to the notebook's folder.

    >>> notebook_path({}, {}) is None
    True
    """
    environ = os.environ if environ is None else environ
    candidates = [environ.get(NOTEBOOK_VARIABLE), environ.get("JPY_SESSION_NAME")]
    if user_ns is None:
        user_ns = _user_namespace()
    candidates.append(user_ns.get("__vsc_ipynb_file__"))
    for candidate in candidates:
        if not isinstance(candidate, str) or not candidate.strip():
            continue
        path = Path(candidate.strip()).expanduser()
        for option in (path, Path.cwd() / path.name):
            if option.suffix == ".ipynb" and option.is_file():
                return option
    return None


def _user_namespace() -> Mapping[str, Any]:
    """The IPython user namespace, or an empty one outside IPython."""
    import sys

    if "IPython" not in sys.modules:
        return {}
    try:
        from IPython import get_ipython

        shell = get_ipython()
        return shell.user_ns if shell is not None else {}
    except Exception:  # noqa: BLE001 - no namespace is an answer too
        return {}


def _colab_notebook() -> dict | None:
    """The notebook as Colab's front end holds it, or ``None`` off Colab or when the front end does not answer."""
    import sys

    if "google.colab" not in sys.modules:
        return None
    try:
        from google.colab import _message  # type: ignore[import-not-found]

        reply = _message.blocking_request("get_ipynb", request="", timeout_sec=5)
        notebook = reply.get("ipynb") if isinstance(reply, dict) else None
        return notebook if isinstance(notebook, dict) else None
    except Exception:  # noqa: BLE001 - an old or changed Colab: say the check cannot see the answer
        return None


def read_notebook(environ: Mapping[str, str] | None = None,
                  user_ns: Mapping[str, Any] | None = None) -> tuple[dict | None, str]:
    """``(notebook as a dict, how it was seen)``: the saved file, or Colab's copy; ``(None, "")`` when neither.

    A file that is not a readable notebook counts as not found.
    """
    path = notebook_path(environ, user_ns)
    if path is not None:
        try:
            notebook = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            notebook = None
        if isinstance(notebook, dict):
            return notebook, _SAVED
    notebook = _colab_notebook()
    return (notebook, _COLAB) if notebook is not None else (None, "")


def find_answer_cell(notebook: Any, qid: str) -> Any | None:
    """The written-answer cell of ``notebook`` whose nbgrader ``grade_id`` is ``qid``, wherever it is.

    >>> find_answer_cell({"cells": [{"cell_type": "markdown", "source": "",
    ...                              "metadata": {"tags": ["written"], "nbgrader": {"grade_id": "w2"}}}]}, "w2")["source"]
    ''
    """
    from osai import written

    cells = notebook.get("cells") if isinstance(notebook, Mapping) else None
    for cell in cells if isinstance(cells, list) else []:
        if not isinstance(cell, Mapping) or not written.is_written(cell):
            continue
        nbgrader = (cell.get("metadata") or {}).get("nbgrader") or {}
        if isinstance(nbgrader, Mapping) and nbgrader.get("grade_id") == qid:
            return cell
    return None


def _written_ids(notebook: Any) -> list[str]:
    """The ``grade_id`` of every written-answer cell of ``notebook``, in order."""
    from osai import written

    cells = notebook.get("cells") if isinstance(notebook, Mapping) else None
    found = []
    for cell in cells if isinstance(cells, list) else []:
        if isinstance(cell, Mapping) and written.is_written(cell):
            qid = ((cell.get("metadata") or {}).get("nbgrader") or {}).get("grade_id")
            if is_written_id(qid):
                found.append(qid)
    return found


def _question(notebook: Any, cell: Any) -> str:
    """The text of the markdown cell right before ``cell`` in ``notebook`` (the question), or ``""``."""
    cells = notebook.get("cells") if isinstance(notebook, Mapping) else None
    cells = cells if isinstance(cells, list) else []
    index = next((i for i, c in enumerate(cells) if c is cell), 0)
    before = cells[index - 1] if index > 0 and isinstance(cells[index - 1], Mapping) else {}
    source = before.get("source", "") if before.get("cell_type") == "markdown" else ""
    return "".join(source) if isinstance(source, list) else str(source or "")


def _words(cell: Mapping[str, Any], question: str = "") -> tuple[int, int]:
    """The cell's ``osai.words`` bounds; when they are missing or malformed, the range the question asks for
    (:func:`osai.written.asked_words`), else the course's default (:data:`osai.written.DEFAULT_WORDS`)."""
    from osai import written

    words = ((cell.get("metadata") or {}).get("osai") or {}).get("words")
    if (isinstance(words, (list, tuple)) and len(words) == 2
            and all(isinstance(w, int) and not isinstance(w, bool) for w in words) and 0 <= words[0] < words[1]):
        return int(words[0]), int(words[1])
    return written.asked_words(question) or written.DEFAULT_WORDS


def _points(cell: Mapping[str, Any]) -> int | None:
    points = ((cell.get("metadata") or {}).get("nbgrader") or {}).get("points")
    return points if isinstance(points, int) and not isinstance(points, bool) and points > 0 else None


def written_line(qid: str, notebook: Any, seen: str = _SAVED) -> str:
    """The line (without :data:`SYMBOL`) that ``check(qid)`` prints for written answer ``qid`` of ``notebook``.

    ``notebook`` is ``None`` when no notebook could be read; ``seen`` says how it was read ("as last saved").
    """
    from osai import written

    if notebook is None:
        return (f"{qid}: this check cannot see your answer here (it found no saved notebook to read); write it in "
                "the cell above and save: your instructor grades it")
    cell = find_answer_cell(notebook, qid)
    if cell is None:
        others = _written_ids(notebook)
        then = (f"its written answers are {', '.join(others)}" if others else
                "if you deleted it, copy the cell back from a fresh copy of the lab")
        return f"{qid}: this notebook ({seen}) has no written-answer cell {qid}; {then}"
    points = _points(cell)
    worth = f"{points} point{'s' if points != 1 else ''}" if points else "points"
    question = _question(notebook, cell)
    bounds = _words(cell, question)
    status, count = written.answer_status(written.answer_text(cell), bounds)
    if status == "not answered":
        return f"{qid} not answered yet ({seen}): write in the cell above, then save ({worth}, graded by your instructor)"
    low, high = written.asked_words(question) or bounds  # say what the question asks, which the bounds allow for
    if status == "too short":
        return (f"{qid} is short ({count} word{'s' if count != 1 else ''} {seen}; a full answer has about {low} to "
                f"{high} words): add to it in the cell above, then save ({worth}, graded by your instructor)")
    if status == "too long":
        return (f"{qid} is long ({count} words {seen}; a full answer has about {low} to {high} words): shorten it in "
                f"the cell above, then save ({worth}, graded by your instructor)")
    return f"{qid} answered ({count} words, {seen}): your instructor grades it ({worth})"


def written_status(qid: str) -> tuple[str, int | None]:
    """``(line without the symbol, the question's points or None)`` of written answer ``qid``; never raises."""
    try:
        notebook, seen = read_notebook()
        cell = find_answer_cell(notebook, qid) if notebook is not None else None
        return written_line(qid, notebook, seen), (_points(cell) if cell is not None else None)
    except Exception:  # noqa: BLE001 - the self-check of a written answer never crashes a notebook
        return written_line(qid, None), None


def written_hint(qid: str) -> str:
    """What ``hint(qid)`` prints for a written question: general guidance (the question itself says the rest).

    >>> written_hint("w1")[:40]
    '💡 w1: a written answer, in your own word'
    """
    return (f"💡 {qid}: a written answer, in your own words. Reread the question above it: it says what a good "
            "answer covers. Name the facts and measurements of this lab that decide, not only your conclusion; "
            "your instructor grades it against a rubric.")

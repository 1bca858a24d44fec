# SPDX-FileCopyrightText: 2026 The Open Source AI Lab Kit authors
# SPDX-License-Identifier: MIT
"""Exercise definitions, one module per lab: the verifiers behind ``check("q1", answer)``.

Plugin naming rule: :func:`osai.checks.load_lab` imports ``osai.exercises.labNN`` by name, and that
module defines ``ex = Exercises("NN")`` (from :mod:`osai.checks`) with the same two-digit number. Each
verifier is registered on it with its points, the text of what it expects and its hints::

    @ex("q3", points=1, expects="a number of floating-point operations", hints=("...",))
    def _q3(answer): ...

A fingerprint's salt is derived from the lab and the exercise (``ex.matches(answer, digest)``), never
typed. These modules are imported only when a notebook calls ``osai.checks.for_lab``; they may use
content modules, never the faces (``cli``, ``doctor``). Lesson data that notebooks import lives in the
content modules, not here.
"""

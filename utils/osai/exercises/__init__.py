# SPDX-FileCopyrightText: 2026 The Open Source AI Lab Kit authors
# SPDX-License-Identifier: MIT
"""Exercise definitions, one module per lab (``labNN.py``), each with a list ``EXERCISES``.

They are imported only when a notebook calls ``osai.checks.for_lab``; they may use content modules.
"""

# SPDX-FileCopyrightText: 2026 The Open Source AI Lab Kit authors
# SPDX-License-Identifier: MIT
"""Interactive widgets of the labs (ipywidgets 7.7 on Colab and 8.x elsewhere).

Each widget is built by a function that returns the widget and keeps its logic in a pure function
of the content modules, so tests call the logic directly and the widget stays a thin face.
ipywidgets is imported inside the functions.
"""

from __future__ import annotations

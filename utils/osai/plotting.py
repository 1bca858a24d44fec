# SPDX-FileCopyrightText: 2026 The Open Source AI Lab Kit authors
# SPDX-License-Identifier: MIT
"""One fixed plot style for every lab: small PNGs, readable fonts, colour-blind-safe colours.

Meaning is never carried by colour alone: labs also label bars and lines, use hatches or markers,
and print the numbers a plot shows.
"""

from __future__ import annotations

#: Okabe-Ito palette (colour-blind safe).
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000")
HATCHES = ("", "//", "..", "xx", "\\\\", "oo", "--", "++")


def use_style() -> None:
    """Apply the kit's matplotlib style (deterministic, no timestamps in saved files).

    >>> use_style()
    """
    import matplotlib
    from cycler import cycler

    matplotlib.rcParams.update(
        {
            "figure.figsize": (6.4, 3.6),
            "figure.dpi": 72,
            "savefig.dpi": 72,
            "font.size": 11,
            "axes.grid": True,
            "grid.alpha": 0.3,
            "axes.spines.top": False,
            "axes.spines.right": False,
            "axes.prop_cycle": cycler(color=PALETTE),
            "svg.hashsalt": "osai",
            "path.simplify": True,
        }
    )

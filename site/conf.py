# SPDX-FileCopyrightText: 2026 The Open Source AI Lab Kit authors
# SPDX-License-Identifier: MIT
"""Sphinx configuration of the course website (`make site`): MyST-NB executes every lab, offline.

Nothing is fetched at build time or when a page loads: no intersphinx, no MathJax or widget scripts
from a CDN, the book theme's fonts and scripts come from its own package.
"""

import os
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE), str(HERE.parent / "utils")]

import pages  # noqa: E402

MADE = pages.generate(HERE / "gen", HERE.parent)
SETTING = MADE["setting"]

project = "Open Source AI lab kit"
author = "The Open Source AI Lab Kit authors"
copyright = "2026, The Open Source AI Lab Kit authors (content CC BY 4.0, code MIT)"
extensions = ["myst_nb"]
root_doc = "index"
exclude_patterns = ["_build", "gen/extra", "gen/course_map.md", "gen/jupyterhub_build.md", "jupyterhub/*.yaml", "README.md", "**.ipynb_checkpoints"]
myst_enable_extensions = ["colon_fence"]  # no dollarmath: MathJax would come from a CDN
myst_heading_anchors = 3
suppress_warnings = ["mystnb.unknown_mime_type", "myst.header"]

# Execution: every lab once, cached in build/site-cache (a lab's cache entry is reused until it changes).
nb_execution_mode = os.environ.get("OSAI_SITE_EXECUTE", "cache")
nb_execution_cache_path = str(HERE.parent / "build" / "site-cache")
nb_execution_timeout = int(os.environ.get("OSAI_SITE_TIMEOUT", "180"))
nb_execution_raise_on_error = True
nb_execution_in_temp = True
nb_execution_show_tb = True
# No widget scripts from a CDN: a widget shows as its text, and the page says where to use it.
nb_ipywidgets_js = {}
nb_mime_priority_overrides = [("html", "application/vnd.jupyter.widget-view+json", None),
                              ("html", "application/vnd.jupyter.widget-state+json", None)]

html_theme = "sphinx_book_theme"
html_title = "Open Source AI lab kit"
html_static_path = ["_static"]
# The fresh labs, as learners download them: build/site/downloads/NN_name.ipynb.
html_extra_path = ["gen/extra"]
html_css_files = ["osai.css"]
html_copy_source = False
html_show_sourcelink = False
html_theme_options = {
    "repository_url": SETTING.url,
    "repository_branch": SETTING.ref,
    "use_repository_button": True,
    "use_download_button": False,
    "use_fullscreen_button": False,
    "show_toc_level": 2,
    "navigation_with_keys": False,
    "article_header_end": [],
}
html_last_updated_fmt = None
# The theme reads the colour mode from here; left empty, every page logs "invalid theme mode".
html_context = {"default_mode": "auto"}

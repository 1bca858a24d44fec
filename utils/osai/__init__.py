# SPDX-FileCopyrightText: 2026 The Open Source AI Lab Kit authors
# SPDX-License-Identifier: MIT
"""osai: the package behind the Open Source AI lab kit.

Importing it is cheap: it only sets the offline switches for Hugging Face libraries. Heavy libraries
(torch, transformers, shap) are imported inside the functions that need them.

>>> import osai
>>> osai.__version__
'0.1.0'
"""

from osai._offline import enable_offline_mode

__version__ = "0.1.0"
__all__ = ["__version__", "enable_offline_mode"]

enable_offline_mode()

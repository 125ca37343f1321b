"""The torch-free registry of every kind a spec can name.

Importing this package loads every declaration module, then any installed
``nnspec.plugins`` entry points (extensions come only from installed packages).
"""

from nnspec.registry.core import REGISTRY, Kind, Registry, ShapeMismatch, declare, did_you_mean
from nnspec.registry.loading import load_declarations

load_declarations()

__all__ = ["REGISTRY", "Kind", "Registry", "ShapeMismatch", "declare", "did_you_mean"]

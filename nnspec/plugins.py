"""Extensions come only from installed packages, through entry points.

A plugin distribution declares two entry points:

- ``nnspec.plugins``: a torch-free module whose import declares its kinds in
  the registry (``nnspec.registry.declare``), so ``validate`` knows them;
- ``nnspec.builders``: a module whose import registers their torch side
  (``@builds`` layers, ``@loss`` losses, ``@metric`` metrics, ``@loads`` datasets).

A spec can only name kinds; it can never name a module or a path to code.
"""

from __future__ import annotations

from importlib.metadata import entry_points

BUILDER_GROUP = "nnspec.builders"
_loaded = False


def load_builders() -> None:
    """Import every installed plugin's torch-side module, once."""
    global _loaded
    if _loaded:
        return
    _loaded = True
    for entry in entry_points(group=BUILDER_GROUP):
        entry.load()

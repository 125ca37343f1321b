"""Whether any installed distribution may declare nnspec plugins, without importlib.metadata.

importlib.metadata takes about a tenth of ``nnspec validate``'s time to import (email,
zipfile, csv come with it), and nearly every environment has no nnspec plugin. Reading
the ``entry_points.txt`` of each distribution on ``sys.path`` answers in a few
milliseconds whether any names the group; only then is importlib.metadata asked for the
entry points. Wherever this scan cannot see (a zip on the path, a finder of its own that
lists distributions), the answer is "maybe", and importlib.metadata decides.
"""

from __future__ import annotations

import os
import sys
from importlib.machinery import PathFinder

SUFFIXES = (".dist-info", ".egg-info")


def may_declare(group: str) -> bool:
    """False only when no distribution on ``sys.path`` names ``[group]`` in its entry points."""
    marker = f"[{group}]"
    listers = [f for f in sys.meta_path if hasattr(f, "find_distributions")]
    if any(f is not PathFinder for f in listers):
        return True
    return any(_folder_may_declare(entry or ".", marker) for entry in sys.path)


def _folder_may_declare(folder: str, marker: str) -> bool:
    if not os.path.isdir(folder):
        return os.path.exists(folder)  # a zip or an egg file: not read here
    try:
        names = [n for n in os.listdir(folder) if n.endswith(SUFFIXES)]
    except OSError:
        return False
    return any(_names(os.path.join(folder, n, "entry_points.txt"), marker) for n in names)


def _names(path: str, marker: str) -> bool:
    try:
        with open(path, encoding="utf-8", errors="replace") as file:
            return marker in file.read()
    except OSError:
        return False

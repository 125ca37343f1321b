"""The command line: ``commands`` (the click group and error reporting), one module per
command family (``diff``, ``sweep``, ``upgrade``, ``use``) and the renderers (``render*``).

``nnspec.cli:entry`` is the console script and ``python -m nnspec`` runs it. The names
below load ``commands`` on first use, so importing ``nnspec.cli.render`` alone (as the
training progress display does) does not build the whole command group.
"""

from __future__ import annotations

import sys
from typing import Any

__all__ = ["INTERNAL_ERROR", "INTERRUPTED", "LIST_CATEGORIES", "main", "reported"]


def entry() -> None:
    """The ``nnspec`` program; a plain validate of valid specs skips click and rich."""
    from nnspec.cli.fast import validate_quickly

    if not validate_quickly(sys.argv[1:]):
        from nnspec.cli.commands import entry as full

        full()


def __getattr__(name: str) -> Any:
    if name in __all__:
        from nnspec.cli import commands

        return getattr(commands, name)
    raise AttributeError(f"module 'nnspec.cli' has no attribute {name!r}")

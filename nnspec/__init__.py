"""nnspec: a declarative experiment language for neural networks.

``nnspec.load``, ``nnspec.compile``, ``nnspec.run`` and ``nnspec.load_run`` are the
Python API;
importing ``nnspec`` itself stays light (no torch).
"""

from typing import Any

__version__ = "0.1.0"
__all__ = ["__version__", "compile", "load", "load_run", "run"]


def __getattr__(name: str) -> Any:
    # Lazy, so `import nnspec` (and the validate path) never pays for the API's imports.
    if name in ("load", "compile", "run"):
        from nnspec import api

        return getattr(api, name)
    if name == "load_run":  # imports torch
        from nnspec.use.load_run import load_run

        return load_run
    raise AttributeError(f"module 'nnspec' has no attribute {name!r}")

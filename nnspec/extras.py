"""Which optional extras a command needs, checked before it imports them (torch-free).

``pip install nnspec`` alone serves the spec side (validate, show, diff, schema,
list, upgrade); run, evaluate, predict and export need the ``train`` extra. A
missing module is then a usage error naming what to install, not an internal error.
"""

from __future__ import annotations

import importlib

from nnspec.errors import UsageError

TRAIN_MODULES = ("torch", "sklearn", "matplotlib")


def need_train() -> None:
    """Raise UsageError (exit 2) naming the first missing module of the train extra."""
    for module in TRAIN_MODULES:
        if _missing(module):
            raise UsageError(
                f"this command needs the train extra (missing module: {module}): "
                "pip install 'nnspec[train]'"
            )


def _missing(module: str) -> bool:
    # Imported, not just looked up: the command imports it next anyway, and a module
    # that is found but fails to import (a half-removed install) counts as missing.
    try:
        importlib.import_module(module)
    except ImportError:
        return True
    return False

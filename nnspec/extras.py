"""Which optional extras a command needs, checked before it imports them (torch-free).

``pip install nnspec`` alone serves the spec side (validate, show, diff, schema,
list, upgrade); run, evaluate, predict and export need the ``train`` extra, and
export --format onnx the ``export`` extra. A
missing module is then a usage error naming what to install, not an internal error.
"""

from __future__ import annotations

import importlib

from nnspec.errors import UsageError

EXTRAS = {"train": ("torch", "sklearn", "matplotlib"), "export": ("onnx", "onnxscript")}


def need(extra: str, what: str = "this command") -> None:
    """Raise UsageError (exit 2) naming the first missing module of an extra."""
    for module in EXTRAS[extra]:
        if _missing(module):
            raise UsageError(
                f"{what} needs the {extra} extra (missing module: {module}): "
                f"pip install 'nnspec[{extra}]'"
            )


def need_train() -> None:
    need("train")


def _missing(module: str) -> bool:
    # Imported, not just looked up: the command imports it next anyway, and a module
    # that is found but fails to import (a half-removed install) counts as missing.
    try:
        importlib.import_module(module)
    except ImportError:
        return True
    return False

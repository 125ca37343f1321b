"""Which optional extras a command needs, checked before it imports them (torch-free).

``pip install nnspec`` alone serves the spec side (validate, show, diff, schema,
list, upgrade); run, evaluate, predict and export need the ``train`` extra, and
export --format onnx the ``export`` extra. A
missing module is then a usage error naming what to install, not an internal error.
"""

from __future__ import annotations

import importlib.util

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
    # Looked up, not imported: scikit-learn and matplotlib take about a second to import
    # and a run imports them only where it uses them (a digits set, a plot), after the
    # summary is written. A module that is found but fails to import later is an error then.
    try:
        return importlib.util.find_spec(module) is None
    except (ImportError, ValueError):
        return True

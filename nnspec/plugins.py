"""Extensions come only from installed packages, through entry points.

A plugin distribution declares two entry points:

- ``nnspec.plugins``: a torch-free module whose import declares its kinds in
  the registry (``nnspec.registry.declare``), so ``validate`` knows them;
- ``nnspec.builders``: a module whose import registers their torch side, one
  registration function per category (``IMPLEMENTED_BY``).

A spec can only name kinds; it can never name a module or a path to code. A plugin
may implement only the kinds it declares: replacing a built-in implementation, or
failing on import, is a ``PluginError`` (exit 2) that names the entry point.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

from nnspec.registry.loading import PluginError, describe, load_entry, plugin_entries

if TYPE_CHECKING:
    from importlib.metadata import EntryPoint

BUILDER_GROUP = "nnspec.builders"
_loaded = False

# How a plugin's torch side implements a kind of each category (``module:function``).
IMPLEMENTED_BY = {
    "layer": "nnspec.nn.build:builds",
    "network": "nnspec.nn.networks:network",
    "loss": "nnspec.losses.base:loss",
    "optimizer": "nnspec.train.optim:optimizer",
    "lr_schedule": "nnspec.train.optim:lr_schedule",
    "dataset": "nnspec.data.base:loads",
    "transform": "nnspec.data.transforms:transform",
    "metric": "nnspec.train.evaluate:metric",
    "phase": "PhaseInfo.planner, a 'module:function' string in its declaration",
    "init": "nnspec.nn.init:initialiser",
    "noise": "nnspec.losses.noise:noise",
}

T = TypeVar("T")


def registrar(table: dict[str, Any], category: str) -> Callable[[str], Callable[[T], T]]:
    """A decorator factory filing an implementation in ``table`` under a kind's name, once."""

    def register_as(name: str) -> Callable[[T], T]:
        def register(implementation: T) -> T:
            if name in table:
                raise ValueError(f"{category} {name!r} has two implementations")
            table[name] = implementation
            return implementation

        return register

    return register_as


def load_builders() -> None:
    """Import every installed plugin's torch-side module, once."""
    global _loaded
    if _loaded:
        return
    _loaded = True
    for entry in plugin_entries(BUILDER_GROUP):
        before = _snapshot()
        load_entry(entry)
        _no_replacement(entry, before, _snapshot())


def _snapshot() -> dict[str, dict[str, Any]]:
    """Every category's implementations (phases name theirs in the declaration: none to replace)."""
    from nnspec.implementations import implementations
    from nnspec.registry.core import CATEGORIES

    return {c: dict(implementations(c)) for c in CATEGORIES if c != "phase"}


def _no_replacement(entry: EntryPoint, before: dict, after: dict) -> None:
    for category, table in before.items():
        for name, implementation in table.items():
            if after[category].get(name) is not implementation:
                raise PluginError(
                    f"{describe(entry)} replaces the implementation of {category} '{name}' "
                    f"(from {implementation.__module__}); a plugin may implement only the "
                    "kinds it declares"
                )

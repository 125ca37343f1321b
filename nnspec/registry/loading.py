"""Loads the declaration modules and the installed plugins, once."""

from __future__ import annotations

import importlib
from importlib.metadata import entry_points

# Every torch-free declaration module of the project, in load order.
DECLARATION_MODULES = (
    "nnspec.registry.layers",
    "nnspec.registry.inits",
    "nnspec.registry.networks",
    "nnspec.registry.losses",
    "nnspec.registry.optimizers",
    "nnspec.registry.datasets",
    "nnspec.registry.transforms",
    "nnspec.registry.metrics",
    "nnspec.registry.phases",
)

PLUGIN_GROUP = "nnspec.plugins"
_loaded = False


def load_declarations() -> None:
    """Import every declaration module, then call each plugin's ``register``.

    A plugin is an installed distribution with an ``nnspec.plugins`` entry point
    naming a module; importing the module declares its kinds. Specs can never
    name code themselves.
    """
    global _loaded
    if _loaded:
        return
    _loaded = True
    for module in DECLARATION_MODULES:
        importlib.import_module(module)
    for entry in entry_points(group=PLUGIN_GROUP):
        entry.load()

"""Loads the declaration modules and the installed plugins, once.

A plugin that fails to load (its import raises, or it declares a kind nnspec or
another plugin already has) is never skipped silently: its ``PluginError``, which
names the entry point and its package, is kept in ``REGISTRY.broken`` and raised by
every registry query, so each command reports it with exit 2.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable
from typing import TYPE_CHECKING

from nnspec.errors import NnspecError
from nnspec.registry.core import REGISTRY, DuplicateKind, Kind
from nnspec.registry.plugin_scan import may_declare

if TYPE_CHECKING:  # importlib.metadata is slow to import: only where a plugin may exist
    from importlib.metadata import EntryPoint

# Every torch-free declaration module of the project, in load order.
DECLARATION_MODULES = (
    "nnspec.registry.layers",
    "nnspec.registry.inits",
    "nnspec.registry.networks",
    "nnspec.registry.graph",
    "nnspec.registry.losses",
    "nnspec.registry.losses_pyramid",
    "nnspec.registry.losses_acgan",
    "nnspec.registry.optimizers",
    "nnspec.registry.optimizers_ekf",
    "nnspec.registry.optimizers_lbfgs",
    "nnspec.registry.datasets",
    "nnspec.registry.datasets_chars",
    "nnspec.registry.datasets_npy",
    "nnspec.registry.transforms",
    "nnspec.registry.metrics",
    "nnspec.registry.phases",
    "nnspec.registry.boltzmann",
    "nnspec.registry.phases_sequence",
    "nnspec.registry.dbn",
    "nnspec.registry.gsn",
    "nnspec.registry.metrics_codes",
)

PLUGIN_GROUP = "nnspec.plugins"
_loaded = False


class PluginError(NnspecError):
    """An installed plugin cannot be used: the environment, not the spec, is wrong."""

    exit_code = 2


def load_declarations() -> None:
    """Import every declaration module, then every plugin's ``nnspec.plugins`` module.

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
    failures = []
    for entry in plugin_entries(PLUGIN_GROUP):
        try:
            load_entry(entry)
        except PluginError as exc:
            failures.append(str(exc))
    if failures:
        REGISTRY.broken = PluginError("\n".join(failures))


def plugin_entries(group: str) -> list[EntryPoint]:
    """The installed entry points of ``group``, in order; none without a distribution naming it."""
    if not may_declare(group):
        return []
    from importlib.metadata import entry_points

    return in_order(entry_points(group=group))


def in_order(entries: Iterable[EntryPoint]) -> list[EntryPoint]:
    """Entry points by name, so which of two clashing plugins is refused never depends on paths."""
    return sorted(entries, key=lambda e: (e.name, e.value))


def load_entry(entry: EntryPoint) -> None:
    """Import one plugin module; any failure becomes a ``PluginError`` naming the entry point."""
    try:
        entry.load()
    except DuplicateKind as exc:
        raise PluginError(shadowing(entry, exc.kind, exc.existing)) from None
    except Exception as exc:  # a plugin's own bug: report it, never a traceback
        raise PluginError(
            f"{describe(entry)} failed to load: {type(exc).__name__}: {exc}"
        ) from None


def describe(entry: EntryPoint) -> str:
    """``plugin 'name = module' (entry point group, package 'dist')``."""
    dist = entry.dist.name if entry.dist is not None else "unknown"
    return f"plugin '{entry.name} = {entry.value}' ({entry.group} entry point, package '{dist}')"


def shadowing(entry: EntryPoint, kind: Kind, existing: Kind) -> str:
    return (
        f"{describe(entry)} declares {kind.category} '{kind.name}', which package "
        f"'{package_of(existing.module)}' already declares (in {existing.module}); a plugin "
        "cannot replace a kind: give it another name"
    )


def package_of(module: str) -> str:
    """The distribution that provides a module (its top-level package where unknown)."""
    from importlib.metadata import packages_distributions

    top = module.partition(".")[0]
    return next(iter(packages_distributions().get(top, ())), top)

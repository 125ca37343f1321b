"""The torch side of every kind, by category: the table that holds each kind's implementation.

Each category keeps its implementations in one table keyed by kind name (filled by
``@builds``, ``@loss``, ``@metric``, ``@loads``, ``@transform`` or a literal table in
the implementing module); a phase names its planner in its ``PhaseInfo``. This module
only gathers them, so tests and tools can ask "which object implements this kind?".
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any

from nnspec.registry import REGISTRY


def _planners() -> dict[str, Callable]:
    out = {}
    for kind in REGISTRY.kinds("phase"):
        module, _, function = kind.info.planner.partition(":")
        found = getattr(importlib.import_module(module), function, None)
        if found is not None:
            out[kind.name] = found
    return out


def _core() -> dict[str, dict[str, Any]]:
    """The two kinds the core implements in place: the layer-list network the compiler
    builds, and the gradient-norm metric the schedule runner logs while training."""
    from nnspec.compiler import build_network
    from nnspec.train.schedule_runner import ScheduleRunner

    return {"network": {"sequential": build_network}, "metric": {"grad_norms": ScheduleRunner}}


def _tables() -> dict[str, Callable[[], dict[str, Any]]]:
    from nnspec.data import base, transforms
    from nnspec.losses import LOSS_BUILDERS, noise
    from nnspec.nn import build, graph, init, layers, networks  # noqa: F401  (they register)
    from nnspec.train import (
        metric_impls,  # noqa: F401  (registers every metric)
        optim,
    )
    from nnspec.train.evaluate import METRICS

    return {
        "layer": lambda: build.BUILDERS,
        "network": lambda: networks.NETWORK_BUILDERS,
        "loss": lambda: LOSS_BUILDERS,
        "optimizer": lambda: optim.FACTORIES,
        "lr_schedule": lambda: optim.SCHEDULES,
        "dataset": lambda: base.LOADERS,
        "transform": lambda: transforms.TRANSFORMS,
        "metric": lambda: METRICS,
        "phase": _planners,
        "init": lambda: init.DRAWS,
        "noise": lambda: {**noise.PRIORS, **noise.CORRUPTIONS},
    }


def implementations(category: str) -> dict[str, Any]:
    """Kind name -> the object implementing it, for one category."""
    return {**_tables()[category](), **_core().get(category, {})}


def implementation_module(category: str, name: str) -> str | None:
    """The module defining the implementation of a kind, or None if it has none."""
    found = implementations(category).get(name)
    return None if found is None else getattr(found, "__module__", None)

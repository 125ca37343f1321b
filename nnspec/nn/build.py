"""Builders keyed by the registry's YAML names, and the sequential network builder.

A builder is ``build(params, in_shape, env) -> nn.Module``: ``params`` are the
layer's normalised parameters (defaults filled), ``in_shape`` the input shape
without the batch dimension. Builders register with ``@builds("name")``; a test
checks that every declared layer has one and that shapes and parameter counts
agree with the static rules.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from torch import nn

from nnspec.registry.core import Shape

Builder = Callable[[dict, Shape, "BuildEnv"], nn.Module]
BUILDERS: dict[str, Builder] = {}
# The attribute of a compiled layer's module naming its kind: its parameters' roles
# (``LayerInfo.roles``) come from it, for an optimizer's ``groups``.
LAYER_KIND = "nnspec_layer"


class BuildEnv(Protocol):
    """What a builder may ask: nested chains (residual, repeat) and other networks (unroll)."""

    def chain(self, layers: list[dict], shape: Shape) -> nn.Sequential: ...

    def network(self, name: str) -> nn.Module: ...

    def shape_of(self, layers: list[dict], shape: Shape) -> Shape: ...


def builds(*names: str) -> Callable[[Builder], Builder]:
    """Register a builder for one or more declared layer names."""

    def register(fn: Builder) -> Builder:
        for name in names:
            if name in BUILDERS:
                raise ValueError(f"layer {name!r} has two builders")
            BUILDERS[name] = fn
        return fn

    return register


def layer_entry(layer: dict) -> tuple[str, dict]:
    """Split a normalised layer ``{kind: params}`` into its kind and parameters.

    A layer may also carry ``name:`` (its identity for ``nnspec diff``), which
    is not a parameter and is skipped here.
    """
    ((kind, params),) = ((k, v) for k, v in layer.items() if k != "name")
    return kind, params

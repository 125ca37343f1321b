"""Layers that only rearrange a sample: flatten, reshape and unflatten."""

from __future__ import annotations

from nnspec.registry.core import Shape, ShapeEnv, ShapeMismatch, declare
from nnspec.registry.layer_rules import fmt, numel
from nnspec.registry.params import Param
from nnspec.registry.params import Shape as ShapeType


def _no_count(params: dict, shape: Shape, env: ShapeEnv) -> int:
    return 0


def flatten_shape(params: dict, shape: Shape, env: ShapeEnv) -> Shape:
    return (numel(shape),)


declare(
    "layer",
    "flatten",
    "Flattens each sample into one feature vector, e.g. (C, H, W) -> (C*H*W).",
    shape=flatten_shape,
    count=_no_count,
)


def _same_size(layer: str, have: Shape, target: Shape, received: Shape) -> None:
    if numel(have) != numel(target):
        raise ShapeMismatch(
            f"{layer} to {fmt(target)} needs {numel(target)} elements, not {numel(have)}",
            expected=f"an input of {numel(target)} elements",
            received=f"{fmt(received)}, {numel(have)} elements",
        )


def reshape_shape(params: dict, shape: Shape, env: ShapeEnv) -> Shape:
    target = tuple(params["shape"])
    _same_size("reshape", shape, target, shape)
    return target


declare(
    "layer",
    "reshape",
    "Reshapes each sample to `shape`, keeping the number of elements.",
    Param("shape", ShapeType(), doc="the new shape of each sample, without the batch"),
    main="shape",
    shape=reshape_shape,
    count=_no_count,
)


def unflatten_shape(params: dict, shape: Shape, env: ShapeEnv) -> Shape:
    target = tuple(params["shape"])
    _same_size("unflatten", shape[-1:], target, shape)
    return (*shape[:-1], *target)


declare(
    "layer",
    "unflatten",
    "Splits the last dimension into `shape`, e.g. (784) -> (1, 28, 28).",
    Param("shape", ShapeType(), doc="the shape the last dimension becomes"),
    main="shape",
    shape=unflatten_shape,
    count=_no_count,
)

"""Torch builders for max and average pooling."""

from __future__ import annotations

from torch import nn

from nnspec.nn.build import BuildEnv, Builder, builds
from nnspec.registry.core import Shape
from nnspec.registry.layer_rules import spread

POOLS = {
    "maxpool1d": (nn.MaxPool1d, 1),
    "maxpool2d": (nn.MaxPool2d, 2),
    "avgpool1d": (nn.AvgPool1d, 1),
    "avgpool2d": (nn.AvgPool2d, 2),
}


def _pool_builder(pool: type[nn.Module], dims: int) -> Builder:
    def build(params: dict, in_shape: Shape, env: BuildEnv) -> nn.Module:
        kernel = spread(params["kernel"], dims)
        stride = kernel if params["stride"] is None else spread(params["stride"], dims)
        return pool(kernel, stride, spread(params["padding"], dims))

    return build


for _name, (_pool, _dims) in POOLS.items():
    builds(_name)(_pool_builder(_pool, _dims))

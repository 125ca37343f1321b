"""Torch builders for flatten, reshape and unflatten."""

from __future__ import annotations

import torch
from torch import nn

from nnspec.nn.build import BuildEnv, builds
from nnspec.registry.core import Shape


class Reshape(nn.Module):
    """Reshapes each sample of a batch to a fixed shape."""

    def __init__(self, shape: Shape):
        super().__init__()
        self.shape = tuple(shape)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return x.reshape(x.shape[0], *self.shape)  # (B, *shape)

    def extra_repr(self) -> str:
        return f"shape={self.shape}"


@builds("flatten")
def build_flatten(params: dict, in_shape: Shape, env: BuildEnv) -> nn.Module:
    return nn.Flatten()


@builds("reshape")
def build_reshape(params: dict, in_shape: Shape, env: BuildEnv) -> nn.Module:
    return Reshape(params["shape"])


@builds("unflatten")
def build_unflatten(params: dict, in_shape: Shape, env: BuildEnv) -> nn.Module:
    return nn.Unflatten(-1, tuple(params["shape"]))

"""Torch builders for fully connected layers: linear and maxout."""

from __future__ import annotations

import torch
from torch import nn

from nnspec.nn.build import BuildEnv, builds
from nnspec.registry.core import Shape


class Maxout(nn.Module):
    """Maxout units: an affine map to ``out * pieces`` values, then the max over pieces.

    The discriminator unit of the GAN paper (Goodfellow et al. 2013, "Maxout networks").
    """

    def __init__(self, features: int, out: int, pieces: int, bias: bool = True):
        super().__init__()
        self.out, self.pieces = out, pieces
        self.linear = nn.Linear(features, out * pieces, bias=bias)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        z = self.linear(x)  # (..., out * pieces)
        z = z.unflatten(-1, (self.out, self.pieces))  # (..., out, pieces)
        return z.amax(dim=-1)  # (..., out)

    def extra_repr(self) -> str:
        return f"out={self.out}, pieces={self.pieces}"


@builds("linear")
def build_linear(params: dict, in_shape: Shape, env: BuildEnv) -> nn.Module:
    return nn.Linear(in_shape[-1], params["out"], bias=params["bias"])


@builds("maxout")
def build_maxout(params: dict, in_shape: Shape, env: BuildEnv) -> nn.Module:
    return Maxout(in_shape[-1], params["out"], params["pieces"], params["bias"])

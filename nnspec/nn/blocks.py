"""Torch builders for residual blocks and repeated layer lists."""

from __future__ import annotations

import torch
from torch import nn

from nnspec.nn.build import BuildEnv, builds
from nnspec.registry.core import Shape
from nnspec.registry.layers.blocks import shortcut_plan


class Residual(nn.Module):
    """Output ``branch(x) + shortcut(x)``; the shortcut is the identity unless projected."""

    def __init__(self, branch: nn.Module, shortcut: nn.Module):
        super().__init__()
        self.branch, self.shortcut = branch, shortcut

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.branch(x) + self.shortcut(x)


def projection(in_shape: Shape, out_shape: Shape) -> nn.Module:
    """The bias-free linear map or strided 1x1 convolution from ``in_shape`` to ``out_shape``."""
    kind, strides = shortcut_plan(in_shape, out_shape)
    if kind == "linear":
        return nn.Linear(in_shape[-1], out_shape[-1], bias=False)
    conv = nn.Conv1d if len(in_shape) == 2 else nn.Conv2d
    return conv(in_shape[0], out_shape[0], kernel_size=1, stride=strides, bias=False)


@builds("residual")
def build_residual(params: dict, in_shape: Shape, env: BuildEnv) -> nn.Module:
    branch = env.chain(params["layers"], in_shape)
    if not params["projection"]:
        return Residual(branch, nn.Identity())
    return Residual(branch, projection(in_shape, env.shape_of(params["layers"], in_shape)))


@builds("repeat")
def build_repeat(params: dict, in_shape: Shape, env: BuildEnv) -> nn.Module:
    copies, shape = [], tuple(in_shape)
    for _ in range(params["times"]):
        copies.append(env.chain(params["layers"], shape))
        shape = tuple(env.shape_of(params["layers"], shape))
    return nn.Sequential(*copies)

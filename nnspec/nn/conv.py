"""Torch builders for convolutions."""

from __future__ import annotations

from torch import nn

from nnspec.nn.build import BuildEnv, builds
from nnspec.registry.core import Shape
from nnspec.registry.layer_rules import spread


def _window(params: dict, dims: int) -> dict:
    return {
        "kernel_size": spread(params["kernel"], dims),
        "stride": spread(params["stride"], dims),
        "padding": spread(params["padding"], dims),
        "bias": params["bias"],
    }


@builds("conv1d")
def build_conv1d(params: dict, in_shape: Shape, env: BuildEnv) -> nn.Module:
    return nn.Conv1d(in_shape[0], params["out"], **_window(params, 1))


@builds("conv2d")
def build_conv2d(params: dict, in_shape: Shape, env: BuildEnv) -> nn.Module:
    return nn.Conv2d(in_shape[0], params["out"], **_window(params, 2))


@builds("conv_transpose2d")
def build_conv_transpose2d(params: dict, in_shape: Shape, env: BuildEnv) -> nn.Module:
    extra = spread(params["output_padding"], 2)
    return nn.ConvTranspose2d(
        in_shape[0], params["out"], output_padding=extra, **_window(params, 2)
    )

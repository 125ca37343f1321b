"""Torch builders for activations and softmax."""

from __future__ import annotations

from torch import nn

from nnspec.nn.build import BuildEnv, builds
from nnspec.registry.core import Shape


@builds("relu")
def build_relu(params: dict, in_shape: Shape, env: BuildEnv) -> nn.Module:
    return nn.ReLU()


@builds("leaky_relu")
def build_leaky_relu(params: dict, in_shape: Shape, env: BuildEnv) -> nn.Module:
    return nn.LeakyReLU(params["slope"])


@builds("elu")
def build_elu(params: dict, in_shape: Shape, env: BuildEnv) -> nn.Module:
    return nn.ELU(params["alpha"])


@builds("sigmoid")
def build_sigmoid(params: dict, in_shape: Shape, env: BuildEnv) -> nn.Module:
    return nn.Sigmoid()


@builds("tanh")
def build_tanh(params: dict, in_shape: Shape, env: BuildEnv) -> nn.Module:
    return nn.Tanh()


@builds("softplus")
def build_softplus(params: dict, in_shape: Shape, env: BuildEnv) -> nn.Module:
    return nn.Softplus(params["beta"])


@builds("gelu")
def build_gelu(params: dict, in_shape: Shape, env: BuildEnv) -> nn.Module:
    return nn.GELU(params["approximate"])


@builds("softmax")
def build_softmax(params: dict, in_shape: Shape, env: BuildEnv) -> nn.Module:
    return nn.Softmax(dim=-1)

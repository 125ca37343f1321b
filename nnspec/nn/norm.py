"""Torch builders for batch and layer normalisation and dropout."""

from __future__ import annotations

from torch import nn

from nnspec.nn.build import BuildEnv, builds
from nnspec.registry.core import Shape


@builds("batch_norm")
def build_batch_norm(params: dict, in_shape: Shape, env: BuildEnv) -> nn.Module:
    # (F) and (C, L) inputs are (B, C) / (B, C, L) batches for BatchNorm1d; images take 2d
    norm = nn.BatchNorm2d if len(in_shape) == 3 else nn.BatchNorm1d
    return norm(in_shape[0], eps=params["eps"], momentum=params["momentum"])


@builds("layer_norm")
def build_layer_norm(params: dict, in_shape: Shape, env: BuildEnv) -> nn.Module:
    return nn.LayerNorm(in_shape[-1], eps=params["eps"])


@builds("dropout")
def build_dropout(params: dict, in_shape: Shape, env: BuildEnv) -> nn.Module:
    return nn.Dropout(params["p"])

"""Torch builder for token embeddings."""

from __future__ import annotations

from torch import nn

from nnspec.nn.build import BuildEnv, builds
from nnspec.registry.core import Shape


@builds("embedding")
def build_embedding(params: dict, in_shape: Shape, env: BuildEnv) -> nn.Module:
    return nn.Embedding(params["vocab"], params["dim"])

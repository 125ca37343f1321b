"""The torch builder of ``log_softmax``."""

from __future__ import annotations

from torch import nn

from nnspec.nn.build import BuildEnv, builds
from nnspec.registry.core import Shape


@builds("log_softmax")
def build_log_softmax(params: dict, in_shape: Shape, env: BuildEnv) -> nn.Module:
    return nn.LogSoftmax(dim=-1)  # numerically stable, unlike log(softmax(x))

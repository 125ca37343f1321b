"""Imports every torch layer family so that all builders are registered in ``BUILDERS``."""

from nnspec.nn import (
    activations,
    attention,
    blocks,
    conv,
    dense,
    embedding,
    log_softmax,
    norm,
    pooling,
    recurrent,
    shape_ops,
    unroll,
)
from nnspec.nn.build import BUILDERS

__all__ = [
    "BUILDERS",
    "activations",
    "attention",
    "blocks",
    "conv",
    "dense",
    "embedding",
    "log_softmax",
    "norm",
    "pooling",
    "recurrent",
    "shape_ops",
    "unroll",
]

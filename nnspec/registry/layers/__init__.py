"""Declarations of every layer kind, one module per family (torch-free)."""

from nnspec.registry.layers import (
    activations,
    attention,
    blocks,
    conv,
    dense,
    embedding,
    energy,
    log_softmax,
    norm,
    pooling,
    recurrent,
    shape_ops,
)

__all__ = [
    "activations",
    "attention",
    "blocks",
    "conv",
    "dense",
    "embedding",
    "energy",
    "log_softmax",
    "norm",
    "pooling",
    "recurrent",
    "shape_ops",
]

"""Torch builders for batch and layer normalisation and dropout, and a guard on their statistics."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

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


@contextmanager
def kept_statistics(module: nn.Module) -> Iterator[None]:
    """Run ``module`` forward again without moving its norm layers' running statistics.

    For a forward pass that repeats one already made on the same batch (a reused
    GAN latent): the first pass updated the running mean and variance; a second
    would update them twice. The outputs are unaffected (training mode normalises
    by the batch's own statistics). The pass updates copies, which its backward
    may keep; the module's own buffers are put back untouched.
    """
    norms = [m for m in module.modules() if isinstance(m, nn.modules.batchnorm._BatchNorm)]
    kept = [dict(m._buffers) for m in norms]
    for m, buffers in zip(norms, kept, strict=True):
        m._buffers.update({k: b.clone() for k, b in buffers.items() if b is not None})
    try:
        yield
    finally:
        for m, buffers in zip(norms, kept, strict=True):
            m._buffers.update(buffers)

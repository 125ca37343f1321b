"""Normalisation and dropout: layers that keep their input's shape."""

from __future__ import annotations

from nnspec.registry.core import Shape, ShapeEnv, declare
from nnspec.registry.info import LayerInfo
from nnspec.registry.layer_rules import need_rank
from nnspec.registry.params import Float, Param

# A normalisation's scale and shift are both of the role ``norm`` (groups: {norm: ...}).
NORM = LayerInfo(roles={"weight": "norm", "bias": "norm"})
EPS = Param("eps", Float(min=0, open_min=True), 1e-5, "added to the variance for stability")


def _same(params: dict, shape: Shape, env: ShapeEnv) -> Shape:
    return tuple(shape)


def batch_norm_shape(params: dict, shape: Shape, env: ShapeEnv) -> Shape:
    need_rank("batch_norm", shape, (1, 2, 3), "(F), (C, L) or (C, H, W)")
    return tuple(shape)


def batch_norm_count(params: dict, shape: Shape, env: ShapeEnv) -> int:
    batch_norm_shape(params, shape, env)
    return 2 * shape[0]  # gamma and beta per feature or channel; running stats are buffers


declare(
    "layer",
    "batch_norm",
    "Batch normalisation (Ioffe & Szegedy 2015) per feature or channel, 1-D or 2-D by input rank.",
    Param("momentum", Float(0, 1), 0.1, "weight of the newest batch in the running statistics"),
    EPS,
    shape=batch_norm_shape,
    count=batch_norm_count,
    aliases=("batchnorm",),
    info=NORM,
)


def layer_norm_count(params: dict, shape: Shape, env: ShapeEnv) -> int:
    return 2 * shape[-1]


declare(
    "layer",
    "layer_norm",
    "Layer normalisation over the last dimension, with a learned scale and shift.",
    EPS,
    shape=_same,
    count=layer_norm_count,
    aliases=("layernorm",),
    info=NORM,
)


def _no_count(params: dict, shape: Shape, env: ShapeEnv) -> int:
    return 0


declare(
    "layer",
    "dropout",
    "Zeroes each element with probability p while training, scaling the rest by 1/(1-p).",
    Param("p", Float(0, 1), 0.5, "probability of dropping an element"),
    main="p",
    shape=_same,
    count=_no_count,
)

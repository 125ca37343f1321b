"""Fully connected layers: linear and maxout.

Both act on the last dimension, as torch's ``nn.Linear`` does, so a ``(T, F)``
sequence is transformed step by step. Higher-rank inputs are refused: a linear
layer on an image is almost always a forgotten ``flatten``.
"""

from __future__ import annotations

from nnspec.registry.core import Shape, ShapeEnv, declare
from nnspec.registry.layer_rules import need_rank
from nnspec.registry.params import Bool, Int, Param

FLAT = "(F) or (T, F)"
FLATTEN_FIRST = "add flatten before it"


def _features(layer: str, shape: Shape) -> int:
    need_rank(layer, shape, (1, 2), FLAT, FLATTEN_FIRST)
    return shape[-1]


def linear_shape(params: dict, shape: Shape, env: ShapeEnv) -> Shape:
    _features("linear", shape)
    return (*shape[:-1], params["out"])


def linear_count(params: dict, shape: Shape, env: ShapeEnv) -> int:
    features = _features("linear", shape)
    return params["out"] * (features + int(params["bias"]))


declare(
    "layer",
    "linear",
    "Affine map y = Wx + b over the last dimension.",
    Param("out", Int(min=1), doc="number of output features"),
    Param("bias", Bool(), True, "add a learned bias b"),
    main="out",
    shape=linear_shape,
    count=linear_count,
    aliases=("dense",),
)


def maxout_shape(params: dict, shape: Shape, env: ShapeEnv) -> Shape:
    _features("maxout", shape)
    return (*shape[:-1], params["out"])


def maxout_count(params: dict, shape: Shape, env: ShapeEnv) -> int:
    features = _features("maxout", shape)
    return params["out"] * params["pieces"] * (features + int(params["bias"]))


declare(
    "layer",
    "maxout",
    "Maxout units (Goodfellow et al. 2013): each output is the max of `pieces` affine maps.",
    Param("out", Int(min=1), doc="number of maxout units"),
    Param("pieces", Int(min=2), 2, "linear pieces each unit takes the maximum over"),
    Param("bias", Bool(), True, "add a learned bias to every piece"),
    main="out",
    shape=maxout_shape,
    count=maxout_count,
)

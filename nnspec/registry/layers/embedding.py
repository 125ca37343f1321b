"""Token embedding: a learned vector per integer id."""

from __future__ import annotations

from nnspec.registry.core import Shape, ShapeEnv, declare
from nnspec.registry.info import LayerInfo
from nnspec.registry.layer_rules import need_rank
from nnspec.registry.params import Int, Param


def embedding_shape(params: dict, shape: Shape, env: ShapeEnv) -> Shape:
    need_rank("embedding", shape, (1,), "(T)", "its input is a sequence of T integer ids")
    return (shape[0], params["dim"])


def embedding_count(params: dict, shape: Shape, env: ShapeEnv) -> int:
    embedding_shape(params, shape, env)
    return params["vocab"] * params["dim"]


declare(
    "layer",
    "embedding",
    "Looks up a learned `dim`-vector for each integer id in 0..vocab-1: (T) -> (T, dim).",
    Param("vocab", Int(min=1), doc="number of distinct ids (the vocabulary size)"),
    Param("dim", Int(min=1), doc="length of each embedding vector"),
    shape=embedding_shape,
    count=embedding_count,
    info=LayerInfo(reads_ids=True),
)

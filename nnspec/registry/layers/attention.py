"""Additive (Bahdanau) attention: a pooling layer and a GRU decoder.

Scores follow the lecture notes (seed 003): e_tj = v^T tanh(W s_{t-1} + U h_j),
alpha_tj = softmax_j(e_tj), context c_t = sum_j alpha_tj h_j. As written there,
the score maps have no biases.
"""

from __future__ import annotations

from nnspec.registry.core import Shape, ShapeEnv, declare
from nnspec.registry.layer_rules import need_rank
from nnspec.registry.params import Int, Param

SEQUENCE = "attention reads the states of a recurrent layer with output: all"


def _units(params: dict, default: int) -> int:
    return params["units"] if params.get("units") is not None else default


def pool_shape(params: dict, shape: Shape, env: ShapeEnv) -> Shape:
    need_rank("attention_pool", shape, (2,), "(T, F)", SEQUENCE)
    return (shape[1],)


def pool_count(params: dict, shape: Shape, env: ShapeEnv) -> int:
    pool_shape(params, shape, env)
    units = _units(params, shape[1])
    return units * shape[1] + units  # W (units x F) and v (units)


declare(
    "layer",
    "attention_pool",
    "Additive attention pooling: sum_t alpha_t h_t with alpha_t = softmax_t(v^T tanh(W h_t)).",
    Param("units", Int(min=1), None, "size of the attention layer W; null means F"),
    main="units",
    shape=pool_shape,
    count=pool_count,
)


def decoder_shape(params: dict, shape: Shape, env: ShapeEnv) -> Shape:
    need_rank("attention_decoder", shape, (2,), "(T, F)", SEQUENCE)
    steps = params["steps"] if params.get("steps") is not None else shape[0]
    return (steps, params["hidden"])


def decoder_count(params: dict, shape: Shape, env: ShapeEnv) -> int:
    decoder_shape(params, shape, env)
    features, hidden = shape[1], params["hidden"]
    units = _units(params, hidden)
    scores = units * (hidden + features + 1)  # W, U and v
    return scores + 3 * hidden * (features + hidden + 2)  # GRU cell fed the context


declare(
    "layer",
    "attention_decoder",
    "GRU decoder that attends over encoder states at each step: (T, F) -> (steps, hidden).",
    Param("hidden", Int(min=1), doc="decoder GRU state size"),
    Param("steps", Int(min=1), None, "number of output steps; null means the input's T"),
    Param("units", Int(min=1), None, "size of the attention layer (W, U); null means hidden"),
    main="hidden",
    shape=decoder_shape,
    count=decoder_count,
)

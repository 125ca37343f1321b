"""The ``unroll`` layer: a pretrained stack's up-pass inside a sequential network.

``{unroll: dbn}`` puts the deterministic up-pass of an ``rbm``, ``rbm_stack`` or
``autoencoder_stack`` into a network, sharing the stack's weights, so that
fine-tuning starts from the pretrained values (seed 003, DBN and SDAE fine-tuning).
"""

from __future__ import annotations

from itertools import pairwise

from nnspec.registry.core import REGISTRY, Shape, ShapeEnv, ShapeMismatch, declare
from nnspec.registry.info import LayerInfo
from nnspec.registry.layer_rules import fmt, numel
from nnspec.registry.params import Param, Ref


def stack_sizes(params: dict, env: ShapeEnv) -> list[int]:
    """[visible, *hidden] of the referenced stack; refuses any other network kind."""
    ((kind, body),) = env.network(params["network"]).items()
    if not REGISTRY.get("network", kind).info.unrollable:
        able = REGISTRY.having("network", "unrollable")
        raise ShapeMismatch(
            f"unroll needs an {', '.join(able[:-1])} or {able[-1]}; '{params['network']}' "
            f"is a {kind} network",
            expected="one of " + ", ".join(able),
            received=kind,
        )
    hidden = body["hidden"] if isinstance(body["hidden"], list) else [body["hidden"]]
    return [body["visible"], *hidden]


def _sizes_for(params: dict, shape: Shape, env: ShapeEnv) -> list[int]:
    sizes = stack_sizes(params, env)
    if tuple(shape) != (sizes[0],):
        advice = "; add flatten before it" if numel(shape) == sizes[0] else ""
        raise ShapeMismatch(
            f"unroll of '{params['network']}' takes its {sizes[0]} visible units{advice}",
            expected=fmt((sizes[0],)),
            received=fmt(shape),
        )
    return sizes


def unroll_shape(params: dict, shape: Shape, env: ShapeEnv) -> Shape:
    return (_sizes_for(params, shape, env)[-1],)


def unroll_count(params: dict, shape: Shape, env: ShapeEnv) -> int:
    # The up-pass uses each level's weights and hidden biases, not its visible biases
    # or decoder; these are the stack's parameters the unrolled layer shares.
    return sum(v * h + h for v, h in pairwise(_sizes_for(params, shape, env)))


declare(
    "layer",
    "unroll",
    "A stack's deterministic up-pass, sharing its pretrained weights (DBN/SDAE fine-tuning).",
    Param(
        "network",
        Ref("network"),
        doc="the rbm, rbm_stack, autoencoder_stack or dbm (its recognition pass) to unroll",
    ),
    main="network",
    shape=unroll_shape,
    count=unroll_count,
    # An RBM's weights ``W`` and hidden biases ``b``; an autoencoder's linear layers.
    info=LayerInfo(roles={"W": "weights", "b": "biases", "weight": "weights", "bias": "biases"}),
)

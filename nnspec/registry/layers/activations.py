"""Element-wise activations and softmax; none has learned parameters."""

from __future__ import annotations

from nnspec.registry.core import Shape, ShapeEnv, declare
from nnspec.registry.info import LayerInfo
from nnspec.registry.params import Choice, Float, Param


def same(params: dict, shape: Shape, env: ShapeEnv) -> Shape:
    return tuple(shape)


def no_count(params: dict, shape: Shape, env: ShapeEnv) -> int:
    return 0


def _activation(
    name: str, doc: str, *params: Param, main: str | None = None, info: LayerInfo | None = None
) -> None:
    declare("layer", name, doc, *params, main=main, shape=same, count=no_count, info=info)


_activation("relu", "Rectified linear unit max(0, x).")
_activation(
    "leaky_relu",
    "Leaky ReLU: x for x > 0, slope * x otherwise.",
    Param("slope", Float(min=0), 0.01, "gradient for negative inputs"),
    main="slope",
)
_activation(
    "elu",
    "Exponential linear unit: x for x > 0, alpha * (exp(x) - 1) otherwise.",
    Param("alpha", Float(min=0), 1.0, "value approached for large negative inputs (negated)"),
    main="alpha",
)
_activation(
    "sigmoid",
    "Logistic sigmoid 1 / (1 + exp(-x)).",
    info=LayerInfo(outputs="unit_probabilities"),
)
_activation("tanh", "Hyperbolic tangent.")
_activation(
    "softplus",
    "Smooth ReLU log(1 + exp(beta * x)) / beta.",
    Param("beta", Float(min=0, open_min=True), 1.0, "sharpness; larger is closer to ReLU"),
    main="beta",
)
_activation(
    "gelu",
    "Gaussian error linear unit x * Phi(x).",
    Param("approximate", Choice(("none", "tanh")), "none", "'tanh' uses the tanh approximation"),
    main="approximate",
)
declare(
    "layer",
    "softmax",
    "Softmax over the last (feature) dimension; outputs sum to 1.",
    shape=same,
    count=no_count,
    info=LayerInfo(outputs="probabilities"),
)

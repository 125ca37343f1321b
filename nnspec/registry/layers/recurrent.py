"""Recurrent layers over (T, F) sequences: Elman RNN, LSTM and GRU.

``output`` picks what the rest of the network sees: the final hidden state
(many-to-one), every step's state (many-to-many) or their mean over time.
"""

from __future__ import annotations

from nnspec.registry.core import Shape, ShapeEnv, declare
from nnspec.registry.info import LayerInfo, Violation
from nnspec.registry.layer_rules import need_rank
from nnspec.registry.params import Bool, Choice, Float, Int, Param

# Gate blocks per cell: the weights of each gate are stacked (4 for LSTM, 3 for GRU).
GATES = {"rnn": 1, "lstm": 4, "gru": 3}

COMMON = (
    Param("hidden", Int(min=1), doc="hidden units per direction"),
    Param("layers", Int(min=1), 1, "number of stacked recurrent layers"),
    Param("bidirectional", Bool(), False, "also run a backward pass and concatenate both"),
    Param("dropout", Float(0, 1), 0.0, "dropout between stacked layers (not after the last)"),
    Param(
        "output",
        Choice(("last", "all", "mean")),
        "last",
        "'last' final state (H*dirs), 'all' every step (T, H*dirs), 'mean' average over steps",
    ),
)


def _sizes(layer: str, params: dict, shape: Shape) -> tuple[int, int]:
    """The input features and the output width H*dirs."""
    need_rank(layer, shape, (2,), "(T, F)", "recurrent layers read sequences")
    return shape[1], params["hidden"] * (2 if params["bidirectional"] else 1)


def _shape_rule(layer: str):
    def rule(params: dict, shape: Shape, env: ShapeEnv) -> Shape:
        _, width = _sizes(layer, params, shape)
        return (shape[0], width) if params["output"] == "all" else (width,)

    return rule


def _count_rule(layer: str):
    def rule(params: dict, shape: Shape, env: ShapeEnv) -> int:
        features, width = _sizes(layer, params, shape)
        hidden, dirs = params["hidden"], width // params["hidden"]
        total = 0
        for depth in range(params["layers"]):
            inputs = features if depth == 0 else width
            # input weights, recurrent weights and torch's two bias vectors per gate block
            total += dirs * GATES[layer] * hidden * (inputs + hidden + 2)
        return total

    return rule


def _stepwise(params: dict, forward: bool) -> Violation | None:
    """Truncated BPTT and RTRL run the layer forward in time; RTRL also steps its cell."""
    if params["bidirectional"]:
        return Violation(
            "bidirectional",
            "a bidirectional layer reads each sequence backwards from its end",
            "bidirectional: false",
            "true",
        )
    if forward and params["layers"] > 1 and params["dropout"] > 0:
        return Violation(
            "dropout",
            "RTRL steps the cell without the dropout between stacked layers",
            "dropout: 0",
            str(params["dropout"]),
        )
    return None


STEPWISE = LayerInfo(stepwise=_stepwise)

declare(
    "layer",
    "rnn",
    "Elman recurrent layer h_t = f(W x_t + U h_{t-1} + b) over a (T, F) sequence.",
    *COMMON,
    Param("nonlinearity", Choice(("tanh", "relu")), "tanh", "the activation f"),
    main="hidden",
    shape=_shape_rule("rnn"),
    count=_count_rule("rnn"),
    info=STEPWISE,
)
declare(
    "layer",
    "lstm",
    "Long short-term memory layer (input, forget and output gates) over a (T, F) sequence.",
    *COMMON,
    main="hidden",
    shape=_shape_rule("lstm"),
    count=_count_rule("lstm"),
    info=STEPWISE,
)
declare(
    "layer",
    "gru",
    "Gated recurrent unit layer (update and reset gates) over a (T, F) sequence.",
    *COMMON,
    main="hidden",
    shape=_shape_rule("gru"),
    count=_count_rule("gru"),
    info=STEPWISE,
)

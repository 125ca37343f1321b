"""The last layer of a network a loss names, for rules on what its outputs mean
(``nll`` wants log-probabilities; minimax's ``scores`` logits or probabilities).
What a layer outputs is its ``LayerInfo.outputs``, never its name."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from nnspec.errors import SpecError
from nnspec.registry.core import REGISTRY


@dataclass(frozen=True)
class LastLayer:
    kind: str  # the layer kind, e.g. sigmoid
    outputs: str  # its LayerInfo.outputs
    path: str  # networks.D.layers[5]
    where: Any  # its location in the spec file

    def error(self, message: str, expected: str) -> SpecError:
        return SpecError(
            message, self.path, self.where, expected=expected, received=f"'{self.kind}'"
        )


def last_layer(ctx, network: str) -> LastLayer | None:
    """The last layer of a sequential network; None for another kind, or a graph's part."""
    declared = ctx.spec["networks"].get(network)  # None for a part of a graph (D.real_fake)
    if declared is None:
        return None
    ((kind, body),) = declared.items()
    if kind != "sequential" or not body["layers"]:
        return None  # a network kind of its own: its output is not known here
    layers, index = body["layers"], len(body["layers"]) - 1
    name = next(k for k in layers[index] if k != "name")
    outputs = REGISTRY.get("layer", name).info.outputs
    return LastLayer(name, outputs, f"networks.{network}.layers[{index}]", layers.where(index))


def layers_outputting(outputs: str) -> str:
    """The layer kinds that output ``outputs``, as "a or b"."""
    return " or ".join(k.name for k in REGISTRY.kinds("layer") if k.info.outputs == outputs)

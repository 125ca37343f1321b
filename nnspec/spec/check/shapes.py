"""Static shape and parameter-count inference, without torch.

Pushes each network's input shape through its layers with the registry's shape
rules, recording a row per layer (for ``nnspec show`` and ``nnspec diff``), and
turns a rule's ``ShapeMismatch`` into a located ``SpecError``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from nnspec.errors import SpecError
from nnspec.registry import REGISTRY
from nnspec.registry.core import Shape, ShapeMismatch
from nnspec.registry.layer_rules import fmt
from nnspec.spec.located import LocDict

if TYPE_CHECKING:
    from nnspec.spec.check.graph_nodes import GraphShape


@dataclass
class LayerRow:
    """One layer of a network as ``show`` prints it."""

    index: int
    kind: str
    summary: str
    shape: Shape
    params: int


@dataclass
class NetworkShape:
    """A network's input and output shapes, parameter count and per-layer rows."""

    name: str
    kind: str
    input: Shape | None
    output: Shape | None
    params: int
    rows: list[LayerRow] = field(default_factory=list)
    graph: GraphShape | None = None  # a graph network's nodes, inputs and outputs

    def end(self, output: str | None) -> Shape | None:
        """The shape of one named output (a graph's node), or the network's output."""
        if output is None or self.graph is None:
            return self.output
        return self.graph.nodes[output].shape


MAX_LAYERS = 100_000


class StaticEnv:
    """The ``ShapeEnv`` the layer rules see: nested chains and other networks.

    It counts the layers it walks, so nested ``repeat`` blocks that unroll to an
    absurd depth are refused instead of being walked for hours.
    """

    def __init__(self, networks: dict):
        self.networks = networks
        self.walked = 0

    def _walk(self, count: int) -> None:
        self.walked += count
        if self.walked > MAX_LAYERS:
            raise ShapeMismatch(
                f"the network unrolls to more than {MAX_LAYERS:,} layers",
                expected=f"at most {MAX_LAYERS:,} layers in all",
            )

    def chain(self, layers: list[dict], shape: Shape) -> Shape:
        self._walk(len(layers))
        for layer in layers:
            kind, params = _entry(layer)
            shape = tuple(REGISTRY.get("layer", kind).shape(params, shape, self))
        return shape

    def chain_count(self, layers: list[dict], shape: Shape) -> int:
        self._walk(len(layers))
        total = 0
        for layer in layers:
            kind, params = _entry(layer)
            decl = REGISTRY.get("layer", kind)
            total += decl.count(params, shape, self)
            shape = tuple(decl.shape(params, shape, self))
        return total

    def network(self, name: str) -> dict:
        return self.networks[name]


def graph_body(network: object) -> dict | None:
    """A graph network's body (its ``nodes``), or None for any other network."""
    if not isinstance(network, dict) or len(network) != 1:
        return None
    (body,) = network.values()
    return body if isinstance(body, dict) and isinstance(body.get("nodes"), dict) else None


def takes_labels(network: object) -> bool:
    """Whether a network takes the batch's labels itself: a graph with a label input."""
    body = graph_body(network)
    inputs = body.get("inputs") if body is not None else None
    return isinstance(inputs, dict) and any(
        isinstance(i, dict) and i.get("labels") is not None for i in inputs.values()
    )


def _entry(layer: dict) -> tuple[str, dict]:
    ((kind, params),) = ((k, v) for k, v in layer.items() if k != "name")
    return kind, params


def summarize(params: dict) -> str:
    """A short ``k=v`` rendering of a layer's parameters for tables."""
    parts = []
    for key, value in params.items():
        if isinstance(value, list) and value and isinstance(value[0], dict):
            value = f"[{len(value)} layers]"
        parts.append(f"{key}={value}")
    return ", ".join(parts)


def sequential_shape(
    name: str, body: LocDict, shape: Shape, env: StaticEnv, path: str
) -> NetworkShape:
    """Infer a sequential network's rows; raises a located SpecError on a mismatch."""
    result = NetworkShape(name, "sequential", shape, shape, 0)
    env.walked = 0
    layers = body["layers"]
    for i, layer in enumerate(layers):
        kind, params = _entry(layer)
        decl = REGISTRY.get("layer", kind)
        if i and decl.info.reads_ids:
            raise _ids_only_first(kind, layers[i - 1], f"{path}.layers[{i}]", layers.where(i))
        try:
            count = decl.count(params, shape, env)
            shape = tuple(decl.shape(params, shape, env))
        except ShapeMismatch as exc:
            raise SpecError(
                f"layer '{kind}' cannot take input of shape {format_shape(shape)}: {exc}",
                f"{path}.layers[{i}]",
                layers.where(i),
                exc.expected,
                exc.received,
            ) from None
        result.rows.append(LayerRow(i, kind, summarize(params), shape, count))
        result.params += count
    result.output = shape
    return result


def _ids_only_first(kind: str, before: LocDict, path: str, loc) -> SpecError:
    """A layer that reads integer ids gets floats from any layer before it."""
    previous, _ = _entry(before)
    return SpecError(
        f"layer '{kind}' reads integer ids, which only the data give, but it follows "
        f"'{previous}', whose outputs are values",
        path,
        loc,
        expected=f"'{kind}' as the network's first layer",
        received=f"'{kind}' after '{previous}'",
    )


def format_shape(shape: Shape | None) -> str:
    return "unknown" if shape is None else fmt(shape)

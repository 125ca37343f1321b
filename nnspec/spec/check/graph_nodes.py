"""One node of a ``graph`` network, statically: merge, layers (or a network, or a
shared node), then broadcast; its output shape and parameter count for ``show``.

A node's ``network:`` or ``share:`` parameters belong to another network, so they
are counted there, once, and marked ``shared`` here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from math import prod

from nnspec.errors import SpecError
from nnspec.registry.core import Shape
from nnspec.spec.check.shapes import (
    LayerRow,
    NetworkShape,
    StaticEnv,
    format_shape,
    sequential_shape,
)
from nnspec.spec.located import LocDict


@dataclass
class NodeRow:
    """A node as ``show`` draws it: what it reads and does, its shape and count."""

    name: str
    sources: list[str]
    does: str
    shape: Shape
    params: int
    shared: bool = False  # its parameters are another network's, counted there
    merged: Shape = ()  # the shape after the merge, which the layers take
    layers: list[LayerRow] = field(default_factory=list)


@dataclass
class GraphShape:
    """A graph's inputs (labels: their classes), its nodes in run order, its outputs."""

    inputs: dict[str, Shape]
    labels: dict[str, int]
    order: list[str]
    nodes: dict[str, NodeRow]
    outputs: list[str]

    @property
    def held(self) -> int:
        """Every parameter its module holds, its own and those it shares."""
        return sum(row.params for row in self.nodes.values())


def node_shape(
    net: str, node: str, nodes: LocDict, shapes: dict[str, Shape], env: StaticEnv, path: str
) -> NodeRow:
    """Push the node's sources through it; raises a SpecError located in the node."""
    spec: LocDict = nodes[node]
    _one_body(net, node, spec, path)
    shape = _merge(net, node, spec, [shapes[s] for s in spec["from"]], path)
    row = NodeRow(node, list(spec["from"]), _merge_words(spec), shape, 0, merged=shape)
    if spec["layers"]:
        inner = sequential_shape(f"{net}.{node}", spec, shape, env, path)
        row.layers, row.params, row.shape = inner.rows, inner.params, inner.output
        row.does = _join(row.does, f"{len(inner.rows)} layer" + "s" * (len(inner.rows) > 1))
    elif spec["network"] is not None or spec["share"] is not None:
        other = _network(net, node, spec, shape, env, path)
        row.shared = True
        held = other.graph.held if other.graph is not None else other.params  # all it holds
        row.layers, row.params, row.shape = other.rows, held, other.output
        key = "network" if spec["network"] is not None else "share"
        row.does = _join(row.does, f"{key} {spec[key]} (counted there)")
    if spec["broadcast"] is not None:
        row.shape = _broadcast(net, node, spec, row.shape, shapes[spec["broadcast"]], path)
        row.does = _join(row.does, f"broadcast over {spec['broadcast']}")
    return row


def _join(a: str, b: str) -> str:
    return f"{a}, {b}" if a else b


def _merge_words(spec: dict) -> str:
    if spec["merge"] is None:
        return ""
    axis = f" on axis {spec['axis']}" if spec["merge"] == "concat" else ""
    return f"{spec['merge']}{axis}"


def _error(net: str, node: str, message: str, path: str, loc, **more) -> SpecError:
    return SpecError(f"node '{node}' of network '{net}' {message}", path, loc, **more)


def _one_body(net: str, node: str, spec: LocDict, path: str) -> None:
    given = [k for k in ("layers", "network", "share") if spec[k] not in (None, [])]
    if len(given) > 1:
        raise _error(
            net,
            node,
            f"has both {given[0]} and {given[1]}",
            f"{path}.{given[1]}",
            spec.where(given[1]),
            expected="one of layers, network or share",
        )


def _merge(net: str, node: str, spec: LocDict, shapes: list[Shape], path: str) -> Shape:
    merge, names = spec["merge"], list(spec["from"])
    if len(shapes) > 1 and merge is None:
        raise _error(
            net,
            node,
            f"reads {len(shapes)} sources ({', '.join(names)}) but has no merge",
            f"{path}.from",
            spec.where("from"),
            expected="merge: concat, add or multiply",
        )
    if merge is None:
        return shapes[0]
    if len(shapes) < 2:
        raise _error(
            net,
            node,
            f"merges ({merge}) only one source",
            f"{path}.merge",
            spec.where("merge"),
            expected="two or more sources in from",
            received=f"from: {names[0]}",
        )
    got = ", ".join(f"{n} {format_shape(s)}" for n, s in zip(names, shapes, strict=True))
    if merge != "concat":
        if len(set(shapes)) > 1:
            raise _error(
                net,
                node,
                f"cannot {merge} sources of different shapes",
                f"{path}.from",
                spec.where("from"),
                expected=f"equal shapes to {merge}",
                received=got,
            )
        return shapes[0]
    return _concat(net, node, spec, shapes, got, path)


def _concat(net: str, node: str, spec: LocDict, shapes: list[Shape], got: str, path: str) -> Shape:
    axis = spec["axis"]
    rest = {s[:axis] + s[axis + 1 :] for s in shapes}
    if any(len(s) <= axis for s in shapes) or len({len(s) for s in shapes}) > 1 or len(rest) > 1:
        raise _error(
            net,
            node,
            f"cannot concat its sources on axis {axis}",
            f"{path}.from",
            spec.where("from"),
            expected=f"sources of one rank, equal except on axis {axis}",
            received=got,
        )
    first = shapes[0]
    return (*first[:axis], sum(s[axis] for s in shapes), *first[axis + 1 :])


def _broadcast(net: str, node: str, spec: LocDict, shape: Shape, over: Shape, path: str) -> Shape:
    if len(shape) != 1 or len(over) < 2:
        raise _error(
            net,
            node,
            f"cannot broadcast {format_shape(shape)} over {spec['broadcast']} {format_shape(over)}",
            f"{path}.broadcast",
            spec.where("broadcast"),
            expected="a vector (C,) over feature maps (C', H, ...)",
            received=f"{format_shape(shape)} over {format_shape(over)}",
        )
    return (shape[0], *over[1:])


def _network(
    net: str, node: str, spec: LocDict, shape: Shape, env: StaticEnv, path: str
) -> NetworkShape:
    """The shapes of the network (or other graph's node) this node applies."""
    from nnspec.spec.check.graph_share import applied  # it builds on section_shapes

    other = applied(net, node, spec, shape, env, path)
    if other.input is not None and prod(other.input) != prod(shape):
        key = "network" if spec["network"] is not None else "share"
        raise _error(
            net,
            node,
            f"gives {format_shape(shape)} to {spec[key]}, which takes {format_shape(other.input)}",
            f"{path}.{key}",
            spec.where(key),
            expected=format_shape(other.input),
            received=format_shape(shape),
        )
    return other

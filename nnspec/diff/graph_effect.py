"""What a change does to a graph network: its edges, and each node's shape and count.

Nodes align by name. An edge is a node's ``from:`` source; one that only one side has is
added or removed. Every node whose output shape or parameter count differs is listed,
so a change shows its effect on the nodes downstream of it.
"""

from __future__ import annotations

from dataclasses import dataclass

from nnspec.registry.core import Shape
from nnspec.spec.check.shapes import NetworkShape


@dataclass
class NodeEffect:
    """A graph node whose output or parameter count differs (None: absent on that side)."""

    name: str
    a_shape: Shape | None
    b_shape: Shape | None
    a_params: int | None
    b_params: int | None


@dataclass
class EdgeEffect:
    """An edge ``source → node`` that one side has: ``+`` added, ``-`` removed."""

    mark: str
    source: str
    node: str


def graph_effects(sa: NetworkShape, sb: NetworkShape) -> tuple[list[NodeEffect], list[EdgeEffect]]:
    """Node and edge effects between two sides of one graph network."""
    a, b = _rows(sa), _rows(sb)
    nodes = []
    for name in [*b, *(n for n in a if n not in b)]:
        ra, rb = a.get(name), b.get(name)
        pair = (_get(ra, "shape"), _get(rb, "shape"), _get(ra, "params"), _get(rb, "params"))
        if ra is None or rb is None or pair[0] != pair[1] or pair[2] != pair[3]:
            nodes.append(NodeEffect(name, *pair))
    ea, eb = _edges(a), _edges(b)
    edges = [EdgeEffect("+", *e) for e in eb if e not in ea]
    edges += [EdgeEffect("-", *e) for e in ea if e not in eb]
    return nodes, edges


def _rows(shape: NetworkShape) -> dict:
    return dict(shape.graph.nodes) if shape.graph is not None else {}


def _get(row: object, attr: str) -> object:
    return None if row is None else getattr(row, attr)


def _edges(rows: dict) -> list[tuple[str, str]]:
    return [(source, name) for name, row in rows.items() for source in row.sources]

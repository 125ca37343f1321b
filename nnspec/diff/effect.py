"""What a spec change does: parameter counts, output shapes, affected losses and phases.

All of it is static, from ``ResolvedSpec.shapes`` and the references in the
trees; nothing is built. A network is affected if something under it changed
or its static shapes differ (a data change can reshape a network that takes
the data's shape); a loss if it changed or names an affected network; a phase
if it changed or uses an affected loss, network or a changed optimizer.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from nnspec.diff.affected import (
    Affected,
    affected_losses,
    affected_phases,
    touched_entries,
)
from nnspec.diff.align import align
from nnspec.diff.graph_effect import EdgeEffect, NodeEffect, graph_effects
from nnspec.diff.refs import references
from nnspec.diff.rename import Renames
from nnspec.diff.tree import Change
from nnspec.registry.core import Shape
from nnspec.spec.check.shapes import NetworkShape
from nnspec.spec.pipeline import ResolvedSpec


@dataclass
class LayerEffect:
    """A layer whose output shape or parameter count differs (index on each side)."""

    kind: str
    a_index: int | None
    b_index: int | None
    a_shape: Shape | None
    b_shape: Shape | None
    a_params: int | None
    b_params: int | None


@dataclass
class NetworkEffect:
    """A network's parameter count and output shape on each side (None: absent there)."""

    name: str
    old_name: str
    a_params: int | None
    b_params: int | None
    a_output: Shape | None
    b_output: Shape | None
    layers: list[LayerEffect] = field(default_factory=list)
    nodes: list[NodeEffect] = field(default_factory=list)  # a graph's, aligned by name
    edges: list[EdgeEffect] = field(default_factory=list)


@dataclass
class Effects:
    networks: list[NetworkEffect] = field(default_factory=list)
    losses: list[Affected] = field(default_factory=list)
    phases: list[Affected] = field(default_factory=list)


def effects(
    a: ResolvedSpec, b: ResolvedSpec, renames: Renames, changes: list[Change], shows: Callable
) -> Effects:
    """The effects of ``changes``; ``shows(path)`` says whether ``--only`` keeps a path."""
    touched = touched_entries(changes)
    reshaped = any(c.section == "data" for c in changes)
    nets = [
        n
        for n in _network_effects(a, b, renames)
        if n.name in touched["networks"]
        or (
            (n.layers or n.nodes or n.edges or _differ(n))
            and (reshaped or shows(f"networks.{n.name}"))
        )
    ]
    changed_nets = touched["networks"].keys() | {n.name for n in nets}
    trees = {"a": renames.tree, "b": b.tree}
    refs = {side: references(tree) for side, tree in trees.items()}
    losses = affected_losses(trees, refs, touched, changed_nets)
    phases = affected_phases(trees, refs, touched, {x.name for x in losses}, changed_nets)
    return Effects(nets, losses, phases)


def _differ(net: NetworkEffect) -> bool:
    return (net.a_params, net.a_output) != (net.b_params, net.b_output)


def _network_effects(a: ResolvedSpec, b: ResolvedSpec, renames: Renames) -> list[NetworkEffect]:
    names = list(b.shapes) + [n for n in renames.tree["networks"] if n not in b.shapes]
    out = []
    for name in names:
        old = renames.old_name("networks", name)
        sa, sb = a.shapes.get(old), b.shapes.get(name)
        net = NetworkEffect(name, old, *_pair(sa, sb, "params"), *_pair(sa, sb, "output"))
        if sa is not None and sb is not None:
            net.layers = _layer_effects(_layers(renames.tree, name), _layers(b.tree, name), sa, sb)
            net.nodes, net.edges = graph_effects(sa, sb)
        out.append(net)
    return out


def _pair(sa: NetworkShape | None, sb: NetworkShape | None, attr: str) -> tuple:
    return getattr(sa, attr, None), getattr(sb, attr, None)


def _layers(tree: dict, name: str) -> list:
    body = tree["networks"].get(name) or {}
    return (body.get("sequential") or {}).get("layers") or []


def _layer_effects(la: list, lb: list, sa: NetworkShape, sb: NetworkShape) -> list[LayerEffect]:
    out = []
    for i, j in align(la, lb):
        ra = sa.rows[i] if i is not None and i < len(sa.rows) else None
        rb = sb.rows[j] if j is not None and j < len(sb.rows) else None
        if ra and rb and (ra.shape, ra.params) == (rb.shape, rb.params):
            continue
        kind = (rb or ra).kind
        shapes, counts = _pair(ra, rb, "shape"), _pair(ra, rb, "params")
        out.append(LayerEffect(kind, i, j, *shapes, *counts))
    return out

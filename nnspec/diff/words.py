"""One-line texts of a diff's effects and summary, shared by text and markdown.

``networks.G: parameters 17,154 → 4,482 (-12,672); output (2) → (3)``,
``layers[2→3] linear: parameters 34 → 18``, ``schedule[0] adversarial (loss gan)``.
"""

from __future__ import annotations

from nnspec.diff.effect import Affected, LayerEffect, NetworkEffect
from nnspec.diff.fold import relative
from nnspec.diff.format import count, delta, flow, shape_text
from nnspec.diff.graph_effect import NodeEffect
from nnspec.diff.tree import Change


def network_text(net: NetworkEffect) -> str:
    """``parameters 17,154 → 8,770 (-8,384); output (2) → (3)``, or added/removed."""
    if net.a_params is None:
        return f"added: {count(net.b_params)} parameters, output {shape_text(net.b_output)}"
    if net.b_params is None:
        return f"removed: {count(net.a_params)} parameters, output {shape_text(net.a_output)}"
    if net.a_params == net.b_params:
        text = f"parameters {count(net.b_params)} (unchanged)"
    else:
        text = f"parameters {count(net.a_params)} → {count(net.b_params)}"
        text += delta(net.a_params, net.b_params)
    if net.a_output != net.b_output:
        text += f"; output {shape_text(net.a_output)} → {shape_text(net.b_output)}"
    return text


def network_name(net: NetworkEffect) -> str:
    renamed = f" (was {net.old_name})" if net.old_name != net.name else ""
    return f"networks.{net.name}{renamed}"


def layer_name(layer: LayerEffect) -> str:
    """``layers[2]``, or ``layers[2→3]`` for a layer that moved."""
    i, j = layer.a_index, layer.b_index
    if i is not None and j is not None and i != j:
        return f"layers[{i}→{j}]"
    return f"layers[{j if j is not None else i}]"


def layer_text(layer: LayerEffect) -> str:
    """What differs about one layer: its output shape and its parameter count."""
    sides = (layer.a_index is not None, layer.b_index is not None)
    return _change_text(sides, layer.a_shape, layer.b_shape, layer.a_params, layer.b_params)


def _change_text(sides: tuple[bool, bool], a_shape, b_shape, a_params, b_params) -> str:
    """Output and parameters of a part on one side, or what differs between the two."""
    if not all(sides):
        shape, params = (b_shape, b_params) if not sides[0] else (a_shape, a_params)
        return f"output {shape_text(shape)}; parameters {count(params)}"
    parts = []
    if a_shape != b_shape:
        parts.append(f"output {shape_text(a_shape)} → {shape_text(b_shape)}")
    if a_params != b_params:
        parts.append(f"parameters {count(a_params)} → {count(b_params)}")
    return "; ".join(parts)


def node_text(node: NodeEffect) -> str:
    """What differs about one graph node: its output shape and its parameter count."""
    sides = (node.a_shape is not None, node.b_shape is not None)
    return _change_text(sides, node.a_shape, node.b_shape, node.a_params, node.b_params)


def node_mark(node: NodeEffect) -> str:
    return "+" if node.a_shape is None else "-" if node.b_shape is None else "~"


def graph_lines(net: NetworkEffect) -> list[tuple[str, str]]:
    """(mark, text) per changed edge and node: ``+ edge real_fake → q_code``."""
    lines = [(e.mark, f"edge {e.source} → {e.node}") for e in net.edges]
    return lines + [(node_mark(n), f"node {n.name}: {node_text(n)}") for n in net.nodes]


def layer_mark(layer: LayerEffect) -> str:
    return "+" if layer.a_index is None else "-" if layer.b_index is None else "~"


def affected_text(item: Affected) -> str:
    """``schedule[0] adversarial (loss gan, optimizer opt_g)``."""
    label = f" {item.label}" if item.label else ""
    return f"{item.name}{label} ({', '.join(item.because)})"


def summary_text(counts: dict[str, int]) -> str:
    total = sum(counts.values())
    parts = ", ".join(f"{n} {op}" for op, n in counts.items())
    return f"{total} change{'s' if total != 1 else ''} ({parts})"


def defaults_text(swap: Change, with_values: bool = True) -> str:
    """``removed betas: [0.9, 0.999], eps: 1e-08; added momentum: 0.0``: a swap's folded defaults.

    Without values (markdown) only the names: ``removed betas, eps; added momentum``.
    """
    groups: dict[str, list[str]] = {}
    for change in swap.defaults:
        name = relative(change, swap)
        if with_values:
            name += ": " + _default_value(change)
        groups.setdefault(change.op, []).append(name)
    return "; ".join(f"{op} {', '.join(names)}" for op, names in groups.items())


def _default_value(change: Change) -> str:
    if change.op == "changed":
        return f"{flow(change.old)} → {flow(change.new)}"
    return flow(change.new if change.op == "added" else change.old)

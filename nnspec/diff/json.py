"""The JSON form of a diff: a stable, versioned document (schema in docs/diff.md).

Every key is always present (``null`` or empty where it does not apply), so
tools can rely on the shape. A change to this layout raises ``VERSION``.
"""

from __future__ import annotations

import json
from typing import Any

from nnspec.diff.children import ChildDiff
from nnspec.diff.core import SpecDiff
from nnspec.diff.effect import Affected, LayerEffect, NetworkEffect
from nnspec.diff.format import location_dict
from nnspec.diff.graph_effect import NodeEffect
from nnspec.diff.runs import Row, RunComparison
from nnspec.diff.tree import Change
from nnspec.spec.located import plain

VERSION = 2
OPS = ("added", "removed", "changed", "renamed")


def document(result: SpecDiff, runs: RunComparison | None = None) -> dict:
    """The diff as plain data, in the documented schema."""
    counts = result.counts()
    return {
        "version": VERSION,
        "a": result.a_label,
        "b": result.b_label,
        "only": result.only,
        "identical": result.identical,
        "summary": {op: counts.get(op, 0) for op in OPS},
        "changes": [_change(c) for c in result.changes],
        "effects": {
            "networks": [_network(n) for n in result.effects.networks],
            "losses": [_affected(x) for x in result.effects.losses],
            "phases": [_affected(x) for x in result.effects.phases],
        },
        "runs": _runs(runs) if runs is not None else None,
        "children": [_child(c) for c in result.children],
    }


def to_json(result: SpecDiff, runs: RunComparison | None = None) -> str:
    return json.dumps(document(result, runs), indent=2, ensure_ascii=False)


def _change(change: Change) -> dict:
    return {
        "op": change.op,
        "path": change.path,
        "old_path": change.old_path,
        "old": plain(change.old),
        "new": plain(change.new),
        "a": location_dict(change.a),
        "b": location_dict(change.b),
        "references": list(change.references),
        "defaults": [_change(c) for c in change.defaults],
    }


def _child(child: ChildDiff) -> dict:
    found = child.diff
    counts = found.counts() if found else {}
    return {
        "path": child.path,
        "via": child.via,
        "status": child.status,
        "valid": child.valid,
        "identical": found.identical if found else None,
        "summary": {op: counts.get(op, 0) for op in OPS} if found else None,
        "networks": [_network(n) for n in found.effects.networks] if found else [],
        "errors": [e.as_dict() for e in child.errors],
    }


def _pair(a: Any, b: Any, with_delta: bool = False) -> dict:
    out = {"a": list(a) if isinstance(a, tuple) else a, "b": list(b) if isinstance(b, tuple) else b}
    if with_delta:
        out["delta"] = b - a if a is not None and b is not None else None
    return out


def _network(net: NetworkEffect) -> dict:
    return {
        "name": net.name,
        "old_name": net.old_name,
        "params": _pair(net.a_params, net.b_params, with_delta=True),
        "output": _pair(net.a_output, net.b_output),
        "layers": [_layer(x) for x in net.layers],
        "nodes": [_node(x) for x in net.nodes],
        "edges": [{"change": e.mark, "from": e.source, "to": e.node} for e in net.edges],
    }


def _node(node: NodeEffect) -> dict:
    return {
        "name": node.name,
        "params": _pair(node.a_params, node.b_params, with_delta=True),
        "output": _pair(node.a_shape, node.b_shape),
    }


def _layer(layer: LayerEffect) -> dict:
    return {
        "kind": layer.kind,
        "a_index": layer.a_index,
        "b_index": layer.b_index,
        "params": _pair(layer.a_params, layer.b_params, with_delta=True),
        "output": _pair(layer.a_shape, layer.b_shape),
    }


def _affected(item: Affected) -> dict:
    return {"name": item.name, "label": item.label or None, "because": list(item.because)}


def _runs(runs: RunComparison) -> dict:
    return {"facts": [_row(r) for r in runs.facts], "metrics": [_row(r) for r in runs.metrics]}


def _row(row: Row) -> dict:
    return {"name": row.name, "a": row.a, "b": row.b, "delta": row.delta}

"""Which parameters a name updates, statically, as the parts that own them.

A network is its own part; a graph's node ``N.k`` is one, and ``N.k`` as an optimizer's
parameters means it and every node it reads; a node that applies another network or
shares another graph's node (``share: D.trunk``) is that network's or node's part. Two
optimizers of one phase that update one part are refused, unless the phase lists the
part in ``shared:``; ``freeze:`` parts are updated by none.
"""

from __future__ import annotations

from nnspec.errors import SpecError
from nnspec.spec.check.graph import sources
from nnspec.spec.check.shapes import graph_body
from nnspec.spec.located import LocDict


def parts(spec: LocDict, name: str, seen: frozenset = frozenset()) -> set[str]:
    """The parts whose parameters ``name`` (a network or ``NET.NODE``) stands for."""
    owner, _, node = name.partition(".")
    body = graph_body(spec["networks"].get(owner))
    if body is None or owner in seen:
        return {owner}
    nodes = body["nodes"]
    todo, found = ([node] if node else list(nodes)), set()
    done: set[str] = set()
    while todo:
        key = todo.pop()
        if key in nodes and key not in done:
            done.add(key)
            found |= _node_parts(spec, owner, key, nodes[key], seen | {owner})
            todo += sources(nodes[key])
    return found


def _node_parts(spec: LocDict, owner: str, key: str, node: object, seen: frozenset) -> set[str]:
    node = node if isinstance(node, dict) else {}  # a broken node: reported elsewhere
    if isinstance(node.get("network"), str):
        return parts(spec, node["network"], seen)
    if isinstance(node.get("share"), str):
        return {node["share"]}
    return {f"{owner}.{key}"} if node.get("layers") else set()


def _updates(phase: object) -> list[dict]:
    """The (loss, optimizer) items of a phase body: itself, or the items of its lists."""
    if isinstance(phase, dict) and "loss" in phase and "optimizer" in phase:
        return [phase]
    items = phase.values() if isinstance(phase, dict) else []
    return [u for value in items if isinstance(value, list) for u in value if _is_update(u)]


def _is_update(value: object) -> bool:
    return isinstance(value, dict) and "loss" in value and "optimizer" in value


def check_shared_updates(spec: LocDict, phase: LocDict, body: object, path: str) -> list:
    """Two optimizers of one phase may not update one part, unless ``shared:`` says so."""
    allowed = {p for n in phase.get("shared") or [] for p in parts(spec, n)}
    frozen = {p for n in phase.get("freeze") or [] for p in parts(spec, n)}
    owners: dict[str, str] = {}
    for update in _updates(body):
        optimizer = update["optimizer"]
        if not isinstance(optimizer, str):
            continue  # an inline optimizer updates its own loss's networks, alone
        names = spec["optimizers"][optimizer].get("params") or []
        for part in sorted({p for n in names for p in parts(spec, n)} - allowed - frozen):
            other = owners.setdefault(part, optimizer)
            if other != optimizer:
                return [_both(other, optimizer, part, path, phase)]
    return []


def _both(first: str, second: str, part: str, path: str, phase: LocDict) -> SpecError:
    return SpecError(
        f"optimizers '{first}' and '{second}' both update {part} in this phase",
        path,
        phase.loc,
        expected=f"one optimizer per part in a phase, or shared: [{part}] in the phase",
    )

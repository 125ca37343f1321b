"""Static checks of a ``graph`` network: names, order, cycles, unused parts, shapes.

The nodes run in a topological order of their ``from:`` (and ``broadcast:``)
sources; a cycle, a source that names nothing, and an input or node no output
depends on are refused, each at the line that says it. Shapes then flow through
every node (``graph_nodes``), which gives ``nnspec show`` a row per node.
"""

from __future__ import annotations

from nnspec.errors import SpecError
from nnspec.registry.core import Shape, did_you_mean
from nnspec.spec.check.graph_nodes import GraphShape, node_shape
from nnspec.spec.check.shapes import NetworkShape, StaticEnv
from nnspec.spec.located import LocDict


def sources(node: dict) -> list[str]:
    """What a node reads: its ``from:``, and the node whose positions it broadcasts over."""
    if not isinstance(node, dict):  # a broken node (reported by the normaliser) reads nothing
        return []
    found, over = node.get("from"), node.get("broadcast")
    names = [s for s in found if isinstance(s, str)] if isinstance(found, list) else []
    return names + ([over] if isinstance(over, str) else [])


def graph_shape(
    name: str, body: LocDict, data_x: Shape | None, env: StaticEnv, path: str
) -> NetworkShape:
    """A graph's shapes and counts, node by node; raises the first located SpecError."""
    inputs, labels = _inputs(name, body, data_x, path)
    nodes: LocDict = body["nodes"]
    _known_names(name, body, inputs, path)
    order = _order(name, nodes, path)
    _unused(name, body, inputs, path)
    graph = GraphShape(dict(inputs), labels, order, {}, list(body["outputs"]))
    shapes: dict[str, Shape] = dict(inputs)
    for node in order:
        row = node_shape(name, node, nodes, shapes, env, f"{path}.nodes.{node}")
        graph.nodes[node], shapes[node] = row, row.shape
    main = next((n for n in inputs if n not in labels), next(iter(inputs)))
    own = sum(row.params for row in graph.nodes.values() if not row.shared)
    first = shapes[graph.outputs[0]]
    return NetworkShape(name, "graph", inputs[main], first, own, graph=graph)


def _inputs(
    name: str, body: LocDict, data_x: Shape | None, path: str
) -> tuple[dict[str, Shape], dict[str, int]]:
    """Each input's shape: its own, its labels' one-hot width, or the data's."""
    inputs, labels = {}, {}
    for key, spec in body["inputs"].items():
        if spec["labels"] is not None:
            inputs[key], labels[key] = (spec["labels"],), spec["labels"]
        elif spec["shape"] is not None:
            inputs[key] = tuple(spec["shape"])
        elif len(inputs) > len(labels):
            raise _needs_shape(name, key, body, path, "only the first input takes the data's")
        elif data_x is not None:
            inputs[key] = tuple(data_x)
        else:
            raise _needs_shape(name, key, body, path, "the data's is only known at run time")
    if not inputs:
        raise SpecError(
            f"network '{name}' has no inputs",
            f"{path}.inputs",
            body.where("inputs"),
            expected="at least one named input, such as x: {shape: [64]}",
        )
    return inputs, labels


def _needs_shape(name: str, key: str, body: LocDict, path: str, why: str) -> SpecError:
    return SpecError(
        f"input '{key}' of network '{name}' needs a shape: {why}",
        f"{path}.inputs.{key}",
        body["inputs"].where(key),
        expected="shape: [a shape], or labels: <classes>",
    )


def _known_names(name: str, body: LocDict, inputs: dict, path: str) -> None:
    """Node names apart from inputs; every source and output names an input or node."""
    nodes: LocDict = body["nodes"]
    for node in nodes:
        if node in inputs:
            raise SpecError(
                f"node '{node}' of network '{name}' has the name of an input",
                f"{path}.nodes.{node}",
                nodes.where_key(node),
                expected="a name that is not one of the inputs: " + ", ".join(inputs),
            )
    known = [*inputs, *nodes]
    for node, spec in nodes.items():
        for source in sources(spec):
            if source not in known:
                key = "broadcast" if source == spec.get("broadcast") else "from"
                raise _unknown(name, source, known, f"{path}.nodes.{node}.{key}", spec.where(key))
    outputs = body["outputs"]
    for i, out in enumerate(outputs):
        if out not in known:
            raise _unknown(name, out, known, f"{path}.outputs[{i}]", outputs.where(i))


def _unknown(name: str, source: str, known: list[str], path: str, loc) -> SpecError:
    return SpecError(
        f"network '{name}' has no input or node '{source}'",
        path,
        loc,
        hint=did_you_mean(source, known),
        expected="one of its inputs and nodes: " + ", ".join(known),
    )


def _order(name: str, nodes: LocDict, path: str) -> list[str]:
    """The nodes in an order where each comes after its sources; a cycle is refused."""
    order: list[str] = []
    state: dict[str, str] = {}  # "open" while its sources are visited, then "done"

    def visit(node: str, trail: list[str]) -> None:
        if state.get(node) == "done" or node not in nodes:
            return
        if state.get(node) == "open":
            cycle = [*trail[trail.index(node) :], node]
            raise SpecError(
                f"the nodes of network '{name}' form a cycle: " + " → ".join(cycle),
                f"{path}.nodes.{node}.from",
                nodes[node].where("from"),
                expected="each node reads only inputs and nodes that do not read it back",
            )
        state[node] = "open"
        for source in sources(nodes[node]):
            visit(source, [*trail, node])
        state[node] = "done"
        order.append(node)

    for node in nodes:
        visit(node, [])
    return order


def _unused(name: str, body: LocDict, inputs: dict, path: str) -> None:
    """An input or node that no output depends on is a mistake: say which."""
    nodes: LocDict = body["nodes"]
    used: set[str] = set()
    todo = list(body["outputs"])
    while todo:
        item = todo.pop()
        if item not in used:
            used.add(item)
            todo += sources(nodes[item]) if item in nodes else []
    for key in [*inputs, *nodes]:
        if key not in used:
            what, where = ("input", body["inputs"]) if key in inputs else ("node", nodes)
            raise SpecError(
                f"{what} '{key}' of network '{name}' is not used: no output depends on it",
                f"{path}.{what}s.{key}",
                where.where_key(key),
                expected="remove it, or read it from a node that an output depends on",
            )

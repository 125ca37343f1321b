"""``nnspec show`` for a graph network: its nodes as an indented list, in run order.

Each node's line says what it reads (``← x, y_maps``), what it does (merge, layers,
a network, a shared node, a broadcast), its output shape and its parameters; its
layers follow, indented. A shared node's parameters are counted where they live.
"""

from __future__ import annotations

from rich.table import Table

from nnspec.spec.check.graph_nodes import GraphShape
from nnspec.spec.check.shapes import NetworkShape, format_shape


def graph_table(shape: NetworkShape) -> Table:
    """One graph as a table: inputs, then every node with its layers indented under it."""
    graph: GraphShape = shape.graph
    outs = ", ".join(f"{o} {format_shape(graph.nodes[o].shape)}" for o in graph.outputs)
    title = f"{shape.name} (graph) → {outs}, {shape.params:,} parameters"
    table = Table(title=title, title_justify="left")
    for column in ("node", "from", "does", "output", "params"):
        table.add_column(column, justify="right" if column == "params" else "left")
    for name, in_shape in graph.inputs.items():
        what = f"labels, one-hot of {graph.labels[name]}" if name in graph.labels else "input"
        table.add_row(name, "", what, format_shape(in_shape), "0")
    for name in graph.order:
        _node_rows(table, graph, name)
    return table


def _node_rows(table: Table, graph: GraphShape, name: str) -> None:
    row = graph.nodes[name]
    mark = " *" if name in graph.outputs else ""
    count = f"({row.params:,})" if row.shared else f"{row.params:,}"
    table.add_row(
        name + mark, "← " + ", ".join(row.sources), row.does, format_shape(row.shape), count
    )
    for layer in row.layers:
        table.add_row(
            f"  {layer.index} {layer.kind}",
            "",
            layer.summary,
            format_shape(layer.shape),
            f"{layer.params:,}",
        )

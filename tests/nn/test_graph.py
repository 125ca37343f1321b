"""The compiled graph agrees with the static checker, node by node, for every bundled
graph spec; and the merges, broadcasts and named outputs compute what they say."""

from __future__ import annotations

from pathlib import Path

import pytest
import torch

from nnspec.compiler import compile_networks
from nnspec.nn.graph import Graph, OutputView, part
from nnspec.spec.pipeline import resolve
from tests.conftest import BUNDLED
from tests.spec.check.test_graph import GRAPH


def _graph_nodes() -> list[tuple]:
    found = []
    for path in BUNDLED:
        for name, shape in resolve(path).shapes.items():
            if shape.graph is not None:
                found += [(path, name, node) for node in shape.graph.order]
    return found


NODES = _graph_nodes()


def _compiled(path) -> tuple:
    resolved = resolve(path)
    inputs = {name: shape.input for name, shape in resolved.shapes.items()}
    return resolved.shapes, compile_networks(resolved.typed.networks, inputs)


def _run(graph: Graph, static, batch: int = 3) -> dict:
    xs = [torch.rand(batch, *s) for n, s in static.inputs.items() if n not in static.labels]
    labels = torch.arange(batch) % max(static.labels.values(), default=1)
    with torch.no_grad():
        return graph.run(*xs, labels=labels if static.labels else None)


@pytest.mark.parametrize(
    ("path", "network", "node"), NODES, ids=[f"{p.stem}:{n}.{k}" for p, n, k in NODES]
)
def test_static_shapes_and_counts_agree_with_the_compiled_node(path, network, node) -> None:
    _agrees(*_compiled(path), network, node)


def _agrees(shapes: dict, modules: dict, network: str, node: str) -> None:
    """The node's static output shape and count are its compiled module's."""
    static = shapes[network].graph
    values = _run(modules[network], static)
    assert tuple(values[node].shape[1:]) == static.nodes[node].shape
    module = modules[network].nodes[node]
    assert sum(p.numel() for p in module.parameters()) == static.nodes[node].params


def test_bundled_specs_hold_graphs() -> None:
    assert {p.stem for p, _, _ in NODES} >= {"infogan-digits"}


def _net(write_spec) -> tuple:
    return _compiled(write_spec(GRAPH))


def test_merges_and_the_label_broadcast_compute_what_they_say(write_spec) -> None:
    _shapes, modules = _net(write_spec)
    graph = modules["net"]
    x, y = torch.rand(2, 1, 8, 8), torch.tensor([3, 7])
    values = graph.run(x, labels=y)
    embedded = graph.nodes["y_maps"].body(torch.nn.functional.one_hot(y, 10).float())  # (2, 4)
    assert torch.equal(values["y_maps"], embedded[:, :, None, None].expand(2, 4, 8, 8))
    merged = torch.cat([x, values["y_maps"]], 1)  # concat on axis 0 after the batch
    assert torch.allclose(values["h"], graph.nodes["h"].body(merged))
    assert torch.equal(values["skip"], values["h"] + values["h"])
    assert torch.equal(graph(x, labels=y), values["out"])


def test_a_named_output_and_its_upstream_parameters(write_spec) -> None:
    spec = GRAPH.replace("outputs: [out]", "outputs: [out, h]")
    _, modules = _compiled(write_spec(spec))
    graph, x, y = modules["net"], torch.rand(2, 1, 8, 8), torch.tensor([1, 2])
    assert torch.equal(OutputView(graph, "h")(x, labels=y), graph(x, labels=y)["h"])
    upstream = {id(p) for p in part(modules, "net.h").parameters()}
    expected = [*graph.nodes["y_maps"].parameters(), *graph.nodes["h"].parameters()]
    assert upstream == {id(p) for p in expected}
    assert graph.upstream("skip") == ["y_maps", "h", "skip"]


def test_a_shared_node_holds_the_very_same_parameters(write_spec) -> None:
    from nnspec.train.optim import network_params
    from tests.spec.check.test_graph_parts import SHARED

    spec = SHARED.replace("    steps: 2", "    shared: [A.trunk]\n    steps: 2")
    _, modules = _compiled(write_spec(spec))
    assert modules["B"].nodes["trunk"].body is modules["A"].nodes["trunk"].body
    both = network_params(modules, ["A", "B"])
    assert len(both) == len({id(p) for p in both}) == 6  # trunk's two tensors counted once


NESTED = Path(__file__).with_name("nested_graph.yaml")  # graphs applying whole networks


@pytest.mark.parametrize(("network", "node"), [("A", "f"), ("A", "out"), ("C", "a")])
def test_a_node_applying_a_network_agrees_with_its_module(network, node) -> None:
    shapes, modules = _compiled(NESTED)
    _agrees(shapes, modules, network, node)
    assert modules["C"].nodes["a"].body is modules["A"]  # the very network, not a copy

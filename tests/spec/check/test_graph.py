"""The graph network kind's static checks: each mistake located at the node that makes it."""

from __future__ import annotations

import pytest

from nnspec.errors import SpecErrors
from nnspec.spec.pipeline import resolve

GRAPH = """\
nnspec: 2
data:
  dataset: digits
  transforms: [{reshape: [1, 8, 8]}]
networks:
  net:
    graph:
      inputs:
        x: {}
        y: {labels: 10}
      nodes:
        y_maps: {from: y, layers: [{linear: 4}], broadcast: x}
        h: {from: [x, y_maps], merge: concat, layers: [{conv2d: {out: 8, kernel: 3, padding: 1}}]}
        skip: {from: [h, h], merge: add}
        out: {from: skip, layers: [flatten, {linear: 10}]}
      outputs: [out]
losses:
  xent: {type: cross_entropy, model: net}
schedule:
  - {train: {loss: xent, optimizer: {type: adam}}, epochs: 1}
"""


def test_shapes_flow_through_every_node(write_spec) -> None:
    graph = resolve(write_spec(GRAPH)).shapes["net"].graph
    shapes = {name: row.shape for name, row in graph.nodes.items()}
    assert shapes == {"y_maps": (4, 8, 8), "h": (8, 8, 8), "skip": (8, 8, 8), "out": (10,)}
    assert graph.order == ["y_maps", "h", "skip", "out"]
    assert [row.params for row in graph.nodes.values()] == [44, 5 * 8 * 9 + 8, 0, 512 * 10 + 10]


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            "skip: {from: [h, h], merge: add}",
            "skip: {from: [h, hh], merge: add}",
            "spec.yaml:14:22: error: network 'net' has no input or node 'hh' "
            "(at networks.net.graph.nodes.skip.from); did you mean 'h'?\n"
            "  expected: one of its inputs and nodes: x, y, y_maps, h, skip, out",
        ),
        (
            "from: [x, y_maps], merge",
            "from: [x, skip], merge",
            "spec.yaml:13:19: error: the nodes of network 'net' form a cycle: "
            "h → skip → h (at networks.net.graph.nodes.h.from)\n"
            "  expected: each node reads only inputs and nodes that do not read it back",
        ),
        (
            "outputs: [out]",
            "outputs: [skip]",
            "spec.yaml:15:9: error: node 'out' of network 'net' is not used: no output depends "
            "on it (at networks.net.graph.nodes.out)\n"
            "  expected: remove it, or read it from a node that an output depends on",
        ),
        (
            "{from: [h, h], merge: add}",
            "{from: [h, h]}",
            "spec.yaml:14:22: error: node 'skip' of network 'net' reads 2 sources (h, h) but "
            "has no merge (at networks.net.graph.nodes.skip.from)\n"
            "  expected: merge: concat, add or multiply",
        ),
        (
            "{from: [h, h], merge: add}",
            "{from: [h, y_maps], merge: multiply}",
            "spec.yaml:14:22: error: node 'skip' of network 'net' cannot multiply sources of "
            "different shapes (at networks.net.graph.nodes.skip.from)\n"
            "  expected: equal shapes to multiply\n  received: h (8, 8, 8), y_maps (4, 8, 8)",
        ),
        (
            "{from: [x, y_maps], merge: concat,",
            "{from: [x, y_maps], merge: concat, axis: 1,",
            "spec.yaml:13:19: error: node 'h' of network 'net' cannot concat its sources on "
            "axis 1 (at networks.net.graph.nodes.h.from)\n"
            "  expected: sources of one rank, equal except on axis 1\n"
            "  received: x (1, 8, 8), y_maps (4, 8, 8)",
        ),
        (
            "y_maps: {from: y, layers",
            "y_maps: {from: y, merge: concat, layers",
            "spec.yaml:12:34: error: node 'y_maps' of network 'net' merges (concat) only one "
            "source (at networks.net.graph.nodes.y_maps.merge)\n"
            "  expected: two or more sources in from\n  received: from: y",
        ),
        (
            "{from: y, layers: [{linear: 4}], broadcast: x}",
            "{from: y, layers: [{linear: 4}], broadcast: y}",
            "spec.yaml:12:61: error: node 'y_maps' of network 'net' cannot broadcast (4) "
            "over y (10) (at networks.net.graph.nodes.y_maps.broadcast)\n"
            "  expected: a vector (C,) over feature maps (C', H, ...)\n"
            "  received: (4) over (10)",
        ),
        (
            "y: {labels: 10}",
            "y: {labels: 10}\n        z: {shape: [3]}",
            "spec.yaml:11:9: error: input 'z' of network 'net' is not used: no output depends "
            "on it (at networks.net.graph.inputs.z)\n"
            "  expected: remove it, or read it from a node that an output depends on",
        ),
        (
            "layers: [flatten, {linear: 10}]}",
            "layers: [{linear: 10}]}",
            "spec.yaml:15:36: error: layer 'linear' cannot take input of shape (8, 8, 8): "
            "linear needs a (F) or (T, F) input; add flatten before it "
            "(at networks.net.graph.nodes.out.layers[0])\n"
            "  expected: a (F) or (T, F) input\n  received: (8, 8, 8)",
        ),
        (
            "skip: {from: [h, h], merge: add}",
            "skip: {from: [h, h], merge: add, share: other.h}",
            "spec.yaml:14:49: error: node 'skip' of network 'net' shares 'other.h', which is "
            "no other graph's node with layers (at networks.net.graph.nodes.skip.share)\n"
            "  expected: NET.NODE, a node with layers in another graph: none",
        ),
        (
            "skip: {from: [h, h], merge: add}",
            "skip: {from: [h, h], merge: add, layers: [relu], network: net}",
            "spec.yaml:14:67: error: node 'skip' of network 'net' has both layers and network "
            "(at networks.net.graph.nodes.skip.network)\n"
            "  expected: one of layers, network or share",
        ),
    ],
)
def test_graph_mistakes_are_located(write_spec, old: str, new: str, expected: str) -> None:
    assert old in GRAPH
    with pytest.raises(SpecErrors) as caught:
        resolve(write_spec(GRAPH.replace(old, new)))
    assert caught.value.render() == expected


def test_a_loss_reads_one_output_by_name(write_spec) -> None:
    spec = GRAPH.replace("outputs: [out]", "outputs: [out, h]").replace(
        "model: net}", "model: net.hh}"
    )
    with pytest.raises(SpecErrors) as caught:
        resolve(write_spec(spec))
    assert caught.value.render() == (
        "spec.yaml:18:38: error: unknown network 'net.hh' (at losses.xent.model); "
        "did you mean 'net.h'?\n  expected: one of the networks: net; or a graph's node: "
        "net.y_maps, net.h, net.skip, net.out"
    )


@pytest.mark.parametrize(
    ("network", "expected"),
    [
        (
            "net",
            "spec.yaml:14:51: error: node 'skip' of network 'net' applies network 'net', which "
            "applies 'net' back (at networks.net.graph.nodes.skip.network)\n"
            "  expected: networks that do not apply each other in a circle",
        ),
        (
            "other",
            "spec.yaml:14:51: error: node 'skip' of network 'net' applies network 'other', which "
            "takes labels or gives several outputs (at networks.net.graph.nodes.skip.network)\n"
            "  expected: a network of one input and one output, or share: NET.NODE",
        ),
    ],
)
def test_a_node_applies_only_a_plain_network(write_spec, network: str, expected: str) -> None:
    other = "  other:\n    graph:\n      inputs: {x: {shape: [5]}, y: {labels: 10}}\n"
    other += "      nodes: {o: {from: [x, y], merge: concat}}\n      outputs: o\n"
    spec = GRAPH.replace("merge: add}", f"merge: add, network: {network}}}").replace(
        "losses:", other + "losses:"
    )
    with pytest.raises(SpecErrors) as caught:
        resolve(write_spec(spec))
    assert caught.value.render() == expected

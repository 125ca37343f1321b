"""``conditional: true`` is shorthand for the graph form: both resolve to the same spec."""

from __future__ import annotations

from nnspec.spec.located import plain
from nnspec.spec.pipeline import resolve

SCHEDULE = """\
optimizers:
  opt_d: {type: adam, params: [D]}
  opt_g: {type: adam, params: [G]}
schedule:
  - alternate:
      - {loss: gan.discriminator, optimizer: opt_d}
      - {loss: gan.generator, optimizer: opt_g}
    steps: 2
"""

SHORTHAND = (
    """\
nnspec: 2
data: {dataset: digits}
networks:
  G:
    input: [42]
    layers: [{linear: 32}, relu, {linear: 64}]
  D:
    input: [74]
    layers: [{linear: 32}, {leaky_relu: 0.2}, {linear: 1}]
losses:
  gan: {type: minimax, generator: G, discriminator: D, noise: {normal: 32}, conditional: true}
"""
    + SCHEDULE
)

GRAPHS = (
    """\
nnspec: 2
data: {dataset: digits}
networks:
  G:
    graph:
      inputs: {z: {shape: [32]}, y: {labels: 10}}
      nodes:
        body: {from: [z, y], merge: concat, layers: [{linear: 32}, relu, {linear: 64}]}
      outputs: [body]
  D:
    graph:
      inputs: {x: {shape: [64]}, y: {labels: 10}}
      nodes:
        body: {from: [x, y], merge: concat, layers: [{linear: 32}, {leaky_relu: 0.2}, {linear: 1}]}
      outputs: body
losses:
  gan: {type: minimax, generator: G, discriminator: D, noise: {normal: 32}}
"""
    + SCHEDULE
)

IMAGES = SHORTHAND.replace(
    "{dataset: digits}", "{dataset: digits, transforms: [{reshape: [1, 8, 8]}]}"
)


def test_the_shorthand_resolves_to_the_graphs(write_spec) -> None:
    short = resolve(write_spec(SHORTHAND, "short.yaml"))
    graphs = resolve(write_spec(GRAPHS, "graphs.yaml"))
    assert plain(short.tree["networks"]) == plain(graphs.tree["networks"])
    assert plain(short.tree["losses"]) == plain(graphs.tree["losses"])
    assert short.shapes["D"].params == graphs.shapes["D"].params == 74 * 32 + 32 + 33


def test_examples_that_are_not_vectors_are_flattened_first(write_spec) -> None:
    graph = resolve(write_spec(IMAGES)).shapes["D"].graph
    assert graph.inputs == {"x": (1, 8, 8), "y": (10,)}
    assert [(n, graph.nodes[n].sources, graph.nodes[n].shape) for n in graph.order] == [
        ("flat", ["x"], (64,)),
        ("body", ["flat", "y"], (1,)),
    ]

"""Shared graph nodes: counted once, and not updated by two optimizers of one phase unless
the phase says ``shared:``."""

from __future__ import annotations

import pytest

from nnspec.errors import SpecErrors
from nnspec.spec.pipeline import resolve

SHARED = """\
nnspec: 2
data: {dataset: digits}
networks:
  A:
    graph:
      inputs: {x: {}}
      nodes:
        trunk: {from: x, layers: [{linear: 16}, relu]}
        head: {from: trunk, layers: [{linear: 10}]}
      outputs: head
  B:
    graph:
      inputs: {x: {}}
      nodes:
        trunk: {from: x, share: A.trunk}
        head: {from: trunk, layers: [{linear: 10}]}
      outputs: head
losses:
  a: {type: cross_entropy, model: A}
  b: {type: cross_entropy, model: B}
optimizers:
  opt_a: {type: adam, params: [A]}
  opt_b: {type: adam, params: [B]}
schedule:
  - alternate:
      - {loss: a, optimizer: opt_a}
      - {loss: b, optimizer: opt_b}
    steps: 2
"""


def test_a_shared_node_is_counted_where_it_lives(write_spec) -> None:
    shapes = resolve(
        write_spec(SHARED.replace("    steps: 2", "    shared: [A.trunk]\n    steps: 2"))
    ).shapes
    trunk = 64 * 16 + 16
    assert shapes["A"].params == trunk + 170
    assert shapes["B"].params == 170
    row = shapes["B"].graph.nodes["trunk"]
    assert (row.shared, row.params, row.does) == (True, trunk, "share A.trunk (counted there)")


def test_two_optimizers_may_not_both_update_a_shared_node(write_spec) -> None:
    with pytest.raises(SpecErrors) as caught:
        resolve(write_spec(SHARED))
    assert caught.value.render() == (
        "spec.yaml:25:5: error: optimizers 'opt_a' and 'opt_b' both update A.trunk in this "
        "phase (at schedule[0])\n"
        "  expected: one optimizer per part in a phase, or shared: [A.trunk] in the phase"
    )


@pytest.mark.parametrize("key", ["shared: [A.trunk]", "freeze: [B.trunk]", "freeze: [A]"])
def test_unless_the_phase_shares_or_freezes_it(write_spec, key: str) -> None:
    resolve(write_spec(SHARED.replace("    steps: 2", f"    {key}\n    steps: 2")))


def test_an_optimizer_over_a_node_fits_the_term_of_its_network(write_spec) -> None:
    spec = SHARED.replace("params: [A]", "params: [A.head]").replace(
        "    steps: 2", "    shared: [A.trunk]\n    steps: 2"
    )
    resolve(write_spec(spec))

"""``freeze:`` leaves a network's or graph node's parameters as the earlier phases left them."""

from __future__ import annotations

import pytest
import torch

TWO_PHASES = """\
nnspec: 2
seed: 1
data:
  dataset: digits
  transforms: [{scale: {from: [0, 16], to: [0, 1]}}]
  batch_size: 32
networks:
  net:
    graph:
      inputs: {x: {}}
      nodes:
        trunk: {from: x, layers: [{linear: 16}, relu]}
        head: {from: trunk, layers: [{linear: 10}]}
      outputs: head
losses:
  xent: {type: cross_entropy, model: net}
optimizers:
  opt: {type: adam, params: [net], lr: 0.01}
schedule:
  - {phase: first, train: {loss: xent, optimizer: opt}, steps: 5}
  - {phase: second, FREEZE train: {loss: xent, optimizer: opt}, steps: 5}
outputs: {plots: false}
"""


def _weights(runs, tmp_path, name: str, text: str) -> dict:
    path = tmp_path / f"{name}.yaml"
    path.write_text(text)
    runs.run(path, tmp_path / name)
    return runs.weights(tmp_path / name)["net"]


@pytest.mark.slow
@pytest.mark.parametrize(("freeze", "trunk_moves"), [("", True), ("freeze: [net.trunk],", False)])
def test_a_frozen_node_keeps_its_weights(runs, tmp_path, freeze: str, trunk_moves: bool) -> None:
    first = TWO_PHASES.split("  - {phase: second")[0] + "outputs: {plots: false}\n"
    before = _weights(runs, tmp_path, "first", first)
    after = _weights(runs, tmp_path, "both", TWO_PHASES.replace("FREEZE ", freeze))
    trunk = "nodes.trunk.body.0.weight"
    assert torch.equal(before[trunk], after[trunk]) is not trunk_moves
    assert not torch.equal(before["nodes.head.body.0.weight"], after["nodes.head.body.0.weight"])

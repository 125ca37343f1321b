"""A graph's ``init`` draws the layers of its own nodes, not those of networks it applies."""

from __future__ import annotations

import pytest
import torch

from nnspec.compiler import compile_networks
from nnspec.spec.pipeline import resolve

SPEC = """\
nnspec: 2
data: {dataset: digits, split: {test: 0.2}}
networks:
  E: {layers: [{linear: 16}]}
  D:
    graph:
      inputs: {x: {}}
      nodes:
        trunk: {from: x, layers: [{linear: 16}, batch_norm, relu]}
        encoded: {from: x, network: E}
        joined: {from: [trunk, encoded], merge: add, layers: [{linear: 10}]}
      outputs: [joined]
      init: %s
losses:
  xent: {type: cross_entropy, model: D}
schedule:
  - train: {loss: xent, optimizer: {type: sgd, lr: 0.1}}
    steps: 1
"""


def compiled(write_spec, init: str) -> dict:
    spec = resolve(write_spec(SPEC % init)).typed
    torch.manual_seed(0)
    return compile_networks(spec.networks, {"E": (64,), "D": (64,)})


@pytest.mark.parametrize(
    "init", ["{normal: {mean: 3, std: 1.0e-6}}", "{linear: {normal: {mean: 3, std: 1.0e-6}}}"]
)
def test_its_own_layers_are_drawn_and_another_networks_are_not(write_spec, init):
    networks = compiled(write_spec, init)
    nodes = networks["D"].nodes
    for linear in (nodes["trunk"].body[0], nodes["joined"].body[0]):
        assert torch.allclose(linear.weight, torch.full_like(linear.weight, 3.0), atol=1e-4)
        assert torch.equal(linear.bias, torch.zeros_like(linear.bias))
    assert torch.equal(nodes["trunk"].body[1].weight, torch.ones(16))  # a scale keeps its 1s
    assert networks["E"][0].weight.abs().max() < 1  # E's own: torch's default, |w| ≤ 1/8
    assert nodes["encoded"].body is networks["E"]


def test_an_init_for_a_kind_no_node_has_is_located(write_spec, cli):
    result = cli("validate", write_spec(SPEC % "{conv2d: {normal: 0.02}}"))
    assert result.exit_code == 1
    assert result.stdout == (
        "spec.yaml:13:14: error: init names layer kind 'conv2d', which network 'D' does not "
        "have (at networks.D.graph.init.conv2d)\n"
        "  expected: one of batch_norm, linear, relu\n"
        "  received: 'conv2d'\n"
    )

"""Sparsity, weight cost and the contractive penalty against hand computations."""

import math
from pathlib import Path

import pytest
import torch
from torch import nn

from nnspec.errors import RunError
from nnspec.losses.regularisers import Contractive, Sparsity, WeightCost
from nnspec.nn.autoencoder_stack import AutoencoderStack
from tests.losses.autoencoder_cases import D, H, data, nets


def test_sparsity_is_the_kl_of_target_and_mean_activation(make_rt):
    networks, x = nets(), data()
    value, logs = Sparsity("s", {"encoder": "enc", "target": 0.05}, make_rt(networks, x))(x, None)
    rho_hat = networks["enc"](x).mean(0)
    by_hand = sum(
        0.05 * math.log(0.05 / r) + 0.95 * math.log(0.95 / (1 - r)) for r in rho_hat.tolist()
    )
    assert math.isclose(value.item(), by_hand, rel_tol=1e-9)
    assert torch.allclose(logs["mean_activation"], rho_hat.mean())


def test_sparsity_stays_finite_for_dead_units_and_a_target_of_one(make_rt):
    dead = {"enc": nn.Sequential(nn.Linear(D, H), nn.ReLU(), nn.Tanh())}
    with torch.no_grad():
        dead["enc"][0].bias.fill_(-100.0)  # every code is exactly 0
    x = data().float()
    for target in (0.05, 1.0):
        value, _ = Sparsity("s", {"encoder": "enc", "target": target}, make_rt(dead, x))(x, None)
        assert torch.isfinite(value) and value > 0


def test_weight_cost_counts_weights_once_and_skips_biases(make_rt):
    networks = nets()
    shared = {
        "a": networks["enc"],
        "b": nn.Sequential(networks["enc"][0], nn.Linear(H, 2)).double(),
    }
    loss = WeightCost("w", {"networks": ["a", "b"]}, make_rt(shared, data()))
    value, _ = loss(None, None)
    by_hand = 0.5 * (networks["enc"][0].weight.pow(2).sum() + shared["b"][1].weight.pow(2).sum())
    assert torch.allclose(value, by_hand)
    with pytest.raises(RunError, match=r"only biases and scales \(at losses.w.networks\)"):
        WeightCost("w", {"networks": "n"}, make_rt({"n": nn.ReLU()}, data()))


def test_contractive_closed_form_for_a_sigmoid_encoder(make_rt):
    networks, x = nets(), data()
    loss = Contractive("c", {"encoder": "enc"}, make_rt(networks, x))
    assert loss.linear is networks["enc"][0]
    h, W = networks["enc"](x), networks["enc"][0].weight  # (B, H), (H, D)
    by_hand = torch.stack([((hb * (1 - hb)).unsqueeze(1) * W).pow(2).sum() for hb in h]).mean()
    assert torch.allclose(loss(x, None)[0], by_hand)
    one_level = {"enc": AutoencoderStack(D, [H]).double()}
    stack_loss = Contractive("c", {"encoder": "enc"}, make_rt(one_level, x))
    assert stack_loss.linear is one_level["enc"].encoders[0]
    deeper = {"enc": AutoencoderStack(D, [H, 2])}
    assert Contractive("c", {"encoder": "enc"}, make_rt(deeper, x)).linear is None


def test_contractive_by_autograd_for_any_encoder(make_rt, grads):
    _, all_grads = grads
    torch.manual_seed(2)
    enc = nn.Sequential(nn.Linear(D, 5), nn.Tanh(), nn.Linear(5, H), nn.Sigmoid()).double()
    x = data()
    loss = Contractive("c", {"encoder": "enc"}, make_rt({"enc": enc}, x))
    assert loss.linear is None
    jacobians = [torch.autograd.functional.jacobian(enc, row) for row in x]  # each (H, D)
    by_hand = torch.stack([j.pow(2).sum() for j in jacobians]).mean()
    value, _ = loss(x, None)
    assert torch.allclose(value, by_hand)
    value.backward()
    assert all_grads(enc)
    with torch.no_grad():  # an evaluation still gets the value
        assert torch.allclose(loss(x, None)[0], by_hand)


WEIGHTLESS = """\
nnspec: 2
data: {dataset: digits}
networks:
  N: {layers: [{linear: 10}]}
  A: {layers: [%s]}
losses:
  xent: {type: cross_entropy, model: N}
  cost: {type: weight_cost, networks: A}
  total: {type: sum, terms: [{loss: xent}, {loss: cost, weight: 0.1}]}
schedule:
  - train: {loss: total, optimizer: {type: sgd, lr: 0.1}}
    steps: 1
"""


def test_a_weight_cost_over_a_network_without_parameters_fails_validate(errors_of):
    assert errors_of(WEIGHTLESS % "relu") == (
        "spec.yaml:8:39: error: loss 'cost' penalises weights, but 'A' has none "
        "(at losses.cost.networks)\n  expected: networks with weights\n"
        "  received: 'A' (sequential, 0 parameters)"
    )


def test_a_weight_cost_over_biases_only_fails_the_run_at_its_path(write_spec, cli):
    # batch_norm has parameters, but none of two dimensions: only the built network shows it.
    result = cli("run", "--smoke", write_spec(WEIGHTLESS % "batch_norm"), "--out", "run")
    assert result.exit_code == 1
    assert result.stderr.strip() == (
        "loss 'cost' penalises weights, but 'A' has only biases and scales "
        "(at losses.cost.networks)"
    )
    assert not Path("run").exists()  # it failed while starting: nothing trained, nothing kept


GRAPH_COST = """\
nnspec: 2
data: {dataset: digits}
networks:
  G:
    graph:
      inputs: {x: {}}
      nodes:
        flat: {from: x}
        digit: {from: flat, layers: [{linear: 10}]}
      outputs: [digit]
losses:
  xent: {type: cross_entropy, model: G}
  cost: {type: weight_cost, networks: %s}
  total: {type: sum, terms: [{loss: xent}, {loss: cost, weight: 0.1}]}
schedule:
  - train: {loss: total, optimizer: {type: sgd, lr: 0.1}}
    steps: 1
"""


def test_a_weight_cost_over_a_graph_node_counts_that_nodes_parameters(errors_of, write_spec, cli):
    assert cli("validate", write_spec(GRAPH_COST % "G.digit")).exit_code == 0
    assert errors_of(GRAPH_COST % "G.flat") == (
        "spec.yaml:13:39: error: loss 'cost' penalises weights, but 'G.flat' has none "
        "(at losses.cost.networks)\n  expected: networks with weights\n"
        "  received: 'G.flat' (graph, 0 parameters)"
    )

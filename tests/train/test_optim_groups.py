"""Parameter groups by role (Caffe's lr_mult / decay_mult) and Caffe's momentum form."""

from __future__ import annotations

import torch
from torch import nn

from nnspec.compiler import compile_networks
from nnspec.spec.pipeline import resolve
from nnspec.train.optim import build_stepper, network_roles

SPEC = """\
nnspec: 2
data: {dataset: digits, split: {test: 0.2}}
networks:
  net:
    input: [64]
    layers:
      - {linear: 8}
      - {residual: {layers: [{linear: 8}, batch_norm, relu]}}
      - {linear: 10}
losses:
  xent: {type: cross_entropy, model: net}
optimizers:
  opt:
    type: momentum
    params: [net]
    lr: 0.01
    weight_decay: 5.0e-4
    groups: {biases: {lr_mult: 2, weight_decay: 0}, norm: {weight_decay: 0}}
schedule:
  - train: {loss: xent, optimizer: opt}
    steps: 4
"""


def compiled(write_spec) -> tuple[dict, nn.Module]:
    spec = resolve(write_spec(SPEC)).typed
    networks = compile_networks(spec.networks, {"net": (64,)})
    return spec.optimizers["opt"].plain(), networks


def test_groups_apply_lr_mult_and_weight_decay_by_role(write_spec) -> None:
    options, networks = compiled(write_spec)
    net = networks["net"]
    params = list(net.parameters())
    stepper = build_stepper(options, params, ["net"], 4, 1, network_roles(networks, ["net"]))
    groups = stepper.optimizer.param_groups
    by_param = {id(p): (g["lr"], g["weight_decay"]) for g in groups for p in g["params"]}
    linear, block_linear, norm = net[0], net[1].branch[0], net[1].branch[1]
    assert by_param[id(linear.weight)] == (0.01, 5.0e-4)
    assert by_param[id(block_linear.weight)] == (0.01, 5.0e-4)
    assert by_param[id(linear.bias)] == (0.02, 0.0)
    assert by_param[id(block_linear.bias)] == (0.02, 0.0)
    assert by_param[id(norm.weight)] == by_param[id(norm.bias)] == (0.01, 0.0)
    assert sum(len(g["params"]) for g in stepper.optimizer.param_groups) == len(params)


MU, WD, STEPS = 0.9, 5.0e-4, 30


def caffe_sgd(w: torch.Tensor, grads: list[torch.Tensor], rates: list[float]) -> torch.Tensor:
    """Caffe's SGDSolver::ComputeUpdateValue, written from its source: v ← μv + η(∇ + λw)."""
    v = torch.zeros_like(w)
    for grad, rate in zip(grads, rates, strict=True):
        v = MU * v + rate * (grad + WD * w)
        w = w - v
    return w


def stepped(form: str, w0: torch.Tensor, grads: list[torch.Tensor]) -> tuple[torch.Tensor, list]:
    """nnspec's momentum under Caffe's inv policy, in the given form; the rates it used."""
    weight = nn.Parameter(w0.clone())
    options = {
        "type": "momentum",
        "lr": 0.1,
        "momentum": MU,
        "momentum_form": form,
        "weight_decay": WD,
        "clip_grad_norm": None,
        "clip_grad_value": None,
        "groups": None,
        "schedule": {"inv": {"gamma": 0.1, "power": 0.75, "unit": "step"}},
    }
    stepper = build_stepper(options, [weight], ["net"], STEPS)
    rates = []
    for grad in grads:
        rates.append(stepper.optimizer.param_groups[0]["lr"])
        weight.grad = grad.clone()
        stepper.step()
    return weight.detach(), rates


def test_caffe_momentum_form_makes_caffe_s_update_when_the_rate_changes() -> None:
    dtype = torch.float64
    gen = torch.Generator().manual_seed(0)
    w0 = torch.randn(5, generator=gen, dtype=dtype)
    grads = [torch.randn(5, generator=gen, dtype=dtype) for _ in range(STEPS)]
    caffe_form, rates = stepped("caffe", w0, grads)
    pytorch_form, _ = stepped("pytorch", w0, grads)
    reference = caffe_sgd(w0, grads, rates)
    assert torch.equal(caffe_form, reference)  # Caffe's arithmetic, op for op
    # The forms differ once the rate changes: torch's applies today's rate to old gradients.
    assert not torch.allclose(pytorch_form, reference, rtol=0, atol=1e-3)

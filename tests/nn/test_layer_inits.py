"""Inits per layer kind draw what pytorch/examples dcgan's ``weights_init`` draws."""

from __future__ import annotations

import torch
from torch import nn

from nnspec.compiler import compile_networks
from nnspec.spec.pipeline import resolve

SPEC = """\
nnspec: 2
data: {dataset: {digits: {layout: image}}, split: {test: 0.2}}
networks:
  net:
    layers:
      - {conv2d: {out: 4, kernel: 3, bias: false}}
      - batch_norm
      - relu
      - flatten
      - {linear: 10}
    init: {conv2d: {normal: 0.02}, batch_norm: {normal: {mean: 1, std: 0.02}}}
losses:
  xent: {type: cross_entropy, model: net}
schedule:
  - train: {loss: xent, optimizer: {type: sgd, lr: 0.1}}
    steps: 1
"""


def weights_init(m: nn.Module) -> None:
    """pytorch/examples dcgan/main.py, verbatim but for the style."""
    classname = m.__class__.__name__
    if classname.find("Conv") != -1:
        torch.nn.init.normal_(m.weight, 0.0, 0.02)
    elif classname.find("BatchNorm") != -1:
        torch.nn.init.normal_(m.weight, 1.0, 0.02)
        torch.nn.init.zeros_(m.bias)


def test_inits_per_layer_kind_draw_as_dcgan_s_weights_init(write_spec) -> None:
    spec = resolve(write_spec(SPEC)).typed
    torch.manual_seed(0)
    ours = compile_networks(spec.networks, {"net": (1, 8, 8)})["net"]
    torch.manual_seed(0)
    conv, norm = nn.Conv2d(1, 4, 3, bias=False), nn.BatchNorm2d(4)
    theirs = nn.Sequential(conv, norm, nn.ReLU(), nn.Flatten(), nn.Linear(144, 10))
    theirs.apply(weights_init)
    assert list(ours.state_dict()) == list(theirs.state_dict())
    drawn = zip(ours.state_dict().items(), theirs.state_dict().values(), strict=True)
    for (name, mine), other in drawn:
        assert torch.equal(mine, other), name
    assert ours[1].weight.std() < 0.1 and ours[1].weight.mean().sub(1).abs() < 0.05


def test_a_network_wide_init_is_unchanged(write_spec) -> None:
    text = SPEC.replace(
        "init: {conv2d: {normal: 0.02}, batch_norm: {normal: {mean: 1, std: 0.02}}}",
        "init: {normal: 0.02}",
    )
    net = compile_networks(resolve(write_spec(text)).typed.networks, {"net": (1, 8, 8)})["net"]
    assert torch.equal(net[1].weight, torch.ones(4))  # normalisations keep their scale
    assert torch.equal(net[4].bias, torch.zeros(10))

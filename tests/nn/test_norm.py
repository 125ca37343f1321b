"""``kept_statistics``: a repeated forward pass leaves BatchNorm's running statistics alone."""

from __future__ import annotations

import torch
from torch import nn

from nnspec.nn.norm import kept_statistics


def test_a_repeated_pass_keeps_the_running_statistics_and_its_gradient():
    torch.manual_seed(0)
    net = nn.Sequential(nn.Linear(3, 4), nn.BatchNorm1d(4), nn.ReLU(), nn.Linear(4, 1))
    x = torch.randn(8, 3)
    first = net(x)  # moves the statistics once
    once = {k: v.clone() for k, v in net.state_dict().items()}
    buffers = list(net[1].buffers())
    with kept_statistics(net):
        again = net(x)
    again.sum().backward()  # the pass's saved tensors were not modified in place
    assert torch.equal(again, first)
    assert all(torch.equal(v, once[k]) for k, v in net.state_dict().items())
    assert all(a is b for a, b in zip(net[1].buffers(), buffers, strict=True))  # the same tensors
    assert all(p.grad is not None for p in net.parameters())
    net(x)
    assert not torch.equal(net[1].running_mean, once["1.running_mean"])  # a plain pass moves them

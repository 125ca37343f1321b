"""The dbn network and its wake-sleep update: untying, gradients, free-energy classification."""

from __future__ import annotations

import pytest
import torch
import torch.nn.functional as F

from nnspec.nn.dbn import DBN
from nnspec.nn.rbm_stack import RBMStack
from nnspec.registry import REGISTRY
from nnspec.train.wake_sleep import sleep, top_cd, wake

torch.set_num_threads(1)


def dbn(labels: int = 0, seed: int = 0) -> DBN:
    torch.manual_seed(seed)
    net = DBN(6, [5, 4, 3], labels, init_std=0.5)
    with torch.no_grad():
        for p in net.parameters():
            p.add_(0.3 * torch.randn_like(p))
    return net


@pytest.mark.parametrize("labels", [0, 3])
def test_the_declared_count_is_the_modules(labels):
    params = {"visible": 6, "hidden": [5, 4, 3], "labels": labels}
    declared = REGISTRY.get("network", "dbn").count(params, (6,), None)
    assert declared == sum(p.numel() for p in dbn(labels).parameters())


def test_before_untying_it_passes_up_and_down_as_its_rbm_stack():
    net, x = dbn(), torch.rand(4, 6)
    stack = RBMStack(6, [5, 4, 3])
    stack.load_state_dict({k: v for k, v in net.state_dict().items() if k.startswith("layers")})
    assert torch.allclose(net.up(x), stack.up(x))
    h = torch.rand(4, 3)
    assert torch.allclose(net.down(h), stack.down(h))


def test_untying_copies_the_rbms_and_then_the_passes_use_the_copies():
    net, x = dbn(), torch.rand(4, 6)
    before = net.up(x)
    net.untie()
    assert bool(net.untied) and torch.allclose(net.up(x), before)
    with torch.no_grad():
        net.R[0].zero_()  # the recognition weights alone now decide the up-pass
    assert not torch.allclose(net.up(x), before)


def nll(p: torch.Tensor, target: torch.Tensor) -> torch.Tensor:
    return F.binary_cross_entropy(p, target, reduction="sum") / len(target)


def test_wake_writes_the_gradient_of_the_generative_log_likelihood():
    net, gen = dbn(), torch.Generator().manual_seed(0)
    net.untie()
    states, _ = wake(net, torch.rand(8, 6).round(), gen)
    ours = [net.G[0].grad.clone(), net.a[1].grad.clone()]
    net.zero_grad()
    loss = nll(net.level_down(states[1], 0), states[0]) + nll(
        net.level_down(states[2], 1), states[1]
    )
    loss.backward()
    assert torch.allclose(ours[0], net.G[0].grad, atol=1e-6)
    assert torch.allclose(ours[1], net.a[1].grad, atol=1e-6)


def test_sleep_writes_the_gradient_of_the_recognition_log_likelihood():
    net = dbn()
    net.untie()
    top = torch.rand(8, 4).round()
    sleep(net, top, torch.Generator().manual_seed(0))
    ours = net.R[1].grad.clone()
    net.zero_grad()
    dreamt = [None, None, top]  # the same dream, drawn again from the same generator
    gen = torch.Generator().manual_seed(0)
    with torch.no_grad():
        dreamt[1] = torch.rand(8, 5, generator=gen).lt(net.level_down(top, 1)).float()
    nll(net.level_up(dreamt[1], 1), top).backward()
    assert torch.allclose(ours, net.R[1].grad, atol=1e-6)


def test_top_cd_with_labels_moves_the_label_weights_toward_the_data():
    net = dbn(labels=3)
    v, y = torch.rand(16, 4).round(), F.one_hot(torch.zeros(16, dtype=torch.long), 3).float()
    top_cd(net, v, y, 1, torch.Generator().manual_seed(0))
    assert net.d.grad[0] < 0  # descending raises the bias of the label the data carry


def test_classification_picks_the_label_of_lowest_free_energy():
    net = dbn(labels=3)
    with torch.no_grad():
        net.d.copy_(torch.tensor([0.0, 5.0, 0.0]))  # label 1 has far lower free energy
    assert net.classify(torch.rand(5, 6)).argmax(1).tolist() == [1] * 5

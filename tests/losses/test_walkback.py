"""The walkback loss: the mean over the chain's steps of the clean example's cross-entropy,
backpropagated through the unrolled chain to every layer."""

from __future__ import annotations

import pytest
import torch

from nnspec.losses.walkback import Walkback
from nnspec.nn.gsn import GSN


def model(**noise) -> GSN:
    torch.manual_seed(0)
    return GSN(6, [5, 4, 3], **noise).double()


def cross_entropy(logits: torch.Tensor, x: torch.Tensor) -> torch.Tensor:
    """−Σ x log p + (1 − x) log(1 − p) per example, averaged over the batch."""
    p = torch.sigmoid(logits)
    return -(x * p.log() + (1 - x) * (1 - p).log()).sum(1).mean()


@pytest.mark.parametrize(("walkback", "steps"), [(None, 6), (2, 2)])
def test_the_loss_is_the_mean_over_2l_steps_of_the_cross_entropy(walkback, steps, make_rt):
    gsn, x = model(input_noise=0.0, hidden_noise=0.0, sample_input=False), torch.rand(8, 6)
    x = x.double()
    loss = Walkback("wb", {"model": "gsn", "walkback": walkback}, make_rt({"gsn": gsn}, x))
    value, logs = loss(x, None)
    per_step = [cross_entropy(z, x) for z in gsn.chain(x, steps, None)]
    assert torch.allclose(value, torch.stack(per_step).mean())
    assert torch.allclose(logs["first_step"], per_step[0])
    assert torch.allclose(logs["last_step"], per_step[-1])


def test_walkback_trains_every_layer_where_one_step_reaches_only_the_first(make_rt):
    x = (torch.rand(8, 6, generator=torch.Generator().manual_seed(1)) < 0.5).double()
    reached = {}
    for walkback in (1, None):
        gsn = model()
        Walkback("wb", {"model": "gsn", "walkback": walkback}, make_rt({"gsn": gsn}, x))(x, None)[
            0
        ].backward()
        reached[walkback] = [p.grad is not None and bool(p.grad.any()) for p in gsn.parameters()]
    # parameters: W⁰, W¹, W², then b⁰..b³
    assert reached[1] == [True, False, False, True, True, False, False]
    assert all(reached[None])

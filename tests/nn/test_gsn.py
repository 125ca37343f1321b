"""The deep GSN's chain: the paper's update order, its noise, and its samples."""

from __future__ import annotations

import math

import pytest
import torch

from nnspec.nn.gsn import GSN

torch.set_num_threads(1)


def quiet(hidden: list[int], seed: int = 0) -> GSN:
    """A noiseless GSN (its chain deterministic), with random biases, in double."""
    torch.manual_seed(seed)
    gsn = GSN(5, hidden, input_noise=0.0, hidden_noise=0.0, sample_input=False).double()
    with torch.no_grad():
        for b in gsn.b:
            b.normal_(0, 0.5)
    return gsn


def by_hand(gsn: GSN, x: torch.Tensor, steps: int) -> list[torch.Tensor]:
    """Three hidden layers, written out: h1 and h3 from the old h2, then h2, then x."""
    (W0, W1, W2), (b0, b1, b2, b3) = list(gsn.W), list(gsn.b)
    h1, h2, h3 = (x.new_zeros(len(x), len(b)) for b in (b1, b2, b3))
    out = []
    for _ in range(steps):
        h1 = torch.tanh(x @ W0 + h2 @ W1.T + b1)
        h3 = torch.tanh(h2 @ W2 + b3)
        h2 = torch.tanh(h1 @ W1 + h3 @ W2.T + b2)
        out.append(h1 @ W0.T + b0)
        x = torch.sigmoid(out[-1])
    return out


def test_without_noise_the_chain_is_the_papers_odd_then_even_update() -> None:
    gsn, x = quiet([4, 3, 2]), torch.rand(6, 5, dtype=torch.float64)
    chain = gsn.chain(x, 4, None)
    expected = by_hand(gsn, x, 4)
    assert len(chain) == 4
    for got, want in zip(chain, expected, strict=True):
        assert torch.allclose(got, want)


def tanh_power(sigma: float) -> float:
    """E[tanh(σZ)²], Z ~ N(0, 1), by Monte Carlo."""
    z = torch.randn(400000, generator=torch.Generator().manual_seed(3), dtype=torch.float64)
    return torch.tanh(sigma * z).pow(2).mean().item()


@pytest.mark.parametrize("noisy_h1", [True, False])
def test_hidden_units_get_gaussian_noise_before_and_after_their_tanh(noisy_h1) -> None:
    # With zero weights and biases a noisy h = tanh(ε₁) + ε₂: variance E[tanh(σZ)²] + σ².
    gsn = GSN(3, [20000, 20000], input_noise=0.0, hidden_noise=2.0, noisy_h1=noisy_h1)
    with torch.no_grad():
        for W in gsn.W:
            W.zero_()
    states = gsn.start(torch.zeros(10, 3), torch.Generator().manual_seed(1))
    gen = torch.Generator().manual_seed(2)
    gsn.hidden_step(states, 1, gen), gsn.hidden_step(states, 2, gen)
    noisy = tanh_power(2.0) + 4.0
    assert math.isclose(states[2].var().item(), noisy, rel_tol=0.01)
    if noisy_h1:
        assert math.isclose(states[1].var().item(), noisy, rel_tol=0.01)
    else:  # the paper's code: x's salt and pepper is h1's noise
        assert not states[1].any()


def test_the_chain_starts_from_salt_and_pepper_on_x_and_zero_hidden_layers() -> None:
    gsn = GSN(50, [4, 3], input_noise=0.4)
    x, h1, h2 = gsn.start(torch.full((400, 50), 0.5), torch.Generator().manual_seed(0))
    salted = x != 0.5
    assert abs(salted.double().mean().item() - 0.4) < 0.01  # each value with probability 0.4
    assert abs(x[salted].mean().item() - 0.5) < 0.02  # half of them 1, half 0
    assert set(x[salted].unique().tolist()) == {0.0, 1.0}
    assert not h1.any() and not h2.any() and h1.shape == (400, 4) and h2.shape == (400, 3)


def test_samples_are_x_means_after_the_given_steps_from_the_same_draws() -> None:
    gsn = GSN(5, [4, 3], sample_steps=7)
    samples = gsn.draw_chain(9, torch.Generator().manual_seed(0))
    gen = torch.Generator().manual_seed(0)
    start = (torch.rand(9, 5, generator=gen) < 0.5).float()
    replayed = torch.sigmoid(gsn.chain(start, 7, gen)[-1])
    assert samples.shape == (9, 5) and torch.equal(samples, replayed)
    assert samples.min() > 0 and samples.max() < 1  # means, not bits

"""The Boltzmann machine: symmetric couplings, the seed's energy, exact sums, AIS, Gibbs sweeps."""

from __future__ import annotations

import itertools

import pytest
import torch

from nnspec.nn.boltzmann import BoltzmannMachine

torch.set_num_threads(1)


def machine(visible: int = 4, hidden: int = 3, seed: int = 0) -> BoltzmannMachine:
    torch.manual_seed(seed)
    bm = BoltzmannMachine(visible, hidden, init_std=1.0, steps=50).double()
    with torch.no_grad():
        bm.bias.normal_(0, 0.5)
    return bm


def every_state(n: int) -> torch.Tensor:
    return torch.tensor(list(itertools.product([0.0, 1.0], repeat=n)), dtype=torch.float64)


def test_couplings_are_symmetric_with_a_zero_diagonal_and_one_weight_per_pair() -> None:
    bm = machine()
    assert torch.equal(bm.W, bm.W.T) and not bm.W.diagonal().any()
    assert sum(p.numel() for p in bm.parameters()) == 7 * 6 // 2 + 7


def test_energy_is_the_seeds_sum_over_pairs() -> None:
    bm, s = machine(), every_state(7)[37:40]
    W, b = bm.W, bm.bias
    pairs = sum(W[i, j] * s[:, i] * s[:, j] for i in range(7) for j in range(i + 1, 7))
    assert torch.allclose(bm.energy(s), -(pairs + s @ b))


@torch.no_grad()
def test_exact_sums_are_brute_force() -> None:
    bm = machine()
    states = every_state(7)
    assert bm.exact_log_partition() == pytest.approx(float(torch.logsumexp(-bm.energy(states), 0)))
    v = states[::16, :4]  # 8 distinct visible states
    by_hand = [torch.logsumexp(-bm.energy(states[(states[:, :4] == row).all(1)]), 0) for row in v]
    assert torch.allclose(bm.log_unnormalised(v), torch.stack(by_hand))


@pytest.mark.slow
def test_ais_log_z_is_within_a_tenth_of_a_nat_of_the_exact_log_z() -> None:
    bm = machine(6, 4, seed=2)
    gen = torch.Generator().manual_seed(0)
    estimate, _ = bm.ais_log_partition(runs=100, steps=500, generator=gen)
    assert abs(estimate - bm.exact_log_partition()) < 0.1


@torch.no_grad()
def test_free_gibbs_sweeps_sample_the_model_distribution() -> None:
    """Chain histograms over the 2^5 states approach the exact p(s) = exp(−E(s)) / Z."""
    bm = machine(3, 2, seed=1)
    gen = torch.Generator().manual_seed(0)
    s = bm.free(torch.zeros(4000, 5, dtype=torch.float64), 30, gen)
    codes = (s * 2 ** torch.arange(5, dtype=torch.float64)).sum(1).long()
    seen = torch.bincount(codes, minlength=32).double() / len(s)
    states = ((torch.arange(32)[:, None] >> torch.arange(5)) & 1).double()
    exact = torch.softmax(-bm.energy(states), 0)
    assert (seen - exact).abs().sum() < 0.08  # total variation × 2, from 4000 draws


@torch.no_grad()
def test_clamped_phase_keeps_the_visible_units() -> None:
    bm, v = machine(), torch.tensor([[1, 0, 1, 1.0], [0, 0, 0, 1.0]], dtype=torch.float64)
    s = bm.clamped(v, 3, torch.Generator().manual_seed(0))
    assert torch.equal(s[:, :4], v) and set(s[:, 4:].flatten().tolist()) <= {0.0, 1.0}
    assert bm(v).shape == (2, 3)

"""The boltzmann and mean_field losses: their gradients are the seed's updates, and they learn.

The oracle: a Boltzmann machine learning bars and stripes (3×3, 14 equally likely
patterns), whose KL divergence from that known target is computed exactly by enumeration.
"""

from __future__ import annotations

import math

import pytest
import torch

from nnspec.losses.boltzmann import BoltzmannLearning, MeanFieldLearning
from nnspec.nn.boltzmann import BoltzmannMachine
from nnspec.nn.dbm import DBM


def bars_and_stripes() -> torch.Tensor:
    """The 14 distinct 3×3 bars-and-stripes images, flat (14, 9)."""
    bits = (torch.arange(8)[:, None] >> torch.arange(3)) & 1
    rows = bits[:, :, None].expand(8, 3, 3)
    images = torch.cat([rows, rows.transpose(1, 2)[1:-1]])
    return images.reshape(14, 9).double()


def kl_to_target(bm: BoltzmannMachine, patterns: torch.Tensor) -> float:
    """KL(uniform over the patterns ‖ p_model), exact."""
    log_p = bm.log_unnormalised(patterns) - bm.exact_log_partition()
    return float(-math.log(len(patterns)) - log_p.mean())


def bm_params(**over) -> dict:
    return {"model": "bm", "sweeps": 2, "chains": 50, "persistent": True, "weight_cost": 0.0} | over


@pytest.mark.slow
@pytest.mark.parametrize("persistent", [True, False])
def test_a_boltzmann_machine_learns_a_known_distribution(persistent, make_rt) -> None:
    torch.manual_seed(0)
    bm, patterns = BoltzmannMachine(9, 3, init_std=0.01, steps=10).double(), bars_and_stripes()
    data = patterns.repeat(10, 1)
    loss = BoltzmannLearning("bm", bm_params(persistent=persistent), make_rt({"bm": bm}, data))
    optimizer = torch.optim.SGD(bm.parameters(), lr=0.2)
    before = kl_to_target(bm, patterns)
    for _ in range(300):
        optimizer.zero_grad()
        loss(data[torch.randperm(len(data))[:20]], None)[0].backward()
        optimizer.step()
    after = kl_to_target(bm, patterns)
    assert before > 2.5 and after < 1.0  # from nearly uniform over 512 states to close to 14


def test_the_gradient_is_clamped_minus_free_correlations(make_rt, replay) -> None:
    torch.manual_seed(1)
    bm, data = BoltzmannMachine(4, 2, init_std=0.5, steps=5).double(), bars_and_stripes()[:6, :4]
    rt = make_rt({"bm": bm}, data)
    loss = BoltzmannLearning("bm", bm_params(persistent=False), rt)
    g = replay(rt)
    clamped = bm.clamped(data, 2, g)
    free = bm.free(clamped, 2, g)
    loss(data, None)[0].backward()
    correlation = clamped.T @ clamped / len(data) - free.T @ free / len(free)
    rows, cols = bm.pairs
    assert torch.allclose(bm.weights.grad, -correlation[rows, cols])
    assert torch.allclose(bm.bias.grad, -(clamped.mean(0) - free.mean(0)))


def test_persistent_chains_advance_in_training_only_and_round_trip(make_rt) -> None:
    torch.manual_seed(2)
    bm, data = BoltzmannMachine(4, 2, init_std=0.5, steps=5).double(), bars_and_stripes()[:6, :4]
    loss = BoltzmannLearning("bm", bm_params(chains=7), make_rt({"bm": bm}, data))
    loss(data, None)
    first = loss.chains[0].clone()
    assert first.shape == (7, 6)
    bm.eval()
    loss(data, None)
    assert torch.equal(loss.chains[0], first)
    bm.train()
    loss(data, None)
    saved = loss.state_dict()
    fresh = BoltzmannLearning("bm", bm_params(chains=7), make_rt({"bm": bm}, data))
    fresh.load_state_dict(saved)
    assert torch.equal(fresh.chains[0], loss.chains[0])


def dbm_params(**over) -> dict:
    return {"model": "dbm", "k": 1, "chains": 5, "weight_cost": 0.0} | over


def small_dbm() -> tuple[DBM, torch.Tensor]:
    torch.manual_seed(3)
    return DBM(9, [4, 3], init_std=0.3, steps=5).double(), bars_and_stripes()


def test_mean_field_gradient_is_posterior_minus_chain_correlations(make_rt, replay) -> None:
    dbm, data = small_dbm()
    rt = make_rt({"dbm": dbm}, data)
    loss = MeanFieldLearning("dbm", dbm_params(weight_cost=0.1), rt)
    g = replay(rt)
    mu = dbm.posterior(data)
    chains = dbm.gibbs(dbm.free_chains(5, g), 1, g)
    loss(data, None)[0].backward()
    for level in range(2):
        data_term = mu[level].T @ mu[level + 1] / len(data)
        model_term = chains[level].T @ chains[level + 1] / 5
        wanted = -(data_term - model_term) + 0.1 * dbm.W[level]
        assert torch.allclose(dbm.W[level].grad, wanted.detach())


def test_visible_biases_start_at_the_data_log_odds(make_rt) -> None:
    dbm, data = small_dbm()
    MeanFieldLearning("dbm", dbm_params(), make_rt({"dbm": dbm}, data))
    p = data.mean(0).clamp(1e-3, 1 - 1e-3)
    assert torch.allclose(dbm.b[0], torch.log(p / (1 - p)))


def test_pretraining_levels_are_rbms_with_doubled_weights(make_rt, replay) -> None:
    dbm, data = small_dbm()
    rt = make_rt({"dbm": dbm}, data)
    loss = MeanFieldLearning("dbm", dbm_params(), rt)
    assert loss.levels() == 2
    assert [len(loss.level_params(level)) for level in range(2)] == [3, 2]  # b_v set below
    up = torch.sigmoid(2 * data @ dbm.W[0] + dbm.b[1])  # the bottom RBM doubles its up-pass
    assert torch.allclose(loss.level_data(data, 1, "mean"), up)
    g = replay(rt)
    W, bv, bh = dbm.W[1], dbm.b[1], dbm.b[2]
    h = torch.sigmoid(up @ W + bh)  # the top RBM: single up, double down
    v_model = torch.sigmoid(2 * (torch.bernoulli(h.detach(), generator=g) @ W.T) + bv)
    h_model = torch.sigmoid(v_model @ W + bh)
    loss.level_term(1, "mean")(data, None)[0].backward()
    wanted = -(up.T @ h - v_model.T @ h_model) / len(data)
    assert torch.allclose(W.grad, wanted.detach())
    assert dbm.W[0].grad is None

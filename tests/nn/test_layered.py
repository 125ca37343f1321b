"""Layered Boltzmann machines (RBM, DBM): exact log Z by enumeration, AIS, the mean-field bound.

The oracle is brute force: every joint state of every layer, scored by the energy.
"""

from __future__ import annotations

import itertools

import pytest
import torch

from nnspec.nn import layered
from nnspec.nn.dbm import DBM

torch.set_num_threads(1)


def small_dbm(sizes: tuple[int, ...], scale: float = 1.0, seed: int = 0) -> DBM:
    torch.manual_seed(seed)
    model = DBM(sizes[0], list(sizes[1:]), init_std=scale, steps=30).double()
    with torch.no_grad():
        for b in model.b:
            b.normal_(0, 0.5)
    return model


@torch.no_grad()
def brute_log_z(model: DBM) -> float:
    """log Σ exp(−E(x)) over every state of every layer."""
    sizes = [len(b) for b in model.b]
    rows = torch.tensor(list(itertools.product([0.0, 1.0], repeat=sum(sizes))), dtype=torch.float64)
    x = list(rows.split(sizes, 1))
    return float(torch.logsumexp(-model.energy(x), 0))


@torch.no_grad()
def brute_log_p_star(model: DBM, v: torch.Tensor) -> torch.Tensor:
    sizes = [len(b) for b in model.b][1:]
    h = torch.tensor(list(itertools.product([0.0, 1.0], repeat=sum(sizes))), dtype=torch.float64)
    out = []
    for row in v:
        x = [row.expand(len(h), -1), *h.split(sizes, 1)]
        out.append(torch.logsumexp(-model.energy(x), 0))
    return torch.stack(out)


@pytest.mark.parametrize("sizes", [(4, 3), (4, 3, 2), (3, 2, 3, 2)])
def test_exact_log_z_enumerating_even_layers_is_brute_force(sizes) -> None:
    model = small_dbm(sizes)
    assert model.exact_log_partition() == pytest.approx(brute_log_z(model), abs=1e-9)


def test_exact_log_p_star_sums_every_hidden_state() -> None:
    model = small_dbm((4, 3, 2))
    v = torch.tensor([[0, 1, 1, 0], [1, 1, 1, 1.0]], dtype=torch.float64)
    assert torch.allclose(model.log_unnormalised(v, exact=True), brute_log_p_star(model, v))


def test_mean_field_is_a_lower_bound_and_exact_for_one_hidden_layer() -> None:
    v = torch.tensor([[0, 1, 1, 0], [1, 0, 1, 1.0]], dtype=torch.float64)
    deep, rbm = small_dbm((4, 3, 2)), small_dbm((4, 3))
    bound, exact = deep.log_unnormalised(v, exact=False), deep.log_unnormalised(v, exact=True)
    assert (bound <= exact + 1e-9).all() and (exact - bound).max() > 1e-4
    assert torch.allclose(rbm.log_unnormalised(v, exact=False), rbm.log_unnormalised(v, exact=True))


@pytest.mark.slow
def test_ais_log_z_is_within_a_tenth_of_a_nat_of_the_exact_log_z() -> None:
    """The issue's oracle: a DBM small enough to enumerate (2^(6 + 4) even states)."""
    model = small_dbm((6, 5, 4), scale=1.0, seed=3)
    exact = model.exact_log_partition()
    gen = torch.Generator().manual_seed(0)
    estimate, stderr = model.ais_log_partition(runs=200, steps=2000, generator=gen)
    assert abs(estimate - exact) < 0.1
    assert stderr < 0.1


def test_too_many_states_to_enumerate_are_refused() -> None:
    model = DBM(20, [4, 5], init_std=0.1, steps=1).double()
    with pytest.raises(ValueError, match=r"exact log Z enumerates 2\^25 states; at most 2\^22"):
        model.exact_log_partition()


def test_the_pretraining_doubles_weights_where_a_layer_has_two_neighbours() -> None:
    three = DBM(4, [3, 3, 2], init_std=0.1, steps=1)
    assert [three.doubling(level) for level in range(3)] == [(2, 1), (2, 2), (1, 2)]
    assert DBM(4, [3], init_std=0.1, steps=1).doubling(0) == (1, 1)  # one level: an RBM


def test_energy_matches_the_seed_formula() -> None:
    model = small_dbm((3, 2, 2))
    rows = ([[1, 0, 1.0]], [[1, 1.0]], [[0, 1.0]])
    x = [torch.tensor(r, dtype=torch.float64) for r in rows]
    W, b = model.W, model.b
    expected = -(
        x[0] @ W[0] @ x[1].T
        + x[1] @ W[1] @ x[2].T
        + sum(xl @ bl for xl, bl in zip(x, b, strict=True))
    )
    assert torch.allclose(model.energy(x), expected.flatten())
    assert layered.entropy(torch.tensor([[0.5, 0.5]])).item() == pytest.approx(2 * 0.6931, abs=1e-4)


def test_ais_matches_an_rbm_enumerated_over_its_hidden_units() -> None:
    """A one-layer DBM is an RBM: exact log Z sums its 2^12 hidden states instead."""
    from nnspec.metrics.rbm import log_partition
    from nnspec.nn.rbm import RBM

    model, rbm = small_dbm((64, 12), scale=0.5, seed=4), RBM(64, 12).double()
    with torch.no_grad():
        rbm.W.copy_(model.W[0]), rbm.a.copy_(model.b[0]), rbm.b.copy_(model.b[1])
    estimate, _ = model.ais_log_partition(100, 1000, torch.Generator().manual_seed(0))
    assert abs(estimate - log_partition(rbm)) < 0.1

"""RBM metrics against scikit-learn, brute-force enumeration, and an end-to-end training oracle."""

import itertools
import math

import numpy as np
import pytest
import torch
from sklearn.neural_network import BernoulliRBM

from nnspec.metrics.rbm import (
    exact_log_likelihood,
    free_energy_mean,
    log_partition,
    pseudo_likelihood,
    reconstruction_error,
)
from nnspec.nn.contrastive import PersistentChains
from nnspec.nn.rbm import RBM

torch.set_num_threads(1)


def binary_states(n: int) -> torch.Tensor:
    return torch.tensor(list(itertools.product([0.0, 1.0], repeat=n)))  # (2^n, n)


def random_rbm(units: str = "bernoulli", visible: int = 5, hidden: int = 4, seed: int = 0) -> RBM:
    g = torch.Generator().manual_seed(seed)
    rbm = RBM(visible, hidden, units, init_std=0.7, generator=g)
    with torch.no_grad():
        rbm.a.copy_(torch.randn(visible, generator=g) * 0.5)
        rbm.b.copy_(torch.randn(hidden, generator=g) * 0.5)
    return rbm


def bars_and_stripes(n: int = 3) -> torch.Tensor:
    """The 2^(n+1) - 2 distinct n×n images whose rows (or columns) are all on or all off."""
    lines = torch.tensor(list(itertools.product([0.0, 1.0], repeat=n)))  # (2^n, n)
    rows = lines.repeat_interleave(n, dim=1)  # each line value fills a row
    cols = lines.repeat(1, n)  # each line value fills a column
    return torch.unique(torch.cat([rows, cols]), dim=0)


def test_pseudo_likelihood_equals_scikit_learn_for_the_same_flips():
    rbm = random_rbm(visible=7, hidden=5)
    v = torch.bernoulli(torch.full((30, 7), 0.4), generator=torch.Generator().manual_seed(1))
    sk = BernoulliRBM(n_components=5, random_state=3)
    sk.components_ = rbm.W.detach().numpy().T.astype(np.float64)
    sk.intercept_hidden_ = rbm.b.detach().numpy().astype(np.float64)
    sk.intercept_visible_ = rbm.a.detach().numpy().astype(np.float64)
    sk.n_features_in_ = 7
    # score_samples draws its flips with RandomState(random_state).randint(0, V, N).
    flips = np.random.RandomState(3).randint(0, 7, 30)
    ours = pseudo_likelihood(rbm.double(), v.double(), indices=torch.from_numpy(flips))
    assert np.allclose(ours.numpy(), sk.score_samples(v.numpy().astype(np.float64)))


def test_pseudo_likelihood_draws_flips_from_the_generator():
    rbm = random_rbm()
    v = torch.bernoulli(torch.full((20, 5), 0.5), generator=torch.Generator().manual_seed(1))
    first = pseudo_likelihood(rbm, v, torch.Generator().manual_seed(4))
    assert torch.equal(first, pseudo_likelihood(rbm, v, torch.Generator().manual_seed(4)))
    assert (first < 0).all()
    with pytest.raises(ValueError, match="Bernoulli"):
        pseudo_likelihood(random_rbm("gaussian"), v)


def test_exact_log_likelihood_matches_enumeration_over_v_and_h():
    rbm = random_rbm(visible=5, hidden=4)
    vs, hs = binary_states(5).double(), binary_states(4).double()
    model = rbm.double()
    energy = torch.stack([model.energy(vs, h.expand(len(vs), -1)) for h in hs], dim=1)
    brute = torch.logsumexp(-energy, dim=1) - torch.logsumexp(-energy.flatten(), dim=0)
    ours = exact_log_likelihood(rbm, vs)
    assert ours.dtype == torch.float64
    assert torch.allclose(ours, brute.detach())
    assert math.isclose(float(ours.exp().sum()), 1.0, rel_tol=1e-9)


def test_gaussian_exact_log_likelihood_is_a_normalised_density():
    rbm = random_rbm("gaussian", visible=2, hidden=3)
    axis = torch.linspace(-9, 9, 721, dtype=torch.float64)
    grid = torch.cartesian_prod(axis, axis)  # (721², 2)
    cell = float(axis[1] - axis[0]) ** 2
    total = float(exact_log_likelihood(rbm, grid).exp().sum()) * cell
    assert math.isclose(total, 1.0, rel_tol=1e-6)


def test_log_partition_does_not_depend_on_the_chunking():
    rbm = random_rbm(visible=6, hidden=7)
    assert math.isclose(log_partition(rbm, chunk=5), log_partition(rbm), rel_tol=1e-12)
    with pytest.raises(ValueError, match="2\\^H"):
        log_partition(RBM(3, 21))


def test_free_energy_mean_and_reconstruction_error_are_the_defined_quantities():
    rbm = random_rbm()
    v = torch.bernoulli(torch.full((10, 5), 0.5), generator=torch.Generator().manual_seed(2))
    assert math.isclose(
        free_energy_mean(rbm, v), float(rbm.free_energy(v).mean().detach()), rel_tol=1e-6
    )
    with torch.no_grad():
        recon = torch.sigmoid(rbm.a + torch.sigmoid(rbm.b + v @ rbm.W) @ rbm.W.T)
    expected = float(((v - recon) ** 2).mean())
    assert math.isclose(reconstruction_error(rbm, v), expected, rel_tol=1e-6)


@pytest.mark.parametrize(("k", "persistent"), [(1, False), (5, False), (1, True)])
def test_cd_training_raises_the_exact_log_likelihood(k, persistent):
    data = bars_and_stripes()  # (14, 9); the best any model can do is log(1/14) = -2.64
    g = torch.Generator().manual_seed(0)
    rbm = RBM(9, 8, generator=g)
    start = float(exact_log_likelihood(rbm, data).mean())
    opt = torch.optim.SGD(rbm.parameters(), lr=0.1, momentum=0.5)
    chains = PersistentChains.start(rbm, 64) if persistent else None
    for _ in range(1500):
        batch = data[torch.randint(0, len(data), (32,), generator=g)]
        loss, _, _ = rbm.cd_loss(batch, k, chains, g)
        opt.zero_grad()
        loss.backward()
        opt.step()
    end = float(exact_log_likelihood(rbm, data).mean())
    assert math.isclose(start, -9 * math.log(2), abs_tol=0.05)
    assert end > start + 2.0

"""Hopfield storage, energy and update dynamics."""

import torch

from nnspec.nn.hopfield import Hopfield

torch.set_num_threads(1)


def random_patterns(n_patterns: int, size: int, seed: int = 0) -> torch.Tensor:
    g = torch.Generator().manual_seed(seed)
    return torch.where(torch.rand(n_patterns, size, generator=g) < 0.5, 1.0, -1.0)


def test_hebbian_storage_is_the_normalised_outer_product_with_zero_diagonal():
    patterns = random_patterns(3, 10)
    net = Hopfield(10)
    net.store(patterns)
    expected = sum(torch.outer(p, p) for p in patterns) / 10
    off_diagonal = ~torch.eye(10, dtype=torch.bool)
    assert torch.allclose(net.W[off_diagonal], expected[off_diagonal])
    assert torch.equal(net.W.diagonal(), torch.zeros(10))
    assert torch.equal(net.W, net.W.T)


def test_energy_is_the_seed_formula():
    net = Hopfield(6, threshold=0.3)
    net.store(random_patterns(2, 6))
    s = random_patterns(4, 6, seed=1)
    for state, energy in zip(s, net.energy(s), strict=True):
        pairs = sum(net.W[i, j] * state[i] * state[j] for i in range(6) for j in range(6))
        assert torch.isclose(energy, -0.5 * pairs + 0.3 * state.sum())


def test_asynchronous_updates_never_raise_the_energy():
    net = Hopfield(40, threshold=0.1)
    net.store(random_patterns(12, 40))
    s = random_patterns(50, 40, seed=2)
    g = torch.Generator().manual_seed(0)
    for _ in range(5):
        new = net.update_async(s, g)
        assert (net.energy(new) <= net.energy(s) + 1e-5).all()
        s = new


def test_few_stored_patterns_are_fixed_points_and_attract_noisy_probes():
    patterns = random_patterns(3, 64)
    net = Hopfield(64)
    net.store(patterns)
    assert net.is_fixed_point(patterns).all()
    noisy = patterns.clone()
    noisy[:, :5] *= -1
    g = torch.Generator().manual_seed(0)
    assert torch.equal(net.recall(noisy, generator=g), patterns)
    assert torch.equal(net.recall(noisy, synchronous=True), patterns)


def test_ties_go_to_plus_one_and_recall_stops_at_a_fixed_point():
    net = Hopfield(4)  # zero weights: every field equals the zero threshold
    s = torch.tensor([[-1.0, 1.0, -1.0, -1.0]])
    assert torch.equal(net.update_sync(s), torch.ones(1, 4))
    assert net.is_fixed_point(net.recall(s)).all()


def test_recall_is_deterministic_given_a_generator():
    net = Hopfield(50)
    net.store(random_patterns(10, 50))
    probes = random_patterns(8, 50, seed=3)

    def run(seed):
        return net.recall(probes, generator=torch.Generator().manual_seed(seed))

    assert torch.equal(run(1), run(1))

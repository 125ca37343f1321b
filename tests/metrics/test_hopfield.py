"""Hopfield recall accuracy and its capacity limit near 0.14 N."""

import torch

from nnspec.metrics.hopfield import corrupt, recall_accuracy
from nnspec.nn.hopfield import Hopfield

torch.set_num_threads(1)
SIZE = 200


def stored(n_patterns: int, seed: int = 0) -> tuple[Hopfield, torch.Tensor]:
    g = torch.Generator().manual_seed(seed)
    patterns = torch.where(torch.rand(n_patterns, SIZE, generator=g) < 0.5, 1.0, -1.0)
    net = Hopfield(SIZE)
    net.store(patterns)
    return net, patterns


def test_corrupt_flips_exactly_the_requested_number_of_bits():
    _, patterns = stored(6)
    probes = corrupt(patterns, 0.1, torch.Generator().manual_seed(0))
    assert ((probes != patterns).sum(1) == 20).all()


def test_recall_is_near_perfect_well_below_capacity_and_fails_above_it():
    g = torch.Generator().manual_seed(1)
    below = recall_accuracy(*stored(10), 0.1, g)  # 0.05 N
    above = recall_accuracy(*stored(40), 0.1, g)  # 0.2 N, beyond 0.138 N
    assert below >= 0.9
    assert above <= 0.5


def test_bitwise_accuracy_is_at_least_the_exact_share():
    net, patterns = stored(30)
    exact = recall_accuracy(net, patterns, 0.1, torch.Generator().manual_seed(2))
    bitwise = recall_accuracy(net, patterns, 0.1, torch.Generator().manual_seed(2), exact=False)
    assert exact <= bitwise < 1.0

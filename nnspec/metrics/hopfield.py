"""Hopfield recall from corrupted probes: the associative-memory test of seed 003.

Each stored pattern is probed with exactly round(flip_fraction · N) of its bits flipped,
chosen uniformly without replacement, and the network is run to a fixed point.
"""

from __future__ import annotations

import torch
from torch import Tensor

from nnspec.nn.hopfield import Hopfield


def corrupt(
    patterns: Tensor, flip_fraction: float, generator: torch.Generator | None = None
) -> Tensor:
    """Copies of ±1 ``patterns`` with round(flip_fraction · N) distinct bits of each flipped."""
    n_patterns, size = patterns.shape
    flips = round(flip_fraction * size)
    scores = torch.rand(n_patterns, size, generator=generator)  # (P, N)
    chosen = scores.argsort(dim=1)[:, :flips]  # (P, flips): a uniform subset per row
    sign = torch.ones(n_patterns, size)
    sign.scatter_(1, chosen, -1.0)
    return patterns * sign.to(patterns.dtype)


def recall_accuracy(
    net: Hopfield,
    patterns: Tensor,
    flip_fraction: float,
    generator: torch.Generator | None = None,
    exact: bool = True,
    max_sweeps: int = 100,
) -> float:
    """Share of patterns recalled exactly (``exact``) or share of bits recalled (otherwise).

    Recall is asynchronous, with the unit order drawn from ``generator``; the stored
    pattern itself is the target (a spurious state or the negated pattern counts as wrong).
    """
    probes = corrupt(patterns, flip_fraction, generator)
    recalled = net.recall(probes, max_sweeps=max_sweeps, generator=generator)
    correct = recalled == patterns.to(recalled.dtype)  # (P, N)
    return float(correct.all(1).double().mean() if exact else correct.double().mean())

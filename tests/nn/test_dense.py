"""Maxout computes the max over its linear pieces."""

from __future__ import annotations

import torch

from nnspec.nn.dense import Maxout


def test_maxout_is_the_max_of_its_pieces() -> None:
    torch.manual_seed(0)
    unit = Maxout(features=5, out=3, pieces=4)
    x = torch.randn(2, 5)
    z = unit.linear(x).view(2, 3, 4)  # piece j of unit i is row i * pieces + j
    expected = torch.stack([z[:, i, :].max(dim=1).values for i in range(3)], dim=1)
    assert torch.equal(unit(x), expected)


def test_maxout_per_step_on_sequences() -> None:
    unit = Maxout(features=5, out=3, pieces=2)
    x = torch.randn(2, 7, 5)
    assert torch.equal(unit(x)[:, 4], unit(x[:, 4]))

"""Small RBMs and data shared by the RBM and contrastive-divergence tests."""

import itertools

import torch

from nnspec.nn.rbm import RBM

UNITS = ["bernoulli", "gaussian"]


def binary_states(n: int) -> torch.Tensor:
    return torch.tensor(list(itertools.product([0.0, 1.0], repeat=n)))  # (2^n, n)


def random_rbm(units: str, visible: int = 4, hidden: int = 3, seed: int = 0) -> RBM:
    g = torch.Generator().manual_seed(seed)
    rbm = RBM(visible, hidden, units, init_std=0.8, generator=g).double()
    with torch.no_grad():
        rbm.a.copy_(torch.randn(visible, generator=g, dtype=torch.float64))
        rbm.b.copy_(torch.randn(hidden, generator=g, dtype=torch.float64))
    return rbm


def data_for(units: str, n: int = 16, visible: int = 4, seed: int = 1) -> torch.Tensor:
    g = torch.Generator().manual_seed(seed)
    if units == "bernoulli":
        return torch.bernoulli(torch.full((n, visible), 0.5, dtype=torch.float64), generator=g)
    return torch.randn(n, visible, generator=g, dtype=torch.float64)

"""A small sigmoid autoencoder and its data, shared by the autoencoder and regulariser tests."""

import torch
from torch import nn

B, D, H = 4, 6, 3  # batch, input width, code width


def nets() -> dict:
    """An encoder ``enc`` (linear, sigmoid) and a linear decoder ``dec``, float64, seeded."""
    torch.manual_seed(0)
    return {
        "enc": nn.Sequential(nn.Linear(D, H), nn.Sigmoid()).double(),
        "dec": nn.Linear(H, D).double(),
    }


def data(shape=(B, D)) -> torch.Tensor:
    return torch.rand(shape, generator=torch.Generator().manual_seed(1), dtype=torch.float64)

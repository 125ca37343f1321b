"""scikit-learn's 8x8 digits split and batched as nnspec documents it, in plain numpy/torch.

The split (nnspec.data.split's docstring): ``perm = default_rng(seed).permutation(n)``,
test takes the first ``ceil(test * n)`` rows, train the rest, each in original order.
Batches (nnspec.data.batches): epoch e's order is ``randperm(n)`` from a generator
seeded ``seed + e`` (``0..n-1`` without shuffling); the last batch may be short.
"""

from __future__ import annotations

import math
from collections.abc import Iterator

import numpy as np
import torch
from sklearn.datasets import load_digits


def scale(a: np.ndarray, lo: float, hi: float, to_lo: float = 0.0, to_hi: float = 1.0):
    return ((a - lo) * ((to_hi - to_lo) / (hi - lo)) + to_lo).astype(np.float32)


def digits(seed: int, test: float, scales: list[tuple[float, float]]) -> dict:
    """{"train": (x, y), "test": (x, y)} as (N, 1, 8, 8) float32 images and int64 labels."""
    x, y = load_digits(return_X_y=True)
    x = np.asarray(x, np.float32).reshape(-1, 1, 8, 8)
    for lo, hi in scales:
        x = scale(x, lo, hi)
    perm = np.random.default_rng(seed).permutation(len(x))
    n_test = math.ceil(test * len(x))
    rows = {"test": np.sort(perm[:n_test]), "train": np.sort(perm[n_test:])}
    return {k: (torch.from_numpy(x[r]), torch.from_numpy(y[r]).long()) for k, r in rows.items()}


def batches(x, y, size: int, seed: int, shuffle: bool) -> Iterator[tuple]:
    """Batches forever, epoch after epoch."""
    epoch = 0
    while True:
        if shuffle:
            order = torch.randperm(len(x), generator=torch.Generator().manual_seed(seed + epoch))
        else:
            order = torch.arange(len(x))
        xs, ys = x[order], y[order]
        for start in range(0, len(x), size):
            yield xs[start : start + size], ys[start : start + size]
        epoch += 1


def accuracy(model: torch.nn.Module, x: torch.Tensor, y: torch.Tensor) -> float:
    model.eval()
    with torch.no_grad():
        return (model(x).argmax(-1) == y).float().mean().item()

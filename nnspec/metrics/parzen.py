"""Gaussian Parzen-window log-likelihood, the GAN paper's evaluation (§5, Table 1).

A Gaussian kernel of width σ is centred on every generated sample and the test points'
log-likelihood under that mixture is reported as mean ± standard error, with σ chosen on
a validation set (Breuleux et al. 2011). The σ grid, log-mean-exp and ``std / sqrt(n)``
(population std) follow goodfeli/adversarial ``parzen_ll.py``.
"""

from __future__ import annotations

import math

import numpy as np
import torch
from torch import Tensor


def _as_float64(x: Tensor | np.ndarray) -> Tensor:
    x = torch.as_tensor(x).detach().to("cpu", torch.float64)
    return x.reshape(x.shape[0], -1)  # images flatten to vectors


def parzen_log_likelihood(
    samples: Tensor | np.ndarray, points: Tensor | np.ndarray, sigma: float, batch: int = 100
) -> Tensor:
    """log (1/S) Σ_s N(x; sample_s, σ² I) per point, in float64, ``batch`` points at a time."""
    mu, x = _as_float64(samples), _as_float64(points)  # (S, D), (N, D)
    dim = mu.shape[1]
    mu_sq = (mu**2).sum(1)  # (S,)
    norm = math.log(mu.shape[0]) + dim * math.log(sigma * math.sqrt(2 * math.pi))
    out = []
    for chunk in x.split(batch):
        sq = ((chunk**2).sum(1, keepdim=True) + mu_sq - 2 * chunk @ mu.T).clamp_min(0)  # (b, S)
        out.append(torch.logsumexp(-sq / (2 * sigma**2), dim=1) - norm)  # (b,)
    return torch.cat(out) if out else torch.zeros(0, dtype=torch.float64)


def sigma_grid(start: float = -1.0, stop: float = 0.0, num: int = 10) -> list[float]:
    """Log-spaced candidate widths 10**start ... 10**stop (parzen_ll.py's defaults)."""
    return np.logspace(start, stop, num).tolist()


def select_sigma(
    samples: Tensor | np.ndarray,
    val_points: Tensor | np.ndarray,
    sigmas: list[float] | None = None,
    batch: int = 100,
) -> float:
    """The σ of ``sigmas`` (default ``sigma_grid()``) with the best mean validation log-density."""
    sigmas = sigma_grid() if sigmas is None else sigmas
    scores = [float(parzen_log_likelihood(samples, val_points, s, batch).mean()) for s in sigmas]
    return sigmas[int(np.argmax(scores))]


def mean_and_stderr(values: Tensor | np.ndarray) -> tuple[float, float]:
    """Mean and standard error of the mean, std / sqrt(n) with the population std."""
    v = torch.as_tensor(values).detach().to("cpu", torch.float64).flatten()
    return float(v.mean()), float(v.std(correction=0) / math.sqrt(v.numel()))

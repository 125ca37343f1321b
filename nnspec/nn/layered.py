"""Layers of binary units coupled pairwise (an RBM, a deep Boltzmann machine): their log Z.

The energy is E(x) = −Σ_l b_lᵀx_l − Σ_l x_lᵀW_l x_{l+1} (seed 003, "DBM: 一种随机场"), with
x_0 the visible units. Given the even layers (x_0, x_2, ...), the odd ones are independent
and sum out in closed form, so every quantity here works on the even layers alone:
exact log Z enumerates their states, and annealed importance sampling (Neal 2001;
Salakhutdinov & Murray 2008; Salakhutdinov & Hinton 2009, §4) anneals on them. AIS
scales the couplings by β from 0 to 1 and keeps the biases: its base distribution is
the model's units independent under their own biases, log Z₀ = Σ softplus(b), so the
visible units start at the data's rates (their biases are set from the data) rather
than uniform, where an annealing run from a uniform start missed the modes of a
trained DBM. Each β takes one block Gibbs step, odd | even then even | odd.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from itertools import pairwise

import torch
import torch.nn.functional as F
from torch import Tensor

from nnspec.nn.gibbs import bernoulli

MAX_ENUMERATED = 22  # units whose 2^n states exact log Z may enumerate


def couplings(W: Sequence[Tensor], x: list[Tensor], layer: int) -> Tensor:
    """x_{l−1}W_{l−1} + x_{l+1}W_lᵀ: what layer ``layer`` receives from its neighbours."""
    total = 0
    if layer > 0:
        total = total + x[layer - 1] @ W[layer - 1]  # (B, n_l)
    if layer < len(W):
        total = total + x[layer + 1] @ W[layer].T  # (B, n_l)
    return total


def layer_input(W: Sequence[Tensor], b: Sequence[Tensor], x: list[Tensor], layer: int) -> Tensor:
    """b_l + x_{l−1}W_{l−1} + x_{l+1}W_lᵀ: the total input of layer ``layer``."""
    return b[layer] + couplings(W, x, layer)


def energy(W: Sequence[Tensor], b: Sequence[Tensor], x: list[Tensor]) -> Tensor:
    """E(x) per sample (B,)."""
    bias = sum(x_l @ b_l for x_l, b_l in zip(x, b, strict=True))
    pairs = sum(((x[i] @ w) * x[i + 1]).sum(-1) for i, w in enumerate(W))
    return -(bias + pairs)


def log_unnormalised_even(W: Sequence[Tensor], b: Sequence[Tensor], x: list[Tensor]) -> Tensor:
    """log Σ_odd exp(−E(x)) (B,): the odd layers of ``x`` are ignored and summed out."""
    total = sum(x[i] @ b[i] for i in range(0, len(b), 2))
    for layer in range(1, len(b), 2):
        total = total + F.softplus(layer_input(W, b, x, layer)).sum(-1)
    return total


def sample_layers(
    W: Sequence[Tensor], b: Sequence[Tensor], x: list[Tensor], parity: int, beta: float, gen
) -> None:
    """Draw every layer of one parity given the others, couplings scaled by β, in place."""
    for layer in range(parity, len(b), 2):
        x[layer] = bernoulli(torch.sigmoid(b[layer] + beta * couplings(W, x, layer)), gen)


def mean_field(
    W: Sequence[Tensor], b: Sequence[Tensor], v: Tensor, steps: int, start: list[Tensor]
) -> list[Tensor]:
    """Fixed-point updates μ_l = σ(input of layer l) with v clamped (seed 003, "Mean-Field")."""
    mu = [v, *start]
    for _ in range(steps):
        for layer in range(1, len(b)):
            mu[layer] = torch.sigmoid(layer_input(W, b, mu, layer))  # (B, n_l)
    return mu


def entropy(p: Tensor) -> Tensor:
    """Σ_j H(Bernoulli(p_j)) per row (B,)."""
    p = p.clamp(1e-7, 1 - 1e-7)
    return -(p * p.log() + (1 - p) * (1 - p).log()).sum(-1)


def mean_field_bound(W: Sequence[Tensor], b: Sequence[Tensor], mu: list[Tensor]) -> Tensor:
    """log p*(v) ≥ −E_q[E(v, h)] + H(q) for the factorised q of ``mu`` (v = mu[0]) (B,)."""
    return -energy(W, b, mu) + sum(entropy(m) for m in mu[1:])


def states(n: int, start: int, stop: int, dtype: torch.dtype) -> Tensor:
    """The binary codes start..stop−1 of n units as rows (C, n)."""
    codes = torch.arange(start, stop).unsqueeze(1)
    return ((codes >> torch.arange(n)) & 1).to(dtype)


def enumerated_even(
    W: Sequence[Tensor], b: Sequence[Tensor], fixed: dict[int, Tensor], chunk: int = 1 << 14
) -> Tensor:
    """logsumexp over the states of the even layers not in ``fixed`` of log p*(even) (B,).

    ``fixed`` maps layers to (B, n_l) states held fixed (the visible units); with
    nothing fixed B is 1 and the result is log Z.
    """
    free = [i for i in range(0, len(b), 2) if i not in fixed]
    sizes = [len(b[i]) for i in free]
    n, rows = sum(sizes), next((len(s) for s in fixed.values()), 1)
    if n > MAX_ENUMERATED:
        raise ValueError(f"exact log Z enumerates 2^{n} states; at most 2^{MAX_ENUMERATED}")
    parts = []
    for start in range(0, 1 << n, chunk):
        code = states(n, start, min(start + chunk, 1 << n), b[0].dtype)  # (C, n)
        x = _layers(W, b, fixed, dict(zip(free, code.split(sizes, -1), strict=True)), rows)
        parts.append(log_unnormalised_even(W, b, x).reshape(rows, -1))  # (B, C)
    return torch.logsumexp(torch.cat(parts, 1), dim=1)


def _layers(W, b, fixed: dict, free: dict, rows: int) -> list[Tensor]:
    """Each layer's states on a (B·C) grid: fixed rows crossed with free codes; odd ones 0."""
    count = len(next(iter(free.values()))) if free else 1
    out = []
    for layer, bias in enumerate(b):
        if layer in fixed:
            out.append(fixed[layer].repeat_interleave(count, 0))
        elif layer in free:
            out.append(free[layer].repeat(rows, 1))
        else:
            out.append(torch.zeros(rows * count, len(bias), dtype=bias.dtype))
    return out


def ais_log_partition(
    W: Sequence[Tensor], b: Sequence[Tensor], runs: int, steps: int, gen
) -> tuple[float, float]:
    """AIS estimate of log Z, and the standard error of log Ẑ over the runs (delta method).

    β rises linearly from 0 to 1 in ``steps`` steps; each run's log weight adds
    log f_β(x) − log f_β'(x) before x moves by one Gibbs step at β. Only the odd
    layers' softplus terms depend on β; their couplings serve the weight and the step.
    """
    x = [bernoulli(torch.sigmoid(bias).expand(runs, -1), gen) for bias in b]  # the base
    log_w = torch.zeros(runs, dtype=b[0].dtype, device=b[0].device)
    for before, beta in temperatures(steps):
        for layer in range(1, len(b), 2):
            c = couplings(W, x, layer)  # (R, n_l)
            log_w += (F.softplus(b[layer] + beta * c) - F.softplus(b[layer] + before * c)).sum(-1)
            x[layer] = bernoulli(torch.sigmoid(b[layer] + beta * c), gen)
        sample_layers(W, b, x, 0, beta, gen)
    log_z0 = float(sum(F.softplus(bias).sum() for bias in b))
    return log_z0 + log_mean_exp(log_w), log_stderr(log_w)


def temperatures(steps: int) -> list[tuple[float, float]]:
    """The (previous, next) inverse temperatures of ``steps`` linear steps from 0 to 1."""
    return list(pairwise(torch.linspace(0, 1, steps + 1).tolist()))


def log_mean_exp(log_w: Tensor) -> float:
    return float(torch.logsumexp(log_w, 0) - math.log(len(log_w)))


def log_stderr(log_w: Tensor) -> float:
    """The standard error of log(mean w): std(w) / (mean(w)·√runs)."""
    w = torch.exp(log_w - log_w.max())
    return float(w.std() / (w.mean() * math.sqrt(len(w)))) if len(w) > 1 else math.nan

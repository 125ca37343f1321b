"""RBM evaluation: free energy, reconstruction error, pseudo-likelihood, exact log-likelihood.

``pseudo_likelihood`` is scikit-learn's ``BernoulliRBM.score_samples`` (sklearn/neural_network/
_rbm.py): flip one random feature i per sample and return
V · log σ(F(ṽ) - F(v)) = -V · log(1 + exp(-(F(ṽ) - F(v)))).
``exact_log_likelihood`` sums the partition function over the 2^H hidden configurations,
with the visible units integrated out analytically, so it is exact for small H.
"""

from __future__ import annotations

import copy
import math

import torch
import torch.nn.functional as F
from torch import Tensor

from nnspec.nn.rbm import RBM

MAX_EXACT_HIDDEN = 20


@torch.no_grad()
def free_energy_mean(rbm: RBM, v: Tensor) -> float:
    """Mean free energy F(v) over the batch."""
    return float(rbm.free_energy(v).mean())


@torch.no_grad()
def reconstruction_error(rbm: RBM, v: Tensor) -> float:
    """Mean squared error between v and its mean-field reconstruction E[v | P(h = 1 | v)]."""
    return float(((v - rbm.visible_mean(rbm.hidden_probs(v))) ** 2).mean())


@torch.no_grad()
def pseudo_likelihood(
    rbm: RBM, v: Tensor, generator: torch.Generator | None = None, indices: Tensor | None = None
) -> Tensor:
    """Per-sample stochastic pseudo-log-likelihood of binary ``v`` as in scikit-learn.

    The flipped feature of each sample is drawn uniformly with ``generator``, or given
    as ``indices`` (B,) to reproduce a particular draw.
    """
    if rbm.units != "bernoulli":
        raise ValueError("pseudo-likelihood is defined for Bernoulli visible units")
    n, dim = v.shape
    if indices is None:
        indices = torch.randint(0, dim, (n,), generator=generator, device=v.device)
    rows = torch.arange(n, device=v.device)
    flipped = v.clone()
    flipped[rows, indices] = 1 - flipped[rows, indices]
    return -dim * F.softplus(-(rbm.free_energy(flipped) - rbm.free_energy(v)))  # (B,)


def _hidden_configurations(hidden: int, start: int, stop: int, dtype: torch.dtype) -> Tensor:
    codes = torch.arange(start, stop).unsqueeze(1)  # (C, 1)
    return ((codes >> torch.arange(hidden)) & 1).to(dtype)  # (C, H)


@torch.no_grad()
def log_partition(rbm: RBM, chunk: int = 1 << 14) -> float:
    """log Z = log Σ_h ∫ exp(-E(v, h)) dv, enumerating the 2^H hidden states in float64."""
    hidden = rbm.hidden
    if hidden > MAX_EXACT_HIDDEN:
        raise ValueError(f"exact log Z enumerates 2^H states; H = {hidden} > {MAX_EXACT_HIDDEN}")
    w, a, b = (p.detach().cpu().double() for p in (rbm.W, rbm.a, rbm.b))
    parts = []
    for start in range(0, 1 << hidden, chunk):
        h = _hidden_configurations(hidden, start, min(start + chunk, 1 << hidden), torch.float64)
        pre = a + h @ w.T  # (C, V)
        if rbm.units == "bernoulli":
            visible = F.softplus(pre).sum(1)  # Σ_v over {0,1}^V factorises per unit
        else:
            # ∫ exp(-|v-a|²/2 + vᵀWh) dv = (2π)^(V/2) exp(|a + Wh|²/2 - |a|²/2)
            visible = (
                0.5 * (pre**2).sum(1)
                - 0.5 * (a**2).sum()
                + 0.5 * rbm.visible * math.log(2 * math.pi)
            )
        parts.append(torch.logsumexp(h @ b + visible, dim=0))
    return float(torch.logsumexp(torch.stack(parts), dim=0))


@torch.no_grad()
def exact_log_likelihood(rbm: RBM, v: Tensor) -> Tensor:
    """log p(v) = -F(v) - log Z per sample (a log-density for Gaussian visible units), float64."""
    model = copy.deepcopy(rbm).to("cpu", torch.float64)  # float64 without touching the caller's
    return -model.free_energy(v.detach().to("cpu", torch.float64)) - log_partition(model)

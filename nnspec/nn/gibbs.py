"""An RBM's conditionals and Gibbs sampling, as pure functions of its tensors (W, a, b).

``RBM``'s methods and the fused contrastive-divergence step both call these, so
the sampling rules live once. W is (V, H), a is (V,), b is (H,); hidden units are
Bernoulli, visible units Bernoulli or unit-variance Gaussian.
"""

from __future__ import annotations

import torch
import torch.nn.functional as F
from torch import Tensor


def hidden_probs(W: Tensor, b: Tensor, v: Tensor) -> Tensor:
    """P(h_j = 1 | v) = σ(b_j + Σ_i v_i W_ij)."""
    return torch.addmm(b, v, W).sigmoid_()  # (B, H)


def visible_mean(W: Tensor, a: Tensor, h: Tensor, units: str) -> Tensor:
    """E[v | h]: σ(a + Wh) for Bernoulli units, a + Wh for Gaussian ones."""
    pre = F.linear(h, W, a)  # h Wᵀ + a: (B, V), without materialising a transpose view
    return pre.sigmoid_() if units == "bernoulli" else pre  # in place: ``pre`` is fresh


def sample_visible(
    W: Tensor, a: Tensor, h: Tensor, units: str, generator: torch.Generator | None
) -> Tensor:
    """Visible states drawn from P(v | h) (unit-variance noise for Gaussian units)."""
    mean = visible_mean(W, a, h, units)  # (B, V)
    if units == "bernoulli":
        return bernoulli(mean, generator)
    return mean + torch.randn(mean.shape, generator=generator, dtype=mean.dtype, device=mean.device)


def visible_step(
    W: Tensor,
    a: Tensor,
    h: Tensor,
    units: str,
    generator: torch.Generator | None,
    sample: bool,
) -> Tensor:
    """The visible half of a Gibbs step: sampled states, or their means when not ``sample``."""
    return sample_visible(W, a, h, units, generator) if sample else visible_mean(W, a, h, units)


def bernoulli(p: Tensor, generator: torch.Generator | None = None) -> Tensor:
    """Binary states with P(1) = p: uniforms below p, as floats.

    On CPU these are the same draws as ``torch.bernoulli`` from the same generator
    state, which costs about three times as much for the small batches of CD, where
    sampling is a large share of each update.
    """
    return torch.rand(p.shape, generator=generator, dtype=p.dtype, device=p.device).lt_(p)


def gibbs(
    W: Tensor,
    a: Tensor,
    b: Tensor,
    v: Tensor,
    k: int,
    units: str,
    generator: torch.Generator | None,
    sample: bool,
) -> Tensor:
    """k alternating steps v → h → v: hidden states sampled, visible ones sampled if ``sample``."""
    for _ in range(k):
        h = bernoulli(hidden_probs(W, b, v), generator)  # (B, H)
        v = visible_step(W, a, h, units, generator, sample)  # (B, V)
    return v

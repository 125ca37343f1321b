"""Contrastive divergence for an ``RBM``: one fused step, its two uses, persistent chains.

The seed's update ("CD 算法具体更新") is the gradient of the free-energy gap
mean F(v_data) − mean F(v_model) with v_model held fixed:
−(⟨v h⟩_data − ⟨v h⟩_model) for W and the bias analogues, h = P(h = 1 | v).
``contrastive_divergence`` draws v_model and computes the gap and that gradient
in closed form, in as few tensor operations as it can, since CD's batches are
small and per-operation overhead dominates. It is used two ways: ``CDGap``
wraps it as an autograd function, so CD composes with other losses in a
weighted sum; ``write_gradients`` stores it in ``.grad`` directly, which spares
a top-level CD term the autograd engine's per-step cost. Either way any torch
optimizer steps the result.
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING, NamedTuple

import torch
import torch.nn.functional as F
from torch import Tensor, nn

from nnspec.nn.gibbs import bernoulli, gibbs, visible_step

if TYPE_CHECKING:
    from nnspec.nn.rbm import RBM


class CDStep(NamedTuple):
    """One CD estimate: the free-energy gap, its gradient, the model samples it used."""

    gap: Tensor  # () mean F(v_data) − mean F(v_model)
    d_w: Tensor  # (V, H) its gradient for W
    d_a: Tensor  # (V,)
    d_b: Tensor  # (H,)
    v_model: Tensor  # (M, V)


def contrastive_divergence(
    W: Tensor,
    a: Tensor,
    b: Tensor,
    v_data: Tensor,
    k: int,
    units: str,
    generator: torch.Generator | None,
    chain: Tensor | None = None,
) -> CDStep:
    """CD-k from the data, or PCD-k from ``chain`` (the persistent visible states).

    CD keeps the visible units as probabilities, or means for Gaussian units, and
    samples the hidden ones (Hinton's practical guide §3); persistent chains sample
    both so that they remain Markov chains of the model distribution. The chain's
    first hidden probabilities use the same parameters as the data's, so both come
    from one stacked pass; for CD they are the data's own.
    """
    n = v_data.shape[0]  # not len(): a Python-level wrapper, measurable at this batch size
    first = v_data if chain is None else torch.cat([v_data, chain])  # (N or N+M, V)
    pre_first = torch.addmm(b, first, W)  # (N or N+M, H)
    probs_first = torch.sigmoid(pre_first)
    h = bernoulli(probs_first if chain is None else probs_first[n:], generator)  # (M, H)
    v_model = visible_step(W, a, h, units, generator, sample=chain is not None)  # (M, V)
    if k > 1:
        v_model = gibbs(W, a, b, v_model, k - 1, units, generator, sample=chain is not None)
    pre_model = torch.addmm(b, v_model, W)  # (M, H)
    pre = torch.cat([pre_first[:n], pre_model])  # (N+M, H)
    return _estimate(torch.cat([v_data, v_model]), pre, v_model, a, units)


def _estimate(v: Tensor, pre: Tensor, v_model: Tensor, a: Tensor, units: str) -> CDStep:
    """The gap and its gradient, with every ⟨·⟩_model − ⟨·⟩_data difference one product.

    Rows of ``v`` and ``pre`` are the N data rows, then the M model rows; each
    row gets a signed weight, −1/N for data and +1/M for model samples.
    """
    n_model = v_model.shape[0]
    column, flat = _row_weights(
        v.shape[0] - n_model, n_model, v.dtype, v.device
    )  # (N+M, 1), (N+M,)
    weighted_h = torch.sigmoid(pre).mul_(column)  # (N+M, H)
    v_t = v.t()  # (V, N+M)
    d_w = torch.mm(v_t, weighted_h)  # (V, H)
    d_a = torch.mv(v_t, flat)  # (V,), for Bernoulli and Gaussian units alike
    d_b = weighted_h.sum(0)  # (H,)
    # gap = −Σ_i sign_i F(v_i), with F(v) = visible term − Σ_j softplus(pre_j).
    hidden_part = torch.dot(F.softplus(pre).sum(1), flat)
    if units == "bernoulli":
        visible_part = torch.dot(d_a, a)  # −Σ_i sign_i (−v_i·a)
    else:
        visible_part = -torch.dot(0.5 * (v - a).pow(2).sum(1), flat)
    return CDStep(visible_part + hidden_part, d_w, d_a, d_b, v_model)


@lru_cache(maxsize=16)
def _row_weights(
    n_data: int, n_model: int, dtype: torch.dtype, device: torch.device
) -> tuple[Tensor, Tensor]:
    """−1/N for each data row, +1/M for each model row: as a column and as a vector."""
    column = torch.full((n_data + n_model, 1), 1.0 / n_model, dtype=dtype, device=device)
    column[:n_data] = -1.0 / n_data
    return column, column.squeeze(1)


class CDGap(torch.autograd.Function):
    """mean F(v_data) − mean F(v_model) as a differentiable loss, whose gradient is CD's.

    The forward runs ``contrastive_divergence`` (sampling included) and returns the
    gap and the model samples; the backward hands back the CD gradient it computed.
    """

    @staticmethod
    def forward(ctx, W, a, b, v_data, k, units, generator, chain):
        step = contrastive_divergence(W, a, b, v_data, k, units, generator, chain)
        ctx.save_for_backward(step.d_w, step.d_a, step.d_b)
        ctx.mark_non_differentiable(step.v_model)
        return step.gap, step.v_model

    @staticmethod
    def backward(ctx, grad: Tensor, _: Tensor) -> tuple:
        d_w, d_a, d_b = ctx.saved_tensors
        return grad * d_w, grad * d_a, grad * d_b, None, None, None, None, None


def write_gradients(params: tuple[Tensor, Tensor, Tensor], step: CDStep, weight_cost: float):
    """Add the CD gradient (plus ``weight_cost``·W) into the ``.grad`` of an RBM's (W, a, b).

    What ``backward`` on the surrogate would do, without building a graph: parameters
    that do not require grad are left alone, and nothing is written with grad disabled.
    """
    if not torch.is_grad_enabled():
        return
    W = params[0]
    d_w = step.d_w.add(W.detach(), alpha=weight_cost) if weight_cost else step.d_w
    for param, grad in zip(params, (d_w, step.d_a, step.d_b), strict=True):
        if param.requires_grad:
            param.grad = grad if param.grad is None else param.grad.add_(grad)


class PersistentChains(nn.Module):
    """Fantasy particles for persistent CD (Tieleman 2008): visible states kept between updates.

    The state is a buffer, so ``state_dict`` saves it; with the generator's state this
    makes a resumed run continue exactly.
    """

    def __init__(self, state: Tensor) -> None:
        super().__init__()
        self.register_buffer("state", state.detach().clone())  # (n, V)

    @classmethod
    def start(cls, rbm: RBM, n: int, generator: torch.Generator | None = None) -> PersistentChains:
        """Start n chains from P(v | h = 0): the visible biases alone."""
        with torch.no_grad():
            h = torch.zeros(n, rbm.hidden, dtype=rbm.W.dtype, device=rbm.W.device)
            return cls(rbm.sample_visible(h, generator))  # (n, V)

    def keep(self, state: Tensor) -> None:
        """Make ``state`` the chains' state (copied in place: cheaper than a new buffer)."""
        self.state.copy_(state)

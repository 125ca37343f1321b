"""Contrastive divergence for an ``RBM``: one fused step, its two uses, persistent chains.

The seed's update ("CD 算法具体更新") is the gradient of the free-energy gap
mean F(v_data) − mean F(v_model) with v_model held fixed:
−(⟨v h⟩_data − ⟨v h⟩_model) for W and the bias analogues, h = P(h = 1 | v).
``contrastive_divergence`` draws v_model and computes the gap and that gradient
in closed form, in as few tensor operations as it can, since CD's batches are
small and per-operation overhead dominates. It is used two ways: ``CDGap``
attaches its gradient to the gap as an autograd function, so CD composes with
other losses in a weighted sum; ``write_gradients`` stores it in ``.grad``
directly, which spares a top-level CD term the autograd engine's per-step cost.
Either way any torch optimizer steps the result.
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING, NamedTuple

import torch
import torch.nn.functional as F
from torch import Tensor, nn

from nnspec.nn.gibbs import bernoulli, gibbs, hidden_probs, visible_step

if TYPE_CHECKING:
    from nnspec.nn.rbm import RBM


class CDStep(NamedTuple):
    """One CD estimate: the free-energy gap, its gradient, the model samples it used."""

    gap: Tensor | None  # () mean F(v_data) − mean F(v_model); None where not asked for
    d_w: Tensor  # (V, H) its gradient for W
    d_a: Tensor  # (V,)
    d_b: Tensor  # (H,)
    v_model: Tensor  # (M, V)
    h_model: Tensor | None  # (M, H) the chains' next hidden states; None for CD


def contrastive_divergence(
    W: Tensor,
    a: Tensor,
    b: Tensor,
    v_data: Tensor,
    k: int,
    units: str,
    generator: torch.Generator | None,
    chain: Tensor | None = None,
    gap: bool = True,
) -> CDStep:
    """CD-k from the data, or PCD-k from ``chain`` (the persistent hidden states).

    CD keeps the visible units as probabilities, or means for Gaussian units, and
    samples the hidden ones (Hinton's practical guide §3); persistent chains sample
    both so that they remain Markov chains of the model distribution. The chains are
    kept as hidden states, as scikit-learn's BernoulliRBM keeps them: the data's and
    the model samples' hidden probabilities then come from one stacked pass, and the
    chains' next states are drawn from that pass. Without ``gap`` the free-energy gap
    (a figure to log, which the update does not need) is not computed.
    """
    persistent = chain is not None
    h = chain if persistent else bernoulli(hidden_probs(W, b, v_data), generator)  # (M, H)
    v_model = visible_step(W, a, h, units, generator, sample=persistent)  # (M, V)
    if k > 1:
        v_model = gibbs(W, a, b, v_model, k - 1, units, generator, sample=persistent)
    rows = torch.cat([v_data, v_model])  # (N+M, V)
    pre = torch.addmm(b, rows, W)  # (N+M, H)
    probs = torch.sigmoid(pre)
    n = v_data.shape[0]  # not len(): a Python-level wrapper, measurable at this batch size
    h_model = bernoulli(probs[n:], generator) if persistent else None  # (M, H)
    return CDStep(*_estimate(rows, pre, probs, n, a, units, gap), v_model, h_model)


def _estimate(
    v: Tensor, pre: Tensor, probs: Tensor, n: int, a: Tensor, units: str, gap: bool
) -> tuple[Tensor | None, Tensor, Tensor, Tensor]:
    """The gap (or None) and its gradient (d_w, d_a, d_b), each ⟨·⟩_model − ⟨·⟩_data one product.

    Rows of ``v``, ``pre`` and ``probs`` (σ of ``pre``, overwritten) are the ``n`` data
    rows, then the model rows; each row gets a signed weight, −1/N for data and +1/M
    for model samples.
    """
    column, signs = _row_weights(n, v.shape[0] - n, v.dtype, v.device)  # (N+M, 1), (N+M,)
    weighted_h = probs.mul_(column)  # (N+M, H)
    v_t = v.t()  # (V, N+M)
    d_w = torch.mm(v_t, weighted_h)  # (V, H)
    d_a = torch.mv(v_t, signs)  # (V,), for Bernoulli and Gaussian units alike
    d_b = weighted_h.sum(0)  # (H,)
    if not gap:
        return None, d_w, d_a, d_b
    hidden_part = F.softplus(pre).sum(1)  # (N+M,) Σ_j softplus(pre_j)
    if units == "bernoulli":
        negative_free_energy = torch.addmv(hidden_part, v, a)  # + a·v
    else:
        negative_free_energy = hidden_part - 0.5 * (v - a).pow(2).sum(1)
    return torch.dot(negative_free_energy, signs), d_w, d_a, d_b  # −Σ_i sign_i F(v_i)


@lru_cache(maxsize=16)
def _row_weights(
    n_data: int, n_model: int, dtype: torch.dtype, device: torch.device
) -> tuple[Tensor, Tensor]:
    """−1/N for each data row, +1/M for each model row: as a column and as a vector."""
    column = torch.full((n_data + n_model, 1), 1.0 / n_model, dtype=dtype, device=device)
    column[:n_data] = -1.0 / n_data
    return column, column.squeeze(1)


class CDGap(torch.autograd.Function):
    """A CD step's free-energy gap as a differentiable loss, whose gradient is CD's.

    ``CDGap.apply(W, a, b, step)`` returns ``step.gap`` with the step's closed-form
    gradient attached to (W, a, b); the sampling happened before, in
    ``contrastive_divergence``, so the forward has nothing left to compute.
    """

    @staticmethod
    def forward(ctx, W: Tensor, a: Tensor, b: Tensor, step: CDStep) -> Tensor:
        ctx.save_for_backward(step.d_w, step.d_a, step.d_b)
        return step.gap

    @staticmethod
    def backward(ctx, grad: Tensor) -> tuple:
        d_w, d_a, d_b = ctx.saved_tensors
        return grad * d_w, grad * d_a, grad * d_b, None


def write_gradients(params: tuple[Tensor, Tensor, Tensor], step: CDStep, weight_cost: float):
    """Add the CD gradient (plus ``weight_cost``·W) into the ``.grad`` of an RBM's (W, a, b).

    What ``backward`` on the surrogate would do, without building a graph: parameters
    that do not require grad are left alone, and nothing is written with grad disabled.
    """
    if not torch.is_grad_enabled():
        return
    W, a, b = params
    d_w = step.d_w.add(W.detach(), alpha=weight_cost) if weight_cost else step.d_w
    for param, grad in ((W, d_w), (a, step.d_a), (b, step.d_b)):
        if param.requires_grad:
            param.grad = grad if param.grad is None else param.grad.add_(grad)


class PersistentChains(nn.Module):
    """Fantasy particles for persistent CD (Tieleman 2008): hidden states kept between updates.

    The state is a buffer, so ``state_dict`` saves it; with the generator's state this
    makes a resumed run continue exactly.
    """

    def __init__(self, state: Tensor) -> None:
        super().__init__()
        self.register_buffer("state", state.detach().clone())  # (n, H)

    @classmethod
    def start(cls, rbm: RBM, n: int) -> PersistentChains:
        """n chains at h = 0, so their first visible states come from the visible biases alone."""
        return cls(torch.zeros(n, rbm.hidden, dtype=rbm.W.dtype, device=rbm.W.device))

    @classmethod
    def from_visible(
        cls, rbm: RBM, visible: Tensor, generator: torch.Generator | None
    ) -> PersistentChains:
        """Chains given as visible states, as checkpoints kept them before: one hidden draw on."""
        with torch.no_grad():
            return cls(
                bernoulli(rbm.hidden_probs(visible.to(rbm.W.device, rbm.W.dtype)), generator)
            )

    def keep(self, state: Tensor) -> None:
        """Make ``state`` (a fresh tensor of the state's shape) the chains' state.

        Set in the buffer table directly: ``Module.__setattr__`` and an in-place copy
        each cost more than that at CD's sizes, once per update.
        """
        self._buffers["state"] = state

"""Restricted Boltzmann machines and the persistent chains of PCD.

The energy follows seed 003 ("RBM 能量函数"): E(v, h) = -aᵀv - bᵀh - vᵀWh for Bernoulli
visible units; Gaussian visible units use the standard unit-variance form
‖v - a‖²/2 - bᵀh - vᵀWh. Hidden units are always Bernoulli, so
P(h_j = 1 | v) = σ(b_j + Σ_i v_i W_ij) in both cases.

Training goes through any torch optimizer: ``cd_loss`` is a surrogate whose autograd
gradient is exactly the contrastive-divergence update of the seed ("CD 算法具体更新").
"""

from __future__ import annotations

from typing import Literal

import torch
import torch.nn.functional as F
from torch import Tensor, nn

Units = Literal["bernoulli", "gaussian"]


class RBM(nn.Module):
    """A restricted Boltzmann machine: weights ``W`` (V, H), visible bias ``a``, hidden bias ``b``.

    ``forward`` is the feature map P(h = 1 | v), what a DBN passes to the layer above.
    """

    def __init__(
        self,
        visible: int,
        hidden: int,
        units: Units = "bernoulli",
        init_std: float = 0.01,
        generator: torch.Generator | None = None,
    ) -> None:
        super().__init__()
        if units not in ("bernoulli", "gaussian"):
            raise ValueError(f"units must be 'bernoulli' or 'gaussian', got {units!r}")
        self.units: Units = units
        # Hinton's practical guide §8: small N(0, 0.01²) weights, zero hidden biases.
        self.W = nn.Parameter(torch.randn(visible, hidden, generator=generator) * init_std)
        self.a = nn.Parameter(torch.zeros(visible))
        self.b = nn.Parameter(torch.zeros(hidden))

    @property
    def visible(self) -> int:
        """Number of visible units V."""
        return self.W.shape[0]

    @property
    def hidden(self) -> int:
        """Number of hidden units H."""
        return self.W.shape[1]

    def forward(self, v: Tensor) -> Tensor:
        """P(h = 1 | v)."""
        return self.hidden_probs(v)

    def hidden_probs(self, v: Tensor) -> Tensor:
        """P(h_j = 1 | v) = σ(b_j + Σ_i v_i W_ij)."""
        return torch.sigmoid(self.b + v @ self.W)  # (B, H)

    def sample_hidden(self, v: Tensor, generator: torch.Generator | None = None) -> Tensor:
        """Binary hidden states drawn from P(h | v)."""
        return torch.bernoulli(self.hidden_probs(v), generator=generator)  # (B, H)

    def visible_mean(self, h: Tensor) -> Tensor:
        """E[v | h]: σ(a + Wh) for Bernoulli units, a + Wh for Gaussian ones."""
        pre = self.a + h @ self.W.T  # (B, V)
        return torch.sigmoid(pre) if self.units == "bernoulli" else pre

    def sample_visible(self, h: Tensor, generator: torch.Generator | None = None) -> Tensor:
        """Visible states drawn from P(v | h) (unit-variance noise for Gaussian units)."""
        mean = self.visible_mean(h)
        if self.units == "bernoulli":
            return torch.bernoulli(mean, generator=generator)
        noise = torch.randn(mean.shape, generator=generator, dtype=mean.dtype, device=mean.device)
        return mean + noise

    def _visible_term(self, v: Tensor) -> Tensor:
        if self.units == "bernoulli":
            return -(v @ self.a)  # (B,)
        return 0.5 * ((v - self.a) ** 2).sum(-1)  # (B,)

    def energy(self, v: Tensor, h: Tensor) -> Tensor:
        """E(v, h) per sample."""
        return self._visible_term(v) - h @ self.b - ((v @ self.W) * h).sum(-1)  # (B,)

    def free_energy(self, v: Tensor) -> Tensor:
        """F(v) = -log Σ_h exp(-E(v, h)), with the hidden units summed out analytically."""
        return self._visible_term(v) - F.softplus(self.b + v @ self.W).sum(-1)  # (B,)

    def gibbs(
        self,
        v: Tensor,
        k: int = 1,
        generator: torch.Generator | None = None,
        sample_visible: bool = False,
    ) -> Tensor:
        """Run k alternating Gibbs steps v → h → v from ``v``.

        Hidden states are always sampled. Visible units take their mean (probabilities)
        unless ``sample_visible``, which a persistent chain needs to stay a Markov chain
        of the model distribution.
        """
        for _ in range(k):
            h = self.sample_hidden(v, generator)
            v = self.sample_visible(h, generator) if sample_visible else self.visible_mean(h)
        return v

    def cd_loss(
        self,
        v_data: Tensor,
        k: int = 1,
        persistent_chains: PersistentChains | None = None,
        generator: torch.Generator | None = None,
    ) -> tuple[Tensor, Tensor, dict[str, Tensor]]:
        """CD-k (or PCD-k with ``persistent_chains``) surrogate: mean F(v_data) - mean F(v_model).

        Its gradient is -(⟨v σ(b + vW)⟩_data - ⟨v σ(b + vW)⟩_model) for W, and the bias
        analogues, i.e. the seed's update with the hidden probabilities h(x) as statistics.
        CD: v_model comes from k Gibbs steps started at the data, hidden states sampled,
        visible units as probabilities, or means for Gaussian units (Hinton's guide §3).
        PCD: the chains advance k steps with sampled visible states and v_model is their
        new state. Returns the loss, v_model (detached) and detached statistics: the two
        mean free energies, and for CD the squared error of v_model against the data.
        """
        v_data = v_data.detach()  # the data are fixed; CD sends no gradient into lower layers
        with torch.no_grad():
            if persistent_chains is None:
                v_model = self.gibbs(v_data, k, generator)
            else:
                v_model = persistent_chains.advance(self, k, generator)
        gap, f_data, f_model = CDGap.apply(self.W, self.a, self.b, v_data, v_model, self.units)
        stats = {"free_energy_data": f_data, "free_energy_model": f_model}
        if persistent_chains is None:
            stats["reconstruction_error"] = ((v_data - v_model) ** 2).mean()
        return gap, v_model, stats

    @torch.no_grad()
    def init_visible_bias(self, data: Tensor, eps: float = 1e-3) -> None:
        """Set ``a`` from the data as in Hinton's practical guide (2010), §8.

        Bernoulli units: a_i = log(p_i / (1 - p_i)) with p_i the share of data where unit i
        is on, clipped to [eps, 1 - eps] so constant pixels get a finite bias. Gaussian
        units: a_i is the data mean, the mean of P(v | h = 0).
        """
        mean = data.to(self.a.dtype).mean(0)
        if self.units == "bernoulli":
            mean = torch.logit(mean.clamp(eps, 1 - eps))
        self.a.copy_(mean)


class CDGap(torch.autograd.Function):
    """mean F(v_data) − mean F(v_model), with its CD gradient written out.

    The gradient is the seed's update, −(⟨v h⟩_data − ⟨v h⟩_model) for W and the
    bias analogues, computed from the hidden probabilities of the forward pass:
    two matrix products instead of autograd's graph through both free energies,
    which is what makes CD as fast as a hand-written update. It is still a loss
    with a gradient, so every registered optimizer steps it.
    """

    @staticmethod
    def forward(
        ctx, W: Tensor, a: Tensor, b: Tensor, v_data: Tensor, v_model: Tensor, units: str
    ) -> tuple[Tensor, Tensor, Tensor]:
        pre_data, pre_model = v_data @ W + b, v_model @ W + b  # (B, H), (N, H)
        f_data = (_visible(v_data, a, units) - F.softplus(pre_data).sum(1)).mean()
        f_model = (_visible(v_model, a, units) - F.softplus(pre_model).sum(1)).mean()
        ctx.save_for_backward(v_data, v_model, torch.sigmoid(pre_data), torch.sigmoid(pre_model))
        ctx.mark_non_differentiable(f_data, f_model)
        return f_data - f_model, f_data, f_model

    @staticmethod
    def backward(ctx, grad: Tensor, *_: Tensor) -> tuple:
        v_data, v_model, h_data, h_model = ctx.saved_tensors
        n_data, n_model = len(v_data), len(v_model)
        d_w = v_model.T @ h_model / n_model - v_data.T @ h_data / n_data  # (V, H)
        d_a = v_model.mean(0) - v_data.mean(0)  # same for Bernoulli and Gaussian units
        d_b = h_model.mean(0) - h_data.mean(0)
        return grad * d_w, grad * d_a, grad * d_b, None, None, None


def _visible(v: Tensor, a: Tensor, units: str) -> Tensor:
    if units == "bernoulli":
        return -(v @ a)  # (B,)
    return 0.5 * ((v - a) ** 2).sum(-1)  # (B,)


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
            return cls(rbm.sample_visible(h, generator))

    def advance(self, rbm: RBM, k: int, generator: torch.Generator | None = None) -> Tensor:
        """Move every chain k Gibbs steps under the current ``rbm`` and return the new state."""
        with torch.no_grad():
            self.state = rbm.gibbs(self.state, k, generator, sample_visible=True)
        return self.state

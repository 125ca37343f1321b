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

from nnspec.nn import gibbs
from nnspec.nn.chains import SAMPLE_STEPS, chain_samples
from nnspec.nn.contrastive import CDGap, PersistentChains, contrastive_divergence

Units = Literal["bernoulli", "gaussian"]


class RBM(nn.Module):
    """A restricted Boltzmann machine: weights ``W`` (V, H), visible bias ``a``, hidden bias ``b``.

    ``forward`` is the feature map P(h = 1 | v), what a DBN passes to the layer above.
    """

    flat_input = True  # visible units: examples are flattened before they enter

    def rbm_levels(self) -> list[RBM]:
        """The RBMs it is made of, bottom first: itself."""
        return [self]

    def unrolled(self) -> nn.Module:
        """Its deterministic up-pass, sharing its parameters (the ``unroll`` layer)."""
        from nnspec.nn.unroll import UnrolledRBMs  # unroll builds on this module

        return UnrolledRBMs([self])

    def down_from(self, mean: Tensor, level: int) -> Tensor:
        """Visible means of level ``level`` passed down to the data: one level, as they are."""
        return mean

    def draw_chain(self, n: int, generator: torch.Generator) -> Tensor:
        """n samples: visible means after ``sample_steps`` Gibbs steps (``nnspec.nn.chains``)."""
        return chain_samples(self, n, self.sample_steps, generator)  # (n, V)

    def __init__(
        self,
        visible: int,
        hidden: int,
        units: Units = "bernoulli",
        init_std: float = 0.01,
        generator: torch.Generator | None = None,
        sample_steps: int = SAMPLE_STEPS,
    ) -> None:
        super().__init__()
        self.sample_steps = sample_steps
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
        return gibbs.hidden_probs(self.W, self.b, v)  # (B, H)

    def sample_hidden(self, v: Tensor, generator: torch.Generator | None = None) -> Tensor:
        """Binary hidden states drawn from P(h | v)."""
        return gibbs.bernoulli(self.hidden_probs(v), generator)  # (B, H)

    def visible_mean(self, h: Tensor) -> Tensor:
        """E[v | h]: σ(a + Wh) for Bernoulli units, a + Wh for Gaussian ones."""
        return gibbs.visible_mean(self.W, self.a, h, self.units)  # (B, V)

    def sample_visible(self, h: Tensor, generator: torch.Generator | None = None) -> Tensor:
        """Visible states drawn from P(v | h) (unit-variance noise for Gaussian units)."""
        return gibbs.sample_visible(self.W, self.a, h, self.units, generator)  # (B, V)

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
        return gibbs.gibbs(self.W, self.a, self.b, v, k, self.units, generator, sample_visible)

    def cd_loss(
        self,
        v_data: Tensor,
        k: int = 1,
        persistent_chains: PersistentChains | None = None,
        generator: torch.Generator | None = None,
    ) -> tuple[Tensor, Tensor, dict[str, Tensor]]:
        """CD-k (or PCD-k with ``persistent_chains``) surrogate: mean F(v_data) - mean F(v_model).

        Its autograd gradient is the CD update (see ``nnspec.nn.contrastive``). Returns
        the loss, v_model (detached) and, for CD, the squared error of v_model against
        the data.
        """
        chain = None if persistent_chains is None else persistent_chains.state
        W, a, b = self.W.detach(), self.a.detach(), self.b.detach()  # the gradient is CDGap's
        v_data = v_data.detach()  # the data are fixed: CD sends no gradient into lower layers
        step = contrastive_divergence(W, a, b, v_data, k, self.units, generator, chain)
        gap = CDGap.apply(self.W, self.a, self.b, step)
        if persistent_chains is not None:
            persistent_chains.keep(step.h_model)
        stats = {}
        if persistent_chains is None:
            stats["reconstruction_error"] = ((v_data - step.v_model) ** 2).mean()
        return gap, step.v_model, stats

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

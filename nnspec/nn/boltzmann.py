"""The Boltzmann machine (Ackley, Hinton & Sejnowski 1985): the ``boltzmann_machine`` network kind.

Seed 003 ("玻尔兹曼机 Boltzmann Machine"): binary units s ∈ {0, 1}ⁿ, visible then hidden,
every pair coupled by a symmetric weight, E(s) = −Σ_{i<j} w_ij s_i s_j − Σ_i b_i s_i and
p(s_i = 1 | rest) = σ(b_i + Σ_j w_ij s_j). Lateral couplings make the units of a layer
dependent, so Gibbs sampling visits one unit at a time. The n(n−1)/2 weights are kept
as one vector, the upper triangle of W; W itself is built from it, symmetric with a
zero diagonal.
"""

from __future__ import annotations

import torch
import torch.nn.functional as F
from torch import Tensor, nn

from nnspec.nn.gibbs import bernoulli
from nnspec.nn.layered import MAX_ENUMERATED, log_mean_exp, log_stderr, states, temperatures
from nnspec.nn.networks import network


class BoltzmannMachine(nn.Module):
    """``weights``: the n(n−1)/2 couplings w_ij, i < j; ``bias``: b (n,); visible units first."""

    flat_input = True  # visible units: examples are flattened before they enter

    def __init__(self, visible: int, hidden: int, init_std: float, steps: int) -> None:
        super().__init__()
        n = visible + hidden
        self.visible, self.hidden, self.steps = visible, hidden, steps
        self.weights = nn.Parameter(torch.randn(n * (n - 1) // 2) * init_std)
        self.bias = nn.Parameter(torch.zeros(n))
        self.register_buffer("pairs", torch.triu_indices(n, n, 1), persistent=False)

    @property
    def W(self) -> Tensor:
        """The symmetric (n, n) couplings with a zero diagonal; differentiable."""
        n = len(self.bias)
        upper = self.weights.new_zeros(n, n).index_put(tuple(self.pairs), self.weights)
        return upper + upper.T

    def energy(self, s: Tensor) -> Tensor:
        """E(s) per row (B,); ½·sᵀWs counts each pair once."""
        return -0.5 * ((s @ self.W) * s).sum(-1) - s @ self.bias

    @torch.no_grad()
    def sweep(self, s: Tensor, units: range, generator, beta: float = 1.0) -> Tensor:
        """One Gibbs sweep over ``units``, in order, couplings scaled by β; a new tensor."""
        s, W = s.clone(), self.W
        for i in units:
            p = torch.sigmoid(self.bias[i] + beta * (s @ W[:, i]))  # (B,)
            s[:, i] = bernoulli(p, generator)
        return s

    def clamped(self, v: Tensor, sweeps: int, generator) -> Tensor:
        """Visible units held at v, hidden ones from random states after ``sweeps`` sweeps."""
        h = bernoulli(
            torch.full((len(v), self.hidden), 0.5, dtype=v.dtype, device=v.device), generator
        )
        s = torch.cat([v, h], 1)  # (B, n)
        for _ in range(sweeps):
            s = self.sweep(s, range(self.visible, len(self.bias)), generator)
        return s

    def free(self, s: Tensor, sweeps: int, generator) -> Tensor:
        """Every unit updated, ``sweeps`` sweeps: the free-running (negative) phase."""
        for _ in range(sweeps):
            s = self.sweep(s, range(len(self.bias)), generator)
        return s

    @torch.no_grad()
    def forward(self, v: Tensor) -> Tensor:
        """Mean-field P(h = 1 | v) with the visible units clamped (B, hidden)."""
        W, b = self.W, self.bias
        mu = torch.full((len(v), self.hidden), 0.5, dtype=v.dtype, device=v.device)
        for _ in range(self.steps):
            mu = torch.sigmoid(b[self.visible :] + torch.cat([v, mu], 1) @ W[:, self.visible :])
        return mu

    # ---- what the likelihood metrics and artifacts ask of a Boltzmann machine ----
    def filters(self) -> Tensor:
        """The couplings from the visible units to each hidden unit (H, V)."""
        return self.W.detach()[: self.visible, self.visible :].T

    @torch.no_grad()
    def chain_snapshots(self, count: int, snapshots: tuple[int, ...], generator) -> Tensor:
        """(count, len(snapshots), V): visible states of free chains after that many sweeps."""
        s = bernoulli(self.bias.new_full((count, len(self.bias)), 0.5), generator)
        done, shots = 0, []
        for step in snapshots:
            s, done = self.free(s, step - done, generator), step
            shots.append(s[:, : self.visible])
        return torch.stack(shots, 1)

    def _log_sum(self, fixed: Tensor, free: int) -> Tensor:
        """logsumexp over the 2^free states of the last units of −E([fixed, free]) (B,)."""
        if free > MAX_ENUMERATED:
            raise ValueError(f"exact sums enumerate 2^{free} states; at most 2^{MAX_ENUMERATED}")
        codes = states(free, 0, 1 << free, self.bias.dtype).to(self.bias.device)  # (C, free)
        grid = torch.cat([fixed.repeat_interleave(len(codes), 0), codes.repeat(len(fixed), 1)], 1)
        return torch.logsumexp(-self.energy(grid).reshape(len(fixed), -1), 1)

    @torch.no_grad()
    def log_unnormalised(self, v: Tensor, exact: bool = True) -> Tensor:
        """log Σ_h exp(−E(v, h)) (B,), exactly (the hidden units are few)."""
        return torch.cat([self._log_sum(chunk, self.hidden) for chunk in v.split(256)])

    @torch.no_grad()
    def exact_log_partition(self) -> float:
        n = len(self.bias)
        if n > MAX_ENUMERATED:
            raise ValueError(f"exact log Z enumerates 2^{n} states; at most 2^{MAX_ENUMERATED}")
        return float(self._log_sum(self.bias.new_zeros(1, 0), n)[0])

    @torch.no_grad()
    def ais_log_partition(self, runs: int, steps: int, generator) -> tuple[float, float]:
        """AIS with the couplings annealed from 0 (``nnspec.nn.layered``), one sweep per β."""
        n = len(self.bias)
        s = bernoulli(torch.sigmoid(self.bias).expand(runs, n), generator)  # the base
        log_w = torch.zeros(runs, dtype=s.dtype, device=s.device)
        for before, beta in temperatures(steps):
            log_w += (beta - before) * 0.5 * ((s @ self.W) * s).sum(-1)
            s = self.sweep(s, range(n), generator, beta)
        log_z0 = float(F.softplus(self.bias).sum())
        return log_z0 + log_mean_exp(log_w), log_stderr(log_w)


@network("boltzmann_machine")
def build(body: dict) -> BoltzmannMachine:
    return BoltzmannMachine(body["visible"], body["hidden"], body["init_std"], body["mean_field"])

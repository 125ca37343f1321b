"""Deep Boltzmann machines (Salakhutdinov & Hinton 2009), the ``dbm`` network kind.

Seed 003 ("Deep Boltzmann Machine"): layers v, h¹, h², ... of binary units, each coupled
both ways to its neighbours, P(h¹_m = 1 | v, h²) = σ(Σ_i W¹_im v_i + Σ_j W²_mj h²_j + b¹_m).
The posterior over the hidden layers is approximated by mean-field fixed-point updates,
started, as in the paper, from the recognition pass whose weights are doubled below the
top layer. With one hidden layer the model is an RBM and mean field is exact.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import pairwise

import torch
from torch import Tensor, nn

from nnspec.nn import layered
from nnspec.nn.gibbs import bernoulli
from nnspec.nn.networks import network


class DBM(nn.Module):
    """Weights ``W[l]`` (n_l, n_{l+1}) between layers and a bias ``b[l]`` per layer (v first).

    ``forward`` gives the mean-field posterior of the top hidden layer: the features a
    linear readout sees.
    """

    flat_input = True  # visible units: examples are flattened before they enter

    def __init__(self, visible: int, hidden: list[int], init_std: float, steps: int) -> None:
        super().__init__()
        sizes = [visible, *hidden]
        self.W = nn.ParameterList(
            nn.Parameter(torch.randn(a, c) * init_std) for a, c in pairwise(sizes)
        )
        self.b = nn.ParameterList(nn.Parameter(torch.zeros(n)) for n in sizes)
        self.steps = steps  # mean-field updates per posterior

    @property
    def levels(self) -> int:
        """The number of weight matrices: hidden layers."""
        return len(self.W)

    def doubling(self, level: int) -> tuple[int, int]:
        """The (bottom-up, top-down) weight factors of level ``level``'s pretraining RBM.

        §3.1 of the paper: each hidden layer below the top gets input from above and below
        in the DBM, so the RBM under it doubles its bottom-up weights, the RBM above it
        its top-down ones; composed, the weights are used once each way.
        """
        return (2 if level < self.levels - 1 else 1), (2 if level > 0 else 1)

    def recognition(self, v: Tensor) -> list[Tensor]:
        """The doubled-weight up-pass: mean field's starting point for each hidden layer."""
        return recognition(self.W, self.b[1:], v)

    def unrolled(self) -> nn.Module:
        """The recognition pass as a layer sharing the DBM's parameters (``unroll``)."""
        return UnrolledDBM(self)

    def posterior(self, v: Tensor) -> list[Tensor]:
        """[v, μ¹, μ², ...]: mean-field means of every hidden layer with v clamped."""
        return layered.mean_field(self.W, self.b, v, self.steps, self.recognition(v))

    def forward(self, v: Tensor) -> Tensor:
        return self.posterior(v)[-1]  # (B, n_top)

    def free_chains(self, count: int, generator: torch.Generator | None) -> list[Tensor]:
        """Chains started from uniform random states of every layer."""
        return [
            bernoulli(torch.full((count, len(b)), 0.5, dtype=b.dtype, device=b.device), generator)
            for b in self.b
        ]

    @torch.no_grad()
    def gibbs(self, x: list[Tensor], k: int, generator: torch.Generator | None) -> list[Tensor]:
        """k block Gibbs steps: odd layers given even, then even given odd."""
        x = list(x)
        for _ in range(k):
            layered.sample_layers(self.W, self.b, x, 1, 1.0, generator)
            layered.sample_layers(self.W, self.b, x, 0, 1.0, generator)
        return x

    def energy(self, x: list[Tensor]) -> Tensor:
        """E(x) per sample; differentiable in the parameters."""
        return layered.energy(self.W, self.b, x)

    # ---- what the likelihood metrics and artifacts ask of a Boltzmann machine ----
    @torch.no_grad()
    def log_unnormalised(self, v: Tensor, exact: bool) -> Tensor:
        """log p*(v) (B,): by enumerating the even hidden layers, else the mean-field bound."""
        if exact:
            return layered.enumerated_even(self.W, self.b, {0: v})
        return layered.mean_field_bound(self.W, self.b, self.posterior(v))

    @torch.no_grad()
    def exact_log_partition(self) -> float:
        return float(layered.enumerated_even(self.W, self.b, {})[0])

    @torch.no_grad()
    def ais_log_partition(self, runs: int, steps: int, generator) -> tuple[float, float]:
        return layered.ais_log_partition(self.W, self.b, runs, steps, generator)

    def filters(self) -> Tensor:
        """The bottom weights, one row per first-layer hidden unit (H, V)."""
        return self.W[0].detach().T

    @torch.no_grad()
    def chain_snapshots(self, count: int, snapshots: tuple[int, ...], generator) -> Tensor:
        """(count, len(snapshots), V): P(v | h¹) of free chains after that many Gibbs steps."""
        x, done, shots = self.free_chains(count, generator), 0, []
        for step in snapshots:
            x, done = self.gibbs(x, step - done, generator), step
            shots.append(torch.sigmoid(layered.layer_input(self.W, self.b, x, 0)))
        return torch.stack(shots, 1)


def recognition(W: Sequence[Tensor], b: Sequence[Tensor], v: Tensor) -> list[Tensor]:
    """σ(factor·x W_l + b_{l+1}) up the levels, the weights doubled below the top level."""
    out = [v]
    for level, w in enumerate(W):
        factor = 2 if level < len(W) - 1 else 1
        out.append(torch.sigmoid(factor * (out[-1] @ w) + b[level]))  # (B, n_{l+1})
    return out[1:]


class UnrolledDBM(nn.Module):
    """A DBM's recognition pass in a sequential network: its weights and hidden biases."""

    shares_parameters = True  # its weights belong to the DBM: never re-initialised

    def __init__(self, dbm: DBM) -> None:
        super().__init__()
        self.W = nn.ParameterList(list(dbm.W))
        self.b = nn.ParameterList(list(dbm.b)[1:])

    def forward(self, x: Tensor) -> Tensor:
        return recognition(self.W, self.b, x)[-1]  # (B, n_top)


@network("dbm")
def build(body: dict) -> DBM:
    hidden = body["hidden"] if isinstance(body["hidden"], list) else [body["hidden"]]
    return DBM(body["visible"], hidden, body["init_std"], body["mean_field"])

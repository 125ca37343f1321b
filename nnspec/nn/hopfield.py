"""A Hopfield network: Hebbian storage of ±1 patterns and recall by energy descent.

Seed 003 ("Hopfield 网络能量函数"): units s_i ∈ {-1, +1} update as s_i ← +1 if
Σ_j w_ij s_j ≥ θ_i else -1, and the energy E = -½ Σ_ij w_ij s_i s_j + Σ_i θ_i s_i never
rises under asynchronous updates because W is symmetric with a zero diagonal.
"""

from __future__ import annotations

import torch
from torch import Tensor, nn


class Hopfield(nn.Module):
    """N binary ±1 units with symmetric weights ``W`` (N, N) and thresholds ``theta`` (N,)."""

    def __init__(self, size: int, threshold: float = 0.0) -> None:
        super().__init__()
        # Buffers, not parameters: the weights come from the Hebb rule, not from gradients.
        self.register_buffer("W", torch.zeros(size, size))
        self.register_buffer("theta", torch.full((size,), float(threshold)))

    @property
    def size(self) -> int:
        """Number of units N."""
        return self.W.shape[0]

    @torch.no_grad()
    def store(self, patterns: Tensor) -> None:
        """Hebbian storage, replacing earlier memories: W = (1/N) Σ_p p pᵀ with a zero diagonal."""
        p = patterns.to(self.W.dtype)  # (P, N)
        w = p.T @ p / self.size  # (N, N)
        w.fill_diagonal_(0.0)
        self.W.copy_(w)

    def energy(self, s: Tensor) -> Tensor:
        """E(s) = -½ sᵀWs + θᵀs per state."""
        s = s.to(self.W.dtype)
        return -0.5 * ((s @ self.W) * s).sum(-1) + s @ self.theta  # (B,)

    def update_sync(self, s: Tensor) -> Tensor:
        """Update every unit at once from the same old state (Little dynamics; may 2-cycle)."""
        field = s.to(self.W.dtype) @ self.W  # (B, N)
        return torch.where(field >= self.theta, 1.0, -1.0).to(s.dtype)

    def update_async(self, s: Tensor, generator: torch.Generator | None = None) -> Tensor:
        """One sweep updating units one at a time in a random order shared by the batch."""
        s = s.to(self.W.dtype).clone()
        for i in torch.randperm(self.size, generator=generator).tolist():
            field = s @ self.W[:, i]  # (B,)
            s[:, i] = torch.where(field >= self.theta[i], 1.0, -1.0)
        return s

    def is_fixed_point(self, s: Tensor) -> Tensor:
        """Whether each state is unchanged by an update of any unit."""
        return (self.update_sync(s) == s).all(-1)  # (B,)

    @torch.no_grad()
    def recall(
        self,
        probes: Tensor,
        max_sweeps: int = 100,
        synchronous: bool = False,
        generator: torch.Generator | None = None,
    ) -> Tensor:
        """Update the probes until no unit changes (a fixed point) or ``max_sweeps`` sweeps."""
        s = probes.to(self.W.dtype)
        for _ in range(max_sweeps):
            new = self.update_sync(s) if synchronous else self.update_async(s, generator)
            if torch.equal(new, s):
                break
            s = new
        return s

    def forward(self, probes: Tensor) -> Tensor:
        """Asynchronous recall with the global random generator."""
        return self.recall(probes)

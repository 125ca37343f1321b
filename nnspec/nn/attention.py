"""Additive (Bahdanau) attention: pooling over a sequence, and an attending GRU decoder.

Scores as in the lecture notes (seed 003): e_tj = v^T tanh(W s_{t-1} + U h_j),
alpha_tj = softmax_j(e_tj), c_t = sum_j alpha_tj h_j. U h_j is computed once per
sequence, so each decoder step costs O(T) ("Vh_j is precomputed").
"""

from __future__ import annotations

import torch
from torch import nn

from nnspec.nn.build import BuildEnv, builds
from nnspec.registry.core import Shape


def _context(scores: torch.Tensor, states: torch.Tensor) -> torch.Tensor:
    """Softmax the (B, T) scores over T and average the (B, T, F) states with them."""
    alpha = torch.softmax(scores, dim=1)  # (B, T)
    return (alpha.unsqueeze(-1) * states).sum(dim=1)  # (B, F)


class AttentionPool(nn.Module):
    """Pools (B, T, F) states to (B, F) with weights softmax_t(v^T tanh(W h_t))."""

    def __init__(self, features: int, units: int):
        super().__init__()
        self.w = nn.Linear(features, units, bias=False)
        self.v = nn.Linear(units, 1, bias=False)

    def forward(self, h: torch.Tensor) -> torch.Tensor:
        scores = self.v(torch.tanh(self.w(h))).squeeze(-1)  # (B, T)
        return _context(scores, h)  # (B, F)


class AttentionDecoder(nn.Module):
    """A GRU decoder whose input at each step is the attention context of its previous state.

    s_0 = 0; for t = 1..steps: c_t attends over the encoder states h with the
    previous state s_{t-1}, then s_t = GRU(c_t, s_{t-1}). Feeding the context
    instead of the previous target means no teacher forcing is needed.
    Returns every s_t: (B, steps, hidden).
    """

    def __init__(self, features: int, hidden: int, units: int, steps: int):
        super().__init__()
        self.steps = steps
        self.w = nn.Linear(hidden, units, bias=False)
        self.u = nn.Linear(features, units, bias=False)
        self.v = nn.Linear(units, 1, bias=False)
        self.cell = nn.GRUCell(features, hidden)

    def forward(self, h: torch.Tensor) -> torch.Tensor:
        keys = self.u(h)  # (B, T, A), once for all steps
        s = h.new_zeros(h.shape[0], self.cell.hidden_size)  # (B, H)
        outputs = []
        for _ in range(self.steps):
            query = self.w(s).unsqueeze(1)  # (B, 1, A)
            scores = self.v(torch.tanh(query + keys)).squeeze(-1)  # (B, T)
            s = self.cell(_context(scores, h), s)  # (B, H)
            outputs.append(s)
        return torch.stack(outputs, dim=1)  # (B, steps, H)

    def extra_repr(self) -> str:
        return f"steps={self.steps}"


@builds("attention_pool")
def build_attention_pool(params: dict, in_shape: Shape, env: BuildEnv) -> nn.Module:
    features = in_shape[-1]
    return AttentionPool(features, params["units"] or features)


@builds("attention_decoder")
def build_attention_decoder(params: dict, in_shape: Shape, env: BuildEnv) -> nn.Module:
    steps, features = in_shape
    hidden = params["hidden"]
    return AttentionDecoder(features, hidden, params["units"] or hidden, params["steps"] or steps)

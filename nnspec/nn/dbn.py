"""A deep belief network whose directed levels can be untied for wake-sleep (``dbn``).

Hinton, Osindero & Teh (2006): pretrained greedily, a DBN is an undirected top RBM
over directed sigmoid belief levels. Until a ``wake_sleep`` phase unties them, the
directed levels use their RBMs' weights both ways, exactly as an ``rbm_stack``; once
untied, the up-pass uses recognition weights (R, c) and the down-pass generative
weights (G, a) of their own. Label units (K of them) join the top RBM's visible
units, with weights U (K, H) and biases d (K): the joint model of codes and labels.
``{unroll: dbn}`` is the RBMs' own up-pass (the pretrained weights), as for an rbm_stack.
"""

from __future__ import annotations

import torch
import torch.nn.functional as F
from torch import Tensor, nn

from nnspec.nn import gibbs
from nnspec.nn.rbm import Units
from nnspec.nn.rbm_stack import RBMStack


class DBN(RBMStack):
    """RBMs visible → hidden[0] → ...; levels below the top untie into (R, c) and (G, a)."""

    def __init__(
        self,
        visible: int,
        hidden: list[int],
        labels: int = 0,
        units: Units = "bernoulli",
        init_std: float = 0.01,
        sample_steps: int = 1000,
    ) -> None:
        super().__init__(visible, hidden, units, init_std, sample_steps=sample_steps)
        directed = self.layers[:-1]
        self.R = nn.ParameterList(nn.Parameter(r.W.detach().clone()) for r in directed)
        self.c = nn.ParameterList(nn.Parameter(r.b.detach().clone()) for r in directed)
        self.G = nn.ParameterList(nn.Parameter(r.W.detach().clone()) for r in directed)
        self.a = nn.ParameterList(nn.Parameter(r.a.detach().clone()) for r in directed)
        self.U = nn.Parameter(torch.zeros(labels, hidden[-1]))  # (K, H_top)
        self.d = nn.Parameter(torch.zeros(labels))  # (K,)
        self.register_buffer("untied", torch.tensor(False))

    @property
    def labels(self) -> int:
        return self.U.shape[0]

    @property
    def top(self):
        return self.layers[-1]

    @torch.no_grad()
    def untie(self) -> None:
        """Copy each directed level's RBM weights into its recognition and generative pairs."""
        for level, rbm in enumerate(self.layers[:-1]):
            self.R[level].copy_(rbm.W), self.c[level].copy_(rbm.b)
            self.G[level].copy_(rbm.W), self.a[level].copy_(rbm.a)
        self.untied.fill_(True)

    def level_up(self, x: Tensor, level: int) -> Tensor:
        """P(h = 1 | x) of level ``level``: untied, the recognition weights below the top."""
        if not bool(self.untied) or level == len(self.layers) - 1:
            return self.layers[level].hidden_probs(x)
        return torch.sigmoid(torch.addmm(self.c[level], x, self.R[level]))  # (B, H_level)

    def level_down(self, h: Tensor, level: int) -> Tensor:
        """E[x | h] of level ``level``: untied, the generative weights below the top."""
        if not bool(self.untied) or level == len(self.layers) - 1:
            return self.layers[level].visible_mean(h)
        units = self.layers[level].units
        return gibbs.visible_mean(self.G[level], self.a[level], h, units)  # (B, V_level)

    def top_hidden(self, v: Tensor, y: Tensor | None) -> Tensor:
        """P(h = 1 | v, y) of the top RBM, y one-hot labels (B, K) or None."""
        pre = torch.addmm(self.top.b, v, self.top.W)  # (B, H)
        return torch.sigmoid(pre if y is None else pre + y @ self.U)

    def label_sample(self, h: Tensor, generator: torch.Generator | None) -> Tensor:
        """One-hot labels drawn from P(y | h) = softmax(d + U h)."""
        probs = torch.softmax(F.linear(h, self.U, self.d), -1)  # (B, K)
        drawn = torch.multinomial(probs, 1, generator=generator).squeeze(1)
        return F.one_hot(drawn, self.labels).to(h.dtype)

    def top_gibbs(
        self, v: Tensor, y: Tensor | None, steps: int, generator: torch.Generator | None
    ) -> tuple[Tensor, Tensor | None, Tensor]:
        """``steps`` Gibbs steps of the top RBM (labels too, when it has them) from (v, y):
        the sampled visible states, labels, and the last P(h = 1 | v, y)."""
        probs = self.top_hidden(v, y)
        for _ in range(steps):
            h = gibbs.bernoulli(probs, generator)  # (B, H)
            v = self.top.sample_visible(h, generator)
            y = None if y is None else self.label_sample(h, generator)
            probs = self.top_hidden(v, y)
        return v, y, probs

    def free_energy(self, v: Tensor, y: Tensor) -> Tensor:
        """F(v, y) of the top RBM with label units: −aᵀv − dᵀy − Σ softplus(b + vW + yU)."""
        pre = torch.addmm(self.top.b, v, self.top.W) + y @ self.U  # (B, H)
        return -(v @ self.top.a) - y @ self.d - F.softplus(pre).sum(-1)  # (B,)

    def classify(self, x: Tensor) -> Tensor:
        """Class scores −F(v, e_k) for each label k, v the up-pass to the top: (B, K)."""
        v = self.up(x.reshape(len(x), -1), len(self.layers) - 1)  # (B, V_top)
        eye = torch.eye(self.labels, dtype=v.dtype, device=v.device)
        return torch.stack([-self.free_energy(v, e.expand(len(v), -1)) for e in eye], 1)

    def draw_chain(self, n: int, generator: torch.Generator) -> Tensor:
        """n samples: the top RBM's chain (labels free) from P(v | h = 0), then down."""
        h = torch.zeros(n, self.top.hidden, dtype=self.top.W.dtype, device=self.top.W.device)
        v = self.top.sample_visible(h, generator)  # (n, V_top)
        y = self.label_sample(h, generator) if self.labels else None
        _, _, probs = self.top_gibbs(v, y, self.sample_steps, generator)
        mean = self.top.visible_mean(gibbs.bernoulli(probs, generator))
        return self.down(mean, len(self.layers) - 1)  # (n, V)

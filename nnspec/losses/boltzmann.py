"""Boltzmann machine learning (``boltzmann``) and DBM learning (``mean_field``).

Seed 003 ("BM 的参数更新"): Δw_ij ∝ ⟨s_i s_j⟩_data − ⟨s_i s_j⟩_model, "1. 正向: 在可见端固定 x,
等稳定后, 计算期望值 2. 反向: 松开可见端 x, 等稳定后, 计算期望值". Both losses return the
surrogate mean E(positive states) − mean E(negative states) with the states held fixed:
E is linear in every weight and bias, so its autograd gradient is exactly that update
(−s_i s_j per pair), and any torch optimizer steps it.

A DBM's positive phase is the mean-field posterior with v clamped; its negative phase
persistent chains of block Gibbs steps (Salakhutdinov & Hinton 2009, Algorithm 1). A
layerwise phase pretrains it level by level as RBMs whose weights are doubled where the
DBM will give a layer input from both sides (§3.1), each level on the doubled up-pass
of the levels below. Chains start at the first training update, so after pretraining.
"""

from __future__ import annotations

import torch
from torch import Tensor, nn

from nnspec.losses.base import Logs, Loss, Term, loss
from nnspec.nn.gibbs import bernoulli


def flat(x: Tensor, like: Tensor) -> Tensor:
    """Examples as (B, V) rows in the parameters' dtype."""
    return x.reshape(len(x), -1).to(like.dtype)


class GibbsLoss(Loss):
    """What both losses share: the weight cost, the logs, persistent chains in checkpoints."""

    chains: list[Tensor] | None = None

    def weights(self) -> list[Tensor]:
        raise NotImplementedError

    def finish(self, positive: Tensor, negative: Tensor) -> tuple[Tensor, Logs]:
        """The surrogate from the phases' energies (B,), plus the weight cost."""
        gap = positive.mean() - negative.mean()
        value = gap
        if self.params["weight_cost"]:
            value = gap + 0.5 * self.params["weight_cost"] * sum(
                w.pow(2).sum() for w in self.weights()
            )
        return value, {"loss": value.detach(), "energy_gap": gap.detach()}

    def state_dict(self) -> dict:
        return {} if self.chains is None else {"chains": [c.clone() for c in self.chains]}

    def load_state_dict(self, state: dict) -> None:
        if state.get("chains") is not None:
            device = self.weights()[0].device
            self.chains = [c.to(device) for c in state["chains"]]


@loss("boltzmann")
class BoltzmannLearning(GibbsLoss):
    def __init__(self, name: str, params: dict, rt) -> None:
        super().__init__(name, params, rt)
        self.model = self.net("model")

    def weights(self) -> list[Tensor]:
        return [self.model.weights]

    def negative(self, clamped: Tensor) -> Tensor:
        """The free-running states: persistent chains, or chains from the clamped states."""
        sweeps, gen = self.params["sweeps"], self.rt.generator
        if not self.params["persistent"]:
            return self.model.free(clamped, sweeps, gen)
        if self.chains is None:
            n = len(self.model.bias)
            self.chains = [bernoulli(clamped.new_full((self.params["chains"], n), 0.5), gen)]
        if not self.model.training:
            return self.chains[0]  # an evaluation leaves the chains be
        self.chains = [self.model.free(self.chains[0], sweeps, gen)]
        return self.chains[0]

    def __call__(self, x: Tensor, y: Tensor | None) -> tuple[Tensor, Logs]:
        v = flat(x, self.model.bias)
        clamped = self.model.clamped(v, self.params["sweeps"], self.rt.generator)  # (B, n)
        free = self.negative(clamped)  # (M, n)
        return self.finish(self.model.energy(clamped), self.model.energy(free))


@loss("mean_field")
class MeanFieldLearning(GibbsLoss):
    def __init__(self, name: str, params: dict, rt) -> None:
        super().__init__(name, params, rt)
        self.model = self.net("model")
        self.init_visible_bias()

    @torch.no_grad()
    def init_visible_bias(self, eps: float = 1e-3) -> None:
        """b_v = log(p/(1 − p)) of the training data (Hinton's practical guide, §8)."""
        p = flat(self.rt.train_x, self.model.b[0]).mean(0).clamp(eps, 1 - eps)
        self.model.b[0].copy_(torch.logit(p))

    def weights(self) -> list[Tensor]:
        return list(self.model.W)

    def __call__(self, x: Tensor, y: Tensor | None) -> tuple[Tensor, Logs]:
        v = flat(x, self.model.b[0])
        with torch.no_grad():
            mu = self.model.posterior(v)  # [v, μ¹, ...]
            if self.chains is None:
                self.chains = self.model.free_chains(self.params["chains"], self.rt.generator)
            if self.model.training:  # an evaluation leaves the chains be
                self.chains = self.model.gibbs(self.chains, self.params["k"], self.rt.generator)
        return self.finish(self.model.energy(mu), self.model.energy(self.chains))

    # ---- layer-wise pretraining: the levels as RBMs with doubled weights ----
    def levels(self) -> int:
        return self.model.levels

    def level_params(self, level: int) -> list[nn.Parameter]:
        own = [self.model.W[level], self.model.b[level + 1]]
        return own + (
            [self.model.b[0]] if level == 0 else []
        )  # higher visible biases are set below

    def level_data(self, x: Tensor, level: int, mode: str) -> Tensor:
        """The data passed up the pretrained levels below ``level``, with their doubled weights."""
        v = flat(x, self.model.b[0])
        with torch.no_grad():
            for below in range(level):
                up, _ = self.model.doubling(below)
                p = torch.sigmoid(up * (v @ self.model.W[below]) + self.model.b[below + 1])
                v = p if mode == "mean" else bernoulli(p, self.rt.generator)
        return v

    def level_step(self, level: int, mode: str, x: Tensor) -> tuple[Tensor, Logs]:
        """CD-k on level ``level``'s RBM: hidden input up·vW + b_h, visible input down·Wh + b_v."""
        W, bv, bh = self.model.W[level], self.model.b[level], self.model.b[level + 1]
        up, down = self.model.doubling(level)
        v = self.level_data(x, level, mode)
        with torch.no_grad():
            h = torch.sigmoid(up * (v @ W) + bh)  # (B, H)
            v_model, h_model = v, h
            for _ in range(self.params["k"]):
                v_model = torch.sigmoid(down * (bernoulli(h_model, self.rt.generator) @ W.T) + bv)
                h_model = torch.sigmoid(up * (v_model @ W) + bh)
        value, logs = self.finish(
            rbm_energy(W, bv, bh, v, h), rbm_energy(W, bv, bh, v_model, h_model)
        )
        logs["reconstruction_error"] = (v - v_model).pow(2).mean()
        return value, logs

    def level_term(self, level: int, mode: str) -> Term:
        return lambda x, y: self.level_step(level, mode, x)


def rbm_energy(W: Tensor, a: Tensor, b: Tensor, v: Tensor, h: Tensor) -> Tensor:
    """E(v, h) = −aᵀv − bᵀh − vᵀWh per row (B,)."""
    return -(v @ a) - (h @ b) - ((v @ W) * h).sum(-1)

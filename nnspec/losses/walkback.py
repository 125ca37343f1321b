"""The ``walkback`` loss of a ``gsn`` (Bengio et al. 2014, §3.4 and the MNIST experiment).

From a corrupted example the network's chain runs ``walkback`` steps (2L by default:
enough for a signal from x to reach the top layer and come back down); after each, x's
means reconstruct the clean example. The loss is the cross-entropy of the clean example,
summed over its values, averaged over the batch and over the steps; its gradient flows
through the whole unrolled chain, so the later steps train the deep layers, and they
learn to pull the chain's wanderings back to the data (walkback).
"""

from __future__ import annotations

import torch
import torch.nn.functional as F
from torch import Tensor

from nnspec.losses.base import Logs, Loss, loss


def step_losses(logits: list[Tensor], x: Tensor) -> Tensor:
    """(steps,) cross-entropies of clean x (B, V) under each step's logits, per example."""
    return torch.stack(
        [F.binary_cross_entropy_with_logits(z, x, reduction="none").sum(1).mean() for z in logits]
    )


@loss("walkback")
class Walkback(Loss):
    def __init__(self, name: str, params: dict, rt) -> None:
        super().__init__(name, params, rt)
        self.model = self.net("model")
        self.steps = params["walkback"] or 2 * self.model.depth

    def __call__(self, x: Tensor, y: Tensor | None) -> tuple[Tensor, Logs]:
        v = x.reshape(len(x), -1).to(self.model.b[0].dtype)  # (B, V)
        losses = step_losses(self.model.chain(v, self.steps, self.rt.generator), v)
        value = losses.mean()
        logs = {"loss": value.detach(), "first_step": losses[0].detach()}
        return value, logs | {"last_step": losses[-1].detach()}

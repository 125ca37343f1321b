"""Supervised losses: cross-entropy, NLL, MSE and BCE, and weighted sums."""

from __future__ import annotations

import torch.nn.functional as F
from torch import Tensor, nn

from nnspec.losses.base import Logs, Loss, Term, fed, loss


def _per_step(logits: Tensor, y: Tensor) -> tuple[Tensor, Tensor]:
    # (B, T, C) sequence outputs against (B, T) labels: fold time into the batch.
    if logits.dim() == 3:
        return logits.reshape(-1, logits.shape[-1]), y.reshape(-1)
    return logits, y


@loss("cross_entropy")
class CrossEntropy(Loss):
    def __call__(self, x: Tensor, y: Tensor | None) -> tuple[Tensor, Logs]:
        logits, target = _per_step(fed(self.net("model"), x, y), y)
        value = F.cross_entropy(
            logits, target.long(), label_smoothing=self.params["label_smoothing"]
        )
        return value, {"loss": value.detach()}


@loss("nll")
class NLL(Loss):
    def __call__(self, x: Tensor, y: Tensor | None) -> tuple[Tensor, Logs]:
        log_probs, target = _per_step(fed(self.net("model"), x, y), y)
        value = F.nll_loss(log_probs, target.long())
        return value, {"loss": value.detach()}


def _target(params: dict, x: Tensor, y: Tensor | None, like: Tensor) -> Tensor:
    target = x if params["target"] == "x" else y
    return target.reshape(like.shape).to(like.dtype)


@loss("mse")
class MSE(Loss):
    def __call__(self, x: Tensor, y: Tensor | None) -> tuple[Tensor, Logs]:
        out = fed(self.net("model"), x, y)
        value = F.mse_loss(out, _target(self.params, x, y, out))
        return value, {"loss": value.detach()}

    def residuals(self, x: Tensor, y: Tensor | None) -> Tensor:
        """Outputs minus targets, whose squares' mean is the loss (a Kalman filter's input)."""
        out = self.net("model")(x)
        return out - _target(self.params, x, y, out)


@loss("bce")
class BCE(Loss):
    def __call__(self, x: Tensor, y: Tensor | None) -> tuple[Tensor, Logs]:
        logits = fed(self.net("model"), x, y)
        value = F.binary_cross_entropy_with_logits(logits, _target(self.params, x, y, logits))
        return value, {"loss": value.detach()}


@loss("sum")
class WeightedSum(Loss):
    """Σ wᵢ·termᵢ over named losses or loss terms, each logged under its own name.

    In a layerwise phase (a stacked CAE: reconstruction + λ·contractive) each level minimises
    the weighted sum of its parts' level terms; validate makes every part a whole loss that
    pretrains the phase's stack level by level.
    """

    def __init__(self, name: str, params: dict, rt) -> None:
        super().__init__(name, params, rt)
        self.parts: list[tuple[str, float, Term]] = []
        self.members: list[tuple[str, float, Loss]] = []

    def bind(self, losses: dict[str, Loss]) -> None:
        """Resolve the named terms once every loss of the run is built."""
        for entry in self.params["terms"]:
            loss_name, _, term = entry["loss"].partition(".")
            fn = losses[loss_name].summand(term or None)
            self.parts.append((entry["loss"], entry["weight"], fn))
            self.members.append((entry["loss"], entry["weight"], losses[loss_name]))

    def __call__(self, x: Tensor, y: Tensor | None) -> tuple[Tensor, Logs]:
        return weighted(self.parts, x, y)

    def levels(self) -> int:
        return self.members[0][2].levels()

    def level_params(self, level: int) -> list[nn.Parameter]:
        found = (p for _, _, part in self.members for p in part.level_params(level))
        return list({id(p): p for p in found}.values())  # a parameter two parts train, once

    def level_term(self, level: int, mode: str) -> Term:
        parts = [(label, w, part.level_term(level, mode)) for label, w, part in self.members]
        return lambda x, y: weighted(parts, x, y)


def weighted(parts: list[tuple[str, float, Term]], x: Tensor, y: Tensor | None):
    """Σ wᵢ·termᵢ(x, y), logging each term's value and the total."""
    total, logs = 0.0, {}
    for label, weight, fn in parts:
        value, _ = fn(x, y)
        total = total + weight * value
        logs[label] = value.detach()
    logs["loss"] = total.detach()
    return total, logs

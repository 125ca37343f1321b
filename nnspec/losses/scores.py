"""The minimax game's BCE terms on a discriminator's scores, as logits or as probabilities.

Logits (``scores: logits``, the default) take the numerically stable forms: BCE with
logits, and softplus for G. Probabilities (``scores: probabilities``: D ends in a
sigmoid) take ``binary_cross_entropy`` on them, op for op what pytorch/examples' dcgan
computes with ``BCELoss``; the two forms have the same gradients up to float rounding.
"""

from __future__ import annotations

import torch
import torch.nn.functional as F
from torch import Tensor


def bce(scores: Tensor, target: float, probabilities: bool) -> Tensor:
    """Mean BCE of scores (B,) against one target for every sample."""
    targets = torch.full_like(scores, target)  # (B,)
    if probabilities:
        return F.binary_cross_entropy(scores, targets)
    return F.binary_cross_entropy_with_logits(scores, targets)


def generator_value(scores: Tensor, saturating: bool, probabilities: bool) -> Tensor:
    """G's loss: the paper's E log(1 − D(G(z))), or the non-saturating −E log D(G(z))."""
    if probabilities:
        return -bce(scores, 0.0, True) if saturating else bce(scores, 1.0, True)
    return -F.softplus(scores).mean() if saturating else F.softplus(-scores).mean()


def mean_probability(scores: Tensor, probabilities: bool) -> Tensor:
    """The mean of D(x) over a batch, for the logs."""
    scores = scores.detach()
    return (scores if probabilities else torch.sigmoid(scores)).mean()

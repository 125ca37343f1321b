"""Classification accuracy from logits, binary logits or predicted labels."""

from __future__ import annotations

import torch
from torch import Tensor


def predictions(outputs: Tensor) -> Tensor:
    """Predicted labels: argmax of (B, C) logits, logit > 0 for (B,) or (B, 1) float logits.

    Integer (B,) tensors are taken to be labels already.
    """
    if outputs.ndim == 2 and outputs.shape[1] > 1:
        return outputs.argmax(dim=1)
    if outputs.is_floating_point():
        return (outputs.reshape(-1) > 0).long()
    return outputs.reshape(-1)


@torch.no_grad()
def accuracy(outputs: Tensor, targets: Tensor) -> float:
    """Share of samples whose predicted label equals the target."""
    pred = predictions(outputs)
    targets = targets.reshape(-1).to(pred.device)
    if pred.shape != targets.shape:
        raise ValueError(f"{pred.shape[0]} predictions for {targets.shape[0]} targets")
    return float((pred == targets.long()).double().mean())

"""Samples of an energy network: Gibbs chains at its top RBM, then a pass down to the data.

Seed 003 (DBN generation) and Hinton et al. (2006): a DBN generates by running
alternating Gibbs sampling in the undirected top-level RBM for a long time, then one
top-down pass through the directed layers below. Each chain starts from P(v | h = 0),
the top RBM's visible biases alone; the last step returns the visible means, and
every level below gives its means too, so a sample is a picture, not a bit pattern.
"""

from __future__ import annotations

import torch
from torch import Tensor, nn

SAMPLE_STEPS = 1000  # the declarations' default: the last column of gibbs_samples.png


def chain_samples(module: nn.Module, n: int, steps: int, generator: torch.Generator) -> Tensor:
    """(n, V) samples of an rbm or rbm_stack module after ``steps`` Gibbs steps at its top."""
    levels = module.rbm_levels()
    top = levels[-1]
    h = torch.zeros(n, top.hidden, dtype=top.W.dtype, device=top.W.device)  # (n, H_top)
    v = top.gibbs(top.sample_visible(h, generator), steps, generator, sample_visible=True)
    mean = top.visible_mean(top.sample_hidden(v, generator))  # (n, V_top)
    return module.down_from(mean, len(levels) - 1)  # (n, V)

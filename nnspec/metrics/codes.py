"""InfoGAN's variational bound on the mutual information between a code and the samples.

For a code c uniform over K values, L_I = H(c) − E[−log Q(c | G(z, c))] = ln K − CE
(Chen et al. 2016, eq. 4): ln K when Q reads every code back with certainty, 0 when Q
says nothing (uniform logits), and never above the code's entropy.
"""

from __future__ import annotations

import math

import torch
import torch.nn.functional as F
from torch import Tensor


@torch.no_grad()
def code_information(logits: Tensor, codes: Tensor) -> dict[str, float]:
    """L_I in nats and Q's accuracy, from Q's logits (n, K) and the codes drawn (n,)."""
    k = logits.shape[1]
    ce = F.cross_entropy(logits.double(), codes.long(), reduction="mean")
    hits = (logits.argmax(1) == codes).double().mean()
    return {"mutual_information": math.log(k) - float(ce), "code_accuracy": float(hits)}

"""Mode coverage of 2-D Gaussian-mixture samples by the VEEGAN protocol.

Srivastava et al. (2017), VEEGAN, synthetic-data experiments: a generated sample is high
quality when it lies within three standard deviations of its nearest mode; a mode is
captured when at least one high-quality sample has it as its nearest mode.
"""

from __future__ import annotations

import numpy as np
import torch
from torch import Tensor


def _as_float64(x: Tensor | np.ndarray) -> Tensor:
    return torch.as_tensor(x).detach().to("cpu", torch.float64)


def ring_coverage(
    samples: Tensor | np.ndarray, centres: Tensor | np.ndarray, std: float
) -> dict[str, float | int]:
    """``modes_captured`` (a count of modes) and ``high_quality`` (a share of samples)."""
    x, c = _as_float64(samples), _as_float64(centres)  # (N, 2), (M, 2)
    if x.shape[0] == 0:
        return {"modes_captured": 0, "high_quality": 0.0}
    dist = torch.cdist(x, c)  # (N, M)
    nearest_dist, nearest = dist.min(dim=1)  # (N,), (N,)
    good = nearest_dist <= 3.0 * std  # (N,)
    return {
        "modes_captured": int(nearest[good].unique().numel()),
        "high_quality": float(good.double().mean()),
    }

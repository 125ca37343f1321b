"""VEEGAN mode coverage on a ring of Gaussians."""

import math

import numpy as np
import torch

from nnspec.metrics.ring import ring_coverage

STD = 0.02


def ring(modes: int = 8, radius: float = 2.0) -> torch.Tensor:
    angles = torch.arange(modes) * 2 * math.pi / modes
    return radius * torch.stack([angles.cos(), angles.sin()], dim=1)  # (M, 2)


def test_counts_modes_with_a_high_quality_sample_and_the_share_of_such_samples():
    centres = ring()
    g = torch.Generator().manual_seed(0)
    near = centres[:5].repeat(20, 1) + STD * torch.randn(100, 2, generator=g).clamp(-2, 2)
    far = torch.zeros(25, 2)  # the ring's centre is 2 away from every mode
    result = ring_coverage(torch.cat([near, far]), centres, STD)
    assert result == {"modes_captured": 5, "high_quality": 100 / 125}


def test_the_threshold_is_three_standard_deviations_from_the_nearest_mode():
    centres = ring()
    inside = centres[0] + torch.tensor([2.99 * STD, 0.0])
    outside = centres[1] + torch.tensor([0.0, 3.01 * STD])
    result = ring_coverage(torch.stack([inside, outside]), centres, STD)
    assert result == {"modes_captured": 1, "high_quality": 0.5}


def test_accepts_numpy_and_handles_no_samples():
    centres = ring().numpy()
    assert ring_coverage(centres.astype(np.float32), centres, STD)["modes_captured"] == 8
    assert ring_coverage(np.zeros((0, 2)), centres, STD) == {
        "modes_captured": 0,
        "high_quality": 0.0,
    }

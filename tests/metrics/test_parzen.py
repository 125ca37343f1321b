"""Parzen-window log-likelihood, σ selection and the standard error."""

import math

import numpy as np
import torch

from nnspec.metrics.parzen import (
    mean_and_stderr,
    parzen_log_likelihood,
    select_sigma,
    sigma_grid,
)


def reference(samples: np.ndarray, points: np.ndarray, sigma: float) -> np.ndarray:
    """log (1/S) Σ_s Π_d N(x_d; μ_sd, σ²), one point and one sample at a time."""
    out = []
    for x in points:
        dens = [
            np.prod(np.exp(-((x - mu) ** 2) / (2 * sigma**2)) / (sigma * np.sqrt(2 * np.pi)))
            for mu in samples
        ]
        out.append(np.log(np.mean(dens)))
    return np.array(out)


def test_matches_a_direct_computation_and_is_batch_invariant():
    rng = np.random.default_rng(0)
    samples, points = rng.normal(size=(40, 3)), rng.normal(size=(13, 3))
    ours = parzen_log_likelihood(samples, points, 0.7, batch=4)
    assert ours.dtype == torch.float64
    assert np.allclose(ours.numpy(), reference(samples, points, 0.7))
    assert torch.allclose(ours, parzen_log_likelihood(samples, points, 0.7, batch=1000))


def test_far_points_stay_finite_in_float64():
    samples = torch.zeros(1, 4, dtype=torch.float32)
    point = torch.full((1, 4), 5.0)  # 100σ away per coordinate for σ = 0.05
    ll = float(parzen_log_likelihood(samples, point, 0.05)[0])
    expected = -4 * 25.0 / (2 * 0.05**2) - 4 * math.log(0.05 * math.sqrt(2 * math.pi))
    assert math.isclose(ll, expected, rel_tol=1e-12)


def test_images_are_flattened():
    rng = np.random.default_rng(1)
    samples, points = rng.random((10, 2, 3)), rng.random((4, 2, 3))
    flat = parzen_log_likelihood(samples.reshape(10, 6), points.reshape(4, 6), 0.3)
    assert torch.allclose(parzen_log_likelihood(samples, points, 0.3), flat)


def test_select_sigma_maximises_the_validation_mean():
    rng = np.random.default_rng(2)
    centres = rng.normal(size=(5, 2)) * 3
    samples = centres[rng.integers(0, 5, 500)] + 0.1 * rng.normal(size=(500, 2))
    val = centres[rng.integers(0, 5, 200)] + 0.1 * rng.normal(size=(200, 2))
    grid = [0.001, 0.01, 0.1, 1.0, 10.0]
    means = [float(parzen_log_likelihood(samples, val, s).mean()) for s in grid]
    chosen = select_sigma(samples, val, grid)
    assert chosen == grid[int(np.argmax(means))]
    assert chosen in (0.01, 0.1)  # neither extreme of the grid fits clusters of width 0.1


def test_default_grid_and_standard_error_follow_parzen_ll_py():
    assert np.allclose(sigma_grid(), np.logspace(-1, 0, 10))
    values = np.array([1.0, 2.0, 4.0, 7.0])
    mean, stderr = mean_and_stderr(values)
    assert mean == 3.5
    assert math.isclose(stderr, values.std() / 2.0)

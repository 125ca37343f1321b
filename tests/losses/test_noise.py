"""Latent priors and input corruptions: shapes, ranges, exact fractions, determinism."""

import pytest
import torch

from nnspec.losses.noise import corrupt, prior_size, sample_prior


def gen(seed: int = 0) -> torch.Generator:
    return torch.Generator().manual_seed(seed)


def test_priors_have_their_shape_range_and_moments():
    z = sample_prior({"normal": {"size": 3}}, 4000, gen())
    assert z.shape == (4000, 3) and z.dtype == torch.float32
    assert z.mean().abs() < 0.05 and (z.std() - 1).abs() < 0.05
    u = sample_prior({"uniform": {"size": 2, "low": -2.0, "high": 1.0}}, 4000, gen(), torch.float64)
    assert u.dtype == torch.float64 and u.min() >= -2 and u.max() <= 1
    assert (u.mean() - (-0.5)).abs() < 0.05
    assert prior_size({"uniform": {"size": 2, "low": 0.0, "high": 1.0}}) == 2


def test_draws_follow_the_generator():
    noise = {"normal": {"size": 5}}
    assert torch.equal(sample_prior(noise, 3, gen(1)), sample_prior(noise, 3, gen(1)))
    assert not torch.equal(sample_prior(noise, 3, gen(1)), sample_prior(noise, 3, gen(2)))


@pytest.mark.parametrize("p", [0.0, 0.25, 0.5, 1.0])
def test_masking_zeroes_exactly_the_fraction_of_each_example(p):
    x = torch.ones(6, 2, 4, 5)  # (B, C, H, W): 40 values per example
    out = corrupt({"masking": {"p": p}}, x, gen())
    assert out.shape == x.shape
    assert ((out == 0).reshape(6, -1).sum(1) == round(p * 40)).all()


def test_masking_picks_different_values_per_example():
    out = corrupt({"masking": {"p": 0.5}}, torch.ones(8, 30), gen())
    assert len({tuple(row.tolist()) for row in out}) == 8


def test_salt_and_pepper_replaces_the_fraction_with_min_or_max():
    x = torch.full((50, 20), 0.5, dtype=torch.float64)
    out = corrupt({"salt_pepper": {"p": 0.3, "low": -1.0, "high": 2.0}}, x, gen())
    changed = out != 0.5
    assert (changed.sum(1) == 6).all()
    assert set(out[changed].tolist()) == {-1.0, 2.0}
    assert 0.4 < (out[changed] == 2.0).double().mean() < 0.6  # a fair coin over 300 values
    assert out.dtype == torch.float64


def test_gaussian_adds_noise_of_its_std_everywhere():
    x = torch.linspace(0, 1, 20000).reshape(100, 200)
    noise = corrupt({"gaussian": {"std": 0.3}}, x, gen()) - x
    assert (noise != 0).all()
    assert (noise.std() - 0.3).abs() < 0.01 and noise.mean().abs() < 0.01


def test_no_corruption_is_the_identity_and_roles_are_checked():
    x = torch.rand(3, 4)
    assert corrupt(None, x, gen()) is x
    # validate refuses a misplaced noise (kind_checks.misplaced); the torch side asserts it
    with pytest.raises(AssertionError, match="only where a corruption belongs"):
        corrupt({"normal": {"size": 4}}, x, gen())
    with pytest.raises(AssertionError, match="only where a latent prior belongs"):
        sample_prior({"masking": {"p": 0.1}}, 3, gen())

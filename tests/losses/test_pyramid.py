"""The Laplacian-pyramid GAN: the pyramid's operators, each level's game, and the sampling chain."""

from __future__ import annotations

import torch
import torch.nn.functional as F
from torch import nn

from nnspec.losses.pyramid import LaplacianGAN, grow, shrink

B, Z = 4, 3


def level_params(scale: int, coarser: str | None, g: str, d: str) -> dict:
    return {
        "generator": g,
        "discriminator": d,
        "noise": {"normal": {"size": Z}},
        "generator_loss": "non_saturating",
        "label_smoothing": 0.0,
        "scale": scale,
        "coarser": coarser,
    }


def pyramid(make_rt):
    """Two levels over (1, 4, 4) data: 2×2 from noise, then the 4×4 residual."""
    torch.manual_seed(0)
    nets = {
        "G2": nn.Linear(Z, 4).double(),
        "D2": nn.Sequential(nn.Flatten(), nn.Linear(4, 1)).double(),
        "G4": nn.Linear(Z + 16, 16).double(),
        "D4": nn.Sequential(nn.Flatten(), nn.Linear(32, 1)).double(),
    }
    x = torch.rand(B, 1, 4, 4, generator=torch.Generator().manual_seed(1), dtype=torch.float64)
    rt = make_rt(nets, x)
    top = LaplacianGAN("l2", level_params(2, None, "G2", "D2"), rt)
    fine = LaplacianGAN("l4", level_params(1, "l2", "G4", "D4"), rt)
    for level in (top, fine):
        level.bind({"l2": top, "l4": fine})
    return rt, nets, x, top, fine


def test_shrink_averages_and_grow_interpolates():
    x = torch.arange(16.0).reshape(1, 1, 4, 4)
    assert torch.equal(shrink(x), F.avg_pool2d(x, 2))
    assert shrink(x, 2).item() == x.mean()
    assert grow(torch.ones(1, 1, 2, 2), 2).shape == (1, 1, 8, 8)
    assert torch.equal(grow(torch.full((1, 1, 1, 1), 3.0)), torch.full((1, 1, 2, 2), 3.0))


def test_a_finer_level_judges_the_residual_beside_the_coarser_image(make_rt, replay):
    rt, nets, x, _, fine = pyramid(make_rt)
    z = torch.randn(B, Z, generator=replay(rt), dtype=torch.float64)
    value, _ = fine.term("discriminator")(x, None)
    low = grow(shrink(x))  # (B, 1, 4, 4): the coarser image, upsampled
    real = torch.cat([x - low, low], 1)  # (B, 2, 4, 4)
    fake = torch.cat([nets["G4"](torch.cat([z, low.flatten(1)], 1)).reshape(x.shape), low], 1)
    d_real, d_fake = torch.sigmoid(nets["D4"](real)), torch.sigmoid(nets["D4"](fake))
    assert torch.allclose(value, -d_real.log().mean() - (1 - d_fake).log().mean())


def test_the_coarsest_level_plays_on_the_shrunk_images(make_rt, replay):
    rt, nets, x, top, _ = pyramid(make_rt)
    z = torch.randn(B, Z, generator=replay(rt), dtype=torch.float64)
    value, _ = top.term("generator")(x, None)
    fake = nets["G2"](z).reshape(B, 1, 2, 2)
    assert torch.allclose(value, F.softplus(-nets["D2"](fake)).mean())


def test_levels_train_apart_on_real_coarser_images(make_rt):
    _, nets, x, _, fine = pyramid(make_rt)
    fine.term("generator")(x, None)[0].backward()
    assert all(p.grad is None for p in nets["G2"].parameters())
    assert all(p.grad is not None for p in nets["G4"].parameters())


def test_sampling_runs_the_chain_from_the_coarsest_level(make_rt):
    _, nets, _, top, fine = pyramid(make_rt)
    latent = fine.prior(5, torch.Generator().manual_seed(3), torch.float64)  # (5, 2Z)
    assert latent.shape == (5, 2 * Z)
    coarse, image = fine.stages(latent)
    assert torch.equal(coarse, nets["G2"](latent[:, :Z]).reshape(5, 1, 2, 2))
    low = grow(coarse)
    residual = nets["G4"](torch.cat([latent[:, Z:], low.flatten(1)], 1)).reshape(5, 1, 4, 4)
    assert torch.equal(image, low + residual)
    assert torch.equal(fine.decode(nets["G4"], latent), image)
    assert top.decode(nets["G2"], latent[:, :Z]).shape == (5, 1, 4, 4)  # grown to the data's

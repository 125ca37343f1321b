"""The contractive autoencoder's chain (Rifai et al. 2012) against autograd Jacobians."""

from __future__ import annotations

import pytest
import torch

from nnspec.nn.autoencoder_stack import AutoencoderStack
from nnspec.nn.cae_chain import chain_samples, perturb, tangent_step

torch.set_num_threads(1)


def stack(activation: str = "sigmoid") -> AutoencoderStack:
    torch.manual_seed(3)
    return AutoencoderStack(5, [4, 3], activation).double()


def jacobian(net: AutoencoderStack, x: torch.Tensor, level: int) -> torch.Tensor:
    """(H, D) ∂f/∂x of one level's encoder at one example, by autograd."""
    return torch.autograd.functional.jacobian(lambda u: net.encode(u, level), x)


@pytest.mark.parametrize("activation", ["sigmoid", "tanh", "relu"])
def test_the_tangent_step_is_j_jt_eps(activation):
    net = stack(activation)
    x = torch.rand(6, 4, dtype=torch.float64, generator=torch.Generator().manual_seed(1))
    eps = torch.randn(6, 3, dtype=torch.float64, generator=torch.Generator().manual_seed(2))
    got = tangent_step(net, x, 1, eps)
    for row, e, step in zip(x, eps, got, strict=True):
        j = jacobian(net, row, 1)  # (3, 4)
        assert torch.allclose(step, j @ j.T @ e)


def test_the_code_noise_has_covariance_sigma_squared_j_jt_squared():
    net, sigma, n = stack(), 0.5, 40_000
    x = torch.rand(1, 4, dtype=torch.float64, generator=torch.Generator().manual_seed(1))
    moved = perturb(net, x.expand(n, 4), 1, sigma, torch.Generator().manual_seed(0))
    noise = moved - net.encode(x, 1)  # (n, 3)
    j = jacobian(net, x[0], 1)
    jjt = j @ j.T
    want = sigma**2 * jjt @ jjt.T  # Cov(J Jᵀ ε), ε ~ N(0, σ² I)
    assert noise.mean(0).abs().max() < 4 * want.diagonal().sqrt().max() / n**0.5
    assert torch.allclose(noise.T.cov(), want, rtol=0.05, atol=0.02 * want.abs().max())
    assert not torch.allclose(noise.T.cov(), sigma**2 * jjt, rtol=0.5)  # not J Jᵀ σ²


def test_samples_decode_down_as_the_decoder_units_say():
    net = stack()
    g = torch.Generator().manual_seed(4)
    x = chain_samples(net, 7, 3, 1.0, g)
    assert x.shape == (7, 5) and x.min() >= 0 and x.max() <= 1  # sigmoid means
    again = chain_samples(net, 7, 3, 1.0, torch.Generator().manual_seed(4))
    assert torch.equal(x, again)
    net.decoder_units = "identity"  # an mse reconstruction: the decoders' values themselves
    start = torch.randn(7, 3, dtype=torch.float64, generator=torch.Generator().manual_seed(4))
    by_hand = net.decoders[0](net.decoders[1](torch.sigmoid(start)))
    assert torch.allclose(chain_samples(net, 7, 0, 1.0, torch.Generator().manual_seed(4)), by_hand)


def test_a_step_without_noise_reconstructs_at_the_top():
    net = stack()
    net.sample_steps, net.sample_noise = 1, 0.0
    start = torch.randn(2, 3, dtype=torch.float64, generator=torch.Generator().manual_seed(5))
    top_input = torch.sigmoid(net.decoders[1](torch.sigmoid(start)))
    step = torch.sigmoid(net.reconstruct(top_input, 1))
    by_hand = torch.sigmoid(net.decoders[0](step))
    assert torch.allclose(net.draw_chain(2, torch.Generator().manual_seed(5)), by_hand)

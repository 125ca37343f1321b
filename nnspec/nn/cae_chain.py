"""The sampling chain of a (stacked) contractive autoencoder (Rifai et al. 2012).

"A Generative Process for Sampling Contractive Auto-Encoders": from an input x of the top
autoencoder, h = f(x); the code moves by J Jᵀ ε with ε ~ N(0, σ² I) in code space, J = ∂f/∂x
at x; that is, x moves by Jᵀ ε, along the directions the encoder did not contract (the
tangents of the data's manifold it learned), and h follows to first order. The decoder then
gives x ← g(h̃), and the chain repeats. A stack runs the chain at its top level, as a DBN runs
Gibbs at its top RBM (Bengio et al. 2013 sampled the GAN paper's stacked CAE so), and passes
the result down through the decoders below, each giving its mean.

For a level h = s(W x + b) with s elementwise, J = diag(s'(h)) W, so J Jᵀ ε needs no autograd.
"""

from __future__ import annotations

import torch
from torch import Tensor

from nnspec.nn.autoencoder_stack import AutoencoderStack


def tangent_step(stack: AutoencoderStack, x: Tensor, level: int, eps: Tensor) -> Tensor:
    """J Jᵀ ε per example: the code's move when the input moves by Jᵀ ε (ε shaped like h)."""
    weight = stack.encoders[level].weight  # (H, D)
    slope = stack.slope(stack.encode(x, level))  # (B, H): J = diag(slope) W
    along = (slope * eps) @ weight  # (B, D): Jᵀ ε, a move of the input
    return slope * (along @ weight.T)  # (B, H): J Jᵀ ε


def perturb(stack: AutoencoderStack, x: Tensor, level: int, sigma: float, generator) -> Tensor:
    """h̃ = f(x) + J Jᵀ ε, ε ~ N(0, σ² I): the code of ``level`` moved along its tangents."""
    h = stack.encode(x, level)  # (B, H)
    eps = sigma * torch.randn(h.shape, generator=generator, device=h.device, dtype=h.dtype)
    return h + tangent_step(stack, x, level, eps)


def chain_step(stack: AutoencoderStack, x: Tensor, sigma: float, generator) -> Tensor:
    """One step at the top level: h̃ = f(x) + J Jᵀ ε, then x ← g(h̃)."""
    top = len(stack.encoders) - 1
    return stack.decode_mean(perturb(stack, x, top, sigma, generator), top)  # (B, D_top)


def chain_samples(
    stack: AutoencoderStack, n: int, steps: int, sigma: float, generator: torch.Generator
) -> Tensor:
    """(n, visible) samples: ``steps`` chain steps at the top, then down as decoder means.

    Each chain starts from the decoding of a random top code (s of a standard normal), so
    the chains need no data and start apart.
    """
    top = len(stack.encoders) - 1
    size = stack.encoders[top].out_features
    weight = stack.encoders[top].weight
    start = torch.randn(n, size, generator=generator, device=weight.device, dtype=weight.dtype)
    x = stack.decode_mean(stack.act(start), top)  # (n, D_top)
    for _ in range(steps):
        x = chain_step(stack, x, sigma, generator)
    for level in reversed(range(top)):
        x = stack.decode_mean(x, level)  # (n, sizes[level])
    return x

"""Stacked autoencoders for greedy layer-wise pretraining (seed 003's SDAE, and the stacked CAE)."""

from __future__ import annotations

from itertools import pairwise

import torch
from torch import Tensor, nn

ACTIVATIONS = {"sigmoid": nn.Sigmoid, "relu": nn.ReLU, "tanh": nn.Tanh}
# The derivative of each unit nonlinearity, written in its output h (the encoder's Jacobian).
SLOPES = {
    "sigmoid": lambda h: h * (1 - h),
    "tanh": lambda h: 1 - h * h,
    "relu": lambda h: (h > 0).to(h.dtype),
}
CHAIN_STEPS = 100  # the declaration's default sample_steps
CHAIN_NOISE = 1.0  # and sample_noise


class AutoencoderStack(nn.Module):
    """Encoders visible → hidden[0] → ... with a decoder per level.

    ``forward`` runs every encoder (the up-pass a fine-tuned network unrolls);
    ``up(x, upto)`` gives the input of level ``upto``; ``reconstruct(x, level)``
    encodes and decodes at one level, for that level's pretraining loss.
    ``draw_chain`` samples the stack by the contractive chain (``nnspec.nn.cae_chain``).
    """

    def unrolled(self) -> nn.Module:
        """Its encoders' up-pass, sharing their parameters (the ``unroll`` layer)."""
        from nnspec.nn.unroll import UnrolledEncoders  # unroll builds on this module

        return UnrolledEncoders(self)

    def __init__(
        self,
        visible: int,
        hidden: list[int],
        activation: str = "sigmoid",
        sample_steps: int = CHAIN_STEPS,
        sample_noise: float = CHAIN_NOISE,
    ):
        super().__init__()
        sizes = [visible, *hidden]
        self.encoders = nn.ModuleList(nn.Linear(a, b) for a, b in pairwise(sizes))
        self.decoders = nn.ModuleList(nn.Linear(b, a) for a, b in pairwise(sizes))
        self.act = ACTIVATIONS[activation]()
        self.slope = SLOPES[activation]
        self.sample_steps, self.sample_noise = sample_steps, sample_noise
        # What a decoder's outputs mean: logits of Bernoulli means (a bce reconstruction),
        # or the values themselves (mse). The reconstruction loss that trains it says which.
        self.decoder_units = "sigmoid"

    def encode(self, x: Tensor, level: int) -> Tensor:
        return self.act(self.encoders[level](x))  # (B, hidden[level])

    def up(self, x: Tensor, upto: int) -> Tensor:
        """The input of level ``upto``: the codes of every level below it."""
        with torch.no_grad():
            for level in range(upto):
                x = self.encode(x, level)
        return x

    def level_input(self, x: Tensor, level: int, mode: str, generator) -> Tensor:
        """The codes of the levels below ``level``: probabilities, or binary samples of them."""
        h = x.flatten(1)
        with torch.no_grad():
            for below in range(level):
                h = self.encode(h, below)
                if mode == "sample":
                    h = torch.bernoulli(h, generator=generator)
        return h  # (B, sizes[level])

    def reconstruct(self, x: Tensor, level: int) -> Tensor:
        """Decoder logits of level ``level`` for input ``x`` of that level."""
        return self.decoders[level](self.encode(x, level))  # (B, sizes[level])

    def decode_mean(self, h: Tensor, level: int) -> Tensor:
        """The mean reconstruction of level ``level``'s input from its code ``h``."""
        out = self.decoders[level](h)  # (B, sizes[level])
        return torch.sigmoid(out) if self.decoder_units == "sigmoid" else out

    def jacobian_norm(self, x: Tensor, level: int) -> Tensor:
        """‖∂h/∂x‖²_F per example of level ``level``'s encoder: Σ_j s'(h_j)² ‖W_j‖²."""
        weight = self.encoders[level].weight  # (H, D)
        slope = self.slope(self.encode(x, level))  # (B, H)
        return slope.pow(2) @ weight.pow(2).sum(1)  # (B,)

    def draw_chain(self, n: int, generator: torch.Generator) -> Tensor:
        """n samples: the contractive chain at the top level, then decoded down (means)."""
        from nnspec.nn.cae_chain import chain_samples  # the chain builds on this module

        return chain_samples(self, n, self.sample_steps, self.sample_noise, generator)

    def forward(self, x: Tensor) -> Tensor:
        for level in range(len(self.encoders)):
            x = self.encode(x, level)
        return x

"""Stacked autoencoders for greedy layer-wise pretraining (seed 003's SDAE)."""

from __future__ import annotations

from itertools import pairwise

import torch
from torch import Tensor, nn

ACTIVATIONS = {"sigmoid": nn.Sigmoid, "relu": nn.ReLU, "tanh": nn.Tanh}


class AutoencoderStack(nn.Module):
    """Encoders visible → hidden[0] → ... with a decoder per level.

    ``forward`` runs every encoder (the up-pass a fine-tuned network unrolls);
    ``up(x, upto)`` gives the input of level ``upto``; ``reconstruct(x, level)``
    encodes and decodes at one level, for that level's pretraining loss.
    """

    def unrolled(self) -> nn.Module:
        """Its encoders' up-pass, sharing their parameters (the ``unroll`` layer)."""
        from nnspec.nn.unroll import UnrolledEncoders  # unroll builds on this module

        return UnrolledEncoders(self)

    def __init__(self, visible: int, hidden: list[int], activation: str = "sigmoid"):
        super().__init__()
        sizes = [visible, *hidden]
        self.encoders = nn.ModuleList(nn.Linear(a, b) for a, b in pairwise(sizes))
        self.decoders = nn.ModuleList(nn.Linear(b, a) for a, b in pairwise(sizes))
        self.act = ACTIVATIONS[activation]()

    def encode(self, x: Tensor, level: int) -> Tensor:
        return self.act(self.encoders[level](x))  # (B, hidden[level])

    def up(self, x: Tensor, upto: int) -> Tensor:
        """The input of level ``upto``: the codes of every level below it."""
        with torch.no_grad():
            for level in range(upto):
                x = self.encode(x, level)
        return x

    def reconstruct(self, x: Tensor, level: int) -> Tensor:
        """Decoder logits of level ``level`` for input ``x`` of that level."""
        return self.decoders[level](self.encode(x, level))  # (B, sizes[level])

    def forward(self, x: Tensor) -> Tensor:
        for level in range(len(self.encoders)):
            x = self.encode(x, level)
        return x

"""The torch side of ``unroll``: a stack's up-pass that shares the stack's parameters.

The module holds the very ``Parameter`` objects of the stack (no copy), so a
network that unrolls a pretrained DBN or SDAE starts fine-tuning from its
weights, and fine-tuning updates the stack too. Its ``parameters()`` are each
level's weights and hidden biases, the count the static rule gives.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import torch
from torch import Tensor, nn

from nnspec.nn.build import BuildEnv, builds
from nnspec.registry.core import Shape

if TYPE_CHECKING:
    from nnspec.nn.autoencoder_stack import AutoencoderStack
    from nnspec.nn.rbm import RBM


class UnrolledRBMs(nn.Module):
    """sigmoid(x W + b) per level: the mean-field up-pass P(h = 1 | v) of RBMs."""

    shares_parameters = True  # its weights belong to the stack: never re-initialised

    def __init__(self, rbms: list[RBM]) -> None:
        super().__init__()
        self.W = nn.ParameterList([rbm.W for rbm in rbms])  # the RBMs' own (V, H) weights
        self.b = nn.ParameterList([rbm.b for rbm in rbms])  # and hidden biases

    def forward(self, x: Tensor) -> Tensor:
        for weight, bias in zip(self.W, self.b, strict=True):
            x = torch.sigmoid(x @ weight + bias)  # (B, H_level)
        return x


class UnrolledEncoders(nn.Module):
    """The encoders of an autoencoder stack with its unit nonlinearity (decoders left out)."""

    shares_parameters = True  # its weights belong to the stack: never re-initialised

    def __init__(self, stack: AutoencoderStack) -> None:
        super().__init__()
        self.encoders = stack.encoders  # the same ModuleList, so the same parameters
        self.act = stack.act

    def forward(self, x: Tensor) -> Tensor:
        for encoder in self.encoders:
            x = self.act(encoder(x))  # (B, H_level)
        return x


def unroll(stack: nn.Module) -> nn.Module:
    """The up-pass module of an unrollable network (its ``NetworkInfo.unrollable``).

    Each unrollable network's module gives its own (``unrolled``); validate has
    already refused the others.
    """
    return stack.unrolled()


@builds("unroll")
def build_unroll(params: dict, in_shape: Shape, env: BuildEnv) -> nn.Module:
    return unroll(env.network(params["network"]))

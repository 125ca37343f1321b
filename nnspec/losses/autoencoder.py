"""Autoencoder reconstruction, plain or denoising, and layer-wise for a stacked autoencoder.

Seed 003's denoising AE reconstructs the clean input from a corrupted copy; its
stacked denoising AE trains each level on the codes of the levels below with
the noise added at that level's input ("逐层训练的时候每层加噪声"), which
``Reconstruction.level_term`` does for an ``autoencoder_stack``. The
regularisers (sparsity, weight cost, contractive) are in ``regularisers``.
"""

from __future__ import annotations

import torch
import torch.nn.functional as F
from torch import Tensor, nn

from nnspec.losses.base import Logs, Loss, Term, loss
from nnspec.losses.noise import corrupt
from nnspec.nn.autoencoder_stack import AutoencoderStack


def distance(kind: str, out: Tensor, target: Tensor) -> Tensor:
    """``mse``: the mean over all values; ``bce``: from logits, summed per example, batch mean.

    The BCE is thus the Bernoulli negative log-likelihood in nats per example,
    the same unit as the ELBO's reconstruction term.
    """
    if kind == "mse":
        return F.mse_loss(out, target)
    return (
        F.binary_cross_entropy_with_logits(out, target, reduction="none").flatten(1).sum(1).mean()
    )


@loss("reconstruction")
class Reconstruction(Loss):
    """decoder(encoder(corrupt(x))) against the clean x, with fresh noise every call.

    When ``encoder`` names an ``autoencoder_stack`` (and ``decoder`` the same
    stack), the loss also drives greedy layer-wise pretraining through
    ``levels``/``level_params``/``level_term``; called whole, it reconstructs
    through every encoder and then every decoder, top down.
    """

    def __init__(self, name: str, params: dict, rt) -> None:
        super().__init__(name, params, rt)
        self.encoder, self.decoder = self.net("encoder"), self.net("decoder")
        self.stack = self.encoder if isinstance(self.encoder, AutoencoderStack) else None
        assert self.stack is None or params["decoder"] == params["encoder"], (
            "validate admits a stack's reconstruction only with the stack as its decoder"
        )
        if self.stack is not None:  # its chain decodes as this loss reconstructs
            self.stack.decoder_units = "sigmoid" if params["distance"] == "bce" else "identity"

    def corrupt(self, x: Tensor) -> Tensor:
        return corrupt(self.params["corruption"], x, self.rt.generator)

    def reconstruct(self, x: Tensor) -> Tensor:
        """The decoder's output (logits for bce) for an input x, shaped like x."""
        if self.stack is None:
            return self.decoder(self.encoder(x)).reshape(x.shape)
        h = self.stack(x.flatten(1))  # (B, hidden[-1])
        for level in reversed(range(len(self.stack.decoders))):
            out = self.stack.decoders[level](h)
            h = self.stack.act(out)
        return out.reshape(x.shape)

    def mean_reconstruction(self, x: Tensor, y: Tensor | None) -> Tensor:
        """The reconstruction of clean x (σ of the logits for bce)."""
        out = self.reconstruct(x)
        return torch.sigmoid(out) if self.params["distance"] == "bce" else out

    def __call__(self, x: Tensor, y: Tensor | None) -> tuple[Tensor, Logs]:
        value = distance(self.params["distance"], self.reconstruct(self.corrupt(x)), x)
        return value, {"loss": value.detach()}

    def _need_stack(self) -> AutoencoderStack:
        assert self.stack is not None, "validate admits a layerwise phase only on its loss's stack"
        return self.stack

    def levels(self) -> int:
        return len(self._need_stack().encoders)

    def level_params(self, level: int) -> list[nn.Parameter]:
        stack = self._need_stack()
        return [*stack.encoders[level].parameters(), *stack.decoders[level].parameters()]

    def level_term(self, level: int, mode: str) -> Term:
        """Level ``level`` reconstructs its own (clean) input from a corrupted copy."""
        stack = self._need_stack()
        assert mode != "sample" or isinstance(stack.act, nn.Sigmoid), (
            "validate admits input: sample only on a stack of sigmoid units (NetworkInfo.bits)"
        )

        def term(x: Tensor, y: Tensor | None) -> tuple[Tensor, Logs]:
            inputs = stack.level_input(x, level, mode, self.rt.generator)  # (B, sizes[level])
            out = stack.reconstruct(self.corrupt(inputs), level)
            value = distance(self.params["distance"], out, inputs)
            return value, {"loss": value.detach()}

        return term

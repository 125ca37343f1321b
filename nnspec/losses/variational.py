"""The negative ELBO of a (conditional, β-) VAE, in nats per example.

Seed 003 ("ELBO 下限推理"): log p(x) ≥ E_q[log p(x | z)] − KL(q(z | x) ‖ p(z)).
The encoder outputs [μ, log σ²]; z = μ + σ·ε with ε ~ N(0, I) drawn from the
run's generator (one sample per example); the KL to N(0, I) is analytic. The
Bernoulli likelihood reads the decoder's output as logits (data in [0, 1]);
the Gaussian one has unit variance and keeps its constant ½·log 2π per
dimension, so both are true log-likelihoods in nats and the ELBO is a bound on
log p(x) that can be compared across models.
"""

from __future__ import annotations

import math

import torch
import torch.nn.functional as F
from torch import Tensor

from nnspec.losses.base import Logs, Loss, fed, loss

HALF_LOG_2PI = 0.5 * math.log(2 * math.pi)


def gaussian_kl(mean: Tensor, log_var: Tensor) -> Tensor:
    """KL(N(μ, σ²) ‖ N(0, I)) per example: ½ Σ (μ² + σ² − 1 − log σ²)."""
    return 0.5 * (mean**2 + log_var.exp() - 1 - log_var).sum(1)  # (B,)


def negative_log_likelihood(out: Tensor, x: Tensor, likelihood: str) -> Tensor:
    """−log p(x | z) per example, summed over the dimensions of x."""
    if likelihood == "bernoulli":
        nll = F.binary_cross_entropy_with_logits(out, x, reduction="none")
    else:
        nll = 0.5 * (x - out) ** 2 + HALF_LOG_2PI
    return nll.flatten(1).sum(1)  # (B,)


@loss("elbo")
class ELBO(Loss):
    """Minimises E_batch[reconstruction + β·KL]; logs the ELBO itself at β = 1.

    Logs (per example, nats): ``reconstruction`` = −log p(x | z), ``kl``, and
    ``elbo`` = −(reconstruction + kl), the bound whatever β trains with.
    """

    def __init__(self, name: str, params: dict, rt) -> None:
        super().__init__(name, params, rt)
        self.encoder, self.decoder = self.net("encoder"), self.net("decoder")
        self.latent = params["latent"]

    def prior(self, n: int, generator: torch.Generator, dtype: torch.dtype) -> Tensor:
        """z ~ N(0, I): the VAE's prior."""
        return torch.randn(
            (n, self.latent), generator=generator, device=generator.device, dtype=dtype
        )

    def sample_mean(self, out: Tensor) -> Tensor:
        """The mean of p(x | z): σ of the logits for a Bernoulli likelihood."""
        return torch.sigmoid(out) if self.params["likelihood"] == "bernoulli" else out

    def mean_reconstruction(self, x: Tensor, y: Tensor | None) -> Tensor:
        """The decoded posterior mean, as a mean of p(x | z)."""
        mean, _ = self.posterior(x, y)
        return self.sample_mean(fed(self.decoder, self.condition(mean, y), y).reshape(x.shape))

    def condition(self, inputs: Tensor, y: Tensor | None) -> Tensor:
        """The input, flattened with the one-hot labels appended when conditional."""
        if not self.params["conditional"]:
            return inputs
        assert y is not None, "validate admits a conditional loss only with labelled data"
        return torch.cat([inputs.flatten(1), self.rt.one_hot(y).to(inputs.dtype)], 1)

    def posterior(self, x: Tensor, y: Tensor | None) -> tuple[Tensor, Tensor]:
        """μ and log σ² of q(z | x), each (B, latent)."""
        stats = fed(self.encoder, self.condition(x, y), y).reshape(len(x), 2 * self.latent)
        mean, log_var = stats.chunk(2, dim=1)
        return mean, log_var

    def decode_sample(self, x: Tensor, y: Tensor | None) -> tuple[Tensor, Tensor, Tensor]:
        """The decoder's output at one reparameterised z ~ q(z | x), with μ and log σ²."""
        mean, log_var = self.posterior(x, y)
        gen = self.rt.generator
        eps = torch.randn(mean.shape, generator=gen, device=gen.device, dtype=mean.dtype)
        z = mean + (0.5 * log_var).exp() * eps  # (B, latent)
        out = fed(self.decoder, self.condition(z, y), y).reshape(x.shape)
        return out, mean, log_var

    def parts(self, x: Tensor, y: Tensor | None) -> tuple[Tensor, Tensor]:
        """Per-example −log p(x | z) at one reparameterised z, and KL(q(z | x) ‖ N(0, I))."""
        out, mean, log_var = self.decode_sample(x, y)
        nll = negative_log_likelihood(out, x, self.params["likelihood"])
        return nll, gaussian_kl(mean, log_var)

    def __call__(self, x: Tensor, y: Tensor | None) -> tuple[Tensor, Logs]:
        if self.rt.detail:  # logging step: the per-example terms are reported too
            reconstruction, kl = self.parts(x, y)
            value = (reconstruction + self.params["beta"] * kl).mean()
            return value, {"loss": value.detach(), **_terms(reconstruction, kl)}
        # Other steps: the same value from whole-batch sums, as a hand-written VAE computes it.
        out, mean, log_var = self.decode_sample(x, y)
        value = (
            _batch_nll(out, x, self.params["likelihood"])
            + self.params["beta"] * 0.5 * (mean**2 + log_var.exp() - 1 - log_var).sum()
        )
        value = value / len(x)
        return value, {"loss": value.detach()}


def _batch_nll(out: Tensor, x: Tensor, likelihood: str) -> Tensor:
    """−log p(x | z) summed over the batch and dimensions."""
    if likelihood == "bernoulli":
        return F.binary_cross_entropy_with_logits(out, x, reduction="sum")
    return 0.5 * ((x - out) ** 2).sum() + HALF_LOG_2PI * x.numel()


def _terms(reconstruction: Tensor, kl: Tensor) -> Logs:
    rec, kl = reconstruction.detach().mean(), kl.detach().mean()
    return {"reconstruction": rec, "kl": kl, "elbo": -(rec + kl)}

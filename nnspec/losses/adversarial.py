"""Adversarial losses: the GAN minimax game, the Wasserstein GAN and InfoGAN.

Scores are logits (minimax, InfoGAN) or unbounded critic values (Wasserstein);
probabilities appear only in the logs. G's samples are reshaped to the real
batch's shape, since the static check lets a (64,) generator feed a (1, 8, 8)
discriminator. A discriminator step draws z and generates under
``torch.no_grad()``: no gradient reaches G and no graph is kept for it. The
conditional forms concatenate one-hot labels to z and to the flattened sample;
both terms use the labels of the batch, so generated classes follow the data's
class frequencies and D sees every label with a real and a generated example.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from contextlib import contextmanager

import torch
import torch.nn.functional as F
from torch import Tensor

from nnspec.losses.base import Logs, Loss, Term, fed, loss
from nnspec.losses.noise import sample_prior
from nnspec.losses.scores import bce, generator_value, mean_probability
from nnspec.nn.norm import kept_statistics


class Adversarial(Loss):
    """What the adversarial losses share: latent draws, generation and scoring."""

    JUDGE = "discriminator"
    TERMS: tuple[str, ...] = ("discriminator", "generator")

    def __init__(self, name: str, params: dict, rt) -> None:
        super().__init__(name, params, rt)
        self.G = self.net("generator")
        self.judge = self.net(self.JUDGE)

    def term(self, name: str | None) -> Term:
        if name not in self.TERMS:
            raise KeyError(f"loss '{self.name}' has terms {self.TERMS}, not {name!r}")
        return getattr(self, name)

    def labels(self, y: Tensor | None) -> Tensor:
        assert y is not None, "validate admits a conditional loss only with labelled data"
        return self.rt.one_hot(y)  # (B, C)

    def latent(self, x: Tensor, y: Tensor | None) -> Tensor:
        """z from the prior, one per example of the batch, with its labels if conditional."""
        dtype = x.dtype if x.is_floating_point() else torch.get_default_dtype()
        z = sample_prior(self.params["noise"], len(x), self.rt.generator, dtype)  # (B, Z)
        return torch.cat([z, self.labels(y)], 1) if self.params["conditional"] else z

    def generate(self, latent: Tensor, x: Tensor, y: Tensor | None) -> Tensor:
        return fed(self.G, latent, y).reshape(x.shape)  # (B, *x)

    def score(self, sample: Tensor, y: Tensor | None) -> Tensor:
        """The judge's one value per sample (labels appended to the flat sample if conditional)."""
        if self.params["conditional"]:
            sample = torch.cat([sample.flatten(1), self.labels(y).to(sample.dtype)], 1)
        return fed(self.judge, sample, y).reshape(len(sample))  # (B,)

    def prior(self, n: int, generator: torch.Generator, dtype: torch.dtype) -> Tensor:
        return sample_prior(self.params["noise"], n, generator, dtype)  # (n, Z)

    def fakes(self, x: Tensor, y: Tensor | None) -> Tensor:
        """Samples for a judge step: no gradient into G, no graph kept."""
        with torch.no_grad():
            return self.generate(self.latent(x, y), x, y)


@loss("minimax")
class Minimax(Adversarial):
    """V(D, G) = E log D(x) + E log(1 − D(G(z))) from logits l, with D = σ(l).

    D minimises BCE(l_real, 1 − s) + BCE(l_fake, 0), i.e. −V with one-sided
    label smoothing s. G minimises the paper's log(1 − σ(l)) = −softplus(l)
    (saturating) or −log σ(l) = softplus(−l) (non-saturating).
    """

    reused: tuple[Tensor, Tensor | None] | None = None  # the last D step's latent and labels

    def discriminator(self, x: Tensor, y: Tensor | None) -> tuple[Tensor, Logs]:
        latent = self.latent(x, y)
        if self.params.get("generator_noise") == "reuse":
            self.reused = (latent, y)  # the next G step scores these fakes (pytorch/examples)
        with torch.no_grad():  # no gradient into G, no graph kept
            fake = self.generate(latent, x, y)
        return self.judged(x, y, fake)

    def judged(self, x: Tensor, y: Tensor | None, fake: Tensor) -> tuple[Tensor, Logs]:
        """D's loss on a real batch and its fakes."""
        return self.judge_loss(self.score(x, y), self.score(fake, y))  # (B,), (B,)

    def judge_loss(self, real_logits: Tensor, fake_logits: Tensor) -> tuple[Tensor, Logs]:
        """−V for D from its logits on real (B,) and generated (B,) samples."""
        smooth, probs = self.params.get("label_smoothing", 0.0), self.probabilities
        value = bce(real_logits, 1.0 - smooth, probs) + bce(fake_logits, 0.0, probs)
        return value, {
            "loss": value.detach(),
            **self.details(
                lambda: {
                    "d_real": mean_probability(real_logits, probs),
                    "d_fake": mean_probability(fake_logits, probs),
                }
            ),
        }

    def generator(self, x: Tensor, y: Tensor | None) -> tuple[Tensor, Logs]:
        if self.reused is None:
            latent = self.latent(x, y)
            return self.generator_loss(self.score(self.generate(latent, x, y), y))
        latent, y = self.reused
        # The D step's fakes again (G is unchanged since), with their graph this time; the
        # example generates them once, so G's norm statistics move once per cycle, not twice.
        with kept_statistics(self.G):
            fake = self.generate(latent, x[: len(latent)], y)  # a D step's last batch may be short
        return self.generator_loss(self.score(fake, y))

    def state_dict(self) -> dict:
        """The latent a reusing G step will score: a resume between D and G restores it."""
        if self.reused is None:
            return {}
        latent, labels = self.reused
        return {"latent": latent, "labels": labels}

    def load_state_dict(self, state: dict) -> None:
        if state:
            self.reused = (state["latent"], state["labels"])

    @property
    def probabilities(self) -> bool:
        """D's scores are probabilities (a sigmoid last layer), not logits."""
        return self.params.get("scores", "logits") == "probabilities"

    def generator_loss(self, logits: Tensor) -> tuple[Tensor, Logs]:
        saturating = self.params.get("generator_loss", "non_saturating") == "saturating"
        value = generator_value(logits, saturating, self.probabilities)
        extra = self.details(lambda: {"d_fake": mean_probability(logits, self.probabilities)})
        return value, {"loss": value.detach(), **extra}


@contextmanager
def held(module: torch.nn.Module) -> Iterator[None]:
    """No gradient reaches ``module``'s parameters from what is computed inside; the ones
    that were trainable are trainable again after (autograd records this per operation)."""
    trainable = [p for p in module.parameters() if p.requires_grad]
    for param in trainable:
        param.requires_grad_(False)
    try:
        yield
    finally:
        for param in trainable:
            param.requires_grad_(True)


@loss("infogan")
class InfoGAN(Minimax):
    """Minimax plus λ·CE(Q(G(z, c)), c) for a uniform categorical code c (Chen et al. 2016).

    The cross-entropy is −E log Q(c | G(z, c)), so H(c) − CE = ln K − CE is the
    lower bound L_I on I(c; G(z, c)) that G and Q maximise together. G's adversarial
    part reaches G only: where Q is a head on D's trunk (the paper's form), the step
    that updates G and Q must not also train that trunk to call fakes real.
    """

    def __init__(self, name: str, params: dict, rt) -> None:
        super().__init__(name, params, rt)
        self.q = self.net("q")
        self.k = self.codes = params["codes"]

    def coded_latent(self, x: Tensor, y: Tensor | None) -> tuple[Tensor, Tensor]:
        """[z, labels, one_hot(c)] and the code c ~ U{0..K−1}, one per example."""
        base = super().latent(x, y)
        gen = self.rt.generator
        code = torch.randint(self.k, (len(x),), generator=gen, device=gen.device)  # (B,)
        return torch.cat([base, F.one_hot(code, self.k).to(base.dtype)], 1), code

    def latent(self, x: Tensor, y: Tensor | None) -> Tensor:
        return self.coded_latent(x, y)[0]

    def generator(self, x: Tensor, y: Tensor | None) -> tuple[Tensor, Logs]:
        latent, code = self.coded_latent(x, y)
        fake = self.generate(latent, x, y)
        with held(self.judge):  # fooling D trains G alone, never a trunk Q shares with D
            value, logs = self.generator_loss(self.score(fake, y))
        code_logits = fed(self.q, fake, y).reshape(len(x), self.k)  # (B, K)
        ce = F.cross_entropy(code_logits, code)
        total = value + self.params["weight"] * ce
        logs["loss"] = total.detach()
        logs.update(
            self.details(
                lambda: {
                    "mi": math.log(self.k) - ce.detach(),
                    "code_accuracy": (code_logits.detach().argmax(1) == code).float().mean(),
                }
            )
        )
        return total, logs

    def code_logits(self, code: Tensor, generator: torch.Generator) -> Tensor:
        """Q's logits (n, K) on samples G draws for the codes ``code`` (n,), with fresh
        noise (and uniform labels, where the data have classes) from ``generator``: what
        an evaluated L_I = H(c) − CE reads, away from training's draws."""
        n, rt = len(code), self.rt
        dtype = rt.train_x.dtype if rt.train_x.is_floating_point() else torch.get_default_dtype()
        z = sample_prior(self.params["noise"], n, generator, dtype)  # (n, Z)
        y = None
        if rt.classes is not None:
            y = torch.randint(rt.classes, (n,), generator=generator, device=generator.device)
        parts = [z, self.labels(y).to(dtype)] if self.params["conditional"] else [z]
        latent = torch.cat([*parts, F.one_hot(code, self.k).to(dtype)], 1)  # (n, Z [+ C] + K)
        fake = fed(self.G, latent, y).reshape(n, *rt.train_x.shape[1:])  # (n, *x)
        return fed(self.q, fake, y).reshape(n, self.k)  # (n, K)


@loss("wasserstein")
class Wasserstein(Adversarial):
    """Critic: E f(G(z)) − E f(x) [+ λ·E(‖∇f(x̂)‖₂ − 1)²]; generator: −E f(G(z)).

    The Lipschitz constraint is weight clipping after every critic step
    (Arjovsky et al. 2017) or the gradient penalty at per-sample interpolates
    x̂ = εx + (1 − ε)G(z), ε ~ U(0, 1) (Gulrajani et al. 2017).
    """

    JUDGE = "critic"
    TERMS = ("critic", "generator")

    def __init__(self, name: str, params: dict, rt) -> None:
        super().__init__(name, params, rt)
        self.clip = params["lipschitz"]["clip"]
        self.penalty_weight = params["lipschitz"]["gradient_penalty"]
        if (self.clip is None) == (self.penalty_weight is None):
            raise ValueError(
                f"loss '{name}': set exactly one of lipschitz.clip or lipschitz.gradient_penalty"
            )

    def critic(self, x: Tensor, y: Tensor | None) -> tuple[Tensor, Logs]:
        fake = self.fakes(x, y)
        estimate = self.score(x, y).mean() - self.score(fake, y).mean()
        value, logs = -estimate, {"wasserstein": estimate.detach()}
        if self.penalty_weight is not None:
            penalty, norms = self.gradient_penalty(x, fake, y)
            value = value + self.penalty_weight * penalty
            logs["gradient_penalty"] = (self.penalty_weight * penalty).detach()
            logs["grad_norm"] = norms.detach().mean()
        logs["loss"] = value.detach()
        return value, logs

    def gradient_penalty(
        self, real: Tensor, fake: Tensor, y: Tensor | None
    ) -> tuple[Tensor, Tensor]:
        """E(‖∇f(x̂)‖₂ − 1)² at per-sample interpolates, and the per-sample norms."""
        gen = self.rt.generator
        eps = torch.rand(
            (len(real),) + (1,) * (real.dim() - 1),
            generator=gen,
            device=gen.device,
            dtype=real.dtype,
        )  # (B, 1, ...)
        mixed = (eps * real.detach() + (1 - eps) * fake.detach()).requires_grad_(True)
        with torch.enable_grad():  # also under an evaluation's no_grad
            scores = self.score(mixed, y)  # (B,)
            (grad,) = torch.autograd.grad(scores.sum(), mixed, create_graph=True)
        norms = grad.flatten(1).norm(dim=1)  # (B,): samples are scored independently
        return ((norms - 1) ** 2).mean(), norms

    def generator(self, x: Tensor, y: Tensor | None) -> tuple[Tensor, Logs]:
        value = -self.score(self.generate(self.latent(x, y), x, y), y).mean()
        return value, {"loss": value.detach()}

    def after_step(self, term: str | None) -> None:
        if term == "critic" and self.clip is not None:
            with torch.no_grad():
                for param in self.judge.parameters():
                    param.clamp_(-self.clip, self.clip)

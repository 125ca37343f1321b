"""Drawing samples from a generator or a VAE decoder, as the loss that names it prescribes.

The loss supplies the prior (an adversarial loss's ``noise``, N(0, I) for an elbo's
latent) and the conditioning: one-hot labels for a conditional model, the one-hot
code for InfoGAN, both cycling through their values so every class appears. A VAE
decoder's output is mapped to the likelihood's mean (σ of the logits for Bernoulli).

Evaluation never draws from the training generator: ``evaluation_generator`` is seeded
from the spec's seed on a stream of its own, so metrics and pictures are reproducible
and a run trains identically whether or not, and however often, it evaluates.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import torch
import torch.nn.functional as F
from torch import Tensor

from nnspec.errors import RunError
from nnspec.losses.base import Loss, fed_labels
from nnspec.registry import REGISTRY
from nnspec.train.runtime import Runtime
from nnspec.train.session import Session

EVAL_STREAM = 10_007  # added to the seed; training's generator uses seed + 1
SAMPLE_BATCH = 4096
SMOKE_SAMPLES = 200


def evaluation_generator(rt: Runtime, device: torch.device | str | None = None) -> torch.Generator:
    """A fresh generator seeded from the spec's seed, apart from training's stream."""
    device = rt.device if device is None else device
    return torch.Generator(device=device).manual_seed(rt.spec.seed + EVAL_STREAM)


@contextmanager
def evaluation_rng(rt: Runtime) -> Iterator[torch.Generator]:
    """Make losses evaluated inside draw from a fresh evaluation generator, then restore.

    Losses hold the runtime and read ``rt.generator`` at each call, so swapping it
    leaves the training generator's state exactly as it was.
    """
    saved = rt.generator
    rt.generator = evaluation_generator(rt)
    try:
        yield rt.generator
    finally:
        rt.generator = saved


@contextmanager
def inference(session: Session) -> Iterator[None]:
    """Every network in evaluation mode, without gradients; training modes restored after."""
    modes = {name: m.training for name, m in session.rt.networks.items()}
    for module in session.rt.networks.values():
        module.eval()
    try:
        with torch.no_grad():
            yield
    finally:
        for name, module in session.rt.networks.items():
            module.train(modes[name])


def sample_count(session: Session, n: int) -> int:
    """``n``, capped in smoke runs so they stay quick."""
    return min(n, SMOKE_SAMPLES) if session.rt.smoke else n


def sampling_loss(session: Session, network: str) -> Loss | None:
    """The loss whose ``LossInfo.samples`` names ``network`` (a generator, a decoder), or None."""
    for name, loss in session.losses.items():
        param = REGISTRY.get("loss", session.rt.spec.losses[name].kind).info.samples
        if param is not None and loss.params[param] == network:
            return loss
    return None


def owner(session: Session, network: str) -> Loss:
    """The loss that samples ``network``; validate has made sure there is one."""
    loss = sampling_loss(session, network)
    if loss is not None:
        return loss
    raise RunError(
        f"cannot sample network '{network}': no adversarial loss names it as its generator "
        "and no elbo loss as its decoder"
    )


class Sampler:
    """Draws from one generator or decoder network: latent noise, conditioning, output."""

    def __init__(self, session: Session, network: str) -> None:
        self.rt = session.rt
        self.loss = owner(session, network)
        self.net = self.rt.network(network)
        self.shape = tuple(self.rt.train_x.shape[1:])
        self.dtype = self.rt.train_x.dtype if self.rt.train_x.is_floating_point() else None
        self.labelled = fed_labels(self.net)  # a graph with a label input takes them itself
        self.conditional = bool(self.loss.params.get("conditional")) or self.labelled
        self.codes = self.loss.codes
        if self.conditional and self.rt.classes is None:
            raise RunError(f"network '{network}' is conditional, but the data have no classes")

    @property
    def groups(self) -> int | None:
        """How many conditions the samples cycle through (classes, else codes), or None."""
        return self.rt.classes if self.conditional else self.codes

    def noise(self, n: int, generator: torch.Generator) -> Tensor:
        """n latent vectors from the loss's prior."""
        return self.loss.prior(n, generator, self.dtype or torch.get_default_dtype())  # (n, Z)

    def condition(self, group: Tensor, generator: torch.Generator) -> Tensor | None:
        """The one-hot labels (and InfoGAN code) of each sample's group, in the loss's order."""
        parts = []
        if self.conditional and not self.labelled:
            parts.append(F.one_hot(group % self.rt.classes, self.rt.classes))
        if self.codes is not None:
            # A conditional InfoGAN's groups are classes; its code is then drawn uniformly.
            code = (
                torch.randint(self.codes, group.shape, generator=generator, device=group.device)
                if self.conditional
                else group % self.codes
            )
            parts.append(F.one_hot(code, self.codes))
        dtype = self.dtype or torch.get_default_dtype()
        return torch.cat(parts, 1).to(dtype) if parts else None

    def decode(self, z: Tensor, condition: Tensor | None, group: Tensor | None = None) -> Tensor:
        """Samples shaped like the data from latents z (n, Z), their conditioning and group."""
        latent = z if condition is None else torch.cat([z, condition], 1)
        if self.labelled:  # the graph's label input takes each sample's class
            labels = (group % self.rt.classes).split(SAMPLE_BATCH)
            chunks = [
                self.net(c, labels=y)
                for c, y in zip(latent.split(SAMPLE_BATCH), labels, strict=False)
            ]
        else:
            chunks = [self.loss.decode(self.net, chunk) for chunk in latent.split(SAMPLE_BATCH)]
        out = torch.cat(chunks)
        return self.loss.sample_mean(out).reshape(len(z), *self.shape)  # a mean, not logits

    def groups_for(self, n: int) -> Tensor:
        """Group ids cycling 0, 1, ..., groups − 1, 0, ... (zeros when unconditional)."""
        return torch.arange(n, device=self.rt.device) % (self.groups or 1)

    def draw(
        self, n: int, generator: torch.Generator, group: Tensor | None = None
    ) -> tuple[Tensor, Tensor]:
        """n samples and the group each was conditioned on (cycling unless ``group`` is given)."""
        group = self.groups_for(n) if group is None else group.to(self.rt.device)
        samples = self.decode(self.noise(n, generator), self.condition(group, generator), group)
        return samples, group


class ChainSampler:
    """Draws from a network that samples itself (``NetworkInfo.sampleable``: an rbm, a DBN):
    its module's ``draw_chain`` runs Gibbs chains at the top and passes them down."""

    conditional = False
    codes = None
    groups = None

    def __init__(self, session: Session, network: str) -> None:
        self.rt = session.rt
        self.net = self.rt.network(network)
        self.shape = tuple(self.rt.train_x.shape[1:])

    def draw(
        self, n: int, generator: torch.Generator, group: Tensor | None = None
    ) -> tuple[Tensor, Tensor]:
        """n samples shaped like the data; every group is 0 (chains are unconditional)."""
        sizes = [min(SAMPLE_BATCH, n - i) for i in range(0, n, SAMPLE_BATCH)]
        x = torch.cat([self.net.draw_chain(size, generator) for size in sizes])
        return x.reshape(n, *self.shape), torch.zeros(n, dtype=torch.long, device=x.device)


def sampler_for(session: Session, network: str) -> Sampler | ChainSampler:
    """The sampler of ``network``: through the loss that samples it, else its own chains."""
    if sampling_loss(session, network) is None and hasattr(
        session.rt.network(network), "draw_chain"
    ):
        return ChainSampler(session, network)
    return Sampler(session, network)


def draw(session: Session, network: str, n: int) -> tuple[Tensor, Tensor]:
    """n samples of ``network`` (and their groups) with a fresh evaluation generator."""
    with inference(session):
        return sampler_for(session, network).draw(n, evaluation_generator(session.rt))

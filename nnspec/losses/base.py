"""The compiled-loss interface and the builder table keyed by registry names.

A loss is built once per run from its normalised parameters and the runtime.
Each of its terms is a function ``(x, y) -> (loss, logs)``: ``loss`` a scalar
to minimise, ``logs`` named scalar tensors, detached, kept on the device (the
loop reads them only when it logs, so no step waits on a ``.item()``). A loss
without declared terms is its own single term, named ``None``.

A loss kind whose gradient has a closed form (contrastive divergence) declares
``LossInfo.writes_gradients``: its terms then store their gradients in ``.grad``
themselves and return a detached loss, and the loop steps without a backward
pass. Its ``summand`` must still give differentiable terms for weighted sums.
"""

from __future__ import annotations

from collections.abc import Callable

from torch import Tensor, nn

from nnspec.registry import REGISTRY
from nnspec.train.runtime import Runtime

Logs = dict[str, Tensor]
Term = Callable[[Tensor, Tensor | None], tuple[Tensor, Logs]]
LOSS_BUILDERS: dict[str, type[Loss]] = {}


class Loss:
    """Base of compiled losses: terms, an optional post-step hook, optional state."""

    kind = ""  # its registry name, set by ``@loss``

    def __init__(self, name: str, params: dict, rt: Runtime):
        self.name = name
        self.params = params
        self.rt = rt

    @property
    def writes_gradients(self) -> bool:
        """Its terms fill ``.grad`` themselves; the loop skips backward (``LossInfo``)."""
        declared = REGISTRY.get("loss", self.kind)
        return declared is not None and declared.info.writes_gradients

    def term(self, name: str | None) -> Term:
        """The function computing term ``name`` (``None`` for a termless loss)."""
        if name is not None:
            raise KeyError(f"loss '{self.name}' has no term '{name}'")
        return self.__call__

    def summand(self, name: str | None) -> Term:
        """Term ``name`` as a differentiable part of a weighted sum."""
        return self.term(name)

    def __call__(self, x: Tensor, y: Tensor | None) -> tuple[Tensor, Logs]:
        raise NotImplementedError

    def after_step(self, term: str | None) -> None:
        """Runs after the optimizer stepped this term (e.g. WGAN weight clipping)."""

    def state_dict(self) -> dict:
        """Loss state that a resume must restore (persistent chains)."""
        return {}

    def load_state_dict(self, state: dict) -> None:
        """Restore what ``state_dict`` returned."""

    def details(self, compute: Callable[[], Logs]) -> Logs:
        """Logged statistics beyond the loss, computed only on steps the loop logs."""
        return compute() if self.rt.detail else {}

    # What a loss that samples (its LossInfo.samples) gives ``nnspec.train.sampling``:
    codes: int | None = None  # categories of a code appended to the latent (InfoGAN)

    def prior(self, n: int, generator, dtype) -> Tensor:
        """n latent vectors to decode, for a loss whose info names a sampled network."""
        raise NotImplementedError(f"loss '{self.name}' draws no samples")

    def decode(self, net: nn.Module, latent: Tensor) -> Tensor:
        """The sampled network's output for latents drawn from ``prior`` (a chain may run
        several networks)."""
        return net(latent)

    def sample_mean(self, out: Tensor) -> Tensor:
        """The sampled network's output as a sample (a likelihood's mean)."""
        return out

    def mean_reconstruction(self, x: Tensor, y: Tensor | None) -> Tensor:
        """The model's mean reconstruction of clean x, for a ``reconstructor`` loss."""
        raise NotImplementedError(f"loss '{self.name}' reconstructs nothing")

    def net(self, param: str) -> nn.Module:
        """The network a parameter of this loss names."""
        return self.rt.network(self.params[param])


def fed_labels(net: nn.Module) -> bool:
    """Whether a network takes the batch's labels itself (a graph with a label input)."""
    return bool(getattr(net, "takes_labels", False))


def fed(net: nn.Module, x: Tensor, y: Tensor | None) -> Tensor:
    """``net(x)``, with the batch's labels where the network takes them."""
    return net(x, labels=y) if fed_labels(net) else net(x)


def loss(name: str) -> Callable[[type[Loss]], type[Loss]]:
    """Register a compiled loss class under its registry name."""

    def register(cls: type[Loss]) -> type[Loss]:
        if name in LOSS_BUILDERS:
            raise ValueError(f"loss {name!r} has two builders")
        LOSS_BUILDERS[name] = cls
        cls.kind = name
        return cls

    return register

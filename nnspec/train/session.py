"""A run's compiled state: runtime, losses, optimizers and the training stream."""

from __future__ import annotations

from dataclasses import dataclass, field

from nnspec.data.batches import BatchStream
from nnspec.losses import LOSS_BUILDERS
from nnspec.losses.base import Loss
from nnspec.spec.check.references import term_networks
from nnspec.train.optim import Stepper, build_stepper, network_params
from nnspec.train.plan import Update
from nnspec.train.runtime import Runtime


@dataclass
class Session:
    """Everything the phases and metrics of one run share."""

    rt: Runtime
    stream: BatchStream
    losses: dict[str, Loss] = field(default_factory=dict)
    steppers: dict[str, Stepper] = field(default_factory=dict)
    trainable_pairs: dict[tuple, list] = field(default_factory=dict)  # see set_trainable

    def trains(self, term: str) -> set[str]:
        """The networks a loss term trains."""
        return set(term_networks(self.rt.spec.plain(), term))

    def term(self, label: str):
        loss_name, _, part = label.partition(".")
        return self.losses[loss_name], part or None

    def update_for(self, label: str, stepper_key: str) -> Update:
        """The update that minimises ``label`` with the stepper ``stepper_key``."""
        loss, part = self.term(label)
        fn = loss.term(part)
        trains = frozenset(self.steppers[stepper_key].networks)
        return Update(
            label,
            fn,
            stepper_key,
            trains,
            after=lambda: loss.after_step(part),
            backward=not loss.writes_gradients,
        )


def build_losses(rt: Runtime) -> dict[str, Loss]:
    """Compile every loss; weighted sums are bound once all exist."""
    losses = {
        name: LOSS_BUILDERS[loss.kind](name, loss.plain(), rt)
        for name, loss in rt.spec.losses.items()
    }
    for loss in losses.values():
        if hasattr(loss, "bind"):
            loss.bind(losses)
    return losses


def build_named_steppers(rt: Runtime, steps: dict[str, int]) -> dict[str, Stepper]:
    """The optimizers of the ``optimizers`` section; ``steps``: how many each will take."""
    out = {}
    for name, optimizer in rt.spec.optimizers.items():
        names = optimizer.params["params"]
        params = network_params(rt.networks, names)
        out[name] = build_stepper(optimizer.plain(), params, names, steps[name])
    return out

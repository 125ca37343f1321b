"""A run's compiled state: runtime, losses, optimizers and the training stream."""

from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from typing import Any

import torch

from nnspec.data.batches import Batch, BatchStream
from nnspec.losses import LOSS_BUILDERS
from nnspec.losses.base import Loss
from nnspec.registry import REGISTRY
from nnspec.spec.check.draws import Draw, term_draws
from nnspec.spec.check.references import term_networks
from nnspec.train.full_batch import whole_data_term
from nnspec.train.optim import Stepper, build_stepper, network_params, network_roles
from nnspec.train.plan import Update
from nnspec.train.precision import Precision
from nnspec.train.runtime import Runtime


@dataclass
class Session:
    """Everything the phases and metrics of one run share."""

    rt: Runtime
    stream: BatchStream
    losses: dict[str, Loss] = field(default_factory=dict)
    steppers: dict[str, Stepper] = field(default_factory=dict)
    trainable_pairs: dict[tuple, list] = field(default_factory=dict)  # see set_trainable
    # Per phase label, state a planner carries across updates that a resume must restore
    # (``state_dict``/``load_state_dict``: truncated BPTT's hidden states).
    phases: dict[str, Any] = field(default_factory=dict)
    precision: Precision = field(default_factory=Precision)  # run.precision

    def trains(self, term: str) -> set[str]:
        """The networks a loss term trains."""
        return set(term_networks(self.rt.spec.plain(), term))

    def term(self, label: str):
        loss_name, _, part = label.partition(".")
        return self.losses[loss_name], part or None

    def update_for(self, label: str, stepper_key: str) -> Update:
        """The update that minimises ``label`` with the stepper ``stepper_key``."""
        loss, part = self.term(label)
        fn, backward = loss.term(part), not loss.writes_gradients
        stepper = self.steppers[stepper_key]
        info = REGISTRY.get("optimizer", stepper.options["type"]).info
        draws = term_draws(self.rt.spec.plain(), label)
        if info.measures is not None:  # the optimizer takes the loss's residuals, not a gradient
            module, _, function = info.measures.partition(":")
            fn = getattr(importlib.import_module(module), function)(loss, part, stepper)
            backward = False
        if info.full_batch:  # every example, in a closure its step re-evaluates: no batch
            fn, backward, draws = whole_data_term(loss, fn, stepper, self.stream), False, "nothing"
        return Update(
            label,
            fn,
            stepper_key,
            frozenset(stepper.networks),
            after=lambda: loss.after_step(part),
            backward=backward,
            draws=draws,
        )

    def draw(self, draws: Draw) -> Batch:
        """A step's batch: the stream's next one, or a batch's shape without its examples."""
        if draws == "examples":
            return self.stream.next_batch()
        return shaped_batch(self.stream, draws == "labels", self.rt.generator)


def shaped_batch(stream: BatchStream, labels: bool, generator: torch.Generator) -> Batch:
    """A full batch for a term that reads no examples, without moving the stream.

    x is one example expanded to the batch (a view: nothing is copied), read only for
    its shape and dtype; the labels of a conditional step are drawn from the training
    labels, so generated classes follow the data's class frequencies.
    """
    x = stream.x[:1].expand(stream.batch_size, *stream.x.shape[1:])  # (B, *x)
    if not labels or stream.y is None:
        return x, None
    picks = torch.randint(
        len(stream.y), (stream.batch_size,), generator=generator, device=generator.device
    )  # (B,)
    return x, stream.y[picks.to(stream.y.device)]


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


def build_named_steppers(
    rt: Runtime, steps: dict[str, int], per_epoch: dict[str, int]
) -> dict[str, Stepper]:
    """The optimizers of the ``optimizers`` section; ``steps``: how many each will take,
    ``per_epoch``: how many of those fall in one epoch of the data."""
    out = {}
    for name, optimizer in rt.spec.optimizers.items():
        names = optimizer.params["params"]
        params = network_params(rt.networks, names)
        roles = network_roles(rt.networks, names) if optimizer.params.get("groups") else None
        out[name] = build_stepper(
            optimizer.plain(), params, names, steps[name], per_epoch[name], roles
        )
    return out

"""The training loop: one ``for`` over a phase plan's update indices.

Per step it does only what hand-written PyTorch does: draw a batch, compute
the term, zero grads, backward, step. Logged values stay on the device and are
read every ``log_every`` steps; a non-finite loss is caught without a per-step
sync by recording the first bad step on the device.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import torch

from nnspec.train.plan import Plan, Update
from nnspec.train.session import Session


@dataclass
class Tally:
    """Running sums of logged values since the last log line, on the device."""

    sums: dict[str, torch.Tensor] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)

    def add(self, label: str, logs: dict[str, torch.Tensor]) -> None:
        for key, value in logs.items():
            name = f"train/{label}" if key == "loss" else f"train/{label}/{key}"
            self.sums[name] = self.sums.get(name, 0.0) + value.float()
            self.counts[name] = self.counts.get(name, 0) + 1

    def flush(self) -> dict[str, float]:
        """Per-name means since the last flush (one device sync for all of them)."""
        if not self.sums:
            return {}
        keys = list(self.sums)
        values = torch.stack([torch.as_tensor(self.sums[k]) for k in keys]).cpu().tolist()
        means = {k: v / self.counts[k] for k, v in zip(keys, values, strict=True)}
        self.sums, self.counts = {}, {}
        return means


class NonFinite(Exception):
    """A loss became NaN or infinite at ``step`` of term ``label``."""

    def __init__(self, label: str, step: int):
        super().__init__(label, step)
        self.label, self.step = label, step


def set_trainable(session: Session, trains: frozenset[str]) -> None:
    """Let gradients reach only the parameters of the networks this update trains.

    Decided per parameter, not per network: an ``unroll`` layer shares its
    stack's weights, so a network may hold parameters that another trains.
    """
    networks = session.rt.networks
    enabled = {id(p) for name in trains for p in networks[name].parameters()}
    for module in networks.values():
        for param in module.parameters():
            param.requires_grad_(id(param) in enabled)


def apply(session: Session, update: Update, skip_nonfinite: bool = False) -> tuple:
    """One update: fresh batch, forward, backward, step. Returns the loss and logs.

    With ``skip_nonfinite`` a NaN or infinite loss is dropped (no step; ``None``
    is returned), at the price of one device sync per step.
    """
    x, y = session.stream.next_batch()
    loss, logs = update.term(x, y)
    if skip_nonfinite and not bool(torch.isfinite(loss.detach())):
        return None, {}
    stepper = session.steppers[update.optimizer]
    stepper.optimizer.zero_grad(set_to_none=True)
    loss.backward()
    stepper.step()
    update.after()
    return loss, logs


@dataclass
class Hooks:
    """Called by the loop: ``every_step(global_step, plan, index)`` after each update."""

    every_step: Callable[[int, Plan, int], None]
    log: Callable[[dict[str, float], int, Plan, int], None]
    log_every: int = 50
    # True where every_step will checkpoint or evaluate: non-finite losses are checked
    # first, so a NaN never reaches a checkpoint.
    syncs: Callable[[int], bool] = lambda step: False
    skip_nonfinite: bool = False  # on_nan: skip drops such updates instead of stopping


def run_plan(session: Session, plan: Plan, start: int, step: int, hooks: Hooks) -> int:
    """Run updates ``start..plan.total`` of a phase; returns the global step after it."""
    tally, trainable, bad = Tally(), None, _NoBad()
    for index in range(start, plan.total):
        update = plan.update(index)
        if update.action is not None:
            update.action()
        else:
            if update.trains != trainable:
                set_trainable(session, update.trains)
                trainable = update.trains
            loss, logs = apply(session, update, hooks.skip_nonfinite)
            if loss is not None:
                bad.watch(loss, update.label, step)
                tally.add(update.label, logs)
        step += 1
        last = index == plan.total - 1
        if step % hooks.log_every == 0 or last or hooks.syncs(step):
            bad.raise_if_any()
        if step % hooks.log_every == 0 or last:
            hooks.log(tally.flush(), step, plan, index)
        hooks.every_step(step, plan, index)
    return step


class _NoBad:
    """Records the first non-finite loss on the device; checked when logging."""

    def __init__(self) -> None:
        self.first: torch.Tensor | None = None
        self.labels: list[str] = []

    def watch(self, loss: torch.Tensor, label: str, step: int) -> None:
        if label not in self.labels:
            self.labels.append(label)
        code = self.labels.index(label)
        marker = torch.where(torch.isfinite(loss.detach()), -1.0, float(step * 64 + code))
        self.first = (
            marker if self.first is None else torch.where(self.first >= 0, self.first, marker)
        )

    def raise_if_any(self) -> None:
        if self.first is None:
            return
        value = int(self.first.item())
        self.first = None
        if value >= 0:
            raise NonFinite(self.labels[value % 64], value // 64)

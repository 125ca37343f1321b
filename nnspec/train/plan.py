"""Phases as data: each phase kind turns its spec entry into a plan of updates.

A plan knows its length and gives the update at any index as a pure function
of that index, so the loop is one ``for`` over indices, a resume starts at a
saved index, and a new phase kind is a registry entry (its ``PhaseInfo`` names its planner)
rather than a fork of the loop.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass

from nnspec.losses.base import Term
from nnspec.registry import REGISTRY
from nnspec.spec.check.draws import Draw
from nnspec.spec.typed import Spec
from nnspec.train.cycles import CycleCounter


@dataclass
class Update:
    """One optimizer step: a term on a fresh batch, the optimizer that steps it."""

    label: str  # the term's name in logs: "gan.discriminator"
    term: Term
    optimizer: str | None  # a key of the run's steppers; None: ``action`` does the work
    trains: frozenset[str]  # networks that may receive gradients during this update
    after: Callable[[], None] = lambda: None
    action: Callable[[], None] | None = None
    backward: bool = True  # False: the term writes its gradients itself (Loss.writes_gradients)
    draws: Draw = "examples"  # a generator step draws noise only (see term_draws)
    accumulate: int = 1  # batches whose gradients one step averages (a phase's accumulate)


@dataclass
class Plan:
    """A phase: its label, its number of updates and the update at each index."""

    label: str
    kind: str
    total: int
    update: Callable[[int], Update]
    batches_per_epoch: float = 1  # updates per epoch (fewer where each accumulates batches)
    counter: CycleCounter | None = None  # an alternate phase counts its cycles
    frozen: frozenset[str] = frozenset()  # networks and graph nodes the phase leaves alone

    def epoch(self, index: int) -> int:
        """The epoch of the last batch drawn by update ``index`` or before it."""
        drawn = index + 1 if self.counter is None else self.counter.batches(index + 1)
        return int(max(0, drawn - 1) // max(1, self.batches_per_epoch))

    def updates(self, end: int) -> dict[str, int]:
        """Each optimizer's updates among ``0..end-1`` (an action steps none)."""
        if self.counter is not None:
            return self.counter.updates(end)
        out: dict[str, int] = {}
        for index in range(end):  # read once, when the run is summarised
            update = self.update(index)
            if update.optimizer is not None and update.action is None:
                out[update.optimizer] = out.get(update.optimizer, 0) + 1
        return out

    def progress(self, index: int) -> tuple[int, int, str]:
        """(done, total, what they count) after update ``index``: cycles of an
        alternate phase, with each optimizer's updates; updates of any other phase."""
        if self.counter is None:
            return index + 1, self.total, ""
        counts = self.counter.updates(index + 1)
        done = ", ".join(f"{key} {count}" for key, count in counts.items())
        total = self.counter.cycles_done(self.total)
        return self.counter.cycles_done(index + 1), total, f"cycles ({done} updates)"


def counts(plans: list[Plan], step: int) -> dict[str, dict[str, int]]:
    """summary.json's ``updates`` (per optimizer) and ``cycles`` (per alternate phase)
    after ``step`` updates of the whole schedule, the plans' updates in order."""
    updates: dict[str, int] = {}
    cycles: dict[str, int] = {}
    for plan in plans:
        done = min(plan.total, step)
        step -= done
        for key, count in plan.updates(done).items():
            updates[key] = updates.get(key, 0) + count
        if plan.counter is not None:
            cycles[plan.label] = cycles.get(plan.label, 0) + plan.counter.cycles_done(done)
    return {"updates": updates, "cycles": cycles}


def planner(kind: str) -> Callable[..., Plan]:
    """The torch-side planner a phase kind names in its ``PhaseInfo`` (imported on first use)."""
    module, _, function = REGISTRY.get("phase", kind).info.planner.partition(":")
    return getattr(importlib.import_module(module), function)


def cycle_lengths(cycle: list[dict], warm: bool) -> list[int]:
    """Updates per item of one cycle; during warm-up an item may repeat more."""
    return [(c["warmup_repeat"] or c["repeat"]) if warm else c["repeat"] for c in cycle]


def cycle_item(cycle: list[dict], index: int) -> int:
    """Which item of an alternate cycle runs at update ``index`` (warm-up cycles first)."""
    warm_cycles = max((c["warmup_cycles"] for c in cycle), default=0)
    warm_len = sum(cycle_lengths(cycle, True))
    if index < warm_cycles * warm_len:
        return _position(cycle_lengths(cycle, True), index % warm_len)
    rest = index - warm_cycles * warm_len
    return _position(cycle_lengths(cycle, False), rest % sum(cycle_lengths(cycle, False)))


def _position(lengths: list[int], offset: int) -> int:
    for item, length in enumerate(lengths):
        if offset < length:
            return item
        offset -= length
    raise AssertionError(f"offset {offset} past the cycle: callers take it modulo its length")


def alternate_total(cycle: list[dict], cycles: int) -> int:
    """Updates in ``cycles`` cycles, counting the warm-up cycles' extra repeats."""
    warm_cycles = min(cycles, max((c["warmup_cycles"] for c in cycle), default=0))
    return warm_cycles * sum(cycle_lengths(cycle, True)) + (cycles - warm_cycles) * sum(
        cycle_lengths(cycle, False)
    )


def optimizer_steps(spec: Spec, per_epoch: int) -> dict[str, int]:
    """How many steps each named optimizer takes over the whole schedule.

    A learning-rate schedule of a named optimizer spans exactly these steps; in
    an alternate phase with ``repeat: 5`` the critic's optimizer steps five times
    per cycle.
    """
    steps = dict.fromkeys(spec.optimizers, 0)
    for phase in spec.schedule:
        counts = REGISTRY.get("phase", phase.kind).info.optimizer_steps(
            spec.plain(), phase.entry, per_epoch
        )
        for name, count in counts.items():
            steps[name] += count
    return {name: max(1, count) for name, count in steps.items()}


def optimizer_epoch_steps(spec: Spec, per_epoch: int) -> dict[str, int]:
    """How many steps each named optimizer takes in one epoch of the training data.

    The unit of its schedule in epochs: counted as its first phase counts one epoch
    (``PhaseInfo.optimizer_steps`` of that phase with ``epochs: 1``).
    """
    steps: dict[str, int] = {}
    for phase in spec.schedule:
        one_epoch = {**phase.entry, "steps": None, "epochs": 1}
        info = REGISTRY.get("phase", phase.kind).info
        counts = info.optimizer_steps(spec.plain(), one_epoch, per_epoch)
        for name, count in counts.items():
            steps.setdefault(name, max(1, count))
    return {name: steps.get(name, per_epoch) for name in spec.optimizers}

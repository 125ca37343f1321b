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
from nnspec.spec.typed import Spec


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


@dataclass
class Plan:
    """A phase: its label, its number of updates and the update at each index."""

    label: str
    kind: str
    total: int
    update: Callable[[int], Update]
    batches_per_epoch: int = 1
    frozen: frozenset[str] = frozenset()  # networks and graph nodes the phase leaves alone

    def epoch(self, index: int) -> int:
        return index // max(1, self.batches_per_epoch)


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
        counts = REGISTRY.get("phase", phase.kind).info.optimizer_steps(phase.entry, per_epoch)
        for name, count in counts.items():
            steps[name] += count
    return {name: max(1, count) for name, count in steps.items()}

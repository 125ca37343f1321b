"""The training loop: one ``for`` over a phase plan's update indices.

Per step it does only what hand-written PyTorch does: draw a batch, compute
the term, zero grads, backward, step. Logged values stay on the device and are
read every ``log_every`` steps; a non-finite loss is caught without a per-step
sync by recording the first bad step on the device.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field

import torch

from nnspec.nn.graph import part
from nnspec.train.plan import Plan, Update
from nnspec.train.session import Session
from nnspec.train.sync_guard import checked


@dataclass
class Tally:
    """The logs of every update since the last flush, kept as device tensors.

    Adding is a list append; the tensors are stacked and read only when the loop
    logs or must know that every loss so far was finite, so a step costs no
    device sync and no extra tensor operations.
    """

    entries: list[tuple[int, str, dict[str, torch.Tensor]]] = field(default_factory=list)
    checked: int = 0  # entries before this index are known to be finite

    def add(self, step: int, label: str, logs: dict[str, torch.Tensor]) -> None:
        self.entries.append((step, label, logs))

    def check_finite(self) -> None:
        """Raise ``NonFinite`` for the first NaN or infinite loss not yet checked."""
        new = self.entries[self.checked :]
        if not new:
            return
        finite = torch.isfinite(torch.stack([logs["loss"] for _, _, logs in new]))
        if not bool(finite.all()):
            first = int((~finite).nonzero()[0])
            raise NonFinite(new[first][1], new[first][0])
        self.checked = len(self.entries)

    def flush(self) -> dict[str, float]:
        """Per-name means since the last flush; raises ``NonFinite`` for the first
        NaN or infinite loss not yet checked.

        Every logged value is read in one stack and one device sync; the means are then
        taken on the host, in double precision, of the float32 values. (A stack and a mean
        per name, and a second sync for the finite check, cost about 0.2 ms a flush, a
        few µs a step on an RBM's 0.1 ms updates.)
        """
        columns: dict[tuple[str, str], list[int]] = {}
        losses: list[tuple[int, str, int]] = []  # (step, label, position) of unchecked losses
        values: list[torch.Tensor] = []
        for index, (step, label, logs) in enumerate(self.entries):
            for key, value in logs.items():
                if key == "loss" and index >= self.checked:
                    losses.append((step, label, len(values)))
                columns.setdefault((label, key), []).append(len(values))
                values.append(value)
        if not values:
            return {}
        read = torch.stack(values).float().tolist()
        for step, label, position in losses:
            if not math.isfinite(read[position]):
                raise NonFinite(label, step)
        self.entries, self.checked = [], 0
        return {
            _name(label, key): sum(read[i] for i in at) / len(at)
            for (label, key), at in columns.items()
        }


def _name(label: str, key: str) -> str:
    """metrics.jsonl's name of a logged value: train/LABEL for the loss, else train/LABEL/KEY."""
    return f"train/{label}" + ("" if key == "loss" else f"/{key}")


class Overflowed(Exception):
    """Optimizer ``optimizer``'s update does not fit the parameters' float type: torch
    refuses to convert a step size such as Adam's lr / (1 − β1) above float32's 3.4e38."""

    def __init__(self, optimizer: str, lr: float | None):
        super().__init__(optimizer, lr)
        self.optimizer, self.lr = optimizer, lr


class NonFinite(Exception):
    """A loss became NaN or infinite at ``step`` of term ``label``."""

    def __init__(self, label: str, step: int):
        super().__init__(label, step)
        self.label, self.step = label, step


def set_trainable(
    session: Session, trains: frozenset[str], frozen: frozenset[str] = frozenset()
) -> None:
    """Let gradients reach only the parameters of the networks this update trains.

    Decided per parameter, not per network: an ``unroll`` layer shares its
    stack's weights, so a network may hold parameters that another trains. The
    (parameter, flag) pairs of each set of networks are worked out once, since an
    alternating phase switches between the same sets on every update.
    """
    pairs = session.trainable_pairs.get((trains, frozen))
    if pairs is None:
        networks = session.rt.networks
        enabled = {id(p) for name in trains for p in part(networks, name).parameters()}
        enabled -= {id(p) for name in frozen for p in part(networks, name).parameters()}
        every = {id(p): p for module in networks.values() for p in module.parameters()}
        pairs = [(p, key in enabled) for key, p in every.items()]
        session.trainable_pairs[(trains, frozen)] = pairs
    for param, flag in pairs:
        param.requires_grad_(flag)


def apply(session: Session, update: Update, skip_nonfinite: bool = False) -> tuple:
    """One update: fresh batch, forward, backward, step. Returns the loss and logs.

    With ``skip_nonfinite`` a NaN or infinite loss is dropped (no step; ``None``
    is returned), at the price of one device sync per step. With ``accumulate: N``
    the gradients of N batches are summed, then averaged, before the one step.
    The loss is also ``None``, after a step, where the term computed none: a term
    that writes its own gradients (cd) computes its value only where ``rt.detail``.
    """
    stepper = session.steppers[update.optimizer]
    stepper.zero_grad()  # before the term: a term that writes its own gradients adds to .grad
    done = forward_backward(session, update, skip_nonfinite)
    if done is None:  # a non-finite loss, skipped
        return None, {}
    loss, logs = done
    if update.accumulate > 1:
        average_gradients(stepper.params, update.accumulate)
    try:
        session.precision.step(stepper, update.optimizer, update.backward)
    except RuntimeError as exc:  # torch's words for a step too large for the parameters' type
        if "overflow" not in str(exc):
            raise
        raise Overflowed(update.optimizer, stepper.optimizer.param_groups[0].get("lr")) from exc
    update.after()
    return loss, logs


def forward_backward(session: Session, update: Update, skip_nonfinite: bool) -> tuple | None:
    """The term on ``update.accumulate`` fresh batches, each backpropagated; the mean
    loss and logs (``(None, {})`` where the term computed no loss), or ``None`` where a
    loss was not finite and is skipped."""
    precision, summed, summed_logs = session.precision, None, {}
    for _ in range(update.accumulate):
        x, y = session.draw(update.draws)
        if precision.dtype is None:  # float32: no context to enter, on every step
            loss, logs = update.term(x, y)
        else:
            with precision.autocast():
                loss, logs = update.term(x, y)
        if skip_nonfinite and not bool(torch.isfinite(loss.detach())):
            return None
        if update.backward:
            precision.backward(loss, update.optimizer)
        if update.accumulate == 1:
            return loss, logs
        if loss is None:  # an unlogged step of a term that writes its gradients
            continue
        summed = loss.detach() if summed is None else summed + loss.detach()
        for key, value in logs.items():
            summed_logs[key] = summed_logs.get(key, 0) + value
    n = update.accumulate
    if summed is None:
        return None, {}
    return summed / n, {key: value / n for key, value in summed_logs.items()}


def average_gradients(params: list[torch.nn.Parameter], n: int) -> None:
    """Summed gradients of ``n`` batches to their mean, as one n-times larger batch gives
    for a mean loss (also for a term that writes its gradients itself)."""
    grads = [p.grad for p in params if p.grad is not None]
    if grads:
        torch._foreach_mul_(grads, 1.0 / n)


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
    tally, trainable = Tally(), None
    update_once = checked(apply, session.rt.device, hooks.skip_nonfinite)  # NNSPEC_SYNC_CHECK
    for index in range(start, plan.total):
        update = plan.update(index)
        step_after = step + 1  # steps count from 1 in logs
        logs_now = step_after % hooks.log_every == 0 or index == plan.total - 1
        if update.action is not None:
            update.action()
        else:
            if update.trains != trainable:
                set_trainable(session, update.trains, plan.frozen)
                trainable = update.trains
            # Statistics beyond the loss are computed only on the steps that are logged or
            # checked before a checkpoint (a term that writes its gradients, cd, computes
            # its loss only there); everything else (evaluation, direct calls) always gets them.
            session.rt.detail = logs_now or hooks.skip_nonfinite or hooks.syncs(step_after)
            loss, logs = update_once(session, update, hooks.skip_nonfinite)
            session.rt.detail = True
            if loss is not None:
                tally.add(step_after, update.label, logs)
        step = step_after
        if logs_now:
            hooks.log(tally.flush(), step, plan, index)
        elif hooks.syncs(step):
            tally.check_finite()  # nothing non-finite may reach a checkpoint
        hooks.every_step(step, plan, index)
    return step

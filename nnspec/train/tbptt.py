"""Truncated BPTT over one long stream (Williams and Peng 1990; Sutskever 2013, ch. 7).

The train split's rows, in order, are one stream; it is cut into ``batch_size``
parallel streams (B, C), read in windows of k1 steps. Update w replays the last
k2/k1 windows from the hidden state saved at the first of them (computed, detached,
when that window was trained), so gradients reach back k2 steps while only window
w's errors count; the state after window w is saved for the updates to come.
With k1 = k2 this is the usual "detach every k1 steps". Each epoch starts from zeros.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from torch import Tensor, nn

from nnspec.errors import RunError
from nnspec.losses.base import Logs, Term
from nnspec.nn.recurrent import Carry
from nnspec.spec.typed import Phase
from nnspec.train.optim import build_stepper, network_params
from nnspec.train.plan import Plan, Update
from nnspec.train.planners import _cap

if TYPE_CHECKING:
    from nnspec.train.session import Session


@dataclass
class Streams:
    """B parallel streams of inputs and next-step targets, and the window geometry."""

    x: Tensor  # (B, C)
    y: Tensor  # (B, C)
    k1: int
    k2: int

    @property
    def windows(self) -> int:
        return math.ceil(self.x.shape[1] / self.k1)

    def window(self, w: int) -> tuple[Tensor, Tensor]:
        cols = slice(w * self.k1, (w + 1) * self.k1)
        return self.x[:, cols], self.y[:, cols]  # (B, ≤k1) each


def streams(x: Tensor, y: Tensor, batch: int, k1: int, k2: int) -> Streams:
    """The rows (N, T) of a split, joined in order and dealt into ``batch`` streams."""
    flat_x, flat_y = x.reshape(-1), y.reshape(-1)
    cols = len(flat_x) // batch
    if cols < 1:
        raise RunError(f"the train stream has {len(flat_x)} steps, fewer than batch_size {batch}")
    return Streams(
        flat_x[: batch * cols].view(batch, cols), flat_y[: batch * cols].view(batch, cols), k1, k2
    )


@dataclass
class Carried:
    """The detached states of every recurrent layer at the start of recent windows."""

    layers: list[nn.Module]
    batch: int
    saved: dict[int, list] = field(default_factory=dict)

    def start(self, w: int) -> None:
        for layer, state in zip(self.layers, self.saved[w], strict=True):
            layer.carry = Carry(state)

    def state_dict(self) -> dict:
        return {"saved": dict(self.saved)}

    def load_state_dict(self, state: dict) -> None:
        """Take back the saved states, each shaped as its layer keeps its state."""
        saved = state["saved"]
        for states in saved.values():
            got = [_shape(s) for s in states]
            want = [_shape(layer.start_state(self.batch)) for layer in self.layers]
            if got != want and any(s is not None for s in states):
                raise ValueError(f"saved states of shapes {got}, the spec builds {want}")
        self.saved = dict(saved)

    def save(self, w: int, keep: int) -> None:
        """Keep the state window w starts from (before the layers let go of their carry)."""
        self.saved[w] = [_detach(layer.carry.state) for layer in self.layers]
        self.saved = {k: v for k, v in self.saved.items() if k > w - keep}


def _shape(state) -> list | None:
    if state is None:
        return None
    return [list(s.shape) for s in state] if isinstance(state, tuple) else [list(state.shape)]


def _detach(state):
    return tuple(s.detach() for s in state) if isinstance(state, tuple) else state.detach()


def window_term(
    term: Term,
    network: nn.Module,
    data: Streams,
    carried: Carried,
    w: int,
    ready: Callable[[], None],
) -> Term:
    """Update w's term: replay the windows before it from their saved state, then the loss.

    ``ready`` runs first, when the update does: planning an update (the summary counts
    them) must not touch the carried states."""
    back = data.k2 // data.k1

    def run(x: Tensor, y: Tensor | None) -> tuple[Tensor, Logs]:
        ready()
        first = max(0, w - back + 1)
        carried.start(first)
        for j in range(first, w):
            network(data.window(j)[0])  # outputs unused: the state carries their graph
        try:
            loss, logs = term(*data.window(w))
            carried.save(w + 1, back)
        finally:
            for layer in carried.layers:  # evaluation and other phases start from zeros
                layer.carry = None
        return loss, logs

    return run


def plan_tbptt(phase: Phase, label: str, session: Session) -> Plan:
    body = phase.params
    (name,) = sorted(session.trains(body["loss"]))
    network = session.rt.networks[name]
    train_x, train_y = session.rt.splits["train"]
    k1 = body["k1"]
    data = streams(train_x, train_y, session.stream.batch_size, k1, body["k2"] or k1)
    total = _cap(body["epochs"] * data.windows, session)
    key = _stepper(session, label, body, name, total)
    base = session.update_for(body["loss"], key)
    carried = Carried([m for m in network.modules() if hasattr(m, "carry")], data.x.shape[0])
    session.phases[label] = carried  # checkpoints hold the states, so a resume is exact

    def update(index: int) -> Update:
        w = index % data.windows

        def ready() -> None:
            if w == 0:
                carried.saved = {0: [None] * len(carried.layers)}  # each epoch starts from 0
            elif w - min(w, data.k2 // k1 - 1) not in carried.saved:
                raise _no_resume(label, index, data.windows)

        return replace(base, term=window_term(base.term, network, data, carried, w, ready))

    return Plan(label, "tbptt", total, update, data.windows)


def _stepper(session: Session, label: str, body: dict, name: str, total: int) -> str:
    """An optimizer of the phase's own, spanning its windows (a named one lends its settings)."""
    options = body["optimizer"]
    if isinstance(options, str):
        options = session.rt.spec.optimizers[options].plain()
    key = f"{label}.optimizer"
    params = network_params(session.rt.networks, [name])
    session.steppers[key] = build_stepper(options, params, [name], total)
    return key


def _no_resume(label: str, index: int, windows: int) -> RunError:
    return RunError(
        f"cannot resume phase '{label}' at update {index}: truncated BPTT carries the hidden "
        "state across windows and this checkpoint does not hold it; resume from a checkpoint "
        f"at an epoch boundary of the phase (a multiple of {windows} updates into it), or "
        "run again"
    )

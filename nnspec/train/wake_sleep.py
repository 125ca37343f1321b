"""The ``wake_sleep`` phase: up-down fine-tuning of a ``dbn`` (Hinton, Osindero & Teh 2006).

Update 0 unties the directed levels (recognition and generative weights start as the
pretrained RBMs'); every later update takes a batch and, with binary states throughout:

- wake: pass the data up the recognition weights, sampling each level; the generative
  weights learn to reconstruct each level from the one above (delta rule);
- top: CD-k on the top RBM from the up-pass states (and the labels, when it has label
  units); its negative sample starts the sleep pass;
- sleep: pass that sample down the generative weights, sampling each level; the
  recognition weights learn to recover each level above from the one below.

The gradients are written into ``.grad`` in closed form (no autograd graph), so any
optimizer steps them; the logged loss is the wake pass's squared reconstruction error
of the data.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import torch
import torch.nn.functional as F
from torch import Tensor

from nnspec.losses.base import Logs
from nnspec.nn import gibbs
from nnspec.nn.dbn import DBN
from nnspec.spec.typed import Declared, Phase
from nnspec.train.optim import build_stepper, network_params
from nnspec.train.plan import Plan, Update
from nnspec.train.planners import SMOKE_UPDATES

if TYPE_CHECKING:
    from nnspec.train.session import Session


def _add(param: Tensor, grad: Tensor) -> None:
    param.grad = grad if param.grad is None else param.grad.add_(grad)


def wake(dbn: DBN, v: Tensor, gen: torch.Generator | None) -> tuple[list[Tensor], Tensor]:
    """Binary states of every level on the way up (the data at 0), and the data's
    reconstruction from the level above; writes the generative weights' gradients."""
    states = [v]
    for level in range(len(dbn.layers) - 1):
        states.append(gibbs.bernoulli(dbn.level_up(states[-1], level), gen))
    reconstruction = v
    for level in range(len(dbn.layers) - 1):
        p = dbn.level_down(states[level + 1], level)  # (B, V_level)
        error = (p - states[level]) / len(v)  # −∂ log p(s_l | s_l+1) / ∂ pre-activation
        _add(dbn.G[level], error.T @ states[level + 1])
        _add(dbn.a[level], error.sum(0))
        reconstruction = p if level == 0 else reconstruction
    return states, reconstruction


def top_cd(dbn: DBN, v: Tensor, y: Tensor | None, k: int, gen: torch.Generator | None) -> Tensor:
    """CD-k on the top RBM (with labels); writes its gradients, returns the negative v."""
    pos = dbn.top_hidden(v, y)  # (B, H)
    v_neg, y_neg, neg = dbn.top_gibbs(v, y, k, gen)
    n = len(v)
    _add(dbn.top.W, (v_neg.T @ neg - v.T @ pos) / n)
    _add(dbn.top.a, (v_neg - v).mean(0))
    _add(dbn.top.b, (neg - pos).mean(0))
    if y is not None and y_neg is not None:
        _add(dbn.U, (y_neg.T @ neg - y.T @ pos) / n)
        _add(dbn.d, (y_neg - y).mean(0))
    return v_neg


def sleep(dbn: DBN, top_v: Tensor, gen: torch.Generator | None) -> None:
    """Dream down the generative weights; writes the recognition weights' gradients."""
    states = [top_v]  # top first: level L−1's input, then down to the data
    for level in reversed(range(len(dbn.layers) - 1)):
        p = dbn.level_down(states[-1], level)
        states.append(p if level == 0 else gibbs.bernoulli(p, gen))
    states.reverse()  # states[l]: the input of level l
    for level in range(len(dbn.layers) - 1):
        error = (dbn.level_up(states[level], level) - states[level + 1]) / len(top_v)
        _add(dbn.R[level], states[level].T @ error)
        _add(dbn.c[level], error.sum(0))


def step(dbn: DBN, x: Tensor, y: Tensor | None, k: int, gen) -> tuple[Tensor, Logs]:
    """One up-down update's gradients, written into ``.grad``; its loss and logs."""
    with torch.no_grad():
        v = x.reshape(len(x), -1).to(dbn.top.W.dtype)  # (B, V)
        states, reconstruction = wake(dbn, v, gen)
        labels = F.one_hot(y, dbn.labels).to(v.dtype) if dbn.labels else None
        sleep(dbn, top_cd(dbn, states[-1], labels, k, gen), gen)
        loss = (reconstruction - v).pow(2).mean()
    return loss, {"loss": loss}


def _stepper(session: Session, label: str, body: dict, total: int) -> str:
    """The key of the phase's optimizer: a named one, or one built over the dbn."""
    options = body["optimizer"]
    if isinstance(options, str):
        return options
    names = Declared.of(options).params["params"] or [body["stack"]]
    params = network_params(session.rt.networks, names)
    key = f"{label}.optimizer"
    session.steppers[key] = build_stepper(Declared.of(options).plain(), params, names, total)
    return key


def plan_wake_sleep(phase: Phase, label: str, session: Session) -> Plan:
    body = phase.params
    dbn = session.rt.network(body["stack"])
    total = phase.steps or phase.epochs * len(session.stream)
    total = min(total, SMOKE_UPDATES) if session.rt.smoke else total
    key = _stepper(session, label, body, total)
    untie = Update("untie", lambda x, y: (None, {}), None, frozenset(), action=dbn.untie)
    term = lambda x, y: step(dbn, x, y, body["k"], session.rt.generator)  # noqa: E731
    update = Update("wake_sleep", term, key, frozenset([body["stack"]]), backward=False)
    return Plan(
        label, "wake_sleep", total + 1, lambda i: untie if i == 0 else update, len(session.stream)
    )

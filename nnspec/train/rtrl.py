"""Real-time recurrent learning (Williams and Zipser 1989), lecture 003's forward twin of BPTT.

The sensitivities S_t = dh_t/dθ of the first (recurrent) layer's state to its weights
are carried forward with the state, S_t = ∂f/∂h · S_{t-1} + ∂f/∂θ, as forward-mode
derivatives (``torch.func.jvp``, one tangent per weight); nothing is stored per time
step and nothing runs backward through time. The loss's gradient with respect to
each state, dL/dh_t, comes from the layers above, which see the states as given
values (they do not reach back in time), and the weight gradient is Σ_t dL/dh_t · S_t.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

import torch
from torch import Tensor, nn
from torch.func import jvp, vmap

from nnspec.losses.base import Logs, Term
from nnspec.spec.typed import Phase
from nnspec.train.plan import Plan
from nnspec.train.planners import _cap, _inline, _length

if TYPE_CHECKING:
    from nnspec.train.session import Session


def rtrl_gradient(layer: nn.Module, x: Tensor, grad_states: Tensor) -> list[Tensor]:
    """Σ_t grad_states[:, t] · dh_t/dθ for the layer's ``weights()``, by forward sensitivities.

    ``x`` (B, T, F) is the layer's input, ``grad_states`` (B, T, H) dL/dh_t of its top states.
    """
    weights = tuple(w.detach() for w in layer.weights())
    basis = _basis(weights, x)
    size = sum(w.numel() for w in weights)
    state = x.new_zeros(x.shape[0], layer.state_size())  # (B, S)
    sens = x.new_zeros(size, *state.shape)  # (P, B, S): dh/dθ, one row per weight
    top = _top(layer)
    total = x.new_zeros(size)
    for t in range(x.shape[1]):
        state, sens = _advance(layer, x[:, t], weights, state, basis, sens)
        total += torch.einsum("pbh,bh->p", sens[:, :, top], grad_states[:, t])
    parts = total.split([w.numel() for w in weights])
    return [g.view_as(w) for g, w in zip(parts, weights, strict=True)]


def _advance(layer, x_t, weights, state, basis, sens) -> tuple[Tensor, Tensor]:
    """One step of the state and of its sensitivities: S ← ∂f/∂h · S + ∂f/∂θ, per weight."""

    def step(w: tuple[Tensor, ...], h: Tensor) -> Tensor:
        return layer.cell(w, h, x_t)

    def tangent(dw: tuple[Tensor, ...], dh: Tensor) -> Tensor:
        return jvp(step, (weights, state), (dw, dh))[1]

    return step(weights, state), vmap(tangent)(basis, sens)


def _basis(weights: tuple[Tensor, ...], like: Tensor) -> tuple[Tensor, ...]:
    """The tangents e_p of every weight, shaped as each weight: (P, *shape) per tensor."""
    sizes = [w.numel() for w in weights]
    eye = torch.eye(sum(sizes), dtype=like.dtype, device=like.device)
    return tuple(b.reshape(-1, *w.shape) for b, w in zip(eye.split(sizes, 1), weights, strict=True))


def _top(layer: nn.Module) -> slice:
    """Where the top level's h sits in the flat state the cell carries."""
    width = layer.state_size() // layer.rnn.num_layers
    start = width * (layer.rnn.num_layers - 1)
    return slice(start, start + layer.rnn.hidden_size)


def rtrl_term(term: Term, layer: nn.Module) -> Term:
    """The term whose recurrent gradient RTRL writes; the rest of the network's by backprop."""

    def run(x: Tensor, y: Tensor | None) -> tuple[Tensor, Logs]:
        with torch.no_grad():
            states, _ = layer.rnn(x)  # (B, T, H): the values only, no graph through time
        layer.given = states.requires_grad_(True)
        try:
            loss, logs = term(x, y)
        finally:
            layer.given = None
        loss.backward()
        for w, g in zip(layer.weights(), rtrl_gradient(layer, x, states.grad), strict=True):
            w.grad = g if w.grad is None else w.grad + g
        return loss.detach(), logs

    return run


def first_recurrent(network: nn.Module) -> nn.Module:
    """The first layer that can give its states (validate has checked it is the first)."""
    return next(m for m in network.modules() if hasattr(m, "given"))


def plan_rtrl(phase: Phase, label: str, session: Session) -> Plan:
    body = phase.params
    total = _cap(_length(phase, session), session)
    key = _inline(session, label, body["optimizer"], body["loss"], total)
    update = session.update_for(body["loss"], key)
    (name,) = sorted(session.trains(body["loss"]))
    layer = first_recurrent(session.rt.networks[name])
    update = replace(update, term=rtrl_term(update.term, layer), backward=False)
    return Plan(label, "rtrl", total, lambda i: update, len(session.stream))

"""Optimizers and learning-rate schedules, built from their registry declarations.

Lecture 000's update rules map onto torch.optim: ``momentum`` is SGD with
classical momentum, ``nesterov`` SGD with Nesterov momentum. Schedules are
``LambdaLR`` factors that are pure functions of the step.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import torch
from torch import nn

from nnspec.nn.graph import part
from nnspec.plugins import registrar
from nnspec.spec.typed import Application
from nnspec.train.optim_eager import eager
from nnspec.train.optim_groups import CaffeSGD, param_groups, roles_of
from nnspec.train.optim_sgd import update_rule


def _sgd(params: Iterable, o: dict) -> torch.optim.Optimizer:
    """torch's SGD, or Caffe's form of its momentum (``momentum_form: caffe``)."""
    form = CaffeSGD if o.get("momentum_form") == "caffe" else torch.optim.SGD
    return eager(form)(params, lr=o["lr"], momentum=o["momentum"], weight_decay=o["weight_decay"])


FACTORIES: dict[str, Callable[[Iterable, dict], torch.optim.Optimizer]] = {
    "sgd": _sgd,
    "momentum": _sgd,
    "nesterov": lambda p, o: eager(torch.optim.SGD)(
        p, lr=o["lr"], momentum=o["momentum"], nesterov=True, weight_decay=o["weight_decay"]
    ),
    "adagrad": lambda p, o: eager(torch.optim.Adagrad)(
        p, lr=o["lr"], eps=o["eps"], weight_decay=o["weight_decay"]
    ),
    "rmsprop": lambda p, o: eager(torch.optim.RMSprop)(
        p,
        lr=o["lr"],
        alpha=o["alpha"],
        eps=o["eps"],
        momentum=o["momentum"],
        centered=o["centered"],
        weight_decay=o["weight_decay"],
    ),
    "adadelta": lambda p, o: eager(torch.optim.Adadelta)(
        p, lr=o["lr"], rho=o["rho"], eps=o["eps"], weight_decay=o["weight_decay"]
    ),
    "adam": lambda p, o: eager(torch.optim.Adam)(
        p,
        lr=o["lr"],
        betas=tuple(o["betas"]),
        eps=o["eps"],
        amsgrad=o["amsgrad"],
        weight_decay=o["weight_decay"],
    ),
    "adamw": lambda p, o: eager(torch.optim.AdamW)(
        p,
        lr=o["lr"],
        betas=tuple(o["betas"]),
        eps=o["eps"],
        amsgrad=o["amsgrad"],
        weight_decay=o["weight_decay"],
    ),
}


def _linear(p: dict, span: int, base_lr: float) -> Callable[[int], float]:
    return lambda step: 1.0 - min(step, span) / span * (1.0 - p["end"] / base_lr)


def _cosine(p: dict, span: int, base_lr: float) -> Callable[[int], float]:
    warmup, floor = p["warmup"], p["min_lr"] / base_lr

    def factor(step: int) -> float:
        if step < warmup:
            return (step + 1) / warmup
        progress = min(1.0, (step - warmup) / max(1, span - warmup))
        return floor + (1 - floor) * 0.5 * (1 + math.cos(math.pi * progress))

    return factor


def _poly(p: dict, span: int, base_lr: float) -> Callable[[int], float]:
    return lambda t: (1.0 - min(t, span) / span) ** p["power"]


def _multistep(p: dict, span: int, base_lr: float) -> Callable[[int], float]:
    milestones = p["milestones"]
    return lambda t: p["gamma"] ** sum(1 for m in milestones if t >= m)


# Each schedule kind: (params, span, base_lr) -> the multiplier of base_lr at unit t
# (a step, or an epoch: ``lr_factor`` converts), ``span`` the phase's length in that unit.
SCHEDULES: dict[str, Callable[[dict, int, float], Callable[[int], float]]] = {
    "step": lambda p, span, lr: lambda t: p["gamma"] ** (t // p["every"]),
    "multistep": _multistep,
    "exponential": lambda p, span, lr: lambda t: p["gamma"] ** t,
    "inv": lambda p, span, lr: lambda t: (1.0 + p["gamma"] * t) ** -p["power"],
    "poly": _poly,
    "warmup": lambda p, span, lr: lambda t: min(1.0, (t + 1) / p["steps"]),
    "linear": _linear,
    "cosine": _cosine,
}

# A plugin's torch side: ``@optimizer("name")`` on ``(params, options) -> torch.optim.Optimizer``,
# ``@lr_schedule("name")`` on ``(params, span, base_lr) -> (t -> factor)``.
optimizer = registrar(FACTORIES, "optimizer")
lr_schedule = registrar(SCHEDULES, "lr_schedule")


def lr_factor(
    schedule: dict | None, total: int, base_lr: float, per_epoch: int = 1
) -> Callable[[int], float]:
    """The multiplier of ``base_lr`` at each step, for a phase of ``total`` steps.

    ``per_epoch``: this optimizer's steps per epoch of the training data. A schedule
    in epochs sees epoch ``step // per_epoch``, so its rate holds through each epoch
    and changes exactly where a torch scheduler stepped once per epoch changes it.
    """
    if schedule is None:
        return lambda step: 1.0
    applied = Application.of(schedule)
    p = applied.params
    if p.get("unit", "step") == "step":
        return SCHEDULES[applied.kind](p, p.get("total") or total, base_lr)
    span = p.get("total") or max(1, math.ceil(total / per_epoch))
    per_unit = SCHEDULES[applied.kind](p, span, base_lr)
    return lambda step: per_unit(step // per_epoch)


@dataclass
class Stepper:
    """An optimizer with its schedule, clipping and momentum schedule."""

    optimizer: torch.optim.Optimizer
    scheduler: torch.optim.lr_scheduler.LambdaLR | None  # None: a constant rate, no per-step work
    params: list[nn.Parameter]
    options: dict
    networks: tuple[str, ...]
    # The update itself: ``optimizer.step``, or its functional form (nnspec.train.optim_sgd).
    rule: Callable[[], None]
    # Data-parallel runs average gradients over processes here, before clipping.
    reduce: Callable[[list[nn.Parameter]], None] | None = None

    def zero_grad(self) -> None:
        """Drop every gradient, as ``optimizer.zero_grad(set_to_none=True)`` at a third the cost."""
        for param in self.params:
            param.grad = None

    def step(self) -> None:
        if self.reduce is not None:
            self.reduce(self.params)
        # .get: a kind that steps without a gradient (ekf) declares no clipping
        if self.options.get("clip_grad_norm") is not None:
            nn.utils.clip_grad_norm_(self.params, self.options["clip_grad_norm"])
        if self.options.get("clip_grad_value") is not None:
            nn.utils.clip_grad_value_(self.params, self.options["clip_grad_value"])
        self.rule()
        if self.scheduler is not None:
            self.scheduler.step()

    def set_epoch(self, epoch: int) -> None:
        """Apply the momentum schedule (e.g. 0.5, then 0.9 after 5 epochs)."""
        for entry in self.options.get("momentum_schedule") or []:
            if epoch >= entry["epoch"]:
                for group in self.optimizer.param_groups:
                    set_momentum(group, entry["momentum"])
                    start_momentum_buffers(self.optimizer, group)


def set_momentum(group: dict, value: float) -> None:
    """A group's momentum: SGD's and RMSprop's ``momentum``, Adam's β1."""
    if "betas" in group:
        group["betas"] = (value, group["betas"][1])
    elif "momentum" in group:
        group["momentum"] = value


def start_momentum_buffers(optimizer: torch.optim.Optimizer, group: dict) -> None:
    """Zero momentum buffers for an RMSprop whose momentum a schedule turned on.

    RMSprop makes them only in its first step, and only if momentum is on then;
    zeros are what it would have started from. (SGD starts a missing buffer itself.)
    """
    if not isinstance(optimizer, torch.optim.RMSprop) or group["momentum"] <= 0:
        return
    for param in group["params"]:
        state = optimizer.state.get(param)
        if state and "momentum_buffer" not in state:
            state["momentum_buffer"] = torch.zeros_like(param, memory_format=torch.preserve_format)


def network_params(networks: dict[str, nn.Module], names: list[str]) -> list[nn.Parameter]:
    """The parameters of networks and graph nodes (``D.q_code``), each once: nodes share."""
    found = {id(p): p for name in names for p in part(networks, name).parameters()}
    return list(found.values())


def network_roles(networks: dict[str, nn.Module], names: list[str]) -> dict[int, str]:
    """The role of each parameter of the named networks (for an optimizer's ``groups``)."""
    return roles_of(networks[name] for name in names)


def build_stepper(
    options: dict,
    params: list[nn.Parameter],
    names: list[str],
    total: int,
    per_epoch: int = 1,
    roles: dict[int, str] | None = None,
) -> Stepper:
    """An optimizer over ``params`` (of the named networks), with its schedule.

    ``total``: the steps it will take; ``per_epoch``: how many of them fall in one
    epoch of the training data (the unit of a schedule in epochs); ``roles``: each
    parameter's role (by ``id``), for the options' ``groups``.
    """
    groups = options.get("groups")
    given = param_groups(params, roles or {}, options) if groups else params
    optimizer = FACTORIES[options["type"]](given, options)
    if all(p.device.type == "cpu" for p in params):
        # torch's default (foreach=None) resolves to the per-tensor loop on CPU, but
        # decides so on every step: a measurable share of a small model's step.
        for group in optimizer.param_groups:
            if "foreach" in group and group["foreach"] is None:
                group["foreach"] = False
    scheduler = None
    if options.get("schedule") is not None:  # a kind without a rate (ekf) has no schedule
        factor = lr_factor(options["schedule"], total, options["lr"], per_epoch)
        scheduler = torch.optim.lr_scheduler.LambdaLR(optimizer, factor)
    rule = update_rule(optimizer, scheduled=scheduler is not None)
    return Stepper(optimizer, scheduler, params, options, tuple(names), rule)


# ekf and lbfgs register themselves, building on this module
from nnspec.train import optim_ekf, optim_lbfgs  # noqa: E402, F401

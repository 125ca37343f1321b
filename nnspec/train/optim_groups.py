"""An optimizer's parameter groups by role, and Caffe's form of the momentum update.

Roles come from the compiled modules: the compiler tags each layer's module with its
kind (``LAYER_KIND``), and the kind's ``LayerInfo.roles`` names the role of each of its
parameters by a word of the parameter's name. ``groups: {biases: {lr_mult: 2}}`` then
gives every bias twice the rate, as Caffe's ``lr_mult: 2`` does.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

import torch
from torch import nn

from nnspec.nn.build import LAYER_KIND
from nnspec.registry import REGISTRY
from nnspec.registry.info import PARAM_ROLES


def role_of(name: str, roles: Mapping[str, str]) -> str | None:
    """The role of parameter ``name`` (``weight_ih_l0``, ``W.0``): its last word with a role."""
    for word in reversed(re.split(r"[._]", name)):
        if word in roles:
            return roles[word]
    return None


def roles_of(modules: Iterable[nn.Module]) -> dict[int, str]:
    """The role of every parameter (by ``id``) of the tagged layers inside ``modules``.

    Inner layers first: a residual block's parameters are its nested layers', so
    the nested kinds' roles win over the block's. A parameter whose name has no word
    its kind declares (a plugin's ``scale``) has no role and keeps the optimizer's
    own settings; every built-in kind declares all of its own (tests/nn/test_layer_roles.py).
    """
    roles: dict[int, str] = {}
    for module in modules:
        for sub in reversed(list(module.modules())):
            kind = getattr(sub, LAYER_KIND, None)
            if kind is None:
                continue
            declared = REGISTRY.get("layer", kind).info.roles
            for name, param in sub.named_parameters():
                role = role_of(name, declared)
                if role is not None:
                    roles.setdefault(id(param), role)
    return roles


def param_groups(params: list[nn.Parameter], roles: dict[int, str], options: dict) -> list[dict]:
    """torch param groups: one per role with ``lr_mult`` and ``weight_decay`` applied.

    Parameters of no layer (validate refuses groups on such networks) keep the
    optimizer's own settings, as do roles the groups do not mention.
    """
    groups: dict[str, list[nn.Parameter]] = {}
    for param in params:
        groups.setdefault(roles.get(id(param), ""), []).append(param)
    settings = options["groups"]
    out = []
    for role in ("", *PARAM_ROLES):
        if role not in groups:
            continue
        given = settings.get(role) if role else None
        group: dict = {"params": groups[role]}
        if given is not None:
            group["lr"] = options["lr"] * given["lr_mult"]
            if given["weight_decay"] is not None:
                group["weight_decay"] = given["weight_decay"]
        out.append(group)
    return out


class CaffeSGD(torch.optim.Optimizer):
    """SGD with momentum in Caffe's form (SGDSolver::ComputeUpdateValue, sgd_solver.cpp).

    Caffe: v ← μv + η_t(∇ + λw), w ← w − v. torch's SGD keeps u ← μu + (∇ + λw) and
    steps w ← w − η_t u: the same while η is constant, not once a schedule changes it
    (torch applies today's rate to the whole history). Each product is rounded apart as
    in Caffe's axpby, so a hand-written solver of the same expressions gives the same
    bits (benchmarks/handwritten/caffe_lenet.py). ``momentum_buffer`` holds v.
    """

    def __init__(self, params: Iterable, lr: float, momentum: float, weight_decay: float) -> None:
        super().__init__(params, {"lr": lr, "momentum": momentum, "weight_decay": weight_decay})

    @torch.no_grad()
    def step(self, closure: None = None) -> None:
        for group in self.param_groups:
            for param in group["params"]:
                if param.grad is not None:
                    self._update(param, group)

    def _update(self, param: nn.Parameter, group: dict) -> None:
        diff = param.grad + group["weight_decay"] * param if group["weight_decay"] else param.grad
        state = self.state[param]
        if "momentum_buffer" not in state:
            state["momentum_buffer"] = torch.zeros_like(param)  # Caffe's history starts at 0
        history = state["momentum_buffer"]
        # axpby: rate·diff + μ·v, each product rounded apart (add_'s alpha= may fuse them)
        history.mul_(group["momentum"]).add_(diff * group["lr"])
        param.sub_(history)

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
    the nested kinds' roles win over the block's.
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
                assert role is not None, f"layer {kind!r} declares no role for {name!r}"
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


# The rate a group's momentum buffers are scaled for (kept in the group: checkpoints save it).
MOMENTUM_LR = "caffe_momentum_lr"


def caffe_momentum(optimizer: torch.optim.Optimizer) -> None:
    """Rescale momentum buffers so torch's update makes Caffe's, before a step.

    Caffe: v ← μv + η_t∇, θ ← θ − v. torch: u ← μu + ∇, θ ← θ − η_t u. With
    u = v/η_t both agree if u is multiplied by η_{t−1}/η_t before each step, which
    only matters when a schedule changes the rate. At η_t = 0 the buffers are
    left as they are (torch's update is then zero whatever they hold).
    """
    for group in optimizer.param_groups:
        last, now = group.get(MOMENTUM_LR), group["lr"]
        if last is not None and now > 0 and last != now:
            with torch.no_grad():
                for param in group["params"]:
                    buffer = optimizer.state.get(param, {}).get("momentum_buffer")
                    if buffer is not None:
                        buffer.mul_(last / now)
        if now > 0:
            group[MOMENTUM_LR] = now

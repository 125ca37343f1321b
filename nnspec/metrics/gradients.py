"""Per-layer gradient norms: the "learning speed" of each layer (seed 000, 梯度消失问题).

Seed 000 measures layer l's learning speed as ‖δ^l‖ = ‖∂C/∂b^l‖. A layer here is a weight
matrix or kernel (a parameter with two or more dimensions), numbered layer1, layer2, ...
in registration order, so names stay stable whatever the modules are called.
"""

from __future__ import annotations

from typing import Literal

from torch import nn


def weight_layers(module: nn.Module) -> dict[str, str]:
    """Stable layer names mapped to the parameter names of their weights."""
    names = [n for n, p in module.named_parameters() if p.ndim >= 2]
    return {f"layer{i + 1}": name for i, name in enumerate(names)}


def _bias_name(weight_name: str) -> str | None:
    *path, leaf = weight_name.split(".")
    if "weight" not in leaf:
        return None  # e.g. an RBM's W: no bias of its own by naming convention
    return ".".join([*path, leaf.replace("weight", "bias", 1)])


def gradient_norms(module: nn.Module, of: Literal["weight", "bias"] = "weight") -> dict[str, float]:
    """L2 norm of each layer's weight gradient (or its bias gradient, the seed's ‖δ^l‖).

    Layers whose parameter has no gradient yet, or no bias, are left out.
    """
    params = dict(module.named_parameters())
    norms = {}
    for layer, name in weight_layers(module).items():
        param = params.get(name) if of == "weight" else params.get(_bias_name(name) or "")
        if param is not None and param.grad is not None:
            norms[layer] = float(param.grad.detach().norm())
    return norms

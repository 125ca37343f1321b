"""Weight initialisation by a declared scheme (see ``nnspec.registry.inits``): network-wide,
or per layer kind (``init: {conv2d: {normal: 0.02}, batch_norm: {normal: {mean: 1, std: 0.02}}}``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping

import torch
from torch import nn

from nnspec.nn.build import LAYER_KIND
from nnspec.plugins import registrar
from nnspec.registry import REGISTRY

# Normalisation layers keep their scale 1 and shift 0 under every scheme.
NORMS = (
    nn.BatchNorm1d,
    nn.BatchNorm2d,
    nn.BatchNorm3d,
    nn.InstanceNorm1d,
    nn.InstanceNorm2d,
    nn.LayerNorm,
    nn.GroupNorm,
)

Draw = Callable[[torch.Tensor, dict], None]


def _kaiming(weight: torch.Tensor, p: dict) -> None:
    fill = nn.init.kaiming_normal_ if p["distribution"] == "normal" else nn.init.kaiming_uniform_
    slope = p["slope"] if p["nonlinearity"] == "leaky_relu" else 0.0
    fill(weight, a=slope, mode=p["mode"], nonlinearity=p["nonlinearity"])


def _xavier(weight: torch.Tensor, p: dict) -> None:
    fill = nn.init.xavier_normal_ if p["distribution"] == "normal" else nn.init.xavier_uniform_
    fill(weight, gain=p["gain"])


DRAWS: dict[str, Draw] = {
    "normal": lambda w, p: nn.init.normal_(w, p["mean"], p["std"]),
    "uniform": lambda w, p: nn.init.uniform_(w, p["low"], p["high"]),
    "xavier": _xavier,
    "kaiming": _kaiming,
    "orthogonal": lambda w, p: nn.init.orthogonal_(w, gain=p["gain"]),
    "zeros": lambda w, p: nn.init.zeros_(w),
}
# A plugin's torch side: ``@initialiser("name")`` on ``(weight, params) -> None``, in place.
initialiser = registrar(DRAWS, "init")


def apply_init(module: nn.Module, name: str, params: dict) -> None:
    """Initialise every weight of ``module`` by the scheme ``name``, zeroing the biases.

    Weights are the parameters with two or more dimensions (matrices, kernels,
    embeddings, recurrent weights); other parameters are biases, drawn like the
    weights only when the scheme's ``bias`` is true. Normalisation layers are left alone.
    """
    kind = REGISTRY.get("init", name)
    assert kind is not None and kind.name in DRAWS, f"init {name!r} is declared and drawn"
    broken = [v for rule in kind.info.constraints if (v := rule(params)) is not None]
    assert not broken, f"validate checks init {name!r}'s constraints: {broken[0].message}"
    draw = DRAWS[kind.name]
    # Parameters shared with another network (an unrolled, pretrained stack) keep their values.
    shared = {
        id(p)
        for sub in module.modules()
        if getattr(sub, "shares_parameters", False)
        for p in sub.parameters()
    }
    with torch.no_grad():
        for sub in module.modules():
            if not isinstance(sub, NORMS):
                _init_own(sub, draw, params, shared)


def _init_own(module: nn.Module, draw: Draw, params: dict, shared: set[int]) -> None:
    for tensor in module.parameters(recurse=False):
        if id(tensor) in shared:
            continue
        if tensor.dim() >= 2 or params.get("bias", False):
            draw(tensor, params)
        else:
            nn.init.zeros_(tensor)


def apply_network_init(module: nn.Module, init: Mapping) -> None:
    """A network's normalised ``init``: one scheme for every layer, or one per layer kind."""
    if len(init) == 1 and REGISTRY.get("init", next(iter(init))) is not None:
        ((name, params),) = init.items()
        apply_init(module, name, params)
        return
    apply_layer_inits(module, {kind: next(iter(applied.items())) for kind, applied in init.items()})


def apply_layer_inits(module: nn.Module, inits: Mapping[str, tuple[str, dict]]) -> None:
    """Draw the weights of each layer of a named kind by its scheme, zeroing its biases.

    As pytorch/examples' dcgan ``weights_init``: every parameter of such a layer is
    drawn, a normalisation's scale included, except biases (and a normalisation's
    shift), which are zeroed unless the scheme's ``bias`` is true. Layers are visited
    outermost first, so a layer nested in a block takes its own kind's scheme.
    """
    with torch.no_grad():
        for sub in module.modules():
            kind = getattr(sub, LAYER_KIND, None)
            if kind not in inits:
                continue
            name, params = inits[kind]
            draw = DRAWS[REGISTRY.get("init", name).name]
            for pname, tensor in sub.named_parameters():
                if _is_bias(pname) and not params.get("bias", False):
                    nn.init.zeros_(tensor)
                else:
                    draw(tensor, params)


def _is_bias(name: str) -> bool:
    """``bias``, ``bias_ih_l0``, ``in_proj_bias``, an RBM's ``b.0``."""
    return bool({"bias", "b"} & set(re.split(r"[._]", name)))

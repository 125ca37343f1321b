"""Compile a resolved spec's networks into plain PyTorch modules.

Sequential networks become ``nn.Sequential`` of the registered builders;
energy-based networks become their modules (``RBM``, ``RBMStack``, ...). The
result is ordinary modules a user can take out, save and load.
"""

from __future__ import annotations

from torch import nn

from nnspec.nn import layers as _layers  # noqa: F401  (registers every layer builder)
from nnspec.nn.build import BUILDERS, layer_entry
from nnspec.nn.init import apply_init
from nnspec.nn.networks import NETWORK_BUILDERS
from nnspec.registry.core import Shape
from nnspec.spec.shapes import StaticEnv


class _Env:
    """The ``BuildEnv`` builders see: nested chains and already-built networks."""

    def __init__(self, spec: dict, input_shapes: dict[str, Shape]):
        self.static = StaticEnv(spec["networks"])
        self.built: dict[str, nn.Module] = {}
        self.spec = spec
        self.input_shapes = input_shapes

    def chain(self, layers: list[dict], shape: Shape) -> nn.Sequential:
        modules = []
        for layer in layers:
            kind, params = layer_entry(layer)
            modules.append(BUILDERS[kind](params, shape, self))
            shape = self.static.chain([layer], shape)
        return nn.Sequential(*modules)

    def shape_of(self, layers: list[dict], shape: Shape) -> Shape:
        return self.static.chain(layers, shape)

    def network(self, name: str) -> nn.Module:
        if name not in self.built:
            self.built[name] = build_network(name, self.spec, self)
        return self.built[name]


def build_network(name: str, spec: dict, env: _Env) -> nn.Module:
    """Build one network of a resolved spec (its input shape is already static)."""
    ((kind, body),) = spec["networks"][name].items()
    if kind != "sequential":
        return NETWORK_BUILDERS[kind](body)
    module = env.chain(body["layers"], tuple(env.input_shapes[name]))
    if body["init"] is not None:
        ((init_name, init_params),) = body["init"].items()
        apply_init(module, init_name, init_params)
    return module


def compile_networks(spec: dict, input_shapes: dict[str, Shape]) -> dict[str, nn.Module]:
    """Every network of a resolved (plain) spec, built in declaration order."""
    env = _Env(spec, input_shapes)
    return {name: env.network(name) for name in spec["networks"]}

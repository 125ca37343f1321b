"""Compile a resolved spec's networks into plain PyTorch modules.

Sequential networks become ``nn.Sequential`` of the registered builders;
energy-based networks become their modules (``RBM``, ``RBMStack``, ...). The
result is ordinary modules a user can take out, save and load.
"""

from __future__ import annotations

from collections.abc import Mapping

from torch import nn

from nnspec.nn import graph as _graph  # noqa: F401  (registers the graph builder)
from nnspec.nn import layers as _layers  # noqa: F401  (registers every layer builder)
from nnspec.nn.build import BUILDERS, LAYER_KIND, layer_entry
from nnspec.nn.init import apply_network_init
from nnspec.nn.networks import NETWORK_BUILDERS
from nnspec.registry.core import Shape
from nnspec.spec.check.shapes import StaticEnv
from nnspec.spec.typed import Application

Networks = Mapping[str, Application]


class _Env:
    """The ``BuildEnv`` builders see: nested chains and already-built networks."""

    def __init__(self, networks: Networks, input_shapes: dict[str, Shape]):
        self.static = StaticEnv({name: network.plain() for name, network in networks.items()})
        self.static.input_shapes = input_shapes  # what a graph node applying a network feeds it
        self.built: dict[str, nn.Module] = {}
        self.networks = networks
        self.input_shapes = input_shapes

    def chain(self, layers: list[dict], shape: Shape) -> nn.Sequential:
        modules = []
        for layer in layers:
            kind, params = layer_entry(layer)
            module = BUILDERS[kind](params, shape, self)
            setattr(module, LAYER_KIND, kind)  # its parameters' roles (optimizer groups)
            modules.append(module)
            shape = self.static.chain([layer], shape)
        return nn.Sequential(*modules)

    def shape_of(self, layers: list[dict], shape: Shape) -> Shape:
        return self.static.chain(layers, shape)

    def network(self, name: str) -> nn.Module:
        if name not in self.built:
            self.built[name] = build_network(name, self.networks[name], self)
        return self.built[name]


def build_network(name: str, network: Application, env: _Env) -> nn.Module:
    """Build one network of a resolved spec (its input shape is already static)."""
    if network.kind != "sequential":
        builder = NETWORK_BUILDERS[network.kind]
        if getattr(builder, "takes_env", False):  # a graph builds layers and other networks
            return builder(name, network.params, env)
        return builder(network.params)
    module = env.chain(network.params["layers"], tuple(env.input_shapes[name]))
    if network.params["init"] is not None:
        apply_network_init(module, network.params["init"])
    return module


def compile_networks(networks: Networks, input_shapes: dict[str, Shape]) -> dict[str, nn.Module]:
    """Every network of a resolved spec (``Spec.networks``), built in declaration order."""
    env = _Env(networks, input_shapes)
    return {name: env.network(name) for name in networks}

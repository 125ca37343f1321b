"""Shared helpers for the torch-side layer tests: normalised layers and simple envs.

The real spec normaliser and compiler live elsewhere; these stand-ins do just
enough (fill defaults, walk nested layer lists through the registry and the
builders) to test each layer on its own.
"""

from __future__ import annotations

import pytest
import torch
from torch import nn

import nnspec.nn.layers  # noqa: F401  (registers every builder)
from nnspec.nn.build import BUILDERS, layer_entry
from nnspec.nn.networks import NETWORK_BUILDERS
from nnspec.registry import REGISTRY
from nnspec.registry.core import Shape
from nnspec.registry.params import Nested

torch.set_num_threads(1)  # the CI machine is shared; these tensors are tiny

# Networks a layer example may name (``unroll``), in normalised form.
NETWORKS = {
    "dbn": {"rbm_stack": {"visible": 6, "hidden": [5, 3], "units": "bernoulli", "init_std": 0.01}},
    "rbm": {"rbm": {"visible": 6, "hidden": 4, "units": "gaussian", "init_std": 0.01}},
    "sdae": {"autoencoder_stack": {"visible": 6, "hidden": [4, 2], "activation": "tanh"}},
}


def complete(layer: dict) -> dict:
    """A layer in normalised form: given values checked, defaults filled, nested lists too."""
    name, given = layer_entry(layer)
    kind = REGISTRY.get("layer", name)
    unknown = set(given) - set(kind.param_names)
    assert not unknown, f"{name} has no parameters {unknown}"
    params = {}
    for param in kind.params:
        assert param.name in given or not param.required, f"{name} needs {param.name}"
        value = given.get(param.name, param.default)
        if isinstance(param.type, Nested):
            value = [complete(item) for item in value]
        elif param.name in given:
            value = param.type.check(value)
        params[param.name] = value
    return {kind.name: params}


class StaticEnv:
    """A ``ShapeEnv`` that pushes shapes and counts through nested lists by the static rules."""

    def chain(self, layers: list[dict], shape: Shape) -> Shape:
        for name, params in map(layer_entry, layers):
            shape = tuple(REGISTRY.get("layer", name).shape(params, tuple(shape), self))
        return tuple(shape)

    def chain_count(self, layers: list[dict], shape: Shape) -> int:
        total = 0
        for name, params in map(layer_entry, layers):
            kind = REGISTRY.get("layer", name)
            total += kind.count(params, tuple(shape), self)
            shape = tuple(kind.shape(params, tuple(shape), self))
        return total

    def network(self, name: str) -> dict:
        return NETWORKS[name]


class TorchEnv:
    """A ``BuildEnv`` that builds nested lists into ``nn.Sequential`` with ``BUILDERS``."""

    def chain(self, layers: list[dict], shape: Shape) -> nn.Sequential:
        modules = []
        for layer in layers:
            name, params = layer_entry(layer)
            modules.append(BUILDERS[name](params, tuple(shape), self))
            shape = StaticEnv().chain([layer], shape)
        return nn.Sequential(*modules)

    def shape_of(self, layers: list[dict], shape: Shape) -> Shape:
        return StaticEnv().chain(layers, shape)

    def network(self, name: str) -> nn.Module:
        """A freshly built network each call, so two builds hold different weights."""
        ((kind, body),) = NETWORKS[name].items()
        return NETWORK_BUILDERS[kind](body)


@pytest.fixture
def static_env() -> StaticEnv:
    return StaticEnv()


@pytest.fixture
def build_env() -> TorchEnv:
    return TorchEnv()


@pytest.fixture
def make_layer():
    """``make_layer(name, **params)``: a normalised ``{name: params}`` layer."""
    return lambda name, **params: complete({name: params})

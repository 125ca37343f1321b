"""Layer declarations: documentation, static shape rules and their error messages, no torch."""

from __future__ import annotations

import subprocess
import sys

import pytest

from nnspec.registry import REGISTRY, ShapeMismatch
from nnspec.registry.params import REQUIRED, Nested

LAYERS = list(REGISTRY.kinds("layer"))


def layer(name: str, **given) -> dict:
    """A normalised ``{name: params}`` layer (defaults filled; nested lists given complete)."""
    kind = REGISTRY.get("layer", name)
    return {kind.name: {p.name: given.get(p.name, p.default) for p in kind.params}}


class Env:
    """A torch-free ``ShapeEnv`` walking nested lists by the registry's rules."""

    def chain(self, layers: list[dict], shape: tuple) -> tuple:
        for item in layers:
            ((name, params),) = item.items()
            shape = REGISTRY.get("layer", name).shape(params, shape, self)
        return tuple(shape)

    def chain_count(self, layers: list[dict], shape: tuple) -> int:
        total = 0
        for item in layers:
            ((name, params),) = item.items()
            total += REGISTRY.get("layer", name).count(params, shape, self)
            shape = REGISTRY.get("layer", name).shape(params, shape, self)
        return total

    def network(self, name: str) -> dict:
        raise KeyError(name)


def mismatch(item: dict, shape: tuple) -> ShapeMismatch:
    ((name, params),) = item.items()
    with pytest.raises(ShapeMismatch) as info:
        REGISTRY.get("layer", name).shape(params, shape, Env())
    return info.value


def test_registry_side_never_imports_torch() -> None:
    code = "import nnspec.registry, sys; assert 'torch' not in sys.modules, 'torch imported'"
    subprocess.run([sys.executable, "-c", code], check=True)


@pytest.mark.parametrize("kind", LAYERS, ids=lambda k: k.name)
def test_layer_is_documented_and_has_rules(kind) -> None:
    assert kind.doc and "\n" not in kind.doc and kind.doc.endswith(".")
    assert kind.shape is not None and kind.count is not None
    assert kind.main is None or kind.param(kind.main) is not None
    for param in kind.params:
        assert param.doc and "\n" not in param.doc, f"{kind.name}.{param.name} lacks a doc"


@pytest.mark.parametrize("kind", LAYERS, ids=lambda k: k.name)
def test_defaults_fit_their_types(kind) -> None:
    # None marks a value derived from the input (a pool's stride, a decoder's steps)
    for param in kind.params:
        if param.default not in (REQUIRED, None) and not isinstance(param.type, Nested):
            param.type.check(param.default)


def test_conv2d_on_a_flat_input() -> None:
    error = mismatch(layer("conv2d", out=8), (64,))
    assert str(error) == "conv2d needs a (C, H, W) input; add unflatten or reshape before it"
    assert (error.expected, error.received) == ("a (C, H, W) input", "(64)")


def test_kernel_larger_than_input() -> None:
    error = mismatch(layer("conv2d", out=8, kernel=5, padding=1), (1, 2, 2))
    assert str(error) == "conv2d kernel (5, 5) is larger than its padded input (4, 4)"
    assert error.expected == "a spatial size of at least (5, 5) after padding"
    assert error.received == "(2, 2)"


def test_reshape_to_a_different_size() -> None:
    error = mismatch(layer("reshape", shape=[3, 5]), (4, 4))
    assert str(error) == "reshape to (3, 5) needs 15 elements, not 16"
    assert (error.expected, error.received) == ("an input of 15 elements", "(4, 4), 16 elements")


def test_linear_on_an_image_asks_for_flatten() -> None:
    error = mismatch(layer("linear", out=10), (1, 8, 8))
    assert str(error) == "linear needs a (F) or (T, F) input; add flatten before it"
    assert error.received == "(1, 8, 8)"


def test_recurrent_layer_needs_a_sequence() -> None:
    error = mismatch(layer("lstm", hidden=4), (10,))
    assert (error.expected, error.received) == ("a (T, F) input", "(10)")


def test_residual_that_changes_shape_needs_projection() -> None:
    error = mismatch(layer("residual", layers=[layer("linear", out=4)]), (6,))
    assert str(error) == (
        "residual branch changes the shape from (6) to (4); "
        "set projection: true for a learned shortcut"
    )
    assert (error.expected, error.received) == ("(6)", "(4)")


def test_residual_projection_it_cannot_build() -> None:
    branch = [layer("conv2d", out=4, kernel=3)]  # unpadded: 9 -> 7, no 1x1 stride does that
    error = mismatch(layer("residual", layers=branch, projection=True), (1, 9, 9))
    assert error.received == "(4, 7, 7)"


def test_lecture_mlp_count() -> None:
    # the vanishing-gradient net [784 30 30 30 30 10]: 784*30+30 + 3*(30*30+30) + 30*10+10
    net = [layer("linear", out=30) for _ in range(4)] + [layer("linear", out=10)]
    assert Env().chain(net, (784,)) == (10,)
    assert Env().chain_count(net, (784,)) == 26650


def test_dcgan_generator_shapes() -> None:
    net = [
        layer("linear", out=64 * 4 * 4),
        layer("unflatten", shape=[64, 4, 4]),
        layer("conv_transpose2d", out=32, kernel=4, stride=2, padding=1),
        layer("conv_transpose2d", out=1, kernel=4, stride=2, padding=1),
    ]
    assert Env().chain(net, (100,)) == (1, 16, 16)


def test_recurrent_outputs_and_counts() -> None:
    bi = layer("gru", hidden=8, bidirectional=True, layers=2, output="all")
    assert Env().chain([bi], (12, 3)) == (12, 16)
    # per direction: layer 1 3*8*(3+8+2), layer 2 3*8*(16+8+2)
    assert Env().chain_count([bi], (12, 3)) == 2 * (3 * 8 * 13 + 3 * 8 * 26)
    assert Env().chain([layer("lstm", hidden=5)], (7, 2)) == (5,)


def test_attention_shapes() -> None:
    assert Env().chain([layer("attention_pool")], (9, 6)) == (6,)
    assert Env().chain([layer("attention_decoder", hidden=4)], (9, 6)) == (9, 4)
    assert Env().chain([layer("attention_decoder", hidden=4, steps=3)], (9, 6)) == (3, 4)

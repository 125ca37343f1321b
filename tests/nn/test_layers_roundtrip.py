"""Every declared layer: built module agrees with its static shape and count rules,
and its weights survive a safe save/load round trip."""

from __future__ import annotations

import io

import pytest
import torch

from nnspec.nn.build import BUILDERS
from nnspec.registry import REGISTRY

LAYER_NAMES = [kind.name for kind in REGISTRY.kinds("layer")]

# name -> [(given params, input shape without batch)]; nested layers are partial too.
EXAMPLES: dict[str, list[tuple[dict, tuple[int, ...]]]] = {
    "linear": [({"out": 5}, (7,)), ({"out": 3, "bias": False}, (4, 6))],
    "maxout": [({"out": 4, "pieces": 3}, (6,)), ({"out": 2}, (5, 3))],
    "conv1d": [({"out": 4, "kernel": 3, "stride": 2, "padding": 1}, (2, 9))],
    "conv2d": [
        ({"out": 4, "kernel": 3, "padding": 1}, (1, 8, 8)),
        ({"out": 2, "kernel": [3, 2], "stride": [2, 1], "bias": False}, (3, 7, 6)),
    ],
    "conv_transpose2d": [
        ({"out": 3, "kernel": 4, "stride": 2, "padding": 1}, (4, 4, 4)),
        ({"out": 2, "kernel": 3, "stride": 2, "output_padding": 1}, (2, 3, 5)),
    ],
    "maxpool1d": [({"kernel": 2}, (3, 9)), ({"kernel": 3, "stride": 1, "padding": 1}, (2, 5))],
    "maxpool2d": [
        ({"kernel": 2}, (2, 7, 6)),
        ({"kernel": [3, 2], "stride": 1, "padding": [1, 0]}, (1, 5, 5)),
    ],
    "avgpool1d": [({"kernel": 3}, (2, 10)), ({"kernel": 2, "stride": 1, "padding": 1}, (1, 4))],
    "avgpool2d": [
        ({"kernel": 2}, (3, 4, 4)),
        ({"kernel": 3, "stride": 2, "padding": 1}, (1, 7, 5)),
    ],
    "flatten": [({}, (2, 3, 4)), ({}, (5,))],
    "reshape": [({"shape": [4, 6]}, (2, 3, 4)), ({"shape": 12}, (3, 4))],
    "unflatten": [({"shape": [2, 3]}, (6,)), ({"shape": [1, 4, 2]}, (3, 8))],
    "batch_norm": [({}, (5,)), ({"momentum": 0.5}, (3, 6)), ({"eps": 1e-3}, (2, 4, 4))],
    "layer_norm": [({}, (6,)), ({"eps": 1e-6}, (3, 5))],
    "dropout": [({"p": 0.3}, (10,)), ({}, (2, 3, 3))],
    "relu": [({}, (3, 4))],
    "leaky_relu": [({"slope": 0.2}, (3, 4))],
    "elu": [({"alpha": 0.5}, (6,))],
    "sigmoid": [({}, (6,))],
    "tanh": [({}, (2, 5))],
    "softplus": [({"beta": 2.0}, (6,))],
    "gelu": [({}, (6,)), ({"approximate": "tanh"}, (2, 3))],
    "softmax": [({}, (6,)), ({}, (3, 4))],
    "log_softmax": [({}, (6,)), ({}, (3, 4))],
    "embedding": [({"vocab": 11, "dim": 4}, (6,))],
    "rnn": [
        ({"hidden": 5}, (4, 3)),
        (
            {
                "hidden": 3,
                "layers": 2,
                "bidirectional": True,
                "nonlinearity": "relu",
                "dropout": 0.1,
                "output": "all",
            },
            (5, 2),
        ),
    ],
    "lstm": [
        ({"hidden": 4, "bidirectional": True, "output": "mean"}, (4, 3)),
        ({"hidden": 2, "layers": 3}, (3, 5)),
    ],
    "gru": [
        ({"hidden": 4, "layers": 2, "output": "all"}, (4, 3)),
        ({"hidden": 3, "bidirectional": True}, (5, 2)),
    ],
    "attention_pool": [({}, (5, 4)), ({"units": 7}, (3, 6))],
    "attention_decoder": [({"hidden": 4}, (5, 3)), ({"hidden": 3, "steps": 2, "units": 6}, (4, 5))],
    "residual": [
        ({"layers": [{"linear": {"out": 6}}, {"relu": {}}, {"linear": {"out": 6}}]}, (6,)),
        (
            {
                "layers": [
                    {"conv2d": {"out": 4, "kernel": 3, "stride": 2, "padding": 1}},
                    {"batch_norm": {}},
                    {"relu": {}},
                ],
                "projection": True,
            },
            (2, 6, 6),
        ),
        (
            {
                "layers": [{"conv1d": {"out": 3, "kernel": 3, "stride": 2, "padding": 1}}],
                "projection": True,
            },
            (2, 9),
        ),
        ({"layers": [{"lstm": {"hidden": 5, "output": "all"}}], "projection": True}, (3, 4)),
        (
            {
                "layers": [{"repeat": {"times": 2, "layers": [{"linear": {"out": 3}}]}}],
                "projection": True,
            },
            (5,),
        ),
    ],
    "repeat": [
        ({"times": 3, "layers": [{"linear": {"out": 4}}, {"tanh": {}}]}, (6,)),
        ({"times": 2, "layers": [{"conv2d": {"out": 2, "kernel": 3}}]}, (1, 7, 7)),
    ],
    "unroll": [({"network": "dbn"}, (6,)), ({"network": "rbm"}, (6,)), ({"network": "sdae"}, (6,))],
}

# Layers that read integer ids: the parameter bounding them.
ID_INPUTS = {"embedding": "vocab"}


def sample(name: str, params: dict, shape: tuple[int, ...]) -> torch.Tensor:
    """A batch of 2 inputs of ``shape`` for layer ``name``."""
    if name in ID_INPUTS:
        return torch.randint(0, params[ID_INPUTS[name]], (2, *shape))
    return torch.randn(2, *shape)


def cases(name: str, make_layer) -> list[tuple[dict, tuple[int, ...]]]:
    assert name in EXAMPLES, f"declared layer {name!r} has no example in EXAMPLES"
    return [(make_layer(name, **given)[name], shape) for given, shape in EXAMPLES[name]]


def test_examples_name_declared_layers() -> None:
    assert set(EXAMPLES) <= set(LAYER_NAMES)


def test_every_declared_layer_has_a_builder() -> None:
    assert set(BUILDERS) == set(LAYER_NAMES)


@pytest.mark.parametrize("name", LAYER_NAMES)
def test_module_matches_static_rules(name: str, make_layer, static_env, build_env) -> None:
    kind = REGISTRY.get("layer", name)
    for params, shape in cases(name, make_layer):
        torch.manual_seed(0)
        module = BUILDERS[name](params, shape, build_env)
        out = module(sample(name, params, shape))
        where = f"{name} {params} on {shape}"
        assert tuple(out.shape) == (2, *kind.shape(params, shape, static_env)), where
        count = sum(p.numel() for p in module.parameters())
        assert count == kind.count(params, shape, static_env), where


@pytest.mark.parametrize("name", LAYER_NAMES)
def test_state_dict_round_trip(name: str, make_layer, build_env) -> None:
    for params, shape in cases(name, make_layer):
        torch.manual_seed(0)
        saved, x = BUILDERS[name](params, shape, build_env), sample(name, params, shape)
        saved(x)  # one training-mode pass moves batch-norm running statistics off their start
        with torch.no_grad():  # and a nudge moves deterministic inits (norm scales) off theirs
            for tensor in saved.parameters():
                tensor.add_(0.1 * torch.randn_like(tensor))
        buffer = io.BytesIO()
        torch.save(saved.state_dict(), buffer)
        buffer.seek(0)
        torch.manual_seed(1)
        fresh = BUILDERS[name](params, shape, build_env)
        saved.eval(), fresh.eval()
        with torch.no_grad():
            before = fresh(x)
            fresh.load_state_dict(torch.load(buffer, weights_only=True))
            assert torch.equal(saved(x), fresh(x)), f"{name} {params} on {shape}"
            if any(True for _ in saved.parameters()):
                assert not torch.equal(before, fresh(x)), "the reload changed nothing"


# Inputs the static rules refuse; torch must refuse them too (not silently compute).
REFUSED = [
    ("conv2d", {"out": 2, "kernel": 5}, (1, 3, 3)),
    ("maxpool2d", {"kernel": 4}, (1, 3, 3)),
    ("reshape", {"shape": [3, 5]}, (4, 4)),
    ("unflatten", {"shape": [2, 4]}, (6,)),
    ("conv_transpose2d", {"out": 1, "kernel": 3, "stride": 2, "output_padding": 2}, (1, 4, 4)),
    ("maxpool1d", {"kernel": 2, "padding": 2}, (1, 8)),
]


@pytest.mark.parametrize(("name", "given", "shape"), REFUSED, ids=[r[0] for r in REFUSED])
def test_torch_refuses_what_the_rules_refuse(name, given, shape, make_layer, static_env, build_env):
    from nnspec.registry import ShapeMismatch

    params = make_layer(name, **given)[name]
    with pytest.raises(ShapeMismatch):
        REGISTRY.get("layer", name).shape(params, shape, static_env)
    with pytest.raises((RuntimeError, ValueError)):
        BUILDERS[name](params, shape, build_env)(torch.randn(2, *shape))

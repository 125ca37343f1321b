"""Network-wide initialisation: weights follow the scheme, biases zero, norms untouched."""

from __future__ import annotations

import math

import pytest
import torch
from torch import nn

from nnspec.nn.init import DRAWS, apply_init
from nnspec.registry import REGISTRY


def defaults(name: str, **given) -> dict:
    kind = REGISTRY.get("init", name)
    return {p.name: given.get(p.name, p.default) for p in kind.params}


def net() -> nn.Sequential:
    return nn.Sequential(nn.Linear(200, 300), nn.BatchNorm1d(300), nn.Linear(300, 100))


def test_every_declared_scheme_has_a_draw() -> None:
    assert set(DRAWS) == set(REGISTRY.names("init"))


@pytest.mark.parametrize("name", REGISTRY.names("init"))
def test_biases_zeroed_and_norm_left_alone(name: str) -> None:
    torch.manual_seed(0)
    model = net()
    apply_init(model, name, defaults(name))
    assert all(torch.all(m.bias == 0) for m in (model[0], model[2]))
    assert torch.all(model[1].weight == 1) and torch.all(model[1].bias == 0)


def test_normal_is_the_lectures_standard_normal() -> None:
    torch.manual_seed(0)
    model = net()
    apply_init(model, "normal", defaults("normal"))
    weight = model[0].weight  # 60 000 draws: the sample std is within 1% of 1
    assert abs(weight.mean().item()) < 0.01 and abs(weight.std().item() - 1) < 0.01


def test_normal_can_draw_biases_too() -> None:
    torch.manual_seed(0)
    model = net()
    apply_init(model, "gaussian", defaults("normal", bias=True, std=2.0))
    assert 1.5 < model[0].bias.std().item() < 2.5


def test_uniform_bounds_and_order() -> None:
    model = net()
    apply_init(model, "uniform", defaults("uniform", low=-0.2, high=0.3))
    assert model[0].weight.min() >= -0.2 and model[0].weight.max() <= 0.3
    # validate refuses low >= high (the init's declared constraint); the torch side asserts it
    with pytest.raises(AssertionError, match="high must be above low"):
        apply_init(model, "uniform", defaults("uniform", low=1.0, high=0.0))


@pytest.mark.parametrize(
    ("name", "given", "std"),
    [
        ("xavier", {}, math.sqrt(2 / (200 + 300))),
        ("xavier", {"distribution": "normal", "gain": 2.0}, 2 * math.sqrt(2 / (200 + 300))),
        ("kaiming", {}, math.sqrt(2 / 200)),
        ("kaiming", {"mode": "fan_out", "nonlinearity": "linear"}, math.sqrt(1 / 300)),
    ],
)
def test_variance_scaling(name: str, given: dict, std: float) -> None:
    torch.manual_seed(0)
    model = net()
    apply_init(model, name, defaults(name, **given))
    assert abs(model[0].weight.std().item() / std - 1) < 0.02


def test_orthogonal_rows() -> None:
    model = nn.Sequential(nn.Linear(50, 30), nn.LSTM(4, 6))
    apply_init(model, "orthogonal", defaults("orthogonal", gain=1.0))
    w = model[0].weight  # (30, 50): orthonormal rows
    assert torch.allclose(w @ w.T, torch.eye(30), atol=1e-5)
    assert torch.all(model[1].bias_ih_l0 == 0)


def test_unknown_scheme() -> None:
    with pytest.raises(AssertionError, match="declared and drawn"):
        apply_init(net(), "lecun", {})

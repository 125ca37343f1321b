"""RTRL's gradient is BPTT's: the oracle of issue 16, on random small recurrent networks."""

from __future__ import annotations

import pytest
import torch
from torch import nn

from nnspec.nn.recurrent import Recurrent
from nnspec.train.rtrl import rtrl_gradient, rtrl_term

CELLS = [(nn.RNN, {}), (nn.RNN, {"nonlinearity": "relu"}), (nn.GRU, {}), (nn.LSTM, {})]
CELLS += [(nn.LSTM, {"num_layers": 2}), (nn.GRU, {"num_layers": 2})]


def _model(cell: type, options: dict, output: str) -> nn.Sequential:
    torch.manual_seed(0)
    rnn = cell(3, 5, batch_first=True, **options)
    return nn.Sequential(Recurrent(rnn, output), nn.Tanh(), nn.Linear(5, 2)).double()


@pytest.mark.parametrize(("cell", "options"), CELLS)
@pytest.mark.parametrize("output", ["last", "all", "mean"])
def test_rtrl_gradient_equals_bptt(cell: type, options: dict, output: str) -> None:
    model = _model(cell, options, output)
    x = torch.randn(4, 7, 3, dtype=torch.float64)
    y = torch.randn(4, 7, 2, dtype=torch.float64) if output == "all" else torch.randn(4, 2)

    def term(x, y):
        value = (model(x) - y).pow(2).mean()
        return value, {"loss": value.detach()}

    bptt = torch.autograd.grad(term(x, y)[0], list(model.parameters()))
    rtrl_term(term, model[0])(x, y)
    for expected, param in zip(bptt, model.parameters(), strict=True):
        assert torch.allclose(param.grad, expected, atol=1e-6, rtol=0)


def test_rtrl_gradient_alone_matches_autograd() -> None:
    layer = _model(nn.RNN, {}, "all")[0]
    x = torch.randn(2, 5, 3, dtype=torch.float64)
    grad_states = torch.randn(2, 5, 5, dtype=torch.float64)
    bptt = torch.autograd.grad((layer(x) * grad_states).sum(), layer.weights())
    for expected, got in zip(bptt, rtrl_gradient(layer, x, grad_states), strict=True):
        assert (got - expected).abs().max() < 1e-6


def test_rtrl_leaves_the_layer_computing_its_own_states() -> None:
    model = _model(nn.GRU, {}, "last")
    x = torch.randn(2, 4, 3, dtype=torch.float64)
    before = model(x).detach()
    rtrl_term(lambda x, y: (model(x).sum(), {}), model[0])(x, None)
    assert model[0].given is None
    assert torch.equal(model(x).detach(), before)

"""What the recurrent layers' ``output`` choices return."""

from __future__ import annotations

import pytest
import torch

from nnspec.nn.build import BUILDERS


@pytest.mark.parametrize("name", ["rnn", "lstm", "gru"])
def test_last_is_the_final_forward_and_backward_states(name, make_layer, build_env) -> None:
    torch.manual_seed(0)
    params = make_layer(name, hidden=3, layers=2, bidirectional=True)[name]
    last = BUILDERS[name](params, (5, 2), build_env)
    every = BUILDERS[name]({**params, "output": "all"}, (5, 2), build_env)
    every.load_state_dict(last.state_dict())
    x = torch.randn(2, 5, 2)
    states = every(x)  # (B, T, 2H): forward half ends at T-1, backward half at 0
    assert torch.allclose(last(x), torch.cat([states[:, -1, :3], states[:, 0, 3:]], dim=1))


def test_mean_averages_over_time(make_layer, build_env) -> None:
    params = make_layer("gru", hidden=4, output="mean")["gru"]
    module = BUILDERS["gru"](params, (6, 3), build_env)
    x = torch.randn(2, 6, 3)
    states, _ = module.rnn(x)
    assert torch.allclose(module(x), states.mean(dim=1))


def test_dropout_ignored_for_a_single_layer(make_layer, build_env) -> None:
    params = make_layer("lstm", hidden=4, dropout=0.5)["lstm"]
    assert BUILDERS["lstm"](params, (6, 3), build_env).rnn.dropout == 0.0

"""Residual blocks add their shortcut; repeat makes independent copies."""

from __future__ import annotations

import torch

from nnspec.nn.build import BUILDERS


def test_residual_adds_the_input(make_layer, build_env) -> None:
    params = make_layer("residual", layers=[{"linear": {"out": 5}}, {"tanh": {}}])["residual"]
    block = BUILDERS["residual"](params, (5,), build_env)
    x = torch.randn(2, 5)
    assert torch.allclose(block(x), block.branch(x) + x)


def test_projection_is_a_strided_1x1_convolution(make_layer, build_env) -> None:
    branch = [{"conv2d": {"out": 6, "kernel": 3, "stride": 2, "padding": 1}}]
    params = make_layer("residual", layers=branch, projection=True)["residual"]
    block = BUILDERS["residual"](params, (3, 8, 8), build_env)
    assert block.shortcut.kernel_size == (1, 1) and block.shortcut.stride == (2, 2)
    assert block.shortcut.bias is None
    x = torch.randn(2, 3, 8, 8)
    assert torch.allclose(block(x), block.branch(x) + block.shortcut(x))


def test_repeat_copies_have_their_own_parameters(make_layer, build_env) -> None:
    params = make_layer("repeat", times=3, layers=[{"linear": {"out": 4}}])["repeat"]
    stack = BUILDERS["repeat"](params, (4,), build_env)
    weights = [copy[0].weight for copy in stack]
    assert len({w.data_ptr() for w in weights}) == 3
    assert not torch.equal(weights[0], weights[1])

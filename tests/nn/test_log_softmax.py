"""log_softmax outputs log-probabilities over the last dimension, as nll reads them."""

from __future__ import annotations

import torch

from nnspec.nn.build import BUILDERS


def test_log_softmax_outputs_log_probabilities(build_env) -> None:
    x = 30 * torch.randn(4, 3, 5)  # large scores: log(softmax) would underflow to -inf
    out = BUILDERS["log_softmax"]({}, (3, 5), build_env)(x)
    assert torch.allclose(out.exp().sum(-1), torch.ones(4, 3))
    assert torch.equal(out, torch.log_softmax(x, dim=-1))
    assert torch.isfinite(out).all()

"""The ELBO's whole-batch path (steps that are not logged) equals its per-example path."""

from __future__ import annotations

import pytest
import torch

from nnspec.api import load
from nnspec.train.prepare import prepare


@pytest.mark.parametrize("likelihood", ["bernoulli", "gaussian"])
def test_both_paths_give_the_same_loss_and_gradients(likelihood: str) -> None:
    overrides = (f"losses.elbo.likelihood={likelihood}", "losses.elbo.beta=0.5")
    session, _ = prepare(load("specs/vae-digits.yaml", overrides), torch.device("cpu"), False)
    loss, rt = session.losses["elbo"], session.rt
    x, y = (t[:32] for t in rt.splits["train"])
    state = rt.generator.get_state()
    results = []
    for detail in (True, False):
        rt.generator.set_state(state)
        rt.detail = detail
        value, logs = loss(x, y)
        grads = torch.autograd.grad(value, list(rt.networks["enc"].parameters()))
        results.append((value.detach(), grads, set(logs)))
    rt.detail = True
    (a, grads_a, keys_a), (b, grads_b, keys_b) = results
    torch.testing.assert_close(a, b)
    for ga, gb in zip(grads_a, grads_b, strict=True):
        torch.testing.assert_close(ga, gb)
    assert keys_a == {"loss", "reconstruction", "kl", "elbo"} and keys_b == {"loss"}

"""The negative ELBO against torch.distributions, the analytic KL, β and conditioning."""

import math

import pytest
import torch
import torch.nn.functional as F
from torch import distributions as dist
from torch import nn

from nnspec.losses.variational import ELBO, gaussian_kl

B, D, L = 5, 6, 2


def params(**over) -> dict:
    base = {
        "encoder": "enc",
        "decoder": "dec",
        "latent": L,
        "likelihood": "bernoulli",
        "beta": 1.0,
        "conditional": False,
    }
    return base | over


def nets(extra: int = 0) -> dict:
    torch.manual_seed(0)
    return {"enc": nn.Linear(D + extra, 2 * L).double(), "dec": nn.Linear(L + extra, D).double()}


def data() -> torch.Tensor:
    return torch.rand(B, D, generator=torch.Generator().manual_seed(1), dtype=torch.float64)


@pytest.mark.parametrize("likelihood", ["bernoulli", "gaussian"])
@pytest.mark.parametrize("beta", [1.0, 0.25])
def test_loss_is_the_negative_elbo_in_nats_per_example(likelihood, beta, make_rt, replay):
    networks, x = nets(), data().round()  # binary, in the Bernoulli's support
    rt = make_rt(networks, x)
    eps = torch.randn(B, L, generator=replay(rt), dtype=torch.float64)
    value, logs = ELBO("vae", params(likelihood=likelihood, beta=beta), rt)(x, None)
    mean, log_var = networks["enc"](x).chunk(2, 1)
    std = (0.5 * log_var).exp()
    out = networks["dec"](mean + std * eps)
    p_x = dist.Bernoulli(logits=out) if likelihood == "bernoulli" else dist.Normal(out, 1.0)
    log_lik = p_x.log_prob(x).sum(1)  # (B,)
    kl = dist.kl_divergence(dist.Normal(mean, std), dist.Normal(0.0, 1.0)).sum(1)
    assert torch.allclose(value, (-log_lik + beta * kl).mean())
    assert torch.allclose(logs["reconstruction"], -log_lik.mean())
    assert torch.allclose(logs["kl"], kl.mean())
    assert torch.allclose(logs["elbo"], (log_lik - kl).mean())  # the bound itself, whatever β


def test_analytic_kl_matches_a_monte_carlo_estimate():
    g = torch.Generator().manual_seed(2)
    mean = torch.randn(3, 4, generator=g, dtype=torch.float64)
    log_var = torch.randn(3, 4, generator=g, dtype=torch.float64)
    q = dist.Normal(mean, (0.5 * log_var).exp())
    z = q.sample((200_000,))  # (S, 3, 4)
    estimate = (q.log_prob(z) - dist.Normal(0.0, 1.0).log_prob(z)).sum(-1).mean(0)
    assert torch.allclose(gaussian_kl(mean, log_var), estimate, rtol=0.03, atol=0.03)


def test_gaussian_likelihood_keeps_its_constant(make_rt):
    networks = nets()
    with torch.no_grad():
        for p in networks["dec"].parameters():
            p.zero_()
    x = torch.zeros(B, D, dtype=torch.float64)
    _, logs = ELBO("vae", params(likelihood="gaussian"), make_rt(networks, x))(x, None)
    assert torch.allclose(
        logs["reconstruction"], torch.tensor(D * 0.5 * math.log(2 * math.pi), dtype=torch.float64)
    )


class Recorder(nn.Module):
    def __init__(self, inner: nn.Module):
        super().__init__()
        self.inner, self.seen = inner, None

    def forward(self, x):
        self.seen = x.detach()
        return self.inner(x)


def test_conditional_appends_labels_to_both_inputs(make_rt, replay):
    networks = {k: Recorder(v) for k, v in nets(extra=3).items()}
    x = data().reshape(B, 1, D)  # an image-shaped input is flattened before the labels
    y = torch.tensor([0, 1, 2, 1, 0])
    rt = make_rt(networks, x, y, classes=3)
    eps = torch.randn(B, L, generator=replay(rt), dtype=torch.float64)
    ELBO("cvae", params(conditional=True), rt)(x, y)
    one_hot = F.one_hot(y, 3).double()
    assert torch.equal(networks["enc"].seen, torch.cat([x.flatten(1), one_hot], 1))
    mean, log_var = networks["enc"].inner(networks["enc"].seen).chunk(2, 1)
    z = mean + (0.5 * log_var).exp() * eps
    assert torch.allclose(networks["dec"].seen, torch.cat([z, one_hot], 1))


def test_gradients_reach_encoder_and_decoder(make_rt, grads):
    _, all_grads = grads
    networks, x = nets(), data()
    value, logs = ELBO("vae", params(), make_rt(networks, x))(x, None)
    value.backward()
    assert all_grads(networks["enc"]) and all_grads(networks["dec"])
    assert all(not v.requires_grad for v in logs.values())

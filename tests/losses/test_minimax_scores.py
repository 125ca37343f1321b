"""minimax with ``scores: probabilities`` (D ends in a sigmoid, BCE on its probabilities) gives
the logits form's values and gradients to float tolerance, and BCELoss's own bits."""

from __future__ import annotations

import pytest
import torch
import torch.nn.functional as F
from torch import nn

from nnspec.losses.adversarial import Minimax

NOISE = {"normal": {"size": 2}}
B, Z, D_IN = 8, 2, 3


def params(scores: str, **over) -> dict:
    base = {"generator": "G", "discriminator": "D", "noise": NOISE, "conditional": False}
    return (
        base | {"generator_loss": "non_saturating", "label_smoothing": 0.0, "scores": scores} | over
    )


def nets(scores: str) -> dict[str, nn.Module]:
    """The same G and D weights; D ends in a sigmoid when it outputs probabilities."""
    torch.manual_seed(0)
    g, d = nn.Linear(Z, D_IN), nn.Linear(D_IN, 1)
    return {"G": g, "D": nn.Sequential(d, nn.Sigmoid()) if scores == "probabilities" else d}


def value_and_grads(make_rt, scores: str, term: str, **over) -> tuple[torch.Tensor, list]:
    networks = nets(scores)
    x = torch.randn(B, D_IN, generator=torch.Generator().manual_seed(1))
    value, logs = Minimax("gan", params(scores, **over), make_rt(networks, x)).term(term)(x, None)
    value.backward()
    grads = [p.grad for name in ("G", "D") for p in networks[name].parameters()]
    return torch.stack([value, logs["loss"], *logs.get("d_fake", value).reshape(1)]), grads


@pytest.mark.parametrize(
    ("term", "over"),
    [
        ("discriminator", {}),
        ("discriminator", {"label_smoothing": 0.1}),
        ("generator", {}),
        ("generator", {"generator_loss": "saturating"}),
    ],
    ids=["d", "d-smoothed", "g-non-saturating", "g-saturating"],
)
def test_probabilities_and_logits_give_the_same_values_and_gradients(make_rt, term, over):
    by_logits, logit_grads = value_and_grads(make_rt, "logits", term, **over)
    by_probabilities, probability_grads = value_and_grads(make_rt, "probabilities", term, **over)
    assert torch.allclose(by_probabilities, by_logits, rtol=1e-5, atol=1e-6)
    for a, b in zip(probability_grads, logit_grads, strict=True):
        assert (a is None) == (b is None)
        assert a is None or torch.allclose(a, b, rtol=1e-4, atol=1e-6)


def test_the_probability_form_is_bce_loss_on_the_discriminators_output(make_rt, replay):
    networks = nets("probabilities")
    x = torch.randn(B, D_IN, generator=torch.Generator().manual_seed(1))
    rt = make_rt(networks, x)
    z = torch.randn(B, Z, generator=replay(rt))
    value, logs = Minimax("gan", params("probabilities"), rt).term("discriminator")(x, None)
    G, D = networks["G"], networks["D"]
    real, fake = D(x).view(-1), D(G(z)).view(-1)
    bce = nn.BCELoss()
    assert torch.equal(value, bce(real, torch.ones(B)) + bce(fake, torch.zeros(B)))
    assert torch.equal(logs["d_real"], real.mean()) and torch.equal(logs["d_fake"], fake.mean())
    assert not torch.equal(value, F.binary_cross_entropy_with_logits(real, torch.ones(B)))

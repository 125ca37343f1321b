"""A stacked CAE's level terms: each level's contractive penalty, and their weighted sum."""

from __future__ import annotations

import torch

from nnspec.losses.autoencoder import Reconstruction
from nnspec.losses.regularisers import Contractive
from nnspec.losses.supervised import WeightedSum
from nnspec.nn.autoencoder_stack import AutoencoderStack
from tests.losses.autoencoder_cases import D, data


def level_setup(make_rt, distance: str = "bce"):
    torch.manual_seed(0)
    stack = AutoencoderStack(D, [4, 2]).double()
    x = data()
    rt = make_rt({"cae": stack}, x)
    rec = Reconstruction(
        "rec", {"encoder": "cae", "decoder": "cae", "distance": distance, "corruption": None}, rt
    )
    jac = Contractive("jac", {"encoder": "cae"}, rt)
    return stack, x, rec, jac


def test_the_penalty_of_a_level_is_its_encoders_jacobian_norm_by_hand(make_rt):
    stack = AutoencoderStack(2, [1, 1]).double()
    with torch.no_grad():  # level 0 codes 0.5 for every input; level 1 sees that 0.5
        stack.encoders[0].weight.zero_(), stack.encoders[0].bias.zero_()
        stack.encoders[1].weight.fill_(2.0), stack.encoders[1].bias.fill_(-1.0)
    x = torch.tensor([[0.3, 0.9]], dtype=torch.float64)
    jac = Contractive("jac", {"encoder": "cae"}, make_rt({"cae": stack}, x))
    value, _ = jac.level_term(1, "mean")(x, None)
    # h = σ(2·0.5 − 1) = 0.5, ∂h/∂u = h(1 − h)·2 = 0.5, so ‖J‖²_F = 0.25
    assert value.item() == 0.25


def test_the_penalty_of_each_level_matches_autograd(make_rt, grads):
    no_grads, all_grads = grads
    stack, x, _, jac = level_setup(make_rt)
    assert jac.levels() == 2
    for level in (0, 1):
        inputs = stack.up(x, level)
        jacobians = [
            torch.autograd.functional.jacobian(lambda u, lv=level: stack.encode(u, lv), row)
            for row in inputs
        ]
        by_hand = torch.stack([j.pow(2).sum() for j in jacobians]).mean()
        value, logs = jac.level_term(level, "mean")(x, None)
        assert torch.allclose(value, by_hand) and torch.allclose(logs["loss"], by_hand)
    stack.zero_grad(set_to_none=True)
    jac.level_term(1, "mean")(x, None)[0].backward()
    assert all_grads(stack.encoders[1])
    assert no_grads(stack.encoders[0]) and no_grads(stack.decoders[1])
    assert jac.level_params(1) == list(stack.encoders[1].parameters())


def test_a_sum_trains_each_level_on_its_weighted_level_terms(make_rt):
    stack, x, rec, jac = level_setup(make_rt)
    level = WeightedSum(
        "level", {"terms": [{"loss": "rec", "weight": 1.0}, {"loss": "jac", "weight": 0.1}]}, rec.rt
    )
    level.bind({"rec": rec, "jac": jac})
    assert level.levels() == 2
    value, logs = level.level_term(1, "mean")(x, None)
    parts = rec.level_term(1, "mean")(x, None)[0], jac.level_term(1, "mean")(x, None)[0]
    assert torch.allclose(value, parts[0] + 0.1 * parts[1])
    assert set(logs) == {"rec", "jac", "loss"} and torch.allclose(logs["jac"], parts[1])
    params = level.level_params(1)  # the encoder's, which both train, once
    want = [*stack.encoders[1].parameters(), *stack.decoders[1].parameters()]
    assert len(params) == len(want) and all(p is q for p, q in zip(params, want, strict=True))


def test_the_reconstruction_sets_the_chains_decoder_units(make_rt):
    assert level_setup(make_rt, "bce")[0].decoder_units == "sigmoid"
    assert level_setup(make_rt, "mse")[0].decoder_units == "identity"

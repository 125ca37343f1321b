"""Reconstruction: plain, denoising, and layer-wise on an autoencoder stack."""

import pytest
import torch
import torch.nn.functional as F
from torch import nn

from nnspec.losses.autoencoder import Reconstruction
from nnspec.losses.noise import corrupt
from nnspec.nn.autoencoder_stack import AutoencoderStack
from tests.losses.autoencoder_cases import B, D, data, nets


def rec_params(**over) -> dict:
    return {"encoder": "enc", "decoder": "dec", "distance": "mse", "corruption": None} | over


def test_mse_and_bce_distances(make_rt):
    networks, x = nets(), data()
    out = networks["dec"](networks["enc"](x))
    mse, _ = Reconstruction("r", rec_params(), make_rt(networks, x))(x, None)
    assert torch.allclose(mse, ((out - x) ** 2).mean())
    bce, logs = Reconstruction("r", rec_params(distance="bce"), make_rt(networks, x))(x, None)
    p = torch.sigmoid(out)
    by_hand = -(x * p.log() + (1 - x) * (1 - p).log()).sum(1).mean()  # nats per example
    assert torch.allclose(bce, by_hand) and torch.equal(logs["loss"], bce.detach())


def test_denoising_reconstructs_the_clean_input_from_fresh_noise(make_rt, replay):
    networks, x = nets(), data()
    rt = make_rt(networks, x)
    noise = {"masking": {"p": 0.5}}
    loss = Reconstruction("r", rec_params(corruption=noise), rt)
    first = corrupt(noise, x, replay(rt))
    value, _ = loss(x, None)
    assert torch.allclose(value, ((networks["dec"](networks["enc"](first)) - x) ** 2).mean())
    second = corrupt(noise, x, replay(rt))
    assert not torch.equal(first, second)  # the next step draws new noise
    assert torch.allclose(
        loss(x, None)[0], ((networks["dec"](networks["enc"](second)) - x) ** 2).mean()
    )


# ---- layer-wise pretraining of an autoencoder stack -------------------------------


def stack_setup(make_rt, **over):
    torch.manual_seed(0)
    stack = AutoencoderStack(D, [4, 2]).double()
    x = data()
    rt = make_rt({"sdae": stack}, x)
    params = rec_params(encoder="sdae", decoder="sdae", distance="bce") | over
    return stack, x, rt, Reconstruction("r", params, rt)


def test_stack_levels_and_their_parameters(make_rt):
    stack, _, _, loss = stack_setup(make_rt)
    assert loss.levels() == 2
    level = loss.level_params(1)
    expected = [*stack.encoders[1].parameters(), *stack.decoders[1].parameters()]
    assert len(level) == len(expected) and all(a is b for a, b in zip(level, expected, strict=True))


def test_upper_level_trains_on_corrupted_codes_of_the_levels_below(make_rt, replay, grads):
    no_grads, all_grads = grads
    noise = {"salt_pepper": {"p": 0.5, "low": 0.0, "high": 1.0}}
    stack, x, rt, loss = stack_setup(make_rt, corruption=noise)
    codes = torch.sigmoid(stack.encoders[0](x)).detach()
    noisy = corrupt(noise, codes, replay(rt))
    value, _ = loss.level_term(1, "mean")(x, None)
    out = stack.decoders[1](torch.sigmoid(stack.encoders[1](noisy)))
    assert torch.allclose(
        value, F.binary_cross_entropy_with_logits(out, codes, reduction="sum") / B
    )
    value.backward()
    assert all_grads(stack.encoders[1]) and all_grads(stack.decoders[1])
    assert no_grads(stack.encoders[0]) and no_grads(stack.decoders[0])


def test_sample_mode_feeds_binary_codes_up(make_rt):
    _, x, _, loss = stack_setup(make_rt)
    codes = loss.stack.level_input(x, 2, "sample", loss.rt.generator)
    assert codes.shape == (B, 2) and set(codes.unique().tolist()) <= {0.0, 1.0}
    tanh_stack = {"sdae": AutoencoderStack(D, [4, 2], "tanh")}
    tanh_loss = Reconstruction(
        "r", rec_params(encoder="sdae", decoder="sdae"), make_rt(tanh_stack, x)
    )
    with pytest.raises(AssertionError, match="sigmoid"):  # validate refuses it (NetworkInfo.bits)
        tanh_loss.level_term(1, "sample")


def test_whole_stack_reconstructs_through_every_level(make_rt):
    stack, x, _, loss = stack_setup(make_rt)
    h = stack(x)
    top = torch.sigmoid(stack.decoders[1](h))
    out = stack.decoders[0](top)
    value, _ = loss(x, None)
    assert torch.allclose(value, F.binary_cross_entropy_with_logits(out, x, reduction="sum") / B)


def test_stack_must_decode_itself_and_plain_losses_have_no_levels(make_rt):
    stack = {"sdae": AutoencoderStack(D, [4]), "dec": nn.Linear(4, D)}
    # validate refuses both (loss_rules, phase_rules); the torch side only asserts them
    with pytest.raises(AssertionError, match="as its decoder"):
        Reconstruction("r", rec_params(encoder="sdae"), make_rt(stack, data()))
    with pytest.raises(AssertionError, match="layerwise phase"):
        Reconstruction("r", rec_params(), make_rt(nets(), data())).levels()

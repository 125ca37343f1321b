"""Minimax, Wasserstein and InfoGAN terms against hand computations, and where gradients go."""

import math

import pytest
import torch
import torch.nn.functional as F
from torch import nn

from nnspec.losses.adversarial import InfoGAN, Minimax, Wasserstein

NOISE = {"normal": {"size": 2}}
B, Z, D_IN = 4, 2, 3


def gan_params(**over) -> dict:
    base = {
        "generator": "G",
        "discriminator": "D",
        "noise": NOISE,
        "conditional": False,
        "generator_loss": "non_saturating",
        "label_smoothing": 0.0,
    }
    return base | over


def nets(z_in: int = Z, d_in: int = D_IN, seed: int = 0) -> dict:
    torch.manual_seed(seed)
    return {"G": nn.Linear(z_in, D_IN).double(), "D": nn.Linear(d_in, 1).double()}


def data(seed: int = 1, shape: tuple = (B, D_IN)) -> torch.Tensor:
    return torch.randn(shape, generator=torch.Generator().manual_seed(seed), dtype=torch.float64)


@pytest.mark.parametrize("smooth", [0.0, 0.1])
def test_discriminator_term_is_the_negated_value_function(smooth, make_rt, replay):
    networks, x = nets(), data()
    rt = make_rt(networks, x)
    z = torch.randn(B, Z, generator=replay(rt), dtype=torch.float64)
    value, logs = Minimax("gan", gan_params(label_smoothing=smooth), rt).term("discriminator")(
        x, None
    )
    G, D = networks["G"], networks["D"]
    d_real, d_fake = torch.sigmoid(D(x)).squeeze(1), torch.sigmoid(D(G(z))).squeeze(1)
    by_hand = (-(1 - smooth) * d_real.log() - smooth * (1 - d_real).log()).mean() - (
        1 - d_fake
    ).log().mean()
    assert torch.allclose(value, by_hand)
    assert torch.allclose(logs["d_real"], d_real.mean()) and torch.allclose(
        logs["d_fake"], d_fake.mean()
    )
    assert torch.equal(logs["loss"], value.detach()) and not logs["loss"].requires_grad


@pytest.mark.parametrize("kind", ["saturating", "non_saturating"])
def test_generator_term_matches_the_paper(kind, make_rt, replay):
    networks, x = nets(), data()
    rt = make_rt(networks, x)
    z = torch.randn(B, Z, generator=replay(rt), dtype=torch.float64)
    value, logs = Minimax("gan", gan_params(generator_loss=kind), rt).term("generator")(x, None)
    d_fake = torch.sigmoid(networks["D"](networks["G"](z))).squeeze(1)
    by_hand = (1 - d_fake).log().mean() if kind == "saturating" else -d_fake.log().mean()
    assert torch.allclose(value, by_hand)
    assert torch.allclose(logs["d_fake"], d_fake.mean())


def test_discriminator_step_sends_no_gradient_to_the_generator(make_rt, grads):
    no_grads, all_grads = grads
    networks, x = nets(), data()
    loss = Minimax("gan", gan_params(), make_rt(networks, x))
    assert not loss.fakes(x, None).requires_grad  # generated under no_grad: no graph kept
    value, _ = loss.term("discriminator")(x, None)
    value.backward()
    assert no_grads(networks["G"]) and all_grads(networks["D"])


def test_generator_step_is_right_when_the_discriminator_is_frozen(make_rt, grads):
    no_grads, all_grads = grads
    x = data()
    free, frozen = nets(), nets()
    for p in frozen["D"].parameters():
        p.requires_grad_(False)
    v_free, _ = Minimax("gan", gan_params(), make_rt(free, x)).term("generator")(x, None)
    v_frozen, _ = Minimax("gan", gan_params(), make_rt(frozen, x)).term("generator")(x, None)
    v_free.backward(), v_frozen.backward()
    assert torch.equal(v_free, v_frozen)
    assert all_grads(frozen["G"]) and no_grads(frozen["D"])
    for a, b in zip(free["G"].parameters(), frozen["G"].parameters(), strict=True):
        assert torch.allclose(a.grad, b.grad)


class Recorder(nn.Module):
    """Wraps a module and keeps the inputs it was called with."""

    def __init__(self, inner: nn.Module):
        super().__init__()
        self.inner, self.seen = inner, []

    def forward(self, x):
        self.seen.append(x.detach())
        return self.inner(x)


def test_conditional_terms_append_one_hot_labels(make_rt, replay):
    torch.manual_seed(0)
    G, D = Recorder(nn.Linear(Z + 3, D_IN).double()), Recorder(nn.Linear(D_IN + 3, 1).double())
    x, y = data(shape=(B, 1, D_IN)), torch.tensor([0, 2, 1, 2])
    rt = make_rt({"G": G, "D": D}, x, y, classes=3)
    z = torch.randn(B, Z, generator=replay(rt), dtype=torch.float64)
    loss = Minimax("gan", gan_params(conditional=True), rt)
    loss.term("discriminator")(x, y)
    one_hot = F.one_hot(y, 3).double()
    assert torch.equal(G.seen[0], torch.cat([z, one_hot], 1))
    real_in, fake_in = D.seen
    assert torch.equal(real_in, torch.cat([x.flatten(1), one_hot], 1))
    assert torch.allclose(fake_in, torch.cat([G.inner(G.seen[0]), one_hot], 1))
    with pytest.raises(AssertionError, match="labelled"):  # validate refuses it first
        loss.term("generator")(x, None)


@pytest.mark.parametrize("name", [None, "critic"])
def test_a_two_term_loss_needs_one_of_its_term_names(name, make_rt):
    with pytest.raises(KeyError, match="has terms"):
        Minimax("gan", gan_params(), make_rt(nets(), data())).term(name)


# ---- Wasserstein --------------------------------------------------------------------


def wgan_params(clip=None, gp=None) -> dict:
    return {
        "generator": "G",
        "critic": "D",
        "noise": NOISE,
        "conditional": False,
        "lipschitz": {"clip": clip, "gradient_penalty": gp},
    }


def critic_net() -> nn.Module:
    torch.manual_seed(3)
    return nn.Sequential(nn.Linear(D_IN, 5), nn.Tanh(), nn.Linear(5, 1)).double()


def test_critic_term_without_penalty(make_rt, replay):
    networks, x = nets(), data()
    rt = make_rt(networks, x)
    z = torch.randn(B, Z, generator=replay(rt), dtype=torch.float64)
    value, logs = Wasserstein("w", wgan_params(clip=0.01), rt).term("critic")(x, None)
    f = networks["D"]
    estimate = f(x).mean() - f(networks["G"](z)).mean()
    assert torch.allclose(value, -estimate) and torch.allclose(logs["wasserstein"], estimate)
    assert "gradient_penalty" not in logs


def test_gradient_penalty_of_a_linear_critic_is_exact(make_rt):
    networks, x = nets(), data()
    value, logs = Wasserstein("w", wgan_params(gp=10.0), make_rt(networks, x)).term("critic")(
        x, None
    )
    w = networks["D"].weight
    assert torch.allclose(logs["gradient_penalty"], 10 * (w.norm() - 1) ** 2)
    assert torch.allclose(value, -logs["wasserstein"] + logs["gradient_penalty"])


def test_gradient_penalty_matches_per_sample_gradients_and_trains_the_critic(make_rt, replay):
    networks, x = nets() | {"D": critic_net()}, data()
    rt = make_rt(networks, x)
    g = replay(rt)
    z = torch.randn(B, Z, generator=g, dtype=torch.float64)
    eps = torch.rand(B, 1, generator=g, dtype=torch.float64)
    value, logs = Wasserstein("w", wgan_params(gp=2.0), rt).term("critic")(x, None)
    f, fake = networks["D"], networks["G"](z).detach()
    penalty = 0.0
    for i in range(B):
        point = (eps[i] * x[i] + (1 - eps[i]) * fake[i]).requires_grad_(True)
        (grad,) = torch.autograd.grad(f(point).sum(), point, create_graph=True)
        penalty = penalty + (grad.norm() - 1) ** 2 / B
    by_hand = f(fake).mean() - f(x).mean() + 2.0 * penalty
    assert torch.allclose(value, by_hand) and torch.allclose(logs["gradient_penalty"], 2 * penalty)
    params = list(f.parameters())
    for a, b in zip(
        torch.autograd.grad(value, params), torch.autograd.grad(by_hand, params), strict=True
    ):
        assert torch.allclose(a, b)


def test_clipping_clamps_after_critic_steps_only(make_rt):
    networks = nets() | {"D": critic_net()}
    with torch.no_grad():
        for p in networks["D"].parameters():
            p.mul_(100)
    loss = Wasserstein("w", wgan_params(clip=0.05), make_rt(networks, data()))
    before = [p.clone() for p in networks["D"].parameters()]
    loss.after_step("generator")
    assert all(torch.equal(a, b) for a, b in zip(before, networks["D"].parameters(), strict=True))
    loss.after_step("critic")
    for a, b in zip(before, networks["D"].parameters(), strict=True):
        assert torch.equal(b, a.clamp(-0.05, 0.05)) and b.abs().max() == 0.05


@pytest.mark.parametrize(("clip", "gp"), [(None, None), (0.01, 10.0)])
def test_exactly_one_lipschitz_constraint(clip, gp, make_rt):
    with pytest.raises(ValueError, match="exactly one"):
        Wasserstein("w", wgan_params(clip, gp), make_rt(nets(), data()))


def test_wasserstein_generator_term(make_rt, replay):
    networks, x = nets(), data()
    rt = make_rt(networks, x)
    z = torch.randn(B, Z, generator=replay(rt), dtype=torch.float64)
    value, _ = Wasserstein("w", wgan_params(clip=0.01), rt).term("generator")(x, None)
    assert torch.allclose(value, -networks["D"](networks["G"](z)).mean())
    with pytest.raises(KeyError):
        Wasserstein("w", wgan_params(clip=0.01), rt).term("discriminator")


# ---- InfoGAN ------------------------------------------------------------------------

K = 3


def info_setup(make_rt):
    networks = nets(z_in=Z + K)
    networks["Q"] = nn.Linear(D_IN, K).double()
    params = {
        "generator": "G",
        "discriminator": "D",
        "q": "Q",
        "noise": NOISE,
        "conditional": False,
        "codes": K,
        "weight": 0.7,
    }
    x = data()
    return networks, params, x, make_rt(networks, x)


def test_infogan_generator_term_adds_the_mutual_information_term(make_rt, replay, grads):
    no_grads, all_grads = grads
    networks, params, x, rt = info_setup(make_rt)
    for p in networks["D"].parameters():
        p.requires_grad_(False)
    g = replay(rt)
    z = torch.randn(B, Z, generator=g, dtype=torch.float64)
    code = torch.randint(K, (B,), generator=g)
    value, logs = InfoGAN("info", params, rt).term("generator")(x, None)
    fake = networks["G"](torch.cat([z, F.one_hot(code, K).double()], 1))
    ce = F.cross_entropy(networks["Q"](fake), code)
    by_hand = F.softplus(-networks["D"](fake)).mean() + 0.7 * ce
    assert torch.allclose(value, by_hand)
    assert torch.allclose(logs["mi"], math.log(K) - ce)
    accuracy = (networks["Q"](fake).argmax(1) == code).double().mean()
    assert torch.allclose(logs["code_accuracy"].double(), accuracy)
    value.backward()
    assert all_grads(networks["G"]) and all_grads(networks["Q"]) and no_grads(networks["D"])


def test_infogan_discriminator_term_trains_only_the_discriminator(make_rt, grads):
    no_grads, all_grads = grads
    networks, params, x, rt = info_setup(make_rt)
    value, logs = InfoGAN("info", params, rt).term("discriminator")(x, None)
    value.backward()
    assert all_grads(networks["D"]) and no_grads(networks["G"]) and no_grads(networks["Q"])
    assert set(logs) == {"loss", "d_real", "d_fake"}


def test_a_reusing_generator_step_scores_the_discriminator_steps_fakes(make_rt, replay):
    networks, x = nets(), data()
    rt = make_rt(networks, x)
    gan = Minimax("gan", gan_params(generator_noise="reuse"), rt)
    z = torch.randn(B, Z, generator=replay(rt), dtype=torch.float64)
    gan.term("discriminator")(x, None)
    drawn = rt.generator.get_state()
    value, _ = gan.term("generator")(x, None)
    assert torch.equal(rt.generator.get_state(), drawn)  # no fresh noise
    G, D = networks["G"], networks["D"]
    assert torch.allclose(value, F.softplus(-D(G(z))).mean())
    resumed = Minimax("gan", gan_params(generator_noise="reuse"), rt)
    resumed.load_state_dict(gan.state_dict())
    assert torch.equal(resumed.term("generator")(x, None)[0], value)

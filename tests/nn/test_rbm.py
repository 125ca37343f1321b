"""RBM energy, conditionals, the CD surrogate's gradient, persistent chains and stacks."""

import copy

import pytest
import torch

from nnspec.metrics.rbm import exact_log_likelihood
from nnspec.nn.contrastive import PersistentChains
from nnspec.nn.rbm import RBM
from nnspec.nn.rbm_stack import RBMStack
from tests.nn.rbm_cases import UNITS, binary_states, data_for, random_rbm

torch.set_num_threads(1)


@pytest.mark.parametrize("units", UNITS)
def test_free_energy_sums_the_energy_over_hidden_states(units):
    rbm, v = random_rbm(units), data_for(units)
    h = binary_states(rbm.hidden).double()  # (8, H)
    energies = torch.stack([rbm.energy(v, hh.expand(len(v), -1)) for hh in h], dim=1)
    assert torch.allclose(rbm.free_energy(v), -torch.logsumexp(-energies, dim=1))


def test_energy_is_the_seed_formula():
    rbm, v = random_rbm("bernoulli"), data_for("bernoulli")
    h = data_for("bernoulli", visible=3, seed=5)
    expected = -(v @ rbm.a) - h @ rbm.b - torch.einsum("bi,ij,bj->b", v, rbm.W, h)
    assert torch.allclose(rbm.energy(v, h), expected)


def test_conditionals_match_the_joint_distribution():
    rbm = random_rbm("bernoulli")
    vs, hs = binary_states(rbm.visible).double(), binary_states(rbm.hidden).double()
    joint = torch.stack([-rbm.energy(vs, hh.expand(len(vs), -1)) for hh in hs], dim=1).exp()
    p_h_given_v = joint / joint.sum(1, keepdim=True)  # (2^V, 2^H)
    assert torch.allclose(p_h_given_v @ hs, rbm.hidden_probs(vs))
    p_v_given_h = joint / joint.sum(0, keepdim=True)
    assert torch.allclose(p_v_given_h.T @ vs, rbm.visible_mean(hs))


@pytest.mark.parametrize("units", UNITS)
@pytest.mark.parametrize(("k", "persistent"), [(1, False), (3, False), (1, True)])
def test_surrogate_gradient_is_the_cd_update(units, k, persistent):
    rbm, v0 = random_rbm(units), data_for(units)
    g = torch.Generator().manual_seed(3)
    chains = PersistentChains.start(rbm, 10) if persistent else None
    loss, vk, _ = rbm.cd_loss(v0, k, chains, g)
    loss.backward()
    ph0, phk = rbm.hidden_probs(v0).detach(), rbm.hidden_probs(vk).detach()
    # Seed 003: W += α(h(x) xᵀ - h(x̃) x̃ᵀ), b += α(h(x) - h(x̃)), c += α(x - x̃), batch-averaged.
    dw = v0.T @ ph0 / len(v0) - vk.T @ phk / len(vk)
    assert torch.allclose(rbm.W.grad, -dw)
    assert torch.allclose(rbm.b.grad, -(ph0.mean(0) - phk.mean(0)))
    assert torch.allclose(rbm.a.grad, -(v0.mean(0) - vk.mean(0)))


def test_sgd_on_the_surrogate_applies_the_explicit_update():
    rbm, v0 = random_rbm("bernoulli"), data_for("bernoulli")
    before = rbm.W.detach().clone()
    opt = torch.optim.SGD(rbm.parameters(), lr=0.1)
    loss, v1, _ = rbm.cd_loss(v0, 1, generator=torch.Generator().manual_seed(0))
    ph0, ph1 = rbm.hidden_probs(v0).detach(), rbm.hidden_probs(v1).detach()
    loss.backward()
    opt.step()
    expected = before + 0.1 * (v0.T @ ph0 - v1.T @ ph1) / len(v0)
    assert torch.allclose(rbm.W.detach(), expected)


def test_cd_reconstruction_uses_visible_probabilities_and_sampled_hiddens():
    rbm, v0 = random_rbm("bernoulli"), data_for("bernoulli")
    _, v1, stats = rbm.cd_loss(v0, 1, generator=torch.Generator().manual_seed(4))
    h0 = torch.bernoulli(rbm.hidden_probs(v0), generator=torch.Generator().manual_seed(4))
    assert torch.allclose(v1, rbm.visible_mean(h0))
    assert ((v1 > 0) & (v1 < 1)).all()
    assert torch.isclose(stats["reconstruction_error"], ((v0 - v1) ** 2).mean())


@pytest.mark.parametrize("units", UNITS)
def test_sampling_is_deterministic_given_a_generator(units):
    rbm, v = random_rbm(units), data_for(units)

    def run(seed):
        return rbm.gibbs(v, 3, torch.Generator().manual_seed(seed), sample_visible=True)

    assert torch.equal(run(7), run(7))
    assert not torch.equal(run(7), run(8))


def test_persistent_chains_keep_binary_states_and_resume_exactly():
    rbm, v = random_rbm("bernoulli"), data_for("bernoulli")
    g = torch.Generator().manual_seed(0)
    chains = PersistentChains.start(rbm, 8)
    opt = torch.optim.SGD(rbm.parameters(), lr=0.05, momentum=0.9)

    def train(model, ch, optimizer, gen, steps=3):
        for _ in range(steps):
            loss, _, _ = model.cd_loss(v, 2, ch, gen)
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()

    train(rbm, chains, opt, g)
    saved = [copy.deepcopy(m.state_dict()) for m in (rbm, chains, opt)]
    rng = g.get_state()
    train(rbm, chains, opt, g)
    rbm2, chains2 = random_rbm("bernoulli", seed=9), PersistentChains.start(rbm, 8)
    opt2 = torch.optim.SGD(rbm2.parameters(), lr=0.05, momentum=0.9)
    for module, state in zip((rbm2, chains2, opt2), saved, strict=True):
        module.load_state_dict(state)
    train(rbm2, chains2, opt2, torch.Generator().set_state(rng))
    assert torch.equal(chains.state, chains2.state) and torch.equal(rbm.W, rbm2.W)
    assert set(chains.state.unique().tolist()) <= {0.0, 1.0}


def test_gibbs_chains_sample_the_model_distribution():
    rbm = random_rbm("bernoulli", visible=4, hidden=3, seed=2).float()
    g = torch.Generator().manual_seed(0)
    with torch.no_grad():
        start = rbm.sample_visible(torch.zeros(20000, rbm.hidden, dtype=rbm.W.dtype), g)
        states = rbm.gibbs(start, 30, g, sample_visible=True)
    codes = (states * 2 ** torch.arange(3, -1, -1)).sum(1).long()
    empirical = torch.bincount(codes, minlength=16).double() / len(codes)
    exact = exact_log_likelihood(rbm, binary_states(4)).exp()
    assert 0.5 * (empirical - exact).abs().sum() < 0.03


def test_init_visible_bias_follows_hintons_guide():
    data = torch.tensor([[1.0, 0.0, 1.0], [1.0, 0.0, 0.0], [1.0, 0.0, 0.0], [1.0, 0.0, 0.0]])
    rbm = RBM(3, 2)
    rbm.init_visible_bias(data)
    assert torch.allclose(torch.sigmoid(rbm.a), torch.tensor([0.999, 0.001, 0.25]), atol=1e-6)
    gaussian = RBM(3, 2, "gaussian")
    gaussian.init_visible_bias(data)
    assert torch.allclose(gaussian.a, data.mean(0))


def test_unknown_units_are_rejected():
    with pytest.raises(ValueError, match="units"):
        RBM(3, 2, "poisson")


def test_stack_passes_data_up_layer_by_layer():
    stack = RBMStack(6, [5, 4], units="gaussian", generator=torch.Generator().manual_seed(0))
    assert [(r.visible, r.hidden, r.units) for r in stack.layers] == [
        (6, 5, "gaussian"),
        (5, 4, "bernoulli"),
    ]
    x = torch.randn(3, 6)
    assert torch.equal(stack.up(x, 0), x)
    first = stack.layers[0].hidden_probs(x)
    assert torch.allclose(stack.up(x, 2), stack.layers[1].hidden_probs(first))
    assert torch.equal(stack(x), stack.up(x))
    sampled = stack.up(x, 2, "sample", torch.Generator().manual_seed(0))
    assert sampled.shape == (3, 4) and set(sampled.unique().tolist()) <= {0.0, 1.0}
    assert stack.down(stack.up(x, 2), 2).shape == (3, 6)


def test_layer_loss_trains_only_its_layer():
    stack = RBMStack(6, [5, 4], generator=torch.Generator().manual_seed(0))
    x = torch.bernoulli(torch.full((8, 6), 0.5), generator=torch.Generator().manual_seed(1))
    loss, v_model, _ = stack.layer_loss(1, x, k=1, generator=torch.Generator().manual_seed(2))
    loss.backward()
    assert v_model.shape == (8, 5)
    assert all(p.grad is None for p in stack.layers[0].parameters())
    assert all(p.grad is not None for p in stack.layers[1].parameters())

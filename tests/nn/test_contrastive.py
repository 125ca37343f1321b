"""The fused CD step: same chain as plain Gibbs sampling, closed-form gap, written gradients."""

import pytest
import torch

from nnspec.nn.contrastive import CDGap, contrastive_divergence, write_gradients
from nnspec.nn.gibbs import bernoulli, hidden_probs, sample_visible, visible_mean
from tests.nn.rbm_cases import UNITS, data_for, random_rbm

torch.set_num_threads(1)


def tensors(rbm):
    return rbm.W.detach(), rbm.a.detach(), rbm.b.detach()


@pytest.mark.parametrize("units", UNITS)
def test_cd_samples_the_hiddens_and_keeps_visible_means(units):
    rbm, v = random_rbm(units), data_for(units)
    step = contrastive_divergence(*tensors(rbm), v, 1, units, torch.Generator().manual_seed(2))
    h = bernoulli(hidden_probs(rbm.W, rbm.b, v), torch.Generator().manual_seed(2))
    assert torch.allclose(step.v_model, rbm.visible_mean(h)) and step.h_model is None


@pytest.mark.parametrize("units", UNITS)
def test_persistent_chains_take_one_plain_gibbs_step_from_their_hidden_states(units):
    rbm, v = random_rbm(units), data_for(units)
    chain = data_for("bernoulli", n=5, visible=3, seed=8)  # (5, H) hidden states
    step = contrastive_divergence(
        *tensors(rbm), v, 1, units, torch.Generator().manual_seed(2), chain
    )
    g = torch.Generator().manual_seed(2)
    v_model = sample_visible(rbm.W, rbm.a, chain, units, g)
    assert torch.allclose(step.v_model, v_model)
    assert torch.equal(step.h_model, bernoulli(hidden_probs(rbm.W, rbm.b, v_model), g))


@pytest.mark.parametrize("units", UNITS)
@pytest.mark.parametrize("chain", [None, data_for("bernoulli", n=5, visible=3, seed=8)])
def test_the_gap_is_the_difference_of_mean_free_energies(units, chain):
    rbm, v = random_rbm(units), data_for(units)
    step = contrastive_divergence(*tensors(rbm), v, 2, units, torch.Generator(), chain)
    expected = rbm.free_energy(v).mean() - rbm.free_energy(step.v_model).mean()
    assert torch.allclose(step.gap, expected)


def test_the_surrogate_carries_the_gradient_to_every_parameter():
    rbm, v = random_rbm("bernoulli"), data_for("bernoulli")
    step = contrastive_divergence(*tensors(rbm), v, 1, "bernoulli", torch.Generator(), None)
    (3 * CDGap.apply(rbm.W, rbm.a, rbm.b, step)).backward()
    assert torch.allclose(rbm.W.grad, 3 * step.d_w) and torch.allclose(rbm.b.grad, 3 * step.d_b)
    assert torch.allclose(rbm.a.grad, 3 * step.d_a)


def test_written_gradients_add_to_existing_ones_and_include_the_weight_cost():
    rbm, v = random_rbm("bernoulli"), data_for("bernoulli")
    step = contrastive_divergence(*tensors(rbm), v, 1, "bernoulli", torch.Generator(), None)
    rbm.W.grad = torch.ones_like(rbm.W)
    write_gradients((rbm.W, rbm.a, rbm.b), step, weight_cost=0.5)
    assert torch.allclose(rbm.W.grad, 1 + step.d_w + 0.5 * rbm.W.detach())
    assert torch.equal(rbm.a.grad, step.d_a)


def test_bernoulli_draws_like_torch_bernoulli_on_cpu():
    p = torch.rand(50, 40, generator=torch.Generator().manual_seed(0))
    ours = bernoulli(p, torch.Generator().manual_seed(5))
    theirs = torch.bernoulli(p, generator=torch.Generator().manual_seed(5))
    assert torch.equal(ours, theirs) and ours.dtype == p.dtype


def test_visible_mean_is_the_sigmoid_of_the_visible_input():
    rbm = random_rbm("bernoulli")
    h = data_for("bernoulli", visible=3, seed=3)
    assert torch.allclose(
        visible_mean(rbm.W, rbm.a, h, "bernoulli"), torch.sigmoid(h @ rbm.W.T + rbm.a)
    )

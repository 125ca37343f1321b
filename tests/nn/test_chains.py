"""Samples of energy networks: Gibbs chains at the top RBM, passed down the stack."""

from __future__ import annotations

import torch

from nnspec.nn.rbm import RBM
from nnspec.nn.rbm_stack import RBMStack


def test_a_stack_samples_visible_means_of_the_data_size():
    stack = RBMStack(16, [8, 4], sample_steps=3, generator=torch.Generator().manual_seed(0))
    x = stack.draw_chain(5, torch.Generator().manual_seed(1))
    assert x.shape == (5, 16)
    assert ((x > 0) & (x < 1)).all()  # means, not bits


def test_a_chain_of_an_rbm_that_prefers_one_pattern_reaches_it():
    rbm = RBM(4, 2, sample_steps=50)
    with torch.no_grad():  # strong biases: unit 0 and 2 on, 1 and 3 off
        rbm.a.copy_(torch.tensor([6.0, -6.0, 6.0, -6.0]))
    x = rbm.draw_chain(100, torch.Generator().manual_seed(0))
    assert torch.allclose(x.mean(0), torch.tensor([1.0, 0.0, 1.0, 0.0]), atol=0.01)


def test_the_stack_passes_the_top_chain_down_through_every_level():
    stack = RBMStack(6, [3, 2], sample_steps=1)
    with torch.no_grad():
        for rbm in stack.layers:
            rbm.W.zero_()
        stack.layers[0].a.fill_(4.0)  # with zero weights the bottom mean is σ(a) alone
    x = stack.draw_chain(2, torch.Generator().manual_seed(0))
    assert torch.allclose(x, torch.full((2, 6), torch.sigmoid(torch.tensor(4.0)).item()))

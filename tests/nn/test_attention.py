"""Additive attention follows e_tj = v^T tanh(W s_{t-1} + U h_j) and softmax weights."""

from __future__ import annotations

import torch

from nnspec.nn.attention import AttentionDecoder, AttentionPool


def test_pool_is_a_convex_combination_of_states() -> None:
    torch.manual_seed(0)
    pool = AttentionPool(features=4, units=5)
    same = torch.randn(2, 1, 4).expand(2, 6, 4)  # identical states pool to themselves
    assert torch.allclose(pool(same), same[:, 0], atol=1e-6)
    h = torch.randn(2, 6, 4)
    order = torch.randperm(6)  # attention has no notion of position
    assert torch.allclose(pool(h), pool(h[:, order]), atol=1e-6)


def test_pool_weights_match_the_formula() -> None:
    torch.manual_seed(0)
    pool = AttentionPool(features=3, units=2)
    h = torch.randn(1, 4, 3)
    e = torch.stack([pool.v.weight @ torch.tanh(pool.w.weight @ h[0, t]) for t in range(4)])
    alpha = torch.softmax(e.squeeze(-1), dim=0)
    assert torch.allclose(pool(h)[0], (alpha[:, None] * h[0]).sum(0), atol=1e-6)


def test_decoder_steps_follow_the_lecture_formula() -> None:
    torch.manual_seed(0)
    decoder = AttentionDecoder(features=3, hidden=4, units=5, steps=2)
    h = torch.randn(1, 6, 3)
    s, outputs = torch.zeros(1, 4), []
    for _ in range(2):
        e = torch.stack(
            [decoder.v(torch.tanh(decoder.w(s) + decoder.u(h[:, j]))) for j in range(6)]
        )
        alpha = torch.softmax(e.view(6), dim=0)  # (T,)
        context = (alpha[:, None] * h[0]).sum(0, keepdim=True)  # (1, F)
        s = decoder.cell(context, s)
        outputs.append(s)
    assert torch.allclose(decoder(h), torch.stack(outputs, dim=1), atol=1e-6)

"""specs/gan-ring.yaml by hand: the issue's exact setup, Algorithm 1 with k = 1."""

import torch
import torch.nn.functional as F
from torch import nn


def make(x: torch.Tensor, y: torch.Tensor, seed: int, batch: int = 256):
    torch.manual_seed(seed)
    G = nn.Sequential(
        nn.Linear(2, 128), nn.ReLU(), nn.Linear(128, 128), nn.ReLU(), nn.Linear(128, 2)
    )
    D = nn.Sequential(
        nn.Linear(2, 128),
        nn.LeakyReLU(0.2),
        nn.Linear(128, 128),
        nn.LeakyReLU(0.2),
        nn.Linear(128, 1),
    )
    opt_g = torch.optim.Adam(G.parameters(), lr=1e-3, betas=(0.5, 0.999))
    opt_d = torch.optim.Adam(D.parameters(), lr=1e-3, betas=(0.5, 0.999))
    order, position = torch.randperm(len(x)), 0

    def real() -> torch.Tensor:
        nonlocal order, position
        if position + batch > len(x):
            order, position = torch.randperm(len(x)), 0
        idx = order[position : position + batch]
        position += batch
        return x[idx]

    def step() -> torch.Tensor:
        r = real()
        with torch.no_grad():
            fake = G(torch.randn(batch, 2))
        d_real, d_fake = D(r), D(fake)
        loss_d = F.binary_cross_entropy_with_logits(
            d_real, torch.ones_like(d_real)
        ) + F.binary_cross_entropy_with_logits(d_fake, torch.zeros_like(d_fake))
        opt_d.zero_grad(set_to_none=True)
        loss_d.backward()
        opt_d.step()
        real()  # the generator step draws a fresh batch too, as the loop does
        for p in D.parameters():
            p.requires_grad_(False)
        logits = D(G(torch.randn(batch, 2)))
        loss_g = F.binary_cross_entropy_with_logits(logits, torch.ones_like(logits))
        opt_g.zero_grad(set_to_none=True)
        loss_g.backward()
        opt_g.step()
        for p in D.parameters():
            p.requires_grad_(True)
        return loss_g

    return step

"""specs/vae-digits.yaml by hand: 64-128-2x8 encoder, 8-128-64 decoder, Bernoulli ELBO."""

import torch
import torch.nn.functional as F
from torch import nn


def make(x: torch.Tensor, y: torch.Tensor, seed: int, batch: int = 64, latent: int = 8):
    torch.manual_seed(seed)
    enc = nn.Sequential(nn.Linear(64, 128), nn.ReLU(), nn.Linear(128, 2 * latent))
    dec = nn.Sequential(nn.Linear(latent, 128), nn.ReLU(), nn.Linear(128, 64))
    opt = torch.optim.Adam([*enc.parameters(), *dec.parameters()], lr=1e-3)
    order, position = torch.randperm(len(x)), 0

    def step() -> torch.Tensor:
        nonlocal order, position
        if position + batch > len(x):
            order, position = torch.randperm(len(x)), 0
        xb = x[order[position : position + batch]]
        position += batch
        mu, logvar = enc(xb).chunk(2, dim=1)
        z = mu + torch.exp(0.5 * logvar) * torch.randn_like(mu)
        rec = F.binary_cross_entropy_with_logits(dec(z), xb, reduction="sum") / len(xb)
        kl = -0.5 * torch.sum(1 + logvar - mu.pow(2) - logvar.exp()) / len(xb)
        loss = rec + kl
        opt.zero_grad(set_to_none=True)
        loss.backward()
        opt.step()
        return loss

    return step

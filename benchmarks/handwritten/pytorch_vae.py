"""pytorch/examples vae/main.py by hand, on 8x8 digits: twin of specs/reference/pytorch-vae.yaml.

The example's model, loss and loop as written there (784 inputs become 64): fc1 64->400,
fc21/fc22 400->20, fc3 20->400, fc4 400->64 with a sigmoid; BCE summed over the batch plus
KLD; Adam lr 1e-3; a shuffled loader of batch 128 (the last batch partial).
"""

from __future__ import annotations

import torch
import torch.nn.functional as F
from torch import nn


class VAE(nn.Module):
    def __init__(self, inputs: int = 64, hidden: int = 400, latent: int = 20) -> None:
        super().__init__()
        self.fc1, self.fc21, self.fc22 = (
            nn.Linear(inputs, hidden),
            nn.Linear(hidden, latent),
            nn.Linear(hidden, latent),
        )
        self.fc3, self.fc4 = nn.Linear(latent, hidden), nn.Linear(hidden, inputs)
        self.latent = latent

    def encode(self, x: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        h1 = F.relu(self.fc1(x))
        return self.fc21(h1), self.fc22(h1)

    def decode(self, z: torch.Tensor) -> torch.Tensor:
        return torch.sigmoid(self.fc4(F.relu(self.fc3(z))))

    def forward(self, x: torch.Tensor):
        mu, logvar = self.encode(x)
        z = mu + torch.randn_like(mu) * torch.exp(0.5 * logvar)  # reparameterize
        return self.decode(z), mu, logvar


def loss_function(recon_x, x, mu, logvar) -> torch.Tensor:
    bce = F.binary_cross_entropy(recon_x, x, reduction="sum")
    kld = -0.5 * torch.sum(1 + logvar - mu.pow(2) - logvar.exp())
    return bce + kld


def train(x: torch.Tensor, epochs: int, seed: int, batch: int = 128) -> tuple[VAE, dict]:
    """The example's ``train(epoch)`` for ``epochs`` epochs; returns the model and its updates."""
    torch.manual_seed(seed)
    model = VAE(x.shape[1])
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    model.train()
    updates = 0
    for _ in range(epochs):
        order = torch.randperm(len(x))
        for start in range(0, len(x), batch):
            data = x[order[start : start + batch]]
            optimizer.zero_grad()
            recon, mu, logvar = model(data)
            loss_function(recon, data, mu, logvar).backward()
            optimizer.step()
            updates += 1
    return model, {"updates": updates}


@torch.no_grad()
def sample(model: VAE, n: int, seed: int) -> torch.Tensor:
    """The example's ``model.decode(torch.randn(64, 20))``, for n samples."""
    model.eval()
    z = torch.randn(n, model.latent, generator=torch.Generator().manual_seed(seed))
    return model.decode(z)

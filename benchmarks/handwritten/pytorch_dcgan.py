"""pytorch/examples dcgan/main.py by hand, adapted to 8x8 digits: the twin of
specs/reference/pytorch-dcgan.yaml.

The example's networks shrunk to 8x8 (G: 1x1 -> 2x2 -> 4x4 -> 8x8; D the mirror, ending
in a Sigmoid), its ``weights_init`` (conv N(0, 0.02), BatchNorm weight N(1, 0.02), bias 0),
BCELoss on D's probabilities with real label 1 and fake label 0, Adam 2e-4 with betas
(0.5, 0.999), and its loop: per batch one D step on the real batch and on
G(noise).detach(), then one G step scoring the same fakes with label 1.

Only its random draws are nnspec's (docs/language.md, "Random streams of a run"), so
that one seed gives both programs the same run: the example seeds the global generator
and lets a DataLoader shuffle; here ``torch.manual_seed(seed)`` feeds the layers'
construction and ``weights_init`` (G built and initialised, then D), epoch e's order is
``randperm`` of a generator seeded with ``seed + e``, the noise comes from a generator
seeded with ``seed + 1``, and samples from one seeded with ``seed + 10007``.
"""

from __future__ import annotations

import torch
from torch import nn

NZ, NGF, NDF = 100, 64, 64
NOISE_STREAM, EVAL_STREAM, SAMPLE_BATCH = 1, 10_007, 4096


def weights_init(m: nn.Module) -> None:
    classname = m.__class__.__name__
    if classname.find("Conv") != -1:
        nn.init.normal_(m.weight.data, 0.0, 0.02)
    elif classname.find("BatchNorm") != -1:
        nn.init.normal_(m.weight.data, 1.0, 0.02)
        nn.init.constant_(m.bias.data, 0)


def generator() -> nn.Sequential:
    return nn.Sequential(
        nn.ConvTranspose2d(NZ, NGF * 2, 2, 1, 0, bias=False),  # 2x2
        nn.BatchNorm2d(NGF * 2),
        nn.ReLU(True),
        nn.ConvTranspose2d(NGF * 2, NGF, 4, 2, 1, bias=False),  # 4x4
        nn.BatchNorm2d(NGF),
        nn.ReLU(True),
        nn.ConvTranspose2d(NGF, 1, 4, 2, 1, bias=False),  # 8x8
        nn.Tanh(),
    )


def discriminator() -> nn.Sequential:
    return nn.Sequential(
        nn.Conv2d(1, NDF, 4, 2, 1, bias=False),  # 4x4
        nn.LeakyReLU(0.2, inplace=True),
        nn.Conv2d(NDF, NDF * 2, 4, 2, 1, bias=False),  # 2x2
        nn.BatchNorm2d(NDF * 2),
        nn.LeakyReLU(0.2, inplace=True),
        nn.Conv2d(NDF * 2, 1, 2, 1, 0, bias=False),  # 1x1
        nn.Sigmoid(),
    )


def networks(seed: int) -> tuple[nn.Sequential, nn.Sequential]:
    """G and D as the example makes them (G built and initialised first), from ``seed``."""
    torch.manual_seed(seed)
    net_g = generator()
    net_g.apply(weights_init)
    net_d = discriminator()
    net_d.apply(weights_init)
    return net_g, net_d


def batches(x: torch.Tensor, epochs: int, seed: int, batch: int):
    """Epoch e's batches, in the order ``randperm`` draws from a generator seeded with
    ``seed + e`` (nnspec's data order); the last batch of an epoch may be short."""
    for epoch in range(epochs):
        order = torch.randperm(len(x), generator=torch.Generator().manual_seed(seed + epoch))
        for start in range(0, len(x), batch):
            yield x[order[start : start + batch]]


def train(x: torch.Tensor, epochs: int, seed: int, batch: int = 64, nets=None):
    """The example's training loop for ``epochs`` epochs; returns G and the update counts.

    ``nets``: G and D to train (``networks(seed)`` when None), to compare them after."""
    net_g, net_d = nets or networks(seed)
    noise_stream = torch.Generator().manual_seed(seed + NOISE_STREAM)
    criterion = nn.BCELoss()
    opt_d = torch.optim.Adam(net_d.parameters(), lr=2e-4, betas=(0.5, 0.999))
    opt_g = torch.optim.Adam(net_g.parameters(), lr=2e-4, betas=(0.5, 0.999))
    counts = {"opt_d": 0, "opt_g": 0}
    for real in batches(x, epochs, seed, batch):
        b = real.size(0)
        # (1) Update D: maximize log(D(x)) + log(1 - D(G(z)))
        net_d.zero_grad()
        label = torch.full((b,), 1.0)
        criterion(net_d(real).view(-1), label).backward()
        noise = torch.randn(b, NZ, generator=noise_stream).view(b, NZ, 1, 1)
        fake = net_g(noise)
        label.fill_(0.0)
        criterion(net_d(fake.detach()).view(-1), label).backward()
        opt_d.step()
        # (2) Update G: maximize log(D(G(z)))
        net_g.zero_grad()
        label.fill_(1.0)
        criterion(net_d(fake).view(-1), label).backward()
        opt_g.step()
        counts["opt_d"] += 1
        counts["opt_g"] += 1
    return net_g, counts


@torch.no_grad()
def sample(net_g: nn.Sequential, n: int, seed: int) -> torch.Tensor:
    """n samples in evaluation mode (BatchNorm's running statistics), as nnspec samples."""
    net_g.eval()
    noise = torch.randn(n, NZ, generator=torch.Generator().manual_seed(seed + EVAL_STREAM))
    return torch.cat([net_g(z.view(-1, NZ, 1, 1)) for z in noise.split(SAMPLE_BATCH)])

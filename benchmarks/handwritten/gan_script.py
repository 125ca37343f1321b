"""specs/gan-ring.yaml and specs/dcgan-digits.yaml as whole hand-written scripts.

    python benchmarks/handwritten/gan_script.py OUT ring|dcgan

Alternating discriminator and generator updates (k = 1), each on a fresh batch,
non-saturating generator loss, Adam (0.5, 0.999). ring: modes captured and the share of
high-quality samples (VEEGAN) on 2,500 samples every 500 updates and at the end, the
learning rate decayed linearly to 0; dcgan: the Parzen-window log-likelihood at the end.
"""

import math
import sys

import torch
import torch.nn.functional as F
from script import DEVICE, Run, digits, image_grid, parzen, scatter
from torch import nn

CENTRES = torch.tensor(
    [[2 * math.cos(2 * math.pi * i / 8), 2 * math.sin(2 * math.pi * i / 8)] for i in range(8)]
)


def ring_data(size: int = 50000, std: float = 0.02) -> torch.Tensor:
    return CENTRES.to(DEVICE)[torch.randint(0, 8, (size,))] + std * torch.randn(size, 2)


def ring_networks() -> tuple[nn.Module, nn.Module]:
    G = nn.Sequential(
        nn.Linear(2, 128), nn.ReLU(), nn.Linear(128, 128), nn.ReLU(), nn.Linear(128, 2)
    )
    D = nn.Sequential(
        nn.Linear(2, 128), nn.LeakyReLU(0.2), nn.Linear(128, 128), nn.LeakyReLU(0.2),
        nn.Linear(128, 1),
    )  # fmt: skip
    return G, D


def dcgan_networks() -> tuple[nn.Module, nn.Module]:
    G = nn.Sequential(
        nn.Linear(32, 512), nn.ReLU(), nn.Unflatten(1, (128, 2, 2)),
        nn.ConvTranspose2d(128, 64, 4, 2, 1), nn.BatchNorm2d(64), nn.ReLU(),
        nn.ConvTranspose2d(64, 1, 4, 2, 1), nn.Sigmoid(),
    )  # fmt: skip
    D = nn.Sequential(
        nn.Conv2d(1, 64, 4, 2, 1), nn.LeakyReLU(0.2), nn.Conv2d(64, 128, 4, 2, 1),
        nn.LeakyReLU(0.2), nn.Flatten(), nn.Linear(128 * 2 * 2, 1),
    )  # fmt: skip
    return G, D


@torch.no_grad()
def ring_quality(samples: torch.Tensor) -> dict[str, float]:
    nearest_dist, nearest = torch.cdist(samples.double(), CENTRES.to(samples).double()).min(dim=1)
    good = nearest_dist <= 3 * 0.02
    return {
        "modes_captured": nearest[good].unique().numel(),
        "high_quality": float(good.double().mean()),
    }


def main() -> None:
    family = sys.argv[2]
    run = Run(seed=int(sys.argv[3]) if len(sys.argv) > 3 else 0)
    data = digits("image") if family == "dcgan" else {"train": (ring_data(), None)}
    x = data["train"][0]
    G, D = ring_networks() if family == "ring" else dcgan_networks()
    latent, batch, cycles, lr = (2, 256, 3000, 1e-3) if family == "ring" else (32, 64, 4000, 2e-4)
    opt_d = torch.optim.Adam(D.parameters(), lr=lr, betas=(0.5, 0.999))
    opt_g = torch.optim.Adam(G.parameters(), lr=lr, betas=(0.5, 0.999))
    decay = [torch.optim.lr_scheduler.LambdaLR(o, lambda s: 1 - s / cycles) for o in (opt_d, opt_g)]
    order, position = torch.randperm(len(x)), 0

    def real() -> torch.Tensor:
        nonlocal order, position
        if position >= len(x):
            order, position = torch.randperm(len(x)), 0
        position += batch
        return x[order[position - batch : position]]

    def evaluate(step: int) -> dict[str, float]:
        G.eval()
        with torch.no_grad():
            samples = G(torch.randn(2500 if family == "ring" else 10000, latent))
        G.train()
        if family == "ring":
            metrics = ring_quality(samples)
            scatter(samples, run.out / "samples.png") if step == 2 * cycles else None
        else:
            metrics = parzen(samples, data["val"][0], data["test"][0])
            image_grid(samples, run.out / "samples.png")
        run.write(step=step, **metrics)
        return metrics

    bce = F.binary_cross_entropy_with_logits
    for cycle in range(cycles):
        r = real()
        with torch.no_grad():
            fake = G(torch.randn(len(r), latent))
        d_real, d_fake = D(r), D(fake)
        loss_d = bce(d_real, torch.ones_like(d_real)) + bce(d_fake, torch.zeros_like(d_fake))
        opt_d.zero_grad(set_to_none=True)
        loss_d.backward()
        opt_d.step()
        D.requires_grad_(False)
        logits = D(G(torch.randn(len(real()), latent)))  # a fresh batch per update, as the spec
        loss_g = bce(logits, torch.ones_like(logits))
        opt_g.zero_grad(set_to_none=True)
        loss_g.backward()
        opt_g.step()
        D.requires_grad_(True)
        if family == "ring":
            [s.step() for s in decay]
        step = 2 * (cycle + 1)  # updates, as nnspec counts steps
        run.loss(step - 1, discriminator=loss_d)
        run.loss(step, generator=loss_g)
        if family == "ring" and step % 500 == 0 and cycle < cycles - 1:
            evaluate(step)
    state = {"G": G.state_dict(), "D": D.state_dict(), "opt_g": opt_g.state_dict()}
    run.finish(evaluate(2 * cycles), **state, opt_d=opt_d.state_dict())


if __name__ == "__main__":
    main()

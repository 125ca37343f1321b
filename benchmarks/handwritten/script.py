"""What the hand-written whole scripts share, written as a careful user writes it.

benchmarks/end_to_end.py runs ``python benchmarks/handwritten/<family>_script.py OUT``
against ``nnspec run``. Each script loads the same data, trains the same steps,
evaluates the same metrics as often, logs the mean loss every 50 steps to
metrics.jsonl, and at the end saves a checkpoint (model and optimizer state), a
loss curve and, for generative models, a picture of samples.
"""

from __future__ import annotations

import json
import math
import os
import sys
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import torch
from torch import Tensor

LOG_EVERY = 50
# benchmarks/end_to_end.py --device cuda sets this; every tensor and module is made there.
DEVICE = torch.device(os.environ.get("BENCH_DEVICE", "cpu"))


def digits(layout: str = "flat", val: float = 0.1, test: float = 0.2) -> dict:
    """scikit-learn's digits scaled to [0, 1], split train/val/test as the specs split them."""
    from sklearn.datasets import load_digits

    x, y = load_digits(return_X_y=True)
    x = torch.tensor(x / 16.0, dtype=torch.float32, device="cpu")
    if layout == "image":
        x = x.reshape(-1, 1, 8, 8)
    y = torch.tensor(y, device="cpu")
    order = torch.randperm(len(x), generator=torch.Generator().manual_seed(0), device="cpu")
    n_test, n_val = round(len(x) * test), round(len(x) * val)
    parts = {"test": order[:n_test], "val": order[n_test : n_test + n_val]}
    parts["train"] = order[n_test + n_val :]
    return {name: (x[idx].to(DEVICE), y[idx].to(DEVICE)) for name, idx in parts.items() if len(idx)}


class Run:
    """The output folder: metrics.jsonl, the loss curve, checkpoints and a summary."""

    def __init__(self, seed: int = 0):
        self.seed = seed
        torch.manual_seed(seed)
        if DEVICE.type != "cpu":  # a device mode costs every torch call: only where needed
            torch.set_default_device(DEVICE)
        self.out = Path(sys.argv[1])
        self.out.mkdir(parents=True, exist_ok=True)
        self.log_file = (self.out / "metrics.jsonl").open("w")
        self.pending: dict[str, list[Tensor]] = {}
        self.curves: dict[str, list[tuple[int, float]]] = {}

    def loss(self, step: int, **losses: Tensor) -> None:
        """Keep each loss on its device; average and write them every LOG_EVERY steps."""
        for name, value in losses.items():
            self.pending.setdefault(name, []).append(value.detach())
        if step % LOG_EVERY == 0:
            means = {k: float(torch.stack(v).mean()) for k, v in self.pending.items()}
            self.pending = {}
            for name, value in means.items():
                self.curves.setdefault(name, []).append((step, value))
            self.write(step=step, **means)
            print(f"step {step} " + " ".join(f"{k} {v:.4g}" for k, v in means.items()))

    def write(self, **record: float) -> None:
        self.log_file.write(json.dumps(record) + "\n")
        self.log_file.flush()

    def save(self, name: str, **state: object) -> None:
        torch.save(state, self.out / name)

    def finish(self, metrics: dict[str, float], **state: object) -> None:
        """The last checkpoint, the summary and the loss curve."""
        self.save("last.pt", **state)
        (self.out / "summary.json").write_text(json.dumps(metrics, indent=2))
        print(" ".join(f"{k} {v:.4g}" for k, v in metrics.items()))
        fig, ax = plt.subplots(figsize=(7, 4))
        for name, points in self.curves.items():
            ax.plot(*zip(*points, strict=True), label=name)
        ax.set(xlabel="step", ylabel="training loss", title="loss curves")
        ax.legend()
        fig.savefig(self.out / "loss_curve.png", dpi=100)
        plt.close(fig)


def train_epochs(run: Run, n: int, batch: int, epochs: int, opt, loss_of, every: int, evaluate):
    """The usual loop: shuffled batches; zero_grad, backward, step; evaluate every ``every``."""
    step = 0
    for _ in range(epochs):
        for idx in torch.randperm(n).split(batch):
            loss = loss_of(idx)
            opt.zero_grad(set_to_none=True)
            loss.backward()
            opt.step()
            step += 1
            run.loss(step, loss=loss)
            if step % every == 0:
                evaluate(step)
    return step


def image_grid(images: Tensor, path: Path) -> None:
    """Samples as a 10 x 10 grid of 8 x 8 images."""
    tiles = images[:100].reshape(10, 10, 8, 8).permute(0, 2, 1, 3).reshape(80, 80)
    fig, ax = plt.subplots(figsize=(5, 5))
    ax.imshow(tiles.cpu().numpy(), cmap="gray", vmin=0, vmax=1)
    ax.axis("off")
    fig.savefig(path, dpi=100)
    plt.close(fig)


def scatter(points: Tensor, path: Path) -> None:
    fig, ax = plt.subplots(figsize=(5, 5))
    ax.scatter(*points.cpu().T.numpy(), s=2)
    fig.savefig(path, dpi=100)
    plt.close(fig)


@torch.no_grad()
def accuracy_and_loss(model: torch.nn.Module, x: Tensor, y: Tensor) -> tuple[float, float]:
    model.eval()
    logits = model(x)
    model.train()
    loss = torch.nn.functional.cross_entropy(logits, y)
    return float((logits.argmax(1) == y).float().mean()), float(loss)


@torch.no_grad()
def parzen(samples: Tensor, val: Tensor, test: Tensor) -> dict[str, float]:
    """Gaussian Parzen-window log-likelihood of test (GAN paper §5), σ chosen on val."""
    mu = samples.reshape(len(samples), -1).double()

    def log_density(x: Tensor, sigma: float) -> Tensor:
        x = x.reshape(len(x), -1).double()
        sq = torch.cdist(x, mu).square()  # (N, S)
        norm = math.log(len(mu)) + mu.shape[1] * math.log(sigma * math.sqrt(2 * math.pi))
        return torch.logsumexp(-sq / (2 * sigma**2), dim=1) - norm

    sigmas = torch.logspace(-2, 0, 20).tolist()
    sigma = max(sigmas, key=lambda s: float(log_density(val, s).mean()))
    ll = log_density(test, sigma)
    return {"test/parzen_ll": float(ll.mean()), "test/parzen_se": float(ll.std() / len(ll) ** 0.5)}

"""specs/mlp-digits.yaml and specs/cnn-digits.yaml as whole hand-written scripts.

    python benchmarks/handwritten/classifier_script.py OUT mlp|cnn

Adam 1e-3, batch 32, cross-entropy; validation and test accuracy every 500 steps and at
the end; the best model by validation accuracy saved as best.pt, the last as last.pt.
"""

import sys

import torch
import torch.nn.functional as F
from script import Run, accuracy_and_loss, digits, train_epochs
from torch import nn


def mlp() -> nn.Module:
    return nn.Sequential(
        nn.Linear(64, 256), nn.ReLU(), nn.Dropout(0.2),
        nn.Linear(256, 256), nn.ReLU(), nn.Dropout(0.2),
        nn.Linear(256, 10),
    )  # fmt: skip


def cnn() -> nn.Module:
    return nn.Sequential(
        nn.Conv2d(1, 32, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(32, 64, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
        nn.Flatten(), nn.Linear(64 * 2 * 2, 128), nn.ReLU(), nn.Dropout(0.3),
        nn.Linear(128, 10),
    )  # fmt: skip


def main() -> None:
    family = sys.argv[2]
    run = Run(seed=int(sys.argv[3]) if len(sys.argv) > 3 else 0)
    data = digits("image" if family == "cnn" else "flat")
    model = mlp() if family == "mlp" else cnn()
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    x, y = data["train"]
    epochs, best = {"mlp": 60, "cnn": 40}[family], -1.0

    def evaluate(step: int) -> dict[str, float]:
        nonlocal best
        metrics = {}
        for split in ("val", "test"):
            acc, loss = accuracy_and_loss(model, *data[split])
            metrics |= {f"{split}/accuracy": acc, f"{split}/loss": loss}
        run.write(step=step, **metrics)
        if metrics["val/accuracy"] > best:
            best = metrics["val/accuracy"]
            run.save("best.pt", model=model.state_dict(), optimizer=opt.state_dict(), step=step)
        return metrics

    loss_of = lambda idx: F.cross_entropy(model(x[idx]), y[idx])  # noqa: E731
    step = train_epochs(run, len(x), 32, epochs, opt, loss_of, 500, evaluate)
    run.finish(evaluate(step), model=model.state_dict(), optimizer=opt.state_dict(), step=step)


if __name__ == "__main__":
    main()

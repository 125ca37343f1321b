"""specs/vae-digits.yaml, specs/lstm-adding.yaml and specs/rbm-digits.yaml as whole scripts.

    python benchmarks/handwritten/small_script.py OUT vae|lstm|rbm

vae: Adam 1e-3, batch 64, 100 epochs, the test ELBO every 2000 steps and at the end, a grid
of decoded samples. lstm: the adding problem (T = 50), Adam 3e-3, gradient norm clipped at
1, rate x0.1 every 2500 steps, test MSE every 500 steps. rbm: PCD-1 on the nudged digits,
SGD 0.06, batch 10, 10 epochs; the test pseudo-likelihood and a logistic-regression readout
of the hidden units at the end.
"""

import sys

import numpy as np
import rbm
import torch
import torch.nn.functional as F
from lstm import Model
from script import Run, digits, image_grid, train_epochs
from torch import nn


def vae(run: Run) -> None:
    data = digits(val=0.0)
    enc = nn.Sequential(nn.Linear(64, 128), nn.ReLU(), nn.Linear(128, 16))
    dec = nn.Sequential(nn.Linear(8, 128), nn.ReLU(), nn.Linear(128, 64))
    opt = torch.optim.Adam([*enc.parameters(), *dec.parameters()], lr=1e-3)
    (x, _), (test, _) = data["train"], data["test"]

    def elbo(xb: torch.Tensor) -> torch.Tensor:
        mu, logvar = enc(xb).chunk(2, dim=1)
        z = mu + torch.exp(0.5 * logvar) * torch.randn_like(mu)
        rec = F.binary_cross_entropy_with_logits(dec(z), xb, reduction="sum") / len(xb)
        return rec - 0.5 * torch.sum(1 + logvar - mu.pow(2) - logvar.exp()) / len(xb)

    def evaluate(step: int) -> dict[str, float]:
        with torch.no_grad():
            metrics = {"test/elbo": -float(elbo(test))}
        run.write(step=step, **metrics)
        return metrics

    step = train_epochs(run, len(x), 64, 100, opt, lambda idx: elbo(x[idx]), 2000, evaluate)
    with torch.no_grad():
        image_grid(torch.sigmoid(dec(torch.randn(100, 8))), run.out / "samples.png")
    run.finish(evaluate(step), enc=enc.state_dict(), dec=dec.state_dict(), opt=opt.state_dict())


def adding(size: int = 20000, steps: int = 50) -> tuple[torch.Tensor, torch.Tensor]:
    values, rows = torch.rand(size, steps), torch.arange(size)
    first = torch.randint(0, steps // 2, (size,))
    second = torch.randint(steps // 2, steps, (size,))
    markers = torch.zeros_like(values)
    markers[rows, first] = markers[rows, second] = 1
    target = values[rows, first] + values[rows, second]
    return torch.stack([values, markers], dim=-1), target[:, None]  # (N, T, 2), (N, 1)


def lstm(run: Run) -> None:
    x, y = adding()
    (x, test_x), (y, test_y) = x.split([18000, 2000]), y.split([18000, 2000])
    model = Model()
    opt = torch.optim.Adam(model.parameters(), lr=3e-3)
    decay = torch.optim.lr_scheduler.StepLR(opt, 2500, 0.1)

    def evaluate(step: int) -> dict[str, float]:
        with torch.no_grad():
            metrics = {"test/mse": float(F.mse_loss(model(test_x), test_y))}
        run.write(step=step, **metrics)
        return metrics

    step = 0
    while step < 3000:
        for idx in torch.randperm(len(x)).split(64):
            loss = F.mse_loss(model(x[idx]), y[idx])
            opt.zero_grad(set_to_none=True)
            loss.backward()
            nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            opt.step()
            decay.step()
            step += 1
            run.loss(step, mse=loss)
            if step % 500 == 0 and step < 3000:
                evaluate(step)
            if step == 3000:
                break
    run.finish(evaluate(step), model=model.state_dict(), optimizer=opt.state_dict())


def nudged_digits() -> tuple[torch.Tensor, torch.Tensor]:
    images, y = digits(val=0.0, test=0.0)["train"]
    images = images.reshape(-1, 8, 8)
    pad = F.pad(images, (1, 1, 1, 1))
    shifts = [pad[:, 2:, 1:-1], pad[:, 1:-1, 2:], pad[:, 1:-1, :-2], pad[:, :-2, 1:-1]]
    x = torch.cat([images, *shifts]).reshape(-1, 64)
    span = (x.max(0).values - x.min(0).values).clamp_min(1e-12)
    return (x - x.min(0).values) / span, y.repeat(5)


def rbm_run(run: Run) -> None:
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import train_test_split

    x, y = nudged_digits()
    # The spec's split: split: {test: 0.2, order: scikit-learn}, random_state the seed
    train, test = (torch.as_tensor(i) for i in train_test_split(
        np.arange(len(x)), test_size=0.2, random_state=run.seed))  # fmt: skip
    step = rbm.make(x[train], None, seed=run.seed)
    for i in range(10 * -(-len(train) // 10)):  # 10 epochs of 719 batches, as the spec
        run.loss(i + 1, hidden=step().mean())
    W, a, b = step.weights
    free = lambda v: -v @ a - F.softplus(v @ W + b).sum(1)  # noqa: E731
    v, rows = x[test], torch.arange(len(test))
    flipped, bit = v.clone(), torch.randint(0, 64, (len(v),))
    flipped[rows, bit] = 1 - flipped[rows, bit]
    pl = -64 * F.softplus(-(free(flipped) - free(v)))  # scikit-learn's score_samples
    # float64, as scikit-learn's BernoulliRBM.transform gives its example (and nnspec) them
    features = lambda rows: torch.sigmoid(x[rows] @ W + b).double().cpu().numpy()  # noqa: E731
    clf = LogisticRegression(C=6000, max_iter=10_000).fit(features(train), y[train].cpu().numpy())
    accuracy = float((clf.predict(features(test)) == y[test].cpu().numpy()).mean())
    metrics = {"test/pseudo_likelihood": float(pl.mean()), "test/feature_accuracy": accuracy}
    run.write(step=i + 1, **metrics)
    run.finish(metrics, W=W, a=a, b=b)


if __name__ == "__main__":
    seed = int(sys.argv[3]) if len(sys.argv) > 3 else 0
    {"vae": vae, "lstm": lstm, "rbm": rbm_run}[sys.argv[2]](Run(seed=seed))

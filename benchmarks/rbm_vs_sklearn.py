"""specs/rbm-digits.yaml against scikit-learn's BernoulliRBM on the same data and settings.

scikit-learn's documented example protocol: digits nudged by 1-pixel shifts (5× the data),
min-max scaled, 80/20 split (the spec's split, seed 0, given to both), 100 hidden units,
learning rate 0.06, batch 10, 10 epochs. Both models are scored with the same
pseudo-likelihood (scikit-learn's definition, the same flipped pixels) and the same
logistic-regression readout (lbfgs). The fits alternate, one seed per repeat; the
figures are medians, with their range over the seeds.

    python benchmarks/rbm_vs_sklearn.py [--repeats 3]
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

import numpy as np
import torch
from sklearn.neural_network import BernoulliRBM

from nnspec.api import load
from nnspec.metrics import pseudo_likelihood, readout_accuracy
from nnspec.nn.rbm import RBM
from nnspec.train.loop import Hooks, run_plan
from nnspec.train.prepare import prepare

SPEC = Path(__file__).resolve().parents[1] / "specs" / "rbm-digits.yaml"


def fit_nnspec(seed: int) -> tuple[float, RBM, dict]:
    session, plans = prepare(load(SPEC, (f"seed={seed}",)), torch.device("cpu"), smoke=False)
    # The loop as a run drives it, flushing its logs every log_every steps; the records
    # themselves are dropped (scikit-learn's fit writes none either).
    hooks = Hooks(lambda *a: None, lambda *a: None, session.rt.spec.outputs.log_every)
    start = time.perf_counter()
    step = 0
    for plan in plans:
        step = run_plan(session, plan, 0, step, hooks)
    return time.perf_counter() - start, session.rt.network("rbm"), session.rt.splits


def fit_sklearn(x: np.ndarray, seed: int) -> tuple[float, RBM]:
    model = BernoulliRBM(
        n_components=100, learning_rate=0.06, batch_size=10, n_iter=10, random_state=seed
    )
    start = time.perf_counter()
    model.fit(x)
    seconds = time.perf_counter() - start
    rbm = RBM(x.shape[1], 100)
    with torch.no_grad():  # the same parameters, in nnspec's module, to score identically
        rbm.W.copy_(torch.as_tensor(model.components_.T))
        rbm.a.copy_(torch.as_tensor(model.intercept_visible_))
        rbm.b.copy_(torch.as_tensor(model.intercept_hidden_))
    return seconds, rbm


def score(rbm: RBM, splits: dict, seed: int) -> tuple[float, float]:
    (x_train, y_train), (x_test, y_test) = splits["train"], splits["test"]
    flips = torch.randint(
        0, x_test.shape[1], (len(x_test),), generator=torch.Generator().manual_seed(seed)
    )
    with torch.no_grad():
        pl = float(pseudo_likelihood(rbm, x_test, indices=flips).mean())
        accuracy = readout_accuracy(
            rbm.hidden_probs(x_train), y_train, rbm.hidden_probs(x_test), y_test, seed
        )
    return pl, accuracy


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    torch.set_num_threads(1)
    rows = {"nnspec": [], "scikit-learn": []}
    for seed in range(args.repeats):
        ours_seconds, ours, splits = fit_nnspec(seed)
        x_train = splits["train"][0].numpy().astype(np.float64)
        theirs_seconds, theirs = fit_sklearn(x_train, seed)
        rows["nnspec"].append((ours_seconds, *score(ours, splits, seed)))
        rows["scikit-learn"].append((theirs_seconds, *score(theirs, splits, seed)))
    for name, values in rows.items():
        seconds, pl, accuracy = zip(*values, strict=True)
        print(
            f"{name:13s} fit {statistics.median(seconds):.2f} s  "
            f"test pseudo-likelihood {_spread(pl, '.2f')}  "
            f"feature accuracy {_spread(accuracy, '.4f')}"
        )
    ratio = statistics.median(
        a[0] / b[0] for a, b in zip(rows["nnspec"], rows["scikit-learn"], strict=True)
    )
    print(f"time ratio nnspec / scikit-learn: {ratio:.2f}")


def _spread(values: tuple[float, ...], spec: str) -> str:
    """The median, then the range over seeds: "0.9440 (0.9349–0.9455)"."""
    low, high = min(values), max(values)
    return f"{statistics.median(values):{spec}} ({low:{spec}}–{high:{spec}})"


if __name__ == "__main__":
    main()

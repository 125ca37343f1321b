"""The GAN paper's Table 1 on digits: one Parzen-window estimator applied to several models.

Trains specs/gan.yaml (as bundled, and with the paper's generator: no batch norm),
specs/dcgan-digits.yaml, specs/vae-digits.yaml (with the GANs' val split, so every model
sees the same train/val/test rows), specs/dbn-wake-sleep-digits.yaml (the DBN as
pretrained greedily, and after wake-sleep) and specs/stacked-cae-digits.yaml, then fits a
Gaussian Parzen window to 10,000 samples of each model (a DBN's: 200 Gibbs steps at its top
RBM, then down; the stacked CAE's: 100 steps of its contractive chain, then down), and to real
training examples, chooses σ on the val split and reports the mean test log-likelihood ±
standard error. The deep GSN (specs/gsn-digits.yaml) samples by its own chain: 100
steps from noise, x's means at the last.

    python benchmarks/parzen_table.py [--out runs/parzen]
"""

from __future__ import annotations

import argparse
from pathlib import Path

import torch

from nnspec.api import load, run
from nnspec.metrics import mean_and_stderr, parzen_log_likelihood, select_sigma
from nnspec.metrics.impl_generative import SIGMAS
from nnspec.train.checkpoint import load_checkpoint
from nnspec.train.prepare import prepare
from nnspec.train.sampling import draw

SPECS = Path(__file__).resolve().parents[1] / "specs"
PAPER_G = "networks.G.layers=[{linear: 256}, relu, {linear: 256}, relu, {linear: 64}, sigmoid]"
GREEDY = (  # the wake-sleep spec's pretraining alone: the DBN of the paper's Table 1
    "schedule=[{phase: pretrain, layerwise: {stack: dbn, loss: cd, "
    "optimizer: {type: sgd, lr: 0.1, momentum: 0.5}, epochs: 30}}]"
)
MODELS = {  # label: (spec, network, overrides, run directory)
    "GAN, the paper's MLP G (no batch norm), maxout D": ("gan.yaml", "G", (PAPER_G,), "gan-paper"),
    "GAN (specs/gan.yaml: batch-norm MLP G, maxout D)": ("gan.yaml", "G", (), "gan"),
    "DCGAN": ("dcgan-digits.yaml", "G", (), "dcgan"),
    "VAE": ("vae-digits.yaml", "dec", ("data.split.val=0.1",), "vae"),
    "DBN, greedy CD-1 pretraining": ("dbn-wake-sleep-digits.yaml", "dbn", (GREEDY,), "dbn"),
    "DBN after wake-sleep": ("dbn-wake-sleep-digits.yaml", "dbn", (), "dbn-wake-sleep"),
    "Stacked CAE (contractive chain)": ("stacked-cae-digits.yaml", "cae", (), "stacked-cae"),
    "Deep GSN (walkback, 2 hidden layers)": ("gsn-digits.yaml", "gsn", (), "gsn"),
}
SAMPLES = 10_000


def trained_session(spec: str, overrides: tuple[str, ...], out: Path):
    resolved = load(SPECS / spec, overrides)
    run(resolved, out=out, overwrite=True)
    session, _ = prepare(resolved, torch.device("cpu"), smoke=False)
    weights = load_checkpoint(out / "checkpoints" / "last.pt")["networks"]
    for name, module in session.rt.networks.items():
        module.load_state_dict(weights[name])
    return session


def score(samples: torch.Tensor, session) -> tuple[float, float, float]:
    val, test = (session.rt.splits[s][0].flatten(1) for s in ("val", "test"))
    sigma = select_sigma(samples, val, SIGMAS)
    mean, stderr = mean_and_stderr(parzen_log_likelihood(samples, test, sigma))
    return mean, stderr, sigma


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path("runs/parzen"))
    args = parser.parse_args()
    torch.set_num_threads(2)
    rows, session = [], None
    for label, (spec, network, overrides, name) in MODELS.items():
        session = trained_session(spec, overrides, args.out / name)
        samples, _ = draw(session, network, SAMPLES)
        rows.append((label, *score(samples.flatten(1), session)))
    real = session.rt.splits["train"][0].flatten(1)  # the same rows in every run
    rows.append((f"real training data ({len(real)} examples)", *score(real, session)))
    print("| model | test log-likelihood (nats) | σ |\n|---|---|---|")
    for label, mean, stderr, sigma in rows:
        print(f"| {label} | {mean:.1f} ± {stderr:.1f} | {sigma:.3f} |")


if __name__ == "__main__":
    main()

"""Figures of the sequence training modes (issue 16), against their baselines.

    python benchmarks/sequence_training.py bigram RUN_DIR   # char-lm-tbptt: model vs bigram BPC
    python benchmarks/sequence_training.py rtrl-time        # RTRL's step time against BPTT's
    python benchmarks/sequence_training.py ekf              # rnn-adding-ekf: passes to an error

``bigram`` reads the run's held-out cross-entropy (nats per character) and compares it,
in bits per character, with a bigram model fitted on the same training slice and scored
on the same held-out tail: add-α smoothing, α the best of a grid on the held-out tail
itself (the bigram's best case). ``rtrl-time`` times the gradient of one batch of
the adding problem (rnn-adding-rtrl's network) by RTRL and by BPTT, per step.
``ekf`` runs rnn-adding-ekf and the same spec with SGD (momentum 0.9, a grid of rates,
20 passes), evaluating the test MSE after every pass, and prints the passes each needs
to reach each error.
"""

from __future__ import annotations

import json
import math
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "nnspec" / "data" / "corpora" / "sonnets.txt"


def bigram_bpc(train: np.ndarray, test: np.ndarray, alpha: float) -> float:
    counts = np.zeros((256, 256))
    np.add.at(counts, (train[:-1], train[1:]), 1)
    probs = (counts + alpha) / (counts + alpha).sum(axis=1, keepdims=True)
    return float(-np.log2(probs[test[:-1], test[1:]]).mean())


def bigram(run: Path) -> None:
    stream = np.frombuffer(CORPUS.read_bytes(), dtype=np.uint8)
    cut = int(0.9 * len(stream))  # the spec's stop: 0.9 / start: 0.9
    train, test = stream[:cut], stream[cut:]
    best = min((bigram_bpc(train, test, a), a) for a in (0.003, 0.01, 0.03, 0.1, 0.3, 1.0))
    nats = json.loads((run / "summary.json").read_text())["metrics"]["test/loss"]
    print(f"held-out characters: {len(test)}")
    print(f"bigram (add-{best[1]}): {best[0]:.3f} bits/char")
    print(f"model: {nats / math.log(2):.3f} bits/char (test/loss {nats:.4f} nats)")


def rtrl_time(steps: int = 30) -> None:
    import torch
    from torch import nn

    from nnspec.nn.recurrent import Recurrent
    from nnspec.train.rtrl import rtrl_term

    torch.manual_seed(0)
    torch.set_num_threads(1)
    model = nn.Sequential(Recurrent(nn.RNN(2, 16, batch_first=True), "last"), nn.Linear(16, 1))
    x, y = torch.rand(32, 10, 2), torch.rand(32, 1)

    def term(x, y):
        value = (model(x) - y).pow(2).mean()
        return value, {}

    def bptt(x, y):
        term(x, y)[0].backward()

    for name, fn in (("BPTT", bptt), ("RTRL", rtrl_term(term, model[0]))):
        fn(x, y)  # warm-up
        start = time.perf_counter()
        for _ in range(steps):
            model.zero_grad()
            fn(x, y)
        print(f"{name}: {(time.perf_counter() - start) / steps * 1e3:.2f} ms per step")


EKF_SPEC = ROOT / "specs" / "rnn-adding-ekf.yaml"
TARGETS = (0.05, 0.01, 0.005, 0.002)


def curve(out: Path, *sets: str) -> list[float]:
    """Test MSE after each pass (450 updates) of rnn-adding-ekf, with ``--set`` overrides."""
    args = [str(EKF_SPEC), "--out", str(out), "--overwrite=delete"]
    for item in sets:
        args += ["--set", item]
    subprocess.run([sys.executable, "-m", "nnspec", "run", *args], cwd=ROOT, capture_output=True)
    rows = [json.loads(line) for line in (out / "metrics.jsonl").read_text().splitlines()]
    return [r["test/mse"] for r in rows if "test/mse" in r]


def passes(errors: list[float], target: float) -> str:
    return next((str(i + 1) for i, e in enumerate(errors) if e <= target), "not in 20")


def ekf(out: Path = ROOT / "runs" / "ekf-vs-sgd") -> None:
    runs = {"ekf (the spec)": curve(out / "ekf")}
    for lr in (0.01, 0.03, 0.1):
        sgd = f"schedule[0].train.optimizer={{type: sgd, lr: {lr}, momentum: 0.9}}"
        runs[f"sgd lr {lr}"] = curve(out / f"sgd-{lr}", sgd, "schedule[0].epochs=20")
    print("| optimizer | " + " | ".join(f"passes to {t}" for t in TARGETS) + " | best |")
    print("|---|" + "---|" * (len(TARGETS) + 1))
    for name, errors in runs.items():
        cells = " | ".join(passes(errors, t) for t in TARGETS)
        best = f"{min(errors):.4g}" if errors else "diverged"
        print(f"| {name} | {cells} | {best} |")


if __name__ == "__main__":
    if sys.argv[1:2] == ["bigram"]:
        bigram(Path(sys.argv[2]))
    elif sys.argv[1:2] == ["ekf"]:
        ekf()
    else:
        rtrl_time()

"""Figures of the sequence training modes (issue 16), against their baselines.

    python benchmarks/sequence_training.py bigram RUN_DIR   # char-lm-tbptt: model vs bigram BPC
    python benchmarks/sequence_training.py rtrl-time        # RTRL's step time against BPTT's

``bigram`` reads the run's held-out cross-entropy (nats per character) and compares it,
in bits per character, with a bigram model fitted on the same training slice and scored
on the same held-out tail: add-α smoothing, α the best of a grid on the held-out tail
itself (the bigram's best case). ``rtrl-time`` times the gradient of one batch of
the adding problem (rnn-adding-rtrl's network) by RTRL and by BPTT, per step.
"""

from __future__ import annotations

import json
import math
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


if __name__ == "__main__":
    if sys.argv[1:2] == ["bigram"]:
        bigram(Path(sys.argv[2]))
    else:
        rtrl_time()

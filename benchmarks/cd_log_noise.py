"""How much noisier rbm-digits' logged ``train/cd`` is as one step's gap than as a 50-step mean.

cd computes its free-energy gap only on the steps the loop logs, so ``train/cd`` is that
step's gap. This runs specs/rbm-digits.yaml with ``outputs.log_every=1`` (every step's
gap logged) and prints, over the second half of training, the standard deviation of one
step's gap and that of means of 50 consecutive steps (what ``log_every: 50`` logged before).

    OMP_NUM_THREADS=1 python benchmarks/cd_log_noise.py
"""

from __future__ import annotations

import json
import statistics
import tempfile
from pathlib import Path

import torch

from nnspec.api import load, run

SPEC = Path(__file__).resolve().parents[1] / "specs" / "rbm-digits.yaml"
WINDOW = 50


def main() -> None:
    torch.set_num_threads(1)
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "run"
        run(load(SPEC, ("outputs.log_every=1", "outputs.plots=false")), out=out)
        records = [json.loads(line) for line in (out / "metrics.jsonl").read_text().splitlines()]
    gaps = [r["train/cd"] for r in records if "train/cd" in r]
    late = gaps[len(gaps) // 2 :]
    means = [
        statistics.fmean(late[i : i + WINDOW]) for i in range(0, len(late) - WINDOW + 1, WINDOW)
    ]
    print(
        f"{len(gaps)} steps; second half: one step's gap sd {statistics.stdev(late):.3f} "
        f"(mean {statistics.fmean(late):.3f}); {WINDOW}-step means sd "
        f"{statistics.stdev(means):.3f} ({len(means)} windows)"
    )


if __name__ == "__main__":
    main()

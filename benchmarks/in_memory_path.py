"""The in-memory fast path: CPU time of load_data on mlp-digits and of one BatchStream batch.

Run it alternately in two checkouts to compare them (the machine's load varies):

    OMP_NUM_THREADS=1 python benchmarks/in_memory_path.py

Prints the seconds of one load_data (mean of 5) and the microseconds of one batch.
"""

from __future__ import annotations

import time
from pathlib import Path

import torch

from nnspec.api import load
from nnspec.data import load_data
from nnspec.data.batches import BatchStream

SPEC = Path(__file__).resolve().parents[1] / "specs" / "mlp-digits.yaml"


def main() -> None:
    spec = load(SPEC).typed
    t = time.process_time()
    for _ in range(5):
        arrays = load_data(spec.data, spec.seed, SPEC.parent)
    load_s = (time.process_time() - t) / 5
    x, y = (torch.from_numpy(arrays["train"][k]) for k in ("x", "y"))
    stream = BatchStream(x, y, spec.data.batch_size, True, False, spec.seed)
    t = time.process_time()
    for _ in range(50 * len(stream)):
        stream.next_batch()
    print(f"{load_s:.4f} {(time.process_time() - t) / (50 * len(stream)) * 1e6:.2f}")


if __name__ == "__main__":
    main()

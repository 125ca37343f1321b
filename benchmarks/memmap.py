"""Streamed data: one epoch's wall time and peak resident memory against the number of rows.

Generates a 2,000,000 × 784 uint8 .npy file (about 1.5 GB, as MNIST-sized pixels) and
labels in a temporary folder, plus files of its first 10^4, 10^5 and 10^6 rows, and
trains a linear classifier for one epoch on each with ``data.stream: true`` (a
DataLoader with ``--workers`` worker processes reads the shuffled batches from the
memory-mapped file). Each size runs in a fresh process, which reports:

- ``epoch``: one epoch's wall time, from the first batch asked for to the last, times
  n / (n − 1) for n batches (each interval is one batch read and one step);
- ``cpu``: the run process's CPU time over the same span (user + system, its own
  threads; with ``--workers 0`` that includes reading the rows), which the other jobs
  of a shared machine disturb far less than the wall time;
- ``seconds``: the wall time of ``nnspec.api.run`` (the data's index and one row read,
  the network built, one epoch, the checkpoint written; imports excluded);
- ``rss_mb``: the peak resident memory of the run process (VmHWM of /proc/self/status);
- ``worker_rss_mb``: the largest peak of its worker processes (RUSAGE_CHILDREN).

    python benchmarks/memmap.py [--rows 10000 100000 1000000 2000000] [--workers 2]
                                [--batch 1000] [--dir /tmp] [--fit]

``--fit`` standardizes the pixels (per feature) instead of scaling them by a fixed range,
so each run also takes the streaming pass that fits the mean and deviation (it is in
the whole run's time, not in the epoch's).

The generated files are deleted afterwards. Prints each size's epoch time in seconds
per million rows (constant when the time is linear in rows); ends with ``peak rss: N MB``.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path

import numpy as np

FEATURES = 784
CHUNK = 100_000
SPEC = """\
nnspec: 2
name: memmap-{rows}
seed: 0
data:
  dataset: {{npy: {{path: x.npy, labels: y.npy, classes: 10}}}}
  transforms: [{transform}]
  batch_size: {batch}
  stream: true
  workers: {workers}
networks:
  linear:
    layers: [{{linear: 10}}]
losses:
  xent: {{type: cross_entropy, model: linear}}
schedule:
  - train: {{loss: xent, optimizer: {{type: sgd, lr: 0.01}}}}
    epochs: 1
outputs:
  plots: false
"""
CHILD = textwrap.dedent(
    """
    import json, resource, sys, time
    from nnspec.api import load, run
    from nnspec.data.streamed import StreamedBatches
    served = []
    original = StreamedBatches.next_batch
    def timed(self):
        served.append((time.perf_counter(), time.process_time()))
        return original(self)
    StreamedBatches.next_batch = timed
    spec = load(sys.argv[1])
    start = time.perf_counter()
    run(spec, out=sys.argv[2])
    seconds = time.perf_counter() - start
    # n batches: n - 1 intervals between the first and the last request, each one batch
    # read and one step; the epoch is n of them.
    scale = len(served) / (len(served) - 1)
    epoch = (served[-1][0] - served[0][0]) * scale
    cpu = (served[-1][1] - served[0][1]) * scale
    # VmHWM, not RUSAGE_SELF: ru_maxrss survives exec, so it would report the peak of
    # the benchmark process that generated the file and started this one.
    status = open("/proc/self/status").read().split("VmHWM:")[1]
    self = int(status.split()[0]) / 1024
    workers = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    out = {"seconds": seconds, "epoch": epoch, "cpu": cpu, "batches": len(served)}
    print(json.dumps(out | {"rss_mb": self, "worker_rss_mb": workers}))
    """
)


def generate(folder: Path, rows: int) -> None:
    """x.npy: uniform uint8 pixels; y.npy: a label each x determines (its first pixel mod 10)."""
    rng = np.random.default_rng(0)
    x = np.lib.format.open_memmap(folder / "x.npy", "w+", np.uint8, (rows, FEATURES))
    y = np.empty(rows, np.int64)
    for start in range(0, rows, CHUNK):
        chunk = rng.integers(0, 256, (min(CHUNK, rows - start), FEATURES), np.uint8)
        x[start : start + len(chunk)] = chunk
        y[start : start + len(chunk)] = chunk[:, 0] % 10
    x.flush()
    del x
    np.save(folder / "y.npy", y)


def head(source: Path, folder: Path, rows: int) -> None:
    """A set of the first ``rows`` rows of the generated one."""
    x = np.load(source / "x.npy", mmap_mode="r")
    out = np.lib.format.open_memmap(folder / "x.npy", "w+", np.uint8, (rows, FEATURES))
    for start in range(0, rows, CHUNK):
        out[start : start + CHUNK] = x[start : min(start + CHUNK, rows)]
    out.flush()
    del out
    np.save(folder / "y.npy", np.load(source / "y.npy")[:rows])


def measure(folder: Path, rows: int, args: argparse.Namespace) -> dict:
    spec = folder / "spec.yaml"
    transform = "{standardize: {}}" if args.fit else "{scale: {from: [0, 255]}}"
    spec.write_text(
        SPEC.format(rows=rows, batch=args.batch, workers=args.workers, transform=transform)
    )
    child = [sys.executable, "-c", CHILD, str(spec), str(folder / "run")]
    done = subprocess.run(child, capture_output=True, text=True, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, nargs="+", default=[10**4, 10**5, 10**6, 2 * 10**6])
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--batch", type=int, default=1000)
    parser.add_argument("--dir", default=tempfile.gettempdir())
    parser.add_argument(
        "--fit", action="store_true", help="standardize (a fitting pass) instead of a fixed scale"
    )
    args = parser.parse_args()
    largest = max(args.rows)
    need = 2 * largest * FEATURES
    free = shutil.disk_usage(args.dir).free
    if free < need:
        sys.exit(f"{args.dir} has {free / 2**30:.1f} GiB free; the files need {need / 2**30:.1f}")
    root = Path(tempfile.mkdtemp(prefix="nnspec-memmap-", dir=args.dir))
    try:
        run_all(root, largest, args)
    finally:
        shutil.rmtree(root)


def run_all(root: Path, largest: int, args: argparse.Namespace) -> None:
    full = root / f"n{largest}"
    full.mkdir()
    generate(full, largest)
    print(f"generated {largest} x {FEATURES} uint8 ({largest * FEATURES / 1e9:.2f} GB)")
    peak = 0.0
    for rows in sorted(args.rows):
        folder = full if rows == largest else root / f"n{rows}"
        if rows != largest:
            folder.mkdir()
            head(full, folder, rows)
        got = measure(folder, rows, args)
        peak = max(peak, got["rss_mb"], got["worker_rss_mb"])
        print(
            f"rows {rows:>9}: epoch {got['epoch']:7.2f} s ({got['batches']} batches), "
            f"{got['epoch'] / rows * 1e6:6.2f} s per million rows; CPU {got['cpu']:7.2f} s "
            f"({got['cpu'] / rows * 1e6:6.2f} s per million rows); whole run "
            f"{got['seconds']:6.2f} s; peak rss {got['rss_mb']:.0f} MB "
            f"(workers {got['worker_rss_mb']:.0f} MB)"
        )
        if rows != largest:
            shutil.rmtree(folder)
    print(f"peak rss: {peak:.0f} MB")


if __name__ == "__main__":
    main()

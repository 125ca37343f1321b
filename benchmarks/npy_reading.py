"""Reading random batches of rows from a large .npy: ``os.pread`` against a memory map.

Generates a 1,000,000 × 784 uint8 .npy file (784 MB) in ``--dir`` (deleted afterwards),
then, each in a fresh process, reads ``--batches`` batches of 1000 rows (sorted, from
one seeded permutation, as an epoch's batches are) in one of four ways:

- ``pread``: nnspec's reader (``nnspec.data.mapped.read_rows``);
- ``mmap``: ``np.load(mmap_mode="r")`` and fancy indexing;
- ``mmap-random``: the same after ``madvise(MADV_RANDOM)`` (no read-ahead);
- ``mmap-drop``: the same, with ``madvise(MADV_DONTNEED)`` after each batch, which unmaps
  the pages the batch touched (the page cache keeps them).

Each prints milliseconds per batch (wall and CPU) and its resident memory after the
batches: VmHWM (peak), VmRSS, and VmRSS's two parts, RssAnon (the process's own memory)
and RssFile (file pages mapped into it, which the kernel can reclaim).

    python benchmarks/npy_reading.py [--batches 200] [--dir /tmp]
"""

from __future__ import annotations

import argparse
import mmap
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROWS, FEATURES, BATCH = 1_000_000, 784, 1000
WAYS = ("pread", "mmap", "mmap-random", "mmap-drop")
KINDS = ("VmHWM", "VmRSS", "RssAnon", "RssFile")  # lines of /proc/self/status, in kB


def memory() -> str:
    text = Path("/proc/self/status").read_text()
    sizes = {k: int(re.search(k + r":\s+(\d+)", text).group(1)) // 1024 for k in KINDS}
    return ", ".join(f"{k} {mb} MB" for k, mb in sizes.items())


def reader(way: str, folder: Path):
    """A function from sorted row numbers to float32 rows, read ``way``."""
    if way == "pread":
        from nnspec.data.mapped import read_rows
        from nnspec.registry.shards import npy_shards

        shard = npy_shards(folder, "x.npy", "path")[0]
        return lambda rows: read_rows(shard, rows).astype(np.float32)
    mapped = np.load(folder / "x.npy", mmap_mode="r")
    if way == "mmap-random":
        mapped._mmap.madvise(mmap.MADV_RANDOM)

    def read(rows: np.ndarray) -> np.ndarray:
        out = np.asarray(mapped[rows], np.float32)
        if way == "mmap-drop":
            mapped._mmap.madvise(mmap.MADV_DONTNEED)
        return out

    return read


def one_way(way: str, folder: Path, batches: int) -> None:
    """Runs in its own process: times ``batches`` batches read ``way``; prints one line."""
    read, order = reader(way, folder), np.random.default_rng(1).permutation(ROWS)
    wall, cpu = time.perf_counter(), time.process_time()
    for b in range(batches):
        read(np.sort(order[b * BATCH : (b + 1) * BATCH]))
    wall, cpu = (time.perf_counter() - wall) / batches, (time.process_time() - cpu) / batches
    print(f"{way:12s} {wall * 1e3:6.2f} ms/batch wall, {cpu * 1e3:5.2f} ms CPU; {memory()}")


def generate(folder: Path) -> None:
    x = np.lib.format.open_memmap(folder / "x.npy", "w+", np.uint8, (ROWS, FEATURES))
    rng = np.random.default_rng(0)
    for start in range(0, ROWS, 100_000):
        x[start : start + 100_000] = rng.integers(0, 256, (100_000, FEATURES), np.uint8)
    x.flush()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--batches", type=int, default=200)
    parser.add_argument("--dir", type=Path, default=Path(tempfile.gettempdir()))
    parser.add_argument("--way", choices=WAYS, help=argparse.SUPPRESS)  # one child's work
    parser.add_argument("--folder", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.way:
        one_way(args.way, args.folder, args.batches)
        return
    folder = Path(tempfile.mkdtemp(dir=args.dir))
    try:
        generate(folder)
        for way in WAYS:
            cmd = [sys.executable, __file__, "--way", way, "--folder", str(folder)]
            subprocess.run([*cmd, "--batches", str(args.batches)], check=True)
    finally:
        shutil.rmtree(folder)


if __name__ == "__main__":
    main()

"""Validation and diff time against spec size: 10, 100, 1,000 and 5,000 layers.

    python benchmarks/validate_scaling.py [--sizes 10 100 1000 5000] [--runs 3]

Each spec is an MLP of N layers (linear and relu alternating, 32 units); its twin differs
in one layer's width in the middle, so ``diff`` has one change whose shapes and parameter
counts it must work out. Both commands run as fresh processes (medians of ``--runs``); the
time past the start-up of a 10-layer spec, per layer, shows whether the growth is linear.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
HEAD = """\
nnspec: 2
data: {dataset: digits}
networks:
  mlp:
    layers:
"""
TAIL = """\
losses:
  xent: {type: cross_entropy, model: mlp}
schedule:
  - train: {loss: xent, optimizer: {type: adam}}
    steps: 1
"""


def spec(layers: int, changed: bool) -> str:
    rows = []
    for i in range(layers - 1):
        width = 48 if changed and i == 2 * (layers // 4) else 32  # a linear layer mid-way
        rows.append(f"      - {{linear: {width}}}" if i % 2 == 0 else "      - relu")
    return HEAD + "\n".join([*rows, "      - {linear: 10}"]) + "\n" + TAIL


def seconds(args: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "nnspec", *args], cwd=ROOT, capture_output=True)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", nargs="+", type=int, default=[10, 100, 1000, 5000])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    rows = {}
    with tempfile.TemporaryDirectory() as tmp:
        for n in args.sizes:
            a, b = Path(tmp) / f"a{n}.yaml", Path(tmp) / f"b{n}.yaml"
            a.write_text(spec(n, False))
            b.write_text(spec(n, True))
            validate = statistics.median(seconds(["validate", str(a)]) for _ in range(args.runs))
            diff = statistics.median(seconds(["diff", str(a), str(b)]) for _ in range(args.runs))
            rows[n] = (validate, diff)
    base = rows[min(rows)]
    print("layers  validate s  diff s  validate ms/layer past start-up  diff ms/layer")
    for n, (v, d) in rows.items():
        extra = n - min(rows) or 1
        print(f"{n:6d}  {v:10.3f}  {d:6.3f}  {1000 * (v - base[0]) / extra:31.3f}  "
              f"{1000 * (d - base[1]) / extra:13.3f}")  # fmt: skip


if __name__ == "__main__":
    main()

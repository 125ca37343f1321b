"""One process against two (torchrun, gloo on CPU): wall time, training time and quality.

    python benchmarks/data_parallel.py [--specs mlp-digits gan-ring] [--rounds 1] [--threads 1]

Each round runs ``nnspec run SPEC`` as one process and as ``torchrun --nproc_per_node=2``,
alternating which goes first, each process with ``--threads`` intra-op threads (run.threads
and OMP_NUM_THREADS). The global batch is the spec's in both, so the two runs see the same
examples per step. Prints the command's wall time, summary.json's training time and its
metrics for each, and the speed-up of two processes.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def run(spec: str, processes: int, threads: int, out: Path) -> tuple[float, dict]:
    """Wall seconds of the command, and its summary.json."""
    args = ["run", str(ROOT / "specs" / f"{spec}.yaml"), "--out", str(out)]
    args += ["--set", f"run.threads={threads}", "--device", "cpu"]
    launcher = [sys.executable, "-m", "nnspec"]
    if processes > 1:
        launcher = [sys.executable, "-m", "torch.distributed.run", "--standalone"]
        launcher += [f"--nproc_per_node={processes}", "-m", "nnspec"]
    env = {**os.environ, "OMP_NUM_THREADS": str(threads)}
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))
    start = time.perf_counter()
    subprocess.run([*launcher, *args], env=env, check=True, capture_output=True)
    return time.perf_counter() - start, json.loads((out / "summary.json").read_text())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--specs", nargs="+", default=["mlp-digits", "gan-ring"])
    parser.add_argument("--rounds", type=int, default=1)
    parser.add_argument("--threads", type=int, default=1)
    args = parser.parse_args()
    for spec in args.specs:
        for index in range(args.rounds):
            order = (1, 2) if index % 2 == 0 else (2, 1)
            with tempfile.TemporaryDirectory() as tmp:
                done = {n: run(spec, n, args.threads, Path(tmp) / str(n)) for n in order}
            for n in (1, 2):
                wall, summary = done[n]
                metrics = {k: round(v, 4) for k, v in summary["metrics"].items()}
                print(f"{spec} {n} process(es): wall {wall:.1f} s, training "
                      f"{summary['seconds']:.1f} s, {metrics}", flush=True)  # fmt: skip
            speedup = done[1][1]["seconds"] / done[2][1]["seconds"]
            print(f"{spec} round {index + 1}: two processes train {speedup:.2f}x as fast "
                  f"(wall {done[1][0] / done[2][0]:.2f}x)", flush=True)  # fmt: skip


if __name__ == "__main__":
    main()

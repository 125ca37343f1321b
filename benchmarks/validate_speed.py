"""How fast ``nnspec validate`` answers, as a fraction of the time ``import torch`` takes.

Both are timed as fresh subprocesses (what a user waits for at the prompt), in
alternating order so drift in machine load hits both alike; the medians and
their ratio are printed. Run from anywhere: ``python benchmarks/validate_speed.py``.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def validate_command(spec: Path) -> list[str]:
    """The installed ``nnspec`` script, or ``python -m nnspec`` where it is not on PATH."""
    script = shutil.which("nnspec")
    prefix = [script] if script else [sys.executable, "-m", "nnspec"]
    return [*prefix, "validate", str(spec)]


def wall_time(command: list[str]) -> float:
    """Seconds one run of ``command`` takes; it must succeed."""
    start = time.perf_counter()
    subprocess.run(command, cwd=ROOT, check=True, capture_output=True)
    return time.perf_counter() - start


def measure(spec: Path, runs: int) -> tuple[float, float]:
    """Median wall times of validate and of ``import torch``, alternating, after a warm-up."""
    validate, torch = validate_command(spec), [sys.executable, "-c", "import torch"]
    wall_time(validate), wall_time(torch)  # warm the file cache for both
    times: dict[str, list[float]] = {"validate": [], "torch": []}
    for _ in range(runs):
        times["validate"].append(wall_time(validate))
        times["torch"].append(wall_time(torch))
    return statistics.median(times["validate"]), statistics.median(times["torch"])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--spec", type=Path, default=ROOT / "specs" / "gan.yaml")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    validate, torch = measure(args.spec, args.runs)
    print(f"nnspec validate {args.spec.name}: median {validate:.3f} s over {args.runs} runs")
    print(f"python -c 'import torch':   median {torch:.3f} s over {args.runs} runs")
    print(f"ratio validate / import torch: {validate / torch:.3f}")


if __name__ == "__main__":
    main()

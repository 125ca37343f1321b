"""How fast ``nnspec validate`` answers, as a fraction of the time ``import torch`` takes.

Both are timed as fresh subprocesses (what a user waits for at the prompt), in
alternating order so drift in machine load hits both alike; the medians and
their ratio are printed. Run from anywhere: ``python benchmarks/validate_speed.py``.

Two settings are measured, since they differ by a third:

- **as installed** (the figure compared to the 0.10 target): Python's bytecode cache in
  use for both sides, as after ``pip install`` (which compiles nnspec's modules, as
  torch's wheel was). Both commands run with ``PYTHONPYCACHEPREFIX`` set to one
  temporary folder, filled by a first, untimed run of each, so nothing is written
  into the source tree and torch's side is cached alike.
- **no bytecode for nnspec**: this checkout as it is, where nnspec's modules are compiled
  from source on every run (an editable install with ``PYTHONDONTWRITEBYTECODE=1``, as in
  this project's environment) and torch's come precompiled. Reported only where nnspec
  has no ``__pycache__`` of its own (else it would measure the cache again).

``--setting installed`` or ``--setting source`` measures one of them.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def validate_command(spec: Path) -> list[str]:
    """The installed ``nnspec`` script, or ``python -m nnspec`` where it is not on PATH."""
    script = shutil.which("nnspec")
    prefix = [script] if script else [sys.executable, "-m", "nnspec"]
    return [*prefix, "validate", str(spec)]


def wall_time(command: list[str], env: dict[str, str]) -> float:
    """Seconds one run of ``command`` takes; it must succeed."""
    start = time.perf_counter()
    subprocess.run(command, cwd=ROOT, check=True, capture_output=True, env=env)
    return time.perf_counter() - start


def measure(spec: Path, runs: int, env: dict[str, str]) -> tuple[float, float]:
    """Median wall times of validate and of ``import torch``, alternating, after a warm-up."""
    validate, torch = validate_command(spec), [sys.executable, "-c", "import torch"]
    wall_time(validate, env), wall_time(torch, env)  # the file cache (and bytecode cache)
    times: dict[str, list[float]] = {"validate": [], "torch": []}
    for _ in range(runs):
        times["validate"].append(wall_time(validate, env))
        times["torch"].append(wall_time(torch, env))
    return statistics.median(times["validate"]), statistics.median(times["torch"])


def report(label: str, spec: Path, runs: int, times: tuple[float, float]) -> float:
    validate, torch = times
    print(f"{label}:")
    print(f"  nnspec validate {spec.name}: median {validate:.3f} s over {runs} runs")
    print(f"  python -c 'import torch':   median {torch:.3f} s over {runs} runs")
    print(f"  ratio validate / import torch: {validate / torch:.3f}")
    return validate / torch


def has_own_bytecode() -> bool:
    return any((ROOT / "nnspec").rglob("__pycache__"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--spec", type=Path, default=ROOT / "specs" / "gan.yaml")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--setting", choices=["both", "installed", "source"], default="both")
    args = parser.parse_args()
    if args.setting != "installed":
        if has_own_bytecode():
            print("no bytecode for nnspec: not measured, nnspec/ has __pycache__ folders")
        else:
            env = os.environ | {"PYTHONDONTWRITEBYTECODE": "1"}
            times = measure(args.spec, args.runs, env)
            report("no bytecode for nnspec (this checkout as it is)", args.spec, args.runs, times)
    if args.setting != "source":
        with tempfile.TemporaryDirectory() as cache:
            env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
            times = measure(args.spec, args.runs, env | {"PYTHONPYCACHEPREFIX": cache})
        ratio = report("as installed (bytecode cached for both)", args.spec, args.runs, times)
        print(f"validate ratio (as installed): {ratio:.3f}")


if __name__ == "__main__":
    main()

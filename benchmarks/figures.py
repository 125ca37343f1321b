"""Run bundled specs at full length and print their final metrics as a markdown table.

    python benchmarks/figures.py [SPEC ...] [--out runs/figures]

Without arguments it runs every spec in specs/ (about 15 minutes on 2 CPU cores).
The table is what docs/benchmarks.md records.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def run(spec: Path, out: Path) -> dict:
    target = out / spec.relative_to(ROOT / "specs").with_suffix("")
    subprocess.run(
        [sys.executable, "-m", "nnspec", "run", str(spec), "--out", str(target), "--overwrite"],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        check=False,
    )
    return json.loads((target / "summary.json").read_text())


def cell(summary: dict) -> str:
    metrics = ", ".join(f"{k} {v:.4g}" for k, v in summary["metrics"].items())
    return f"{metrics or '—'} | {summary['seconds']:.0f} s | {summary['status']}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("specs", nargs="*", type=Path)
    parser.add_argument("--out", type=Path, default=ROOT / "runs" / "figures")
    args = parser.parse_args()
    specs = [p.resolve() for p in args.specs] or sorted((ROOT / "specs").rglob("*.yaml"))
    print("| spec | final metrics | time | status |\n|---|---|---|---|")
    for spec in specs:
        name = spec.relative_to(ROOT).as_posix()
        print(f"| {name} | {cell(run(spec, args.out))} |", flush=True)


if __name__ == "__main__":
    main()

"""Every bundled spec runs end to end in smoke mode and leaves a complete run directory.

The full-length runs that reach each spec's documented figure are benchmarks
(docs/benchmarks.md), not tests: they take minutes each.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import torch

from nnspec.api import load, run

SPECS = Path(__file__).resolve().parents[1] / "specs"
BUNDLED = sorted(p.relative_to(SPECS).as_posix() for p in SPECS.rglob("*.yaml"))


@pytest.mark.parametrize("name", BUNDLED)
def test_bundled_spec_runs_in_smoke_mode(name: str, tmp_path: Path) -> None:
    torch.set_num_threads(1)
    out = tmp_path / "run"
    summary = run(load(SPECS / name), out=out, smoke=True)
    assert summary["status"] == "completed"
    assert json.loads((out / "summary.json").read_text())["status"] == "completed"
    assert (out / "spec.yaml").is_file() and (out / "metrics.jsonl").is_file()
    assert (out / "checkpoints" / "last.pt").is_file()
    for value in summary["metrics"].values():
        assert value == value, f"a metric is NaN: {summary['metrics']}"  # NaN != NaN

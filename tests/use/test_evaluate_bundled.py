"""nnspec evaluate on a bundled spec's smoke run reproduces summary.json's metrics exactly.

The run records that it was a smoke run (run_state.json), so evaluation caps its
samples the same way, and sampling metrics draw from the same evaluation generator.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import torch

from nnspec.api import load, run
from nnspec.use.evaluate import evaluate_run
from nnspec.use.load_run import load_run

SPECS = Path(__file__).resolve().parents[2] / "specs"
BUNDLED = sorted(p.relative_to(SPECS).as_posix() for p in SPECS.rglob("*.yaml"))
FAST = ("xor.yaml", "vae-digits.yaml", "gan-ring.yaml", "rbm-digits.yaml")


def reproduces(name: str, out: Path) -> None:
    torch.set_num_threads(1)
    summary = run(load(SPECS / name), out=out, smoke=True)
    assert json.loads((out / "run_state.json").read_text())["smoke"] is True
    again = evaluate_run(load_run(out, full=True))
    assert again == summary["metrics"]
    assert again == json.loads((out / "summary.json").read_text())["metrics"]


@pytest.mark.parametrize("name", FAST)
def test_evaluate_reproduces_summary(name: str, tmp_path: Path) -> None:
    reproduces(name, tmp_path / "run")


@pytest.mark.slow
@pytest.mark.parametrize("name", [n for n in BUNDLED if n not in FAST])
def test_evaluate_reproduces_summary_of_every_bundled_spec(name: str, tmp_path: Path) -> None:
    reproduces(name, tmp_path / "run")

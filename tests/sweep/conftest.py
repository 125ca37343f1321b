"""A base spec (mlp-digits, shortened) and a sweep file over it, written in a fresh cwd."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
BASE = (ROOT / "specs" / "mlp-digits.yaml").read_text().replace("epochs: 60", "epochs: 2")

SWEEP = """\
nnspec: 2
extends: base.yaml
sweep:
  metric: val/accuracy
  direction: maximize
  trials: 3
  params:
    schedule[0].train.optimizer.lr: {log_uniform: [1.0e-4, 1.0e-2]}
    networks.mlp.sequential.layers[0].linear.out: {int: {low: 64, high: 256, step: 64}}
"""


@pytest.fixture
def write_sweep(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Callable[..., Path]:
    """``write_sweep(text=SWEEP, base=BASE)``: base.yaml and sweep.yaml in a fresh cwd."""
    monkeypatch.chdir(tmp_path)

    def write(text: str = SWEEP, base: str = BASE) -> Path:
        Path("base.yaml").write_text(base)
        Path("sweep.yaml").write_text(text)
        return Path("sweep.yaml")

    return write

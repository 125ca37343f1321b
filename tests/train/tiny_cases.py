"""A tiny spec that runs in well under a second (the fault-injection tests run it many times)."""

from __future__ import annotations

from pathlib import Path

# No version line: the spec reads the same in every language version.
XOR = """\
seed: 0
data: {dataset: xor}
networks: {mlp: {layers: [{linear: 4}, relu, {linear: 2}]}}
losses: {xent: {type: cross_entropy, model: mlp}}
schedule:
  - train: {loss: xent, optimizer: {type: sgd, lr: 0.1}}
    steps: 4
outputs: {plots: false, checkpoints: {every: 2}}
"""


def write_xor(folder: Path, text: str = XOR) -> Path:
    path = folder / "xor.yaml"
    path.write_text(text)
    return path


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` with its bytes: what "left unchanged" is checked against."""
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}

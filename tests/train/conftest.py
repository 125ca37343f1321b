"""Fixtures for runs: tiny specs written to tmp_path, and a runner of them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import torch

from nnspec.api import load, run
from tests.train.tiny_cases import write_xor

TINY_MLP = """\
nnspec: 2
name: tiny
seed: 3
data:
  dataset: digits
  split: {test: 0.2}
  transforms: [{scale: {from: [0, 16], to: [0, 1]}}]
  batch_size: 32
networks:
  mlp: {layers: [{linear: 32}, relu, {dropout: 0.1}, {linear: 10}]}
losses:
  xent: {type: cross_entropy, model: mlp}
optimizers:
  opt: {type: momentum, params: [mlp], lr: 0.05, schedule: {cosine: {warmup: 5}}}
schedule:
  - train: {loss: xent, optimizer: opt}
    steps: 60
evaluate: {every: 20, metrics: [accuracy, loss]}
outputs: {log_every: 10, plots: false, checkpoints: {watch: test/accuracy}}
"""


@pytest.fixture(autouse=True)
def _one_thread() -> None:
    torch.set_num_threads(1)


@pytest.fixture
def tiny_spec(tmp_path: Path) -> Path:
    path = tmp_path / "tiny.yaml"
    path.write_text(TINY_MLP)
    return path


class Runs:
    """Runs specs into directories and reads back what they wrote."""

    @staticmethod
    def run(path: Path, out: Path, overrides: tuple[str, ...] = (), **kwargs) -> dict:
        return run(load(path, overrides), out=out, **kwargs)

    @staticmethod
    def weights(out: Path) -> dict:
        return torch.load(out / "checkpoints" / "last.pt", weights_only=True)["networks"]

    @staticmethod
    def summary(out: Path) -> dict:
        return json.loads((out / "summary.json").read_text())

    @staticmethod
    def records(out: Path) -> list[dict]:
        lines = (out / "metrics.jsonl").read_text().splitlines()
        return [json.loads(line) for line in lines]


@pytest.fixture
def runs() -> Runs:
    return Runs()


@pytest.fixture
def xor(tmp_path: Path) -> Path:
    """The tiny XOR spec of ``tiny_cases``, written to tmp_path."""
    return write_xor(tmp_path)

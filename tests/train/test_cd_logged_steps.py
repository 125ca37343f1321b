"""cd computes its value only on the steps the loop logs or checks: the run is unchanged.

The free-energy gap is cd's loss but not its update, so the loop asks for it only on
logged steps and before a checkpoint or an evaluation (``rt.detail``). A resumed run must
still match an uninterrupted one bit for bit (weights and metrics), every logged step
must carry the loss, and
a non-finite gap must still stop the run before anything non-finite is saved.
"""

from __future__ import annotations

import math
from pathlib import Path

import pytest
import torch

from nnspec.errors import NnspecError
from tests.train.test_resume import _stop_at

TINY_RBM = """\
nnspec: 2
name: tiny-rbm
seed: 5
data:
  dataset: {digits: {}}
  transforms: [{minmax: {fit: all}}]
  split: {test: 0.2}
  batch_size: 10
networks:
  rbm: {rbm: {visible: 64, hidden: 16}}
losses:
  cd: {type: cd, model: rbm, k: 1, persistent: true}
schedule:
  - train: {loss: cd, optimizer: {type: sgd, lr: 0.06}}
    steps: 70
evaluate: {every: 35, metrics: [pseudo_likelihood]}
outputs: {log_every: 10, plots: false}
"""


@pytest.fixture
def rbm_spec(tmp_path: Path) -> Path:
    path = tmp_path / "rbm.yaml"
    path.write_text(TINY_RBM)
    return path


@pytest.mark.parametrize("stop_step", [13, 35])
def test_a_resumed_pcd_run_is_bit_identical(rbm_spec, tmp_path, runs, monkeypatch, stop_step):
    whole = runs.run(rbm_spec, tmp_path / "whole")
    with monkeypatch.context() as patch:
        _stop_at(patch, stop_step)
        runs.run(rbm_spec, tmp_path / "cut")
    resumed = runs.run(rbm_spec, None, resume=tmp_path / "cut")
    assert resumed["metrics"] == whole["metrics"]
    for key, value in runs.weights(tmp_path / "whole")["rbm"].items():
        assert torch.equal(value, runs.weights(tmp_path / "cut")["rbm"][key]), key


def test_every_logged_step_carries_the_gap(rbm_spec, tmp_path, runs):
    runs.run(rbm_spec, tmp_path / "run")
    logged = [r for r in runs.records(tmp_path / "run") if "train/cd" in r]
    assert [r["step"] for r in logged] == [10, 20, 30, 40, 50, 60, 70]
    assert all(math.isfinite(r["train/cd"]) for r in logged)
    assert all(r["train/cd"] == r["train/cd/free_energy_gap"] for r in logged)


def test_a_gap_that_turns_nan_stops_the_run_at_a_logged_step(rbm_spec, tmp_path, runs):
    with pytest.raises(NnspecError) as caught:
        runs.run(rbm_spec, tmp_path / "run", ("schedule[0].train.optimizer.lr=1.0e+38",))
    assert "loss term 'cd' became NaN or infinite at step 10 of phase" in str(caught.value)

"""Faults: NaN losses, signals, and what they leave behind."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import torch

from nnspec.errors import RunError

EXPLODING = """\
nnspec: 2
seed: 0
data: {dataset: digits, split: {test: 0.2}, batch_size: 32}
networks: {mlp: {layers: [{linear: 32}, relu, {linear: 10}]}}
losses: {xent: {type: cross_entropy, model: mlp}}
schedule:
  - phase: warm
    train: {loss: xent, optimizer: {type: sgd, lr: 1.0e-3}}
    steps: 20
  - phase: boom
    train: {loss: xent, optimizer: {type: sgd, lr: 1.0e+38}}
    steps: 40
evaluate: {metrics: [accuracy]}
outputs: {log_every: 100, plots: false, checkpoints: {every: 10}}
"""


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "spec.yaml"
    path.write_text(text)
    return path


def test_a_nan_loss_stops_the_run_and_keeps_the_last_good_checkpoint(tmp_path: Path, runs) -> None:
    out = tmp_path / "run"
    with pytest.raises(RunError) as caught:
        runs.run(_write(tmp_path, EXPLODING), out)
    message = (
        "loss term 'xent' became NaN or infinite at step 22 of phase 'boom'; "
        f"the last good checkpoint, {out}/checkpoints/last.pt (step 20), is kept"
    )
    assert caught.value.render() == message
    summary = runs.summary(out)
    assert summary["status"] == "failed" and summary["error"] == message
    weights = runs.weights(out)["mlp"]
    assert all(torch.isfinite(w).all() for w in weights.values())


def test_a_nan_loss_before_any_checkpoint_says_there_is_none(tmp_path: Path, runs) -> None:
    out = tmp_path / "run"
    with pytest.raises(RunError) as caught:
        runs.run(_write(tmp_path, EXPLODING.replace("every: 10", "every: 100")), out)
    assert caught.value.render() == (
        "loss term 'xent' became NaN or infinite at step 22 of phase 'boom'; "
        "no checkpoint was written before it"
    )
    assert not (out / "checkpoints" / "last.pt").exists()


def test_an_update_too_large_for_float32_is_the_users_rate_not_a_bug(tmp_path: Path, runs) -> None:
    # torch refuses Adam's step size lr / (1 − β1) above float32's largest value
    spec = EXPLODING.replace("{type: sgd, lr: 1.0e+38}", "{type: adam, lr: 1.0e+300}")
    out = tmp_path / "run"
    with pytest.raises(RunError) as caught:
        runs.run(_write(tmp_path, spec), out)
    message = (
        "optimizer 'boom.optimizer' could not update at step 21 of phase 'boom': the "
        "step overflows the parameters' float type; lower its learning rate (lr 1e+300); "
        f"the last good checkpoint, {out}/checkpoints/last.pt (step 20), is kept"
    )
    assert caught.value.render() == message
    assert runs.summary(out)["error"] == message


def test_on_nan_skip_drops_bad_updates(tmp_path: Path, runs) -> None:
    spec = _write(tmp_path, EXPLODING + "run: {on_nan: skip}\n")
    assert runs.run(spec, tmp_path / "run")["status"] == "completed"


LONG = """\
nnspec: 2
seed: 0
data: {dataset: digits, split: {test: 0.2}, batch_size: 16}
networks: {mlp: {layers: [{linear: 64}, relu, {linear: 10}]}}
losses: {xent: {type: cross_entropy, model: mlp}}
schedule:
  - train: {loss: xent, optimizer: {type: adam, lr: 1.0e-3}}
    steps: 200000
evaluate: {metrics: [accuracy]}
outputs: {log_every: 100, plots: false}
"""


@pytest.mark.slow
def test_sigterm_stops_promptly_with_a_checkpoint(tmp_path: Path, runs) -> None:
    spec, out = _write(tmp_path, LONG), tmp_path / "run"
    command = [sys.executable, "-m", "nnspec", "run", str(spec), "--out", str(out)]
    env = {**os.environ, "OMP_NUM_THREADS": "1"}
    process = subprocess.Popen(
        command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True
    )
    deadline = time.time() + 120
    while not (out / "metrics.jsonl").is_file() and time.time() < deadline:
        time.sleep(0.1)
    process.send_signal(signal.SIGTERM)
    assert process.wait(timeout=60) == 130, process.stderr.read()
    summary = json.loads((out / "summary.json").read_text())
    assert summary["status"] == "interrupted" and 0 < summary["steps"] < 200000
    assert (out / "checkpoints" / "last.pt").is_file()
    payload = torch.load(out / "checkpoints" / "last.pt", weights_only=True)
    assert payload["position"]["step"] == summary["steps"]

"""last.pt is also saved on the clock (outputs.checkpoints.period), read where the loop logs."""

from __future__ import annotations

import json

import pytest

from nnspec.train import loop, schedule_runner


def one_minute_per_step(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Each update takes a minute of (fake) time; returns the steps at which last.pt is saved."""
    clock, saved = [0.0], []
    original_apply, original_save = loop.apply, schedule_runner.save_atomic

    def apply(*args, **kwargs):
        clock[0] += 60.0
        return original_apply(*args, **kwargs)

    def save_atomic(payload, path):
        if path.name == "last.pt":
            saved.append(payload["position"]["step"])
        original_save(payload, path)

    monkeypatch.setattr(loop, "apply", apply)
    monkeypatch.setattr(schedule_runner, "monotonic", lambda: clock[0])
    monkeypatch.setattr(schedule_runner, "save_atomic", save_atomic)
    return saved


@pytest.mark.parametrize(
    ("period", "log_every", "steps"),
    [
        ("null", 1, [25]),
        ("0", 1, [25]),
        (None, 1, [10, 20, 25]),  # the default: 10 minutes
        ("3", 1, [3, 6, 9, 12, 15, 18, 21, 24, 25]),
        ("'3min'", 4, [4, 8, 12, 16, 20, 24, 25]),  # read only where the loop logs
        ("'0.1h'", 4, [8, 16, 24, 25]),  # 6 minutes
        ("'150s'", 1, [3, 6, 9, 12, 15, 18, 21, 24, 25]),
    ],
)
def test_last_pt_is_saved_when_the_period_has_passed(
    xor, tmp_path, runs, monkeypatch, period, log_every, steps
) -> None:
    saved = one_minute_per_step(monkeypatch)
    overrides = ["schedule[0].steps=25", "outputs.checkpoints.every=null"]
    overrides.append(f"outputs.log_every={log_every}")
    if period is not None:
        overrides.append(f"outputs.checkpoints.period={period}")
    assert runs.run(xor, tmp_path / "run", tuple(overrides))["status"] == "completed"
    assert saved == steps


# Under torchrun one rank's clock runs fast (10 000 s a reading); the other's is real.
FAST_CLOCK_SCRIPT = """
import itertools, json, sys
import torch
from nnspec.api import load, run
from nnspec.train import distributed, schedule_runner
torch.set_num_threads(1)
spec, out, fast, saved_file = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
if distributed.detect().rank == fast:
    clock = itertools.count(0, 10_000)
    schedule_runner.monotonic = lambda: next(clock)
saved, save = [], schedule_runner.save_atomic
def save_atomic(payload, path):
    saved.append(payload["position"]["step"])
    save(payload, path)
schedule_runner.save_atomic = save_atomic
run(load(spec), out=out)
if distributed.detect().rank == 0:
    open(saved_file, "w").write(json.dumps(saved))
"""
DDP = """\
seed: 0
data: {dataset: digits, batch_size: 32, drop_last: true}
networks: {mlp: {layers: [{linear: 16}, relu, {linear: 10}]}}
losses: {xent: {type: cross_entropy, model: mlp}}
schedule:
  - train: {loss: xent, optimizer: {type: sgd, lr: 0.1}}
    steps: 30
outputs: {plots: false, log_every: 5}
"""


@pytest.mark.slow
@pytest.mark.parametrize(("fast", "saved"), [(0, [5, 10, 15, 20, 25, 30, 30]), (1, [30])])
def test_under_torchrun_rank_0_s_clock_decides_for_every_rank(tmp_path, fast, saved) -> None:
    from tests.train.test_distributed import _torchrun

    (tmp_path / "ddp.yaml").write_text(DDP)
    (tmp_path / "fast.py").write_text(FAST_CLOCK_SCRIPT)
    args = ("fast.py", "ddp.yaml", "run", str(fast), "saved.json")
    done = _torchrun(*args, cwd=tmp_path)
    assert done.returncode == 0, done.stderr[-3000:]
    assert json.loads((tmp_path / "saved.json").read_text()) == saved

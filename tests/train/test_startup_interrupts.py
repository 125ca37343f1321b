"""Interrupts and failures during start-up leave nothing, or the run directory being resumed.

Start-up is everything before training installs its own signal handlers: resolving,
importing torch, reading data, building modules. A SIGINT (or SIGTERM) there exits
130 with one line; a run directory this run made is removed again.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from nnspec.errors import InterruptedRun, RunError
from nnspec.train.claim import MARKER
from tests.train.tiny_cases import snapshot

FRESH = "interrupted before training began; nothing was written: run the same command again"


def interrupt_in_prepare(monkeypatch, exc: BaseException) -> None:
    def prepare(*args, **kwargs):
        raise exc

    monkeypatch.setattr("nnspec.train.runner.prepare", prepare)


def test_an_interrupt_at_start_up_removes_the_new_run_directory(xor, tmp_path, runs, monkeypatch):
    interrupt_in_prepare(monkeypatch, KeyboardInterrupt())
    with pytest.raises(InterruptedRun) as caught:
        runs.run(xor, tmp_path / "new" / "run")
    assert (caught.value.render(), caught.value.exit_code) == (FRESH, 130)
    assert sorted(os.listdir(tmp_path)) == ["xor.yaml"]


def test_an_interrupt_keeps_the_user_s_empty_directory_empty(xor, tmp_path, runs, monkeypatch):
    (tmp_path / "mine").mkdir()
    interrupt_in_prepare(monkeypatch, KeyboardInterrupt())
    with pytest.raises(InterruptedRun):
        runs.run(xor, tmp_path / "mine")
    assert os.listdir(tmp_path / "mine") == []


def test_a_start_up_failure_leaves_nothing_so_a_rerun_works(xor, tmp_path, runs, monkeypatch):
    out = tmp_path / "run"
    interrupt_in_prepare(monkeypatch, RunError("data.csv: file not found"))
    with pytest.raises(RunError, match=r"^data\.csv: file not found$"):
        runs.run(xor, out)
    assert not out.exists()
    monkeypatch.undo()
    assert runs.run(xor, out)["status"] == "completed"


def test_an_interrupt_while_resuming_leaves_the_run_as_it_was(xor, tmp_path, runs, monkeypatch):
    out = tmp_path / "run"
    runs.run(xor, out)
    before = snapshot(out)
    interrupt_in_prepare(monkeypatch, KeyboardInterrupt())
    with pytest.raises(InterruptedRun) as caught:
        runs.run(xor, out, resume=out)
    assert caught.value.render() == (
        f"interrupted before training resumed; {out} is unchanged: --resume it again"
    )
    assert snapshot(out) == before


def test_resuming_a_directory_without_a_checkpoint_says_so(xor, tmp_path, runs) -> None:
    (tmp_path / "run" / "checkpoints").mkdir(parents=True)
    with pytest.raises(RunError) as caught:
        runs.run(xor, None, resume=tmp_path / "run")
    assert caught.value.render() == (
        f"cannot resume {tmp_path}/run: it has no checkpoint (checkpoints/last.pt), so there is "
        f"nothing to continue; start the run again with --out {tmp_path}/run --overwrite"
    )
    with pytest.raises(RunError, match=f"^cannot resume {tmp_path}/nope: no such directory$"):
        runs.run(xor, None, resume=tmp_path / "nope")


FIFO_SPEC = """\
data: {dataset: {csv: {path: rows.csv, label: 2}}}
networks: {mlp: {input: [2], layers: [{linear: 4}, relu, {linear: 2}]}}
losses: {xent: {type: cross_entropy, model: mlp}}
schedule:
  - train: {loss: xent, optimizer: {type: sgd, lr: 0.1}}
    steps: 4
outputs: {plots: false}
"""


@pytest.mark.slow
@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM])
def test_a_signal_at_start_up_exits_130_and_leaves_nothing(tmp_path: Path, sig) -> None:
    # The data file is a FIFO with no writer: reading it blocks start-up until the signal.
    (tmp_path / "spec.yaml").write_text(FIFO_SPEC)
    os.mkfifo(tmp_path / "rows.csv")
    out = tmp_path / "run"
    command = [sys.executable, "-m", "nnspec", "run", "spec.yaml", "--out", "run"]
    env = {**os.environ, "OMP_NUM_THREADS": "1"}
    process = subprocess.Popen(command, cwd=tmp_path, env=env, stderr=subprocess.PIPE, text=True)
    deadline = time.time() + 120
    while not (out / MARKER).is_file() and time.time() < deadline:
        time.sleep(0.05)
    process.send_signal(sig)
    assert process.wait(timeout=60) == 130, process.stderr.read()
    assert process.stderr.read() == FRESH + "\n"
    assert sorted(os.listdir(tmp_path)) == ["rows.csv", "spec.yaml"]

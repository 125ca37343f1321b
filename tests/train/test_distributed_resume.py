"""Two processes under torchrun: interrupted and resumed runs end bit-identical; a killed
worker leaves summary.json (status failed, the rank named) and the last good checkpoint."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import torch

from nnspec.errors import CheckpointError
from tests.train.test_distributed import SPEC as BASE


def _longer(spec: str) -> str:
    """test_distributed's spec with dropout, longer phases, evaluations and checkpoints."""
    edits = {
        "relu, {linear: 10}": "relu, {dropout: 0.2}, {linear: 10}",
        "steps: 30\n": "steps: 200\n",
        "steps: 10\n": "steps: 200\n",
        "evaluate: {metrics: [accuracy]}": "evaluate: {every: 100, metrics: [accuracy]}",
        "outputs: {plots: false}": "outputs: {plots: false, log_every: 10, "
        "checkpoints: {every: 50, watch: test/accuracy}}",
    }
    for old, new in edits.items():
        assert old in spec, old
        spec = spec.replace(old, new)
    return spec


SPEC = _longer(BASE)
STEPS = 200 + 3 * 200


def _torchrun(*args: str, cwd: Path) -> subprocess.Popen:
    command = [sys.executable, "-m", "torch.distributed.run", "--nproc_per_node=2", "--standalone"]
    return subprocess.Popen(
        [*command, "-m", "nnspec", "run", *args],
        cwd=cwd,
        env={**os.environ, "OMP_NUM_THREADS": "1"},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )


def _finish(process: subprocess.Popen) -> tuple[int, str]:
    _, stderr = process.communicate(timeout=240)
    return process.returncode, stderr


def _after_first_checkpoint(process: subprocess.Popen, out: Path) -> None:
    deadline = time.time() + 120
    while not (out / "checkpoints" / "last.pt").is_file() and time.time() < deadline:
        assert process.poll() is None, process.stderr.read()
        time.sleep(0.05)


def _worker(launcher: subprocess.Popen, rank: int) -> int:
    """The pid of the worker of ``rank`` that torchrun started."""
    for child in Path("/proc").glob("[0-9]*"):
        try:
            parent = int((child / "stat").read_text().rsplit(")", 1)[1].split()[1])
            environ = (child / "environ").read_bytes().split(b"\0")
        except (OSError, IndexError, ValueError):
            continue  # the process ended meanwhile
        if parent == launcher.pid and f"RANK={rank}".encode() in environ:
            return int(child.name)
    raise AssertionError(f"no worker of rank {rank}")


@pytest.fixture
def spec(tmp_path: Path) -> Path:
    path = tmp_path / "ddp.yaml"
    path.write_text(SPEC)
    return path


@pytest.mark.slow
def test_an_interrupted_two_process_run_resumes_bit_identical(spec: Path, tmp_path: Path, runs):
    code, stderr = _finish(_torchrun(str(spec), "--out", "whole", cwd=tmp_path))
    assert code == 0, stderr[-3000:]
    _one_process_is_refused(spec, tmp_path / "whole", runs)
    cut = _torchrun(str(spec), "--out", "cut", cwd=tmp_path)
    _after_first_checkpoint(cut, tmp_path / "cut")
    cut.send_signal(signal.SIGINT)  # torchrun forwards it to both workers
    _finish(cut)
    summary = runs.summary(tmp_path / "cut")
    assert summary["status"] == "interrupted" and 0 < summary["steps"] < STEPS
    code, stderr = _finish(_torchrun(str(spec), "--resume", "cut", cwd=tmp_path))
    assert code == 0, stderr[-3000:]
    assert runs.summary(tmp_path / "cut")["status"] == "completed"
    whole, resumed = runs.weights(tmp_path / "whole"), runs.weights(tmp_path / "cut")
    for network, state in whole.items():
        for key, value in state.items():
            assert torch.equal(resumed[network][key], value), f"{network}.{key}"


def _one_process_is_refused(spec: Path, run: Path, runs) -> None:
    with pytest.raises(CheckpointError) as error:
        runs.run(spec, None, resume=run)
    assert str(error.value) == (
        f"cannot resume {run}: checkpoints/last.pt was written by 2 processes and this run has "
        "1 process; resume with the same number (torchrun --nproc_per_node=2): each process's "
        "share of the data and its noise depend on it"
    )


@pytest.mark.slow
def test_a_killed_worker_leaves_a_failed_summary_and_the_last_checkpoint(
    spec: Path, tmp_path: Path, runs
) -> None:
    out = tmp_path / "run"
    launcher = _torchrun(str(spec), "--out", "run", cwd=tmp_path)
    _after_first_checkpoint(launcher, out)
    os.kill(_worker(launcher, 1), signal.SIGKILL)
    code, stderr = _finish(launcher)
    assert code == 1 and "internal error" not in stderr
    summary = runs.summary(out)
    assert summary["status"] == "failed" and summary["steps"] < STEPS
    assert summary["error"].startswith(
        "rank 1 stopped (the process group lost a peer; rank 0 saw: "
    ), summary["error"]
    assert summary["error"] in stderr
    last = torch.load(out / "checkpoints" / "last.pt", weights_only=True)
    assert 0 < last["position"]["step"] <= summary["steps"]
    assert len(last["rng_by_rank"]) == 2

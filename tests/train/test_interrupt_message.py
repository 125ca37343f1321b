"""An interrupted run says where it stopped and the command, quoted for a shell, that resumes it."""

from __future__ import annotations

import shlex

import pytest

from tests.train.test_resume import _stop_at


def test_an_interrupt_prints_where_it_stopped_and_how_to_resume(
    xor, tmp_path, cli, runs, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    options = ["--set", "description=it's mine", "--device", "cpu"]
    with monkeypatch.context() as patch:
        _stop_at(patch, 3)
        result = cli("run", "xor.yaml", "--out", "runs/x", *options)
    assert result.exit_code == 130, result.output
    command = "nnspec run xor.yaml --resume runs/x --set 'description=it'\"'\"'s mine' --device cpu"
    assert result.stderr == (
        "interrupted at step 3 of phase 'train' (epoch 2); the checkpoint "
        f"runs/x/checkpoints/last.pt holds it. Resume with: {command}\n"
    )
    assert runs.summary(tmp_path / "runs" / "x")["stopped"] == {
        "step": 3,
        "phase": "train",
        "epoch": 2,  # counted from 0, as in metrics.jsonl
        "checkpoint": "runs/x/checkpoints/last.pt",
    }
    resumed = cli(*shlex.split(command)[1:])  # the printed command, as a shell would split it
    assert resumed.exit_code == 0, resumed.output
    assert runs.summary(tmp_path / "runs" / "x")["status"] == "completed"

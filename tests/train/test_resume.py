"""Interrupting and resuming gives the same result as an uninterrupted run, bit for bit."""

from __future__ import annotations

from pathlib import Path

import pytest
import torch

from nnspec.errors import CheckpointError, RunError
from nnspec.train.schedule_runner import ScheduleRunner


def _stop_at(monkeypatch: pytest.MonkeyPatch, stop_step: int) -> None:
    original = ScheduleRunner._every_step

    def every_step(self, step, plan, index):
        if step == stop_step:
            self.stop = True  # as the SIGINT/SIGTERM handler does
        return original(self, step, plan, index)

    monkeypatch.setattr(ScheduleRunner, "_every_step", every_step)


@pytest.mark.parametrize("stop_step", [1, 17, 59])
def test_resume_is_bit_identical(
    tiny_spec: Path, tmp_path: Path, runs, monkeypatch: pytest.MonkeyPatch, stop_step: int
) -> None:
    whole = runs.run(tiny_spec, tmp_path / "whole")
    with monkeypatch.context() as patch:
        _stop_at(patch, stop_step)
        cut = runs.run(tiny_spec, tmp_path / "cut")
    assert cut["status"] == "interrupted"
    assert runs.summary(tmp_path / "cut")["status"] == "interrupted"
    resumed = runs.run(tiny_spec, None, resume=tmp_path / "cut")
    assert resumed["status"] == "completed"
    assert resumed["metrics"] == whole["metrics"]
    for key, value in runs.weights(tmp_path / "whole")["mlp"].items():
        assert torch.equal(value, runs.weights(tmp_path / "cut")["mlp"][key]), key


def test_resume_refuses_a_different_spec(tiny_spec: Path, tmp_path: Path, runs) -> None:
    runs.run(tiny_spec, tmp_path / "run")
    with pytest.raises(RunError) as error:
        runs.run(tiny_spec, None, resume=tmp_path / "run", overrides=("seed=9",))
    assert str(error.value) == (
        f"cannot resume {tmp_path / 'run'}: its spec differs from this one:\n  seed: 3 → 9\n"
        f"(`nnspec diff {tmp_path / 'run'} SPEC` shows everything)"
    )


def test_a_corrupt_checkpoint_is_refused(tiny_spec: Path, tmp_path: Path, runs) -> None:
    runs.run(tiny_spec, tmp_path / "run")
    last = tmp_path / "run" / "checkpoints" / "last.pt"
    last.write_bytes(last.read_bytes()[:200])
    with pytest.raises(CheckpointError, match="is corrupt or truncated"):
        runs.run(tiny_spec, None, resume=tmp_path / "run")


class Payload:
    """Unpickling this would run code; weights_only=True must refuse it."""

    def __reduce__(self):
        return (print, ("pwned",))


def test_a_pickled_payload_is_refused(tiny_spec: Path, tmp_path: Path, runs) -> None:
    runs.run(tiny_spec, tmp_path / "run")
    last = tmp_path / "run" / "checkpoints" / "last.pt"
    torch.save({"networks": {}, "evil": Payload()}, last)
    with pytest.raises(CheckpointError, match="refused \\(weights_only=True\\)"):
        runs.run(tiny_spec, None, resume=tmp_path / "run")


class Killed(BaseException):
    """Stands for SIGKILL: nothing of nnspec's runs after it (no checkpoint, no summary)."""


def _kill_at(monkeypatch: pytest.MonkeyPatch, kill_step: int) -> None:
    original = ScheduleRunner._every_step

    def every_step(self, step, plan, index):
        if step == kill_step:
            raise Killed()
        return original(self, step, plan, index)

    monkeypatch.setattr(ScheduleRunner, "_every_step", every_step)


def _labels(records: list[dict]) -> list[tuple]:
    """What a record says besides its values: step, epoch, phase and which metrics."""
    return [(r["step"], r["epoch"], r["phase"], sorted(r)) for r in records]


# log_every 10 and checkpoints every 15: the checkpoint falls between logged steps.
EVERY_15 = ("outputs.checkpoints.every=15",)


@pytest.mark.parametrize(("how", "at"), [("stop", 17), ("kill", 27), ("kill", 48)])
def test_a_resumed_run_logs_the_same_steps_as_an_uninterrupted_one(
    tiny_spec: Path, tmp_path: Path, runs, monkeypatch: pytest.MonkeyPatch, how: str, at: int
) -> None:
    whole = runs.run(tiny_spec, tmp_path / "whole", EVERY_15)
    cut = tmp_path / "cut"
    with monkeypatch.context() as patch:
        (_stop_at if how == "stop" else _kill_at)(patch, at)
        try:
            runs.run(tiny_spec, cut, EVERY_15)
        except Killed:
            with open(cut / "metrics.jsonl", "a") as handle:
                handle.write('{"step": 4')  # a line the kill cut short
    resumed = runs.run(tiny_spec, None, EVERY_15, resume=cut)
    assert resumed["steps"] == whole["steps"] == runs.summary(cut)["steps"] == 60
    assert _labels(runs.records(cut)) == _labels(runs.records(tmp_path / "whole"))


def test_a_resume_keeps_best_pt_when_the_next_evaluation_is_worse(
    tiny_spec: Path, tmp_path: Path, runs, monkeypatch: pytest.MonkeyPatch
) -> None:
    cut = tmp_path / "cut"
    with monkeypatch.context() as patch:
        _stop_at(patch, 30)  # evaluated at step 20, so best.pt holds step 20's accuracy
        runs.run(tiny_spec, cut)
    best = (cut / "checkpoints" / "best.pt").read_bytes()
    first = next(r["test/accuracy"] for r in runs.records(cut) if "test/accuracy" in r)
    assert torch.load(cut / "checkpoints" / "last.pt", weights_only=True)["best"] == first
    worse = {"test/accuracy": first - 0.5}
    monkeypatch.setattr("nnspec.train.schedule_runner.evaluate", lambda *a: dict(worse))
    runs.run(tiny_spec, None, resume=cut)
    assert (cut / "checkpoints" / "best.pt").read_bytes() == best


def _cut_at_30(tiny_spec: Path, cut: Path, runs, monkeypatch) -> tuple[Path, dict]:
    """A run stopped at step 30 (evaluated at 20), its last.pt and that checkpoint's payload."""
    with monkeypatch.context() as patch:
        _stop_at(patch, 30)
        runs.run(tiny_spec, cut)
    last = cut / "checkpoints" / "last.pt"
    return last, torch.load(last, weights_only=True)


def test_a_checkpoint_without_a_best_value_still_resumes(
    tiny_spec: Path, tmp_path: Path, runs, monkeypatch: pytest.MonkeyPatch
) -> None:
    cut = tmp_path / "cut"
    last, payload = _cut_at_30(tiny_spec, cut, runs, monkeypatch)
    del payload["best"]  # as a checkpoint written before it was saved
    torch.save(payload, last)
    assert runs.run(tiny_spec, None, resume=cut)["status"] == "completed"


def test_a_checkpoint_whose_best_is_not_a_number_is_refused(
    tiny_spec: Path, tmp_path: Path, runs, monkeypatch: pytest.MonkeyPatch
) -> None:
    cut = tmp_path / "cut"
    last, payload = _cut_at_30(tiny_spec, cut, runs, monkeypatch)
    payload["best"] = "high"
    torch.save(payload, last)
    with pytest.raises(CheckpointError, match="best: 'high' is not a number"):
        runs.run(tiny_spec, None, resume=cut)

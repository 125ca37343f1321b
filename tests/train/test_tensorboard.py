"""TensorBoard scalars mirror metrics.jsonl where the extra is installed (it is in dev)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.train.test_resume import Killed, _kill_at


def test_scalars_are_written(tiny_spec: Path, tmp_path: Path, runs) -> None:
    event_accumulator = pytest.importorskip(
        "tensorboard.backend.event_processing.event_accumulator"
    )
    out = tmp_path / "run"
    runs.run(tiny_spec, out)
    events = event_accumulator.EventAccumulator(str(out / "tensorboard"))
    events.Reload()
    tags = events.Tags()["scalars"]
    assert {"train/xent", "test/accuracy"} <= set(tags)
    last = events.Scalars("test/accuracy")[-1]
    assert last.step == 60 and last.value == pytest.approx(
        runs.summary(out)["metrics"]["test/accuracy"]
    )


def test_a_resume_purges_the_scalars_logged_after_its_checkpoint(
    tiny_spec: Path, tmp_path: Path, runs, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Killed at step 27 after the checkpoint at 15: steps 20 were logged, and are again.
    tensorboard = pytest.importorskip("torch.utils.tensorboard")
    made = []
    real = tensorboard.SummaryWriter

    def writer(*args, **kwargs):
        made.append(kwargs.get("purge_step"))
        return real(*args, **kwargs)

    monkeypatch.setattr(tensorboard, "SummaryWriter", writer)
    cut, every = tmp_path / "cut", ("outputs.checkpoints.every=15",)
    with monkeypatch.context() as patch, pytest.raises(Killed):
        _kill_at(patch, 27)
        runs.run(tiny_spec, cut, every)
    runs.run(tiny_spec, None, every, resume=cut)
    assert made == [None, 15]
    event_accumulator = pytest.importorskip(
        "tensorboard.backend.event_processing.event_accumulator"
    )
    events = event_accumulator.EventAccumulator(str(cut / "tensorboard"))
    events.Reload()
    assert [e.step for e in events.Scalars("test/accuracy")] == [20, 40, 60]

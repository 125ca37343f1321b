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


def test_records_reach_the_writer_in_batches_with_their_own_times(tmp_path, monkeypatch):
    event_accumulator = pytest.importorskip(
        "tensorboard.backend.event_processing.event_accumulator"
    )
    from nnspec.train import tensorboard

    scalars = tensorboard.Scalars(tmp_path / "tb")
    handed = []
    writer = scalars.writer._get_file_writer()
    real = writer.add_summary
    monkeypatch.setattr(writer, "add_summary", lambda *a: (handed.append(a[1]), real(*a)))
    for step in (10, 20, 30):
        scalars.add({"step": step, "epoch": 0, "phase": "train", "train/x": step / 10, "n": "a"})
    assert handed == []  # within PUSH_SECONDS: nothing handed over yet
    monkeypatch.setattr(tensorboard, "PUSH_SECONDS", 0.0)
    scalars.add({"step": 40, "train/x": 4.0, "train/y": 1.5})
    assert handed == [10, 20, 30, 40]
    scalars.add({"step": 50, "train/x": 5.0})
    scalars.close()
    events = event_accumulator.EventAccumulator(str(tmp_path / "tb"))
    events.Reload()
    assert [(e.step, e.value) for e in events.Scalars("train/x")] == [
        (10, 1.0),
        (20, 2.0),
        (30, 3.0),
        (40, 4.0),
        (50, 5.0),
    ]
    assert [e.value for e in events.Scalars("train/y")] == [1.5]
    times = [e.wall_time for e in events.Scalars("train/x")]
    assert times == sorted(times)

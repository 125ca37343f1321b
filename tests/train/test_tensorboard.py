"""TensorBoard scalars mirror metrics.jsonl where the extra is installed (it is in dev),
written by nnspec and read back by TensorBoard's own reader."""

from __future__ import annotations

import struct
from pathlib import Path

import pytest

from nnspec.train import tfevents
from nnspec.train.tensorboard import Scalars
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
    loader = pytest.importorskip("tensorboard.backend.event_processing.event_file_loader")
    cut, every = tmp_path / "cut", ("outputs.checkpoints.every=15",)
    with monkeypatch.context() as patch, pytest.raises(Killed):
        _kill_at(patch, 27)
        runs.run(tiny_spec, cut, every)
    runs.run(tiny_spec, None, every, resume=cut)
    files = sorted((cut / "tensorboard").iterdir(), key=lambda f: f.stat().st_mtime_ns)
    starts = [
        [e.step for e in loader.EventFileLoader(str(f)).Load() if e.HasField("session_log")]
        for f in files
    ]
    assert starts == [[], [15]]  # the resume's file marks where TensorBoard purges
    event_accumulator = pytest.importorskip(
        "tensorboard.backend.event_processing.event_accumulator"
    )
    events = event_accumulator.EventAccumulator(str(cut / "tensorboard"))
    events.Reload()
    assert [e.step for e in events.Scalars("test/accuracy")] == [20, 40, 60]


def test_records_are_framed_as_tfrecord() -> None:
    assert tfevents.crc32c(b"123456789") == 0xE3069283  # CRC-32C's check value
    data = tfevents.scalars(7, {"train/loss": 0.5})
    framed = tfevents.record(data)
    assert struct.unpack("<Q", framed[:8]) == (len(data),) and framed[12:-4] == data


def test_tensorboard_reads_every_tag_and_value(tmp_path: Path) -> None:
    accumulator = pytest.importorskip("tensorboard.backend.event_processing.event_accumulator")
    scalars = Scalars(tmp_path)
    records = [{"step": s, "phase": "train", "train/loss": 1 / s, "eval/ü": s} for s in (1, 300)]
    for record in records:
        scalars.add(record)
    scalars.close()
    events = accumulator.EventAccumulator(str(tmp_path))
    events.Reload()
    assert sorted(events.Tags()["scalars"]) == ["eval/ü", "train/loss"]
    assert [(e.step, e.value) for e in events.Scalars("train/loss")] == [
        (1, 1.0),
        (300, pytest.approx(1 / 300)),
    ]

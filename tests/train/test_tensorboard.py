"""TensorBoard scalars mirror metrics.jsonl where the extra is installed (it is in dev)."""

from __future__ import annotations

from pathlib import Path

import pytest


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

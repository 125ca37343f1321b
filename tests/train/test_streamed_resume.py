"""Streamed (memory-mapped) data: a resumed run equals the uninterrupted one, bit for bit.

The streamed stream draws BatchStream's batches, so it also equals the same data held
in memory; and the number of DataLoader workers does not change a single batch.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import torch

from tests.train.test_resume import _stop_at

SPEC = """\
nnspec: 2
name: streamed
seed: 5
data:
  dataset: {npy: {path: x-*.npy, labels: y-*.npy, classes: 4}}
  split: {test: 0.25}
  transforms: [{minmax: {}}, {standardize: {}}]
  batch_size: 16
  stream: STREAM
  workers: WORKERS
networks:
  mlp: {layers: [{linear: 16}, relu, {linear: 4}]}
losses:
  xent: {type: cross_entropy, model: mlp}
schedule:
  - train: {loss: xent, optimizer: {type: adam, lr: 0.01}}
    steps: 40
evaluate: {every: 20, metrics: [accuracy, loss], splits: [train, test]}
outputs: {log_every: 10, plots: false}
"""


def write(folder: Path, stream: bool, workers: int) -> Path:
    """Three uint8 shards of 100 rows (12 columns) and their labels, and the spec."""
    rng = np.random.default_rng(0)
    for i in range(3):
        x = rng.integers(0, 256, (100, 12), dtype=np.uint8)
        np.save(folder / f"x-{i}.npy", x)
        np.save(folder / f"y-{i}.npy", (x[:, 0] // 64).astype(np.int64))
    text = SPEC.replace("STREAM", str(stream).lower()).replace("WORKERS", str(workers))
    path = folder / f"spec-{stream}-{workers}.yaml"
    path.write_text(text)
    return path


def assert_same(runs, a: Path, b: Path) -> None:
    assert runs.summary(a)["metrics"] == runs.summary(b)["metrics"]
    for key, value in runs.weights(a)["mlp"].items():
        assert torch.equal(value, runs.weights(b)["mlp"][key]), key


@pytest.mark.slow
@pytest.mark.parametrize("stop_step", [7, 19, 33])
def test_a_resumed_streamed_run_is_bit_identical(
    tmp_path: Path, runs, monkeypatch: pytest.MonkeyPatch, stop_step: int
) -> None:
    spec = write(tmp_path, stream=True, workers=0)
    runs.run(spec, tmp_path / "whole")
    with monkeypatch.context() as patch:
        _stop_at(patch, stop_step)
        assert runs.run(spec, tmp_path / "cut")["status"] == "interrupted"
    assert runs.run(spec, None, resume=tmp_path / "cut")["status"] == "completed"
    assert_same(runs, tmp_path / "whole", tmp_path / "cut")


@pytest.mark.slow
def test_streamed_data_train_as_the_same_data_in_memory(tmp_path: Path, runs) -> None:
    runs.run(write(tmp_path, stream=False, workers=0), tmp_path / "memory")
    runs.run(write(tmp_path, stream=True, workers=2), tmp_path / "streamed")
    assert_same(runs, tmp_path / "memory", tmp_path / "streamed")
    states = [runs_state(tmp_path / d) for d in ("memory", "streamed")]
    assert states[0]["transforms"][0] == states[1]["transforms"][0]  # minmax: exact


def runs_state(run: Path) -> dict:
    import json

    return json.loads((run / "run_state.json").read_text())


@pytest.mark.slow
def test_streamed_csv_shards_train_as_the_table_in_memory(tmp_path: Path, runs) -> None:
    rng = np.random.default_rng(1)
    for i in range(2):
        x = rng.integers(0, 256, (60, 12))
        rows = "\n".join(",".join(map(str, [*r, r[0] // 64])) for r in x)
        (tmp_path / f"t-{i}.csv").write_text(",".join(f"c{j}" for j in range(13)) + "\n" + rows)
    dataset = "{csv: {path: t-*.csv, label: c12, classes: 4}}"
    for stream, workers in ((False, 0), (True, 1)):
        text = write(tmp_path, stream, workers).read_text()
        text = text.replace("{npy: {path: x-*.npy, labels: y-*.npy, classes: 4}}", dataset)
        (tmp_path / "csv.yaml").write_text(text)
        runs.run(tmp_path / "csv.yaml", tmp_path / f"csv-{stream}")
    assert_same(runs, tmp_path / "csv-False", tmp_path / "csv-True")

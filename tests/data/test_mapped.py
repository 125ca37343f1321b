"""Memory-mapped npy data: shards, lazy rows, streaming fits and streamed batches."""

from __future__ import annotations

import numpy as np
import pytest
import torch

from nnspec.data import mapped
from nnspec.data.batches import BatchStream
from nnspec.data.fitted import FITS, STREAM_FITS
from nnspec.data.pipeline import load_data
from nnspec.data.streamed import MappedSplit, RowsDataset, StreamedBatches
from nnspec.errors import RunError
from nnspec.spec.typed import Data

RNG = np.random.default_rng(0)
X = RNG.integers(0, 256, (30, 2, 3), dtype=np.uint8)
Y = RNG.integers(0, 4, 30)


@pytest.fixture
def shards(files):
    """X and Y in three shards of 10 rows, written in an order that is not sorted."""
    for i in (2, 0, 1):
        files.npy(f"x-{i}.npy", X[10 * i : 10 * (i + 1)])
        files.npy(f"y-{i}.npy", Y[10 * i : 10 * (i + 1)])
    return files


def load(files, normalised, stream: bool, transforms=(), **split):
    dataset = normalised("dataset", "npy", path="x-*.npy", labels="y-*.npy", classes=4)
    section = {"dataset": dataset, "split": {"val": 0.0, "test": 0.0, "order": "nnspec"} | split}
    section |= {"transforms": list(transforms), "batch_size": 4, "shuffle": True}
    section |= {"drop_last": False, "val": None, "test": None, "stream": stream, "workers": 0}
    record: list[dict] = []
    return load_data(Data.of(section), 0, files.root, record), record


def test_shards_read_as_one_array_in_sorted_order(shards, normalised):
    splits, _ = load(shards, normalised, stream=False)
    np.testing.assert_array_equal(splits["train"]["x"], X.astype(np.float32))
    np.testing.assert_array_equal(splits["train"]["y"], Y)


def test_streamed_rows_are_read_lazily_in_any_order(shards, normalised):
    splits, _ = load(shards, normalised, stream=True)
    rows = splits["train"]["x"]
    assert isinstance(rows, mapped.Rows) and rows.shape == (30, 2, 3)
    at = np.array([29, 0, 15, 9, 10, 15])
    np.testing.assert_array_equal(rows.take(at), X[at].astype(np.float32))


@pytest.mark.parametrize(
    "transforms",
    [
        [{"scale": {"from": None, "minmax": True, "to": [-1, 1], "fit": "train"}}],
        [{"minmax": {"to": [0, 1], "fit": "all"}}, {"flatten": {}}],
        [{"binarize": {"threshold": 100.0}}, {"reshape": {"shape": [3, 2]}}],
    ],
    ids=["scale", "minmax-all", "binarize-reshape"],
)
def test_streamed_transforms_equal_those_in_memory(shards, normalised, transforms):
    memory, kept = load(shards, normalised, False, transforms, test=0.3)
    streamed, kept_streamed = load(shards, normalised, True, transforms, test=0.3)
    assert kept_streamed == kept
    for split in ("train", "test"):
        rows = streamed[split]["x"]
        np.testing.assert_array_equal(rows.take(np.arange(len(rows))), memory[split]["x"])
        np.testing.assert_array_equal(streamed[split]["y"], memory[split]["y"])


@pytest.mark.parametrize("per_feature", [True, False])
def test_a_streaming_standardize_fit_agrees_with_numpy(per_feature):
    rows = RNG.normal(3.0, 2.0, (101, 5)) * np.arange(1, 6)
    chunks = [rows[:7], rows[7:60], rows[60:]]
    params = {"per_feature": per_feature}
    got = STREAM_FITS["standardize"](params, chunks)
    want = FITS["standardize"](params, rows)
    np.testing.assert_allclose(got["mean"], want["mean"], rtol=1e-13)
    np.testing.assert_allclose(got["std"], want["std"], rtol=1e-13)


def test_a_pass_reads_bounded_chunks(shards, normalised, monkeypatch):
    monkeypatch.setattr(mapped, "CHUNK_VALUES", 6 * 4)  # four rows of 2×3 per chunk
    splits, _ = load(shards, normalised, stream=True)
    sizes = [len(c) for c in splits["train"]["x"].chunks()]
    assert sizes == [4] * 7 + [2]


@pytest.mark.parametrize("workers", [0, 2])
def test_streamed_batches_are_the_in_memory_batches(shards, normalised, workers):
    splits, _ = load(shards, normalised, stream=True)
    rows, y = splits["train"]["x"], splits["train"]["y"]
    kw = {"batch_size": 4, "shuffle": True, "drop_last": False, "seed": 7}
    streamed = StreamedBatches(RowsDataset(rows, y), workers, "cpu", **kw)
    memory = BatchStream(torch.from_numpy(X.astype(np.float32)), torch.from_numpy(Y), **kw)
    for _ in range(2 * len(memory) + 3):  # over two epoch boundaries
        for got, want in zip(streamed.next_batch(), memory.next_batch(), strict=True):
            assert torch.equal(got, want)
    resumed = StreamedBatches(RowsDataset(rows, y), workers, "cpu", **kw)
    resumed.load_state_dict(streamed.state_dict())
    for got, want in zip(resumed.next_batch(), memory.next_batch(), strict=True):
        assert torch.equal(got, want)


def test_a_streamed_split_reads_slices_for_metrics(shards, normalised):
    splits, _ = load(shards, normalised, stream=True)
    split = MappedSplit(splits["train"]["x"], torch.device("cpu"))
    assert (len(split), split.shape, split.dtype) == (30, torch.Size([30, 2, 3]), torch.float32)
    assert torch.equal(split[5:9], torch.from_numpy(X[5:9].astype(np.float32)))
    assert (float(split.min()), float(split.max())) == (X.min(), X.max())
    with pytest.raises(TypeError, match="a streamed split is read in slices, not by int"):
        split[3]


def test_a_pattern_that_matches_nothing_fails_the_run(files, normalised):
    with pytest.raises(RunError) as error:
        load(files, normalised, stream=True)
    assert str(error.value) == (
        f"x-*.npy: no files match (looked in {files.root}) (at data.dataset.npy.path)"
    )


def test_a_separate_val_set_streams_too(shards, normalised):
    shards.npy("v.npy", X[:5])
    dataset = normalised("dataset", "npy", path="x-*.npy", labels="y-*.npy", classes=4)
    section = {"dataset": dataset, "split": {"val": 0.0, "test": 0.0, "order": "nnspec"}}
    section |= {"transforms": [{"minmax": {"to": [0, 1], "fit": "all"}}], "batch_size": 4}
    section |= {"shuffle": True, "drop_last": False, "test": None, "stream": True, "workers": 0}
    section["val"] = normalised("dataset", "npy", path="v.npy")
    with pytest.raises(RunError, match="the train data have labels but the val data do not"):
        load_data(Data.of(section), 0, shards.root)
    section["val"] = normalised("dataset", "npy", path="v.npy", labels="y-0.npy")
    shards.npy("y-0.npy", Y[:5])  # five labels for the five rows of v.npy (and x-0.npy's too)
    shards.npy("x-0.npy", X[:5])
    splits = load_data(Data.of(section), 0, shards.root)
    rows = splits["val"]["x"]
    assert isinstance(rows, mapped.Rows) and rows.shape == (5, 2, 3)
    whole = np.concatenate([X[:5], X[10:30], X[:5]]).reshape(30, -1).astype(np.float32)
    low, spread = whole.min(0), whole.max(0) - whole.min(0)
    want = (X[:5].reshape(5, -1) - low) / np.where(spread == 0, 1, spread)
    np.testing.assert_allclose(rows.take(np.arange(5)).reshape(5, -1), want, rtol=1e-6)

"""Splits: the documented procedure, determinism, sizes and disjointness."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nnspec.data.split import split_arrays, split_indices
from nnspec.errors import RunError


def test_the_documented_procedure():
    perm = np.random.default_rng(7).permutation(10)
    got = split_indices(10, {"val": 0.2, "test": 0.25}, seed=7)
    np.testing.assert_array_equal(got["test"], np.sort(perm[:3]))  # ceil(2.5) = 3
    np.testing.assert_array_equal(got["val"], np.sort(perm[3:5]))
    np.testing.assert_array_equal(got["train"], np.sort(perm[5:]))


@settings(max_examples=40, deadline=None)
@given(
    n=st.integers(2, 300),
    val=st.floats(0, 0.45),
    test=st.floats(0, 0.45),
    seed=st.integers(0, 2**31),
)
def test_splits_partition_the_rows_with_the_asked_sizes(n, val, test, seed):
    if math.ceil(val * n) + math.ceil(test * n) >= n:
        with pytest.raises(RunError):
            split_indices(n, {"val": val, "test": test}, seed)
        return
    got = split_indices(n, {"val": val, "test": test}, seed)
    rows = np.concatenate(list(got.values()))
    np.testing.assert_array_equal(np.sort(rows), np.arange(n))
    assert len(got.get("val", [])) == math.ceil(val * n)
    assert len(got.get("test", [])) == math.ceil(test * n)
    again = split_indices(n, {"val": val, "test": test}, seed)
    assert all(np.array_equal(got[s], again[s]) for s in got)


def test_split_arrays_keeps_x_and_y_paired():
    data = {"x": np.arange(20.0)[:, None], "y": np.arange(20)}
    for part in split_arrays(data, {"test": 0.3}, seed=0).values():
        np.testing.assert_array_equal(part["x"][:, 0], part["y"])


def test_an_empty_fraction_gives_no_split():
    assert list(split_indices(5, {"val": 0.0}, 0)) == ["train"]


def test_no_training_examples_left():
    with pytest.raises(RunError) as err:
        split_indices(4, {"val": 0.5, "test": 0.5}, 0)
    assert (
        str(err.value) == "split leaves no training examples: 4 examples, 2 for val and 2 for test"
    )

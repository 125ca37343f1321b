"""The sequence tasks: their structure and targets."""

from __future__ import annotations

import numpy as np

from nnspec.data.sequences import adding, copy_memory, reverse


def test_adding_marks_one_value_per_half_and_sums_them():
    got = adding({"length": 7, "size": 300}, np.random.default_rng(0), ".")
    values, markers = got["x"][..., 0], got["x"][..., 1]
    assert (markers[:, :3].sum(axis=1) == 1).all() and (markers[:, 3:].sum(axis=1) == 1).all()
    np.testing.assert_array_equal(got["y"][:, 0], (values * markers).sum(axis=1))
    assert values.min() >= 0 and values.max() < 1


def test_copy_memory_recalls_the_symbols_after_the_delimiter():
    got = copy_memory(
        {"length": 3, "delay": 4, "alphabet": 5, "size": 50}, np.random.default_rng(0), "."
    )
    x, y = got["x"], got["y"]
    assert x.shape == y.shape == (50, 10)
    symbols = x[:, :3]
    assert ((symbols >= 1) & (symbols <= 5)).all()
    np.testing.assert_array_equal(x[:, 3:10], np.tile([0, 0, 0, 6, 0, 0, 0], (50, 1)))
    np.testing.assert_array_equal(y[:, :7], 0)
    np.testing.assert_array_equal(y[:, 7:], symbols)


def test_reverse_targets_are_the_reversed_inputs():
    got = reverse({"length": 5, "vocab": 3, "size": 40}, np.random.default_rng(0), ".")
    np.testing.assert_array_equal(got["y"], got["x"][:, ::-1])
    assert got["x"].dtype == np.int64 and set(np.unique(got["x"])) == {0, 1, 2}

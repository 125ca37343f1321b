"""The synthetic sets: their geometry, labels and counts."""

from __future__ import annotations

import numpy as np

from nnspec.data.synthetic import bars_and_stripes, grid, patterns, ring, xor


def rng():
    return np.random.default_rng(0)


def test_xor_without_noise_is_the_truth_table_repeated():
    got = xor({"repeat": 2, "noise": 0.0}, rng(), ".")
    np.testing.assert_array_equal(got["x"][4:], [[0, 0], [0, 1], [1, 0], [1, 1]])
    np.testing.assert_array_equal(got["y"], [0, 1, 1, 0, 0, 1, 1, 0])


def test_xor_noise_has_the_asked_deviation():
    got = xor({"repeat": 2000, "noise": 0.1}, rng(), ".")
    residual = got["x"] - np.tile([[0, 0], [0, 1], [1, 0], [1, 1]], (2000, 1))
    assert abs(residual.std() - 0.1) < 0.005


def test_ring_points_sit_near_their_modes_centre():
    got = ring({"modes": 8, "radius": 2.0, "std": 0.02, "size": 4000}, rng(), ".")
    angle = 2 * np.pi * got["y"] / 8
    centres = 2.0 * np.stack([np.cos(angle), np.sin(angle)], axis=1)
    assert np.abs(got["x"] - centres).max() < 0.02 * 6
    assert set(got["y"]) == set(range(8))


def test_grid_label_names_row_and_column():
    got = grid({"side": 3, "spacing": 2.0, "std": 0.0, "size": 200}, rng(), ".")
    row, col = got["y"] // 3, got["y"] % 3
    np.testing.assert_array_equal(got["x"], np.stack([2.0 * (row - 1), 2.0 * (col - 1)], axis=1))


def test_bars_and_stripes_are_all_30_distinct_images_for_side_4():
    got = bars_and_stripes({"side": 4, "repeat": 2, "layout": "image"}, rng(), ".")["x"]
    assert got.shape == (60, 1, 4, 4)
    images = got[:30, 0]
    assert len({im.tobytes() for im in images}) == 30
    row_constant = (images == images[:, :, :1]).all(axis=(1, 2))
    col_constant = (images == images[:, :1, :]).all(axis=(1, 2))
    assert (row_constant | col_constant).all()


def test_patterns_are_balanced_plus_minus_one():
    got = patterns({"count": 50, "size": 200}, rng(), ".")["x"]
    assert set(np.unique(got)) == {-1.0, 1.0}
    assert abs(got.mean()) < 0.02

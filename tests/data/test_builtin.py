"""digits: scikit-learn's data, and nudge exactly as its BernoulliRBM example."""

from __future__ import annotations

import numpy as np
from scipy.ndimage import convolve
from sklearn import datasets

from nnspec.data.builtin import digits, shift


def example_nudge_dataset(X, Y):
    """Verbatim from scikit-learn's plot_rbm_logistic_classification example."""
    direction_vectors = [
        [[0, 1, 0], [0, 0, 0], [0, 0, 0]],
        [[0, 0, 0], [1, 0, 0], [0, 0, 0]],
        [[0, 0, 0], [0, 0, 1], [0, 0, 0]],
        [[0, 0, 0], [0, 0, 0], [0, 1, 0]],
    ]

    def shift(x, w):
        return convolve(x.reshape((8, 8)), mode="constant", weights=w).ravel()

    X = np.concatenate(
        [X] + [np.apply_along_axis(shift, 1, X, vector) for vector in direction_vectors]
    )
    Y = np.concatenate([Y for _ in range(5)], axis=0)
    return X, Y


def load(**params):
    return digits({"nudge": False, "layout": "flat"} | params, np.random.default_rng(0), ".")


def test_digits_are_scikit_learns():
    X, y = datasets.load_digits(return_X_y=True)
    got = load()
    np.testing.assert_array_equal(got["x"], X.astype(np.float32))
    np.testing.assert_array_equal(got["y"], y)
    assert got["x"].dtype == np.float32 and got["y"].dtype == np.int64


def test_nudge_reproduces_the_example_exactly():
    X, y = datasets.load_digits(return_X_y=True)
    want_x, want_y = example_nudge_dataset(np.asarray(X, "float32"), y)
    got = load(nudge=True)
    assert got["x"].shape == (5 * 1797, 64)
    np.testing.assert_array_equal(got["x"], want_x)
    np.testing.assert_array_equal(got["y"], want_y)


def test_image_layout_is_the_flat_layout_reshaped():
    np.testing.assert_array_equal(load(layout="image")["x"].reshape(-1, 64), load()["x"])


def test_shift_moves_content_and_fills_zeros():
    image = np.arange(1, 10, dtype=np.float32).reshape(1, 3, 3)
    np.testing.assert_array_equal(shift(image, 1, 0)[0], [[4, 5, 6], [7, 8, 9], [0, 0, 0]])
    np.testing.assert_array_equal(shift(image, 0, -1)[0], [[0, 1, 2], [0, 4, 5], [0, 7, 8]])

"""scikit-learn's bundled digits, and the nudged digits of its BernoulliRBM example."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from nnspec.data.base import Arrays, arrays, loads

# (di, dj) with shifted[i, j] = image[i + di, j + dj]: the order and directions of the
# example's direction_vectors, read through scipy.ndimage.convolve's flipped kernel.
NUDGES = ((1, 0), (0, 1), (0, -1), (-1, 0))


@loads("digits")
def digits(params: dict, rng: np.random.Generator, base_dir: Path) -> Arrays:
    """The 1797 8×8 digits, pixels 0..16 as float32, optionally nudged."""
    from sklearn.datasets import load_digits  # scikit-learn is slow to import; only here

    x, y = load_digits(return_X_y=True)
    x = np.asarray(x, np.float32)
    if params["nudge"]:
        x, y = nudge(x, y)
    if params["layout"] == "image":
        x = x.reshape(-1, 1, 8, 8)
    return arrays(x, y)


def nudge(x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """scikit-learn's ``nudge_dataset``: the data, then its four 1-pixel shifts (5× the rows)."""
    images = x.reshape(-1, 8, 8)
    shifted = [images] + [shift(images, di, dj) for di, dj in NUDGES]
    return np.concatenate([s.reshape(len(x), 64) for s in shifted]), np.tile(y, 5)


def shift(images: np.ndarray, di: int, dj: int) -> np.ndarray:
    """Shift a stack of images so out[:, i, j] = images[:, i + di, j + dj], zero outside."""
    out = np.zeros_like(images)
    (dst_i, src_i), (dst_j, src_j) = _span(di, images.shape[1]), _span(dj, images.shape[2])
    out[:, dst_i, dst_j] = images[:, src_i, src_j]
    return out


def _span(d: int, n: int) -> tuple[slice, slice]:
    return slice(max(0, -d), min(n, n - d)), slice(max(0, d), min(n, n + d))

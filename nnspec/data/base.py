"""What every dataset loader shares: the loader table, dtypes, paths and checks.

A loader is ``load(params, rng, base_dir) -> {"x": array, "y": array}`` (``y`` absent
when the data have no labels); ``params`` are the dataset's normalised parameters,
``rng`` the generator that synthetic sets draw from and ``base_dir`` the spec's
directory, against which relative paths resolve.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from pathlib import Path

import numpy as np

from nnspec.errors import RunError

Arrays = dict[str, np.ndarray]
Loader = Callable[[dict, np.random.Generator, Path], Arrays]
LOADERS: dict[str, Loader] = {}
# Loaders for data.stream that leave the examples in their files (``nnspec.data.mapped.Rows``);
# a kind without one (npy, whose loader always does) uses its loader.
STREAMERS: dict[str, Loader] = {}


def loads(name: str, table: dict[str, Loader] = LOADERS) -> Callable[[Loader], Loader]:
    """Register the loader of one declared dataset (in ``STREAMERS``: its streaming loader)."""

    def register(fn: Loader) -> Loader:
        if name in table:
            raise ValueError(f"dataset {name!r} has two loaders")
        table[name] = fn
        return fn

    return register


def canonical(array: np.ndarray) -> np.ndarray:
    """float32 for real values, int64 for labels and token ids (bools count as real)."""
    if array.dtype.kind in "iu":
        return array.astype(np.int64, copy=False)
    return array.astype(np.float32, copy=False)


def arrays(x: np.ndarray, y: np.ndarray | None = None) -> Arrays:
    """A loader's result in canonical dtypes."""
    out = {"x": canonical(x)}
    if y is not None:
        out["y"] = canonical(y)
    return out


def resolve(base_dir: Path, path: str) -> Path:
    """A path from the spec, relative to the spec's directory; it must exist."""
    resolved = Path(base_dir) / path
    if not resolved.exists():
        raise RunError(f"{path}: file not found (looked for {resolved})")
    return resolved


def reshape_examples(x: np.ndarray, shape: list[int] | None, source: Path) -> np.ndarray:
    """Reshape each example to the declared shape, if one is declared."""
    if shape is None:
        return x
    have = math.prod(x.shape[1:])
    if have != math.prod(shape):
        raise RunError(
            f"{source}: each example has {have} values, "
            f"but shape {list(shape)} needs {math.prod(shape)}"
        )
    return x.reshape(len(x), *shape)


def check_classes(y: np.ndarray, classes: int | None, source: Path) -> None:
    """Labels must be integers in 0..classes-1 when classes is declared."""
    if classes is None or len(y) == 0:
        return
    if y.dtype.kind not in "iu":
        raise RunError(f"{source}: classes is {classes}, but the labels are not integers")
    bad = y[(y < 0) | (y >= classes)]
    if bad.size:
        raise RunError(
            f"{source}: label {bad.flat[0]} is outside 0..{classes - 1} (classes: {classes})"
        )


def check_count(x: np.ndarray, y: np.ndarray, source: Path) -> None:
    """Examples and labels must pair up one to one."""
    if len(x) != len(y):
        raise RunError(f"{source}: {len(x)} examples but {len(y)} labels")

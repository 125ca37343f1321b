"""Transform implementations over all splits at once, so fitted ones can fit on train.

An implementation is ``apply(params, arrays, rng) -> arrays`` where ``arrays`` maps
each present split to its target array (x or y, per the declaration's ``target``)
and ``rng`` is the transform's own seeded generator.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from nnspec.errors import RunError

Splits = dict[str, np.ndarray]
Apply = Callable[[dict, Splits, np.random.Generator], Splits]
TRANSFORMS: dict[str, Apply] = {}


def transform(*names: str) -> Callable[[Apply], Apply]:
    """Register the implementation of one or more declared transforms."""

    def register(fn: Apply) -> Apply:
        for name in names:
            TRANSFORMS[name] = fn
        return fn

    return register


def fitted_on(params: dict, arrays: Splits) -> np.ndarray:
    """The rows statistics are fitted on: train, or every split together for fit: all."""
    if params["fit"] == "all":
        return np.concatenate(list(arrays.values()))
    return arrays["train"]


def each(arrays: Splits, fn: Callable[[np.ndarray], np.ndarray]) -> Splits:
    return {split: fn(a) for split, a in arrays.items()}


@transform("scale")
def scale(params: dict, arrays: Splits, rng: np.random.Generator) -> Splits:
    """Linear map of [lo, hi] onto 'to', with one range for all features."""
    if params["from"] is not None:
        lo, hi = params["from"]
    else:
        rows = fitted_on(params, arrays)
        lo, hi = float(rows.min()), float(rows.max())
        if lo == hi:
            raise RunError(f"scale: minmax needs varying data, but every value is {lo}")
    to_lo, to_hi = params["to"]
    factor = (to_hi - to_lo) / (hi - lo)
    return each(arrays, lambda a: ((a - lo) * factor + to_lo).astype(np.float32))


@transform("minmax")
def minmax(params: dict, arrays: Splits, rng: np.random.Generator) -> Splits:
    """scikit-learn's MinMaxScaler arithmetic, in the data's own float dtype, per feature."""
    rows = features(fitted_on(params, arrays)).astype(np.float32)
    lo, hi = (np.float32(v) for v in params["to"])
    low = rows.min(axis=0)
    spread = rows.max(axis=0) - low
    spread[spread < 10 * np.finfo(np.float32).eps] = 1.0  # sklearn's _handle_zeros_in_scale
    factor = (hi - lo) / spread
    shift = lo - low * factor
    return each(
        arrays, lambda a: (features(a).astype(np.float32) * factor + shift).reshape(a.shape)
    )


@transform("standardize")
def standardize(params: dict, arrays: Splits, rng: np.random.Generator) -> Splits:
    """Zero mean and unit deviation on the fitted rows; a constant feature is only centred."""
    rows = features(fitted_on(params, arrays)).astype(np.float64)
    axis = 0 if params["per_feature"] else None
    mean, std = rows.mean(axis=axis), rows.std(axis=axis)
    std = np.where(std < 10 * np.finfo(np.float64).eps, 1.0, std)
    return each(arrays, lambda a: ((features(a) - mean) / std).reshape(a.shape).astype(np.float32))


def features(a: np.ndarray) -> np.ndarray:
    """One row per example, one column per feature: (N, ...) -> (N, F)."""
    return a.reshape(len(a), -1)


@transform("binarize")
def binarize(params: dict, arrays: Splits, rng: np.random.Generator) -> Splits:
    return each(arrays, lambda a: (a > params["threshold"]).astype(np.float32))


@transform("flatten")
def flatten(params: dict, arrays: Splits, rng: np.random.Generator) -> Splits:
    return each(arrays, features)


@transform("reshape")
def reshape(params: dict, arrays: Splits, rng: np.random.Generator) -> Splits:
    shape = params["shape"]
    have, need = features(arrays["train"]).shape[1], int(np.prod(shape))
    if have != need:
        raise RunError(f"reshape: each example has {have} values, but shape {shape} needs {need}")
    return each(arrays, lambda a: a.reshape(len(a), *shape))


@transform("one_hot", "one_hot_inputs")
def one_hot(params: dict, arrays: Splits, rng: np.random.Generator) -> Splits:
    """Integer ids in 0..classes-1 become float32 one-hot vectors on a new last axis."""
    classes = params["classes"]
    for split, a in arrays.items():
        if a.dtype.kind not in "iu":
            raise RunError(f"one_hot: the {split} values are not integer class ids ({a.dtype})")
        bad = a[(a < 0) | (a >= classes)]
        if bad.size:
            raise RunError(f"one_hot: {split} value {bad.flat[0]} is outside 0..{classes - 1}")
    eye = np.eye(classes, dtype=np.float32)
    return each(arrays, lambda a: eye[a])


@transform("noise")
def noise(params: dict, arrays: Splits, rng: np.random.Generator) -> Splits:
    """Gaussian noise, drawn split by split in the order train, val, test."""
    out = dict(arrays)
    for split in ("train", "val", "test"):
        if split in arrays and split in params["splits"]:
            a = arrays[split]
            if a.dtype.kind in "iu":
                raise RunError("noise: x holds integer token ids; noise applies to real values")
            out[split] = (a + params["std"] * rng.standard_normal(a.shape)).astype(np.float32)
    return out

"""Transform implementations over all splits at once, so fitted ones can fit on train.

An implementation is ``apply(params, arrays, rng) -> arrays`` where ``arrays`` maps
each present split to its target array (x or y, per the declaration's ``target``)
and ``rng`` is the transform's own seeded generator.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from nnspec.data.fitted import APPLIES, FITS, features
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


def _fitted(name: str) -> Apply:
    """Fit on the train rows (or every split for fit: all), then apply to every split."""

    def apply(params: dict, arrays: Splits, rng: np.random.Generator) -> Splits:
        state = FITS[name](params, fitted_on(params, arrays))
        return each(arrays, lambda a: APPLIES[name](params, state, a))

    return apply


for _name in FITS:  # scale, minmax, standardize: see nnspec.data.fitted
    TRANSFORMS[_name] = _fitted(_name)


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

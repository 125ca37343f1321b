"""Deterministic train/val/test splits by fraction of the whole.

The procedure, exactly: ``perm = numpy.random.default_rng(seed).permutation(n)``;
``n_test = ceil(test · n)`` and ``n_val = ceil(val · n)`` (rounding up, as
scikit-learn's ``train_test_split`` does); test takes ``perm[:n_test]``, val the
next ``n_val`` and train the rest. Each split keeps its rows in their original
order. A fraction of 0 (or absent) gives no split.

``order: scikit-learn`` reproduces ``train_test_split(random_state=seed)`` instead:
the permutation comes from ``numpy.random.RandomState(seed)``, and each split keeps
the permuted order, so a protocol published with scikit-learn gets the very same
rows, in the same order, as its baseline.
"""

from __future__ import annotations

import math

import numpy as np

from nnspec.data.base import Arrays
from nnspec.errors import RunError

FRACTIONS = ("val", "test")


def split_indices(
    n: int, fractions: dict[str, float], seed: int, order: str = "nnspec"
) -> dict[str, np.ndarray]:
    """The row indices of train and of each split with a positive fraction."""
    fractions = {k: v for k, v in fractions.items() if k != "order"}
    unknown = set(fractions) - set(FRACTIONS)
    if unknown:
        raise RunError(f"split: unknown split {sorted(unknown)[0]!r}; expected val or test")
    counts = {s: math.ceil(fractions.get(s, 0.0) * n) for s in ("test", "val")}
    if counts["test"] + counts["val"] >= n:
        raise RunError(
            f"split leaves no training examples: {n} examples, "
            f"{counts['val']} for val and {counts['test']} for test"
        )
    legacy = order == "scikit-learn"
    perm = (np.random.RandomState(seed) if legacy else np.random.default_rng(seed)).permutation(n)
    arrange = (lambda rows: rows) if legacy else np.sort
    out, start = {}, 0
    for name in ("test", "val"):
        if counts[name]:
            out[name] = arrange(perm[start : start + counts[name]])
        start += counts[name]
    return {"train": arrange(perm[start:]), **out}


def split_arrays(data: Arrays, fractions: dict[str, float], seed: int) -> dict[str, Arrays]:
    """Split every array of a dataset by the same rows."""
    indices = split_indices(len(data["x"]), fractions, seed, fractions.get("order", "nnspec"))
    return {s: {k: a[rows] for k, a in data.items()} for s, rows in indices.items()}

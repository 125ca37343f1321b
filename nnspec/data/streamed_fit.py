"""What fitted transforms keep of each chunk in a streaming pass over the rows.

Only a summary of each chunk is kept, never the rows: for ``scale`` and ``minmax`` the
chunk's per-feature minimum and maximum (their min and max over all chunks are the
whole data's, exactly, so the in-memory fit on the summary gives the very state a fit
on every row would); for ``standardize`` each chunk's count, mean and sum of squared
deviations, merged with Chan et al.'s pairwise update in float64 (equal to numpy's
mean and std of all rows to within float64 rounding). nnspec.data.fitted registers
each transform's streaming fit.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np


def features(a: np.ndarray) -> np.ndarray:
    """One row per example, one column per feature: (N, ...) -> (N, F)."""
    return a.reshape(len(a), -1)


def extremes(chunks: Iterable[np.ndarray]) -> np.ndarray:
    """Each chunk's per-feature min and max rows, stacked: (2·chunks, F)."""
    out = []
    for chunk in chunks:
        rows = features(chunk)
        out += [rows.min(axis=0), rows.max(axis=0)]
    return np.stack(out)


def moments(chunks: Iterable[np.ndarray], per_feature: bool) -> tuple[np.ndarray, np.ndarray]:
    """Mean and (population) deviation, per feature or over every value."""
    count, mean, m2 = 0, 0.0, 0.0
    for chunk in chunks:
        rows = features(chunk).astype(np.float64)
        rows = rows if per_feature else rows.reshape(-1, 1)
        n, mu = len(rows), rows.mean(axis=0)
        squares = ((rows - mu) ** 2).sum(axis=0)
        delta, total = mu - mean, count + n
        mean = mean + delta * n / total
        m2 = m2 + squares + delta**2 * count * n / total
        count = total
    mean, std = np.asarray(mean), np.sqrt(np.asarray(m2) / count)
    return (mean, std) if per_feature else (mean.reshape(()), std.reshape(()))

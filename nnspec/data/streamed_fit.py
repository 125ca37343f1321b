"""Fitted transforms on streamed examples: one pass over the rows, chunk by chunk.

Only a summary of each chunk is kept, never the rows: for ``scale`` and ``minmax`` the
chunk's per-feature minimum and maximum (their min and max over all chunks are the
whole data's, exactly, so the in-memory fit on the summary gives the very state a fit
on every row would); for ``standardize`` each chunk's count, mean and sum of squared
deviations, merged with Chan et al.'s pairwise update in float64 (equal to numpy's
mean and std of all rows to within float64 rounding).
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np

from nnspec.data.fitted import FITS, features, standardize_state


def stream_fit(name: str, params: dict, chunks: Iterable[np.ndarray]) -> dict:
    """The state ``FITS[name]`` would fit on the concatenated chunks."""
    if name == "scale" and params["from"] is not None:
        return FITS[name](params, np.empty(0))  # a fixed range: nothing to read
    if name in ("scale", "minmax"):
        return FITS[name](params, _extremes(chunks))
    if name == "standardize":
        return _moments(params, chunks)
    raise ValueError(f"no streaming fit for {name!r}")


def _extremes(chunks: Iterable[np.ndarray]) -> np.ndarray:
    """Each chunk's per-feature min and max rows, stacked: (2·chunks, F)."""
    out = []
    for chunk in chunks:
        rows = features(chunk)
        out += [rows.min(axis=0), rows.max(axis=0)]
    return np.stack(out)


def _moments(params: dict, chunks: Iterable[np.ndarray]) -> dict:
    """Mean and (population) deviation, per feature or over every value."""
    count, mean, m2 = 0, 0.0, 0.0
    for chunk in chunks:
        rows = features(chunk).astype(np.float64)
        if not params["per_feature"]:
            rows = rows.reshape(-1, 1)
        n, mu = len(rows), rows.mean(axis=0)
        squares = ((rows - mu) ** 2).sum(axis=0)
        delta, total = mu - mean, count + n
        mean = mean + delta * n / total
        m2 = m2 + squares + delta**2 * count * n / total
        count = total
    mean, std = np.asarray(mean), np.sqrt(np.asarray(m2) / count)
    if not params["per_feature"]:
        mean, std = mean.reshape(()), std.reshape(())
    return standardize_state(mean, std)

"""What the fitted transforms learn from the data, apart from applying it.

``scale`` (without ``from``), ``minmax`` and ``standardize`` learn statistics from
the rows they are fitted on. Each is split into ``fit(params, rows) -> state`` and
``apply(params, state, a) -> a``, so a trained run can apply the very statistics it
was trained with to new data (the run directory keeps them: see nnspec.use.state).
A state holds only JSON numbers and lists, which read back bit for bit.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

import numpy as np

from nnspec.data.streamed_fit import extremes, features, moments
from nnspec.errors import RunError
from nnspec.spec.typed import Application

Fit = Callable[[dict, np.ndarray], dict]
ApplyOne = Callable[[dict, dict, np.ndarray], np.ndarray]
StreamFit = Callable[[dict, Iterable[np.ndarray]], dict]
FITS: dict[str, Fit] = {}
APPLIES: dict[str, ApplyOne] = {}
STREAM_FITS: dict[str, StreamFit] = {}  # the same fit, from a pass over chunks of the rows


def fitted(name: str, fit: Fit, apply: ApplyOne, stream: StreamFit) -> None:
    FITS[name], APPLIES[name], STREAM_FITS[name] = fit, apply, stream


def scale_fit(params: dict, rows: np.ndarray) -> dict:
    if params["from"] is not None:
        lo, hi = params["from"]
        return {"lo": lo, "hi": hi}
    lo, hi = float(rows.min()), float(rows.max())
    if lo == hi:
        raise RunError(f"scale: minmax needs varying data, but every value is {lo}")
    return {"lo": lo, "hi": hi}


def scale_apply(params: dict, state: dict, a: np.ndarray) -> np.ndarray:
    """Linear map of [lo, hi] onto 'to', with one range for all features."""
    to_lo, to_hi = params["to"]
    lo = state["lo"]
    factor = (to_hi - to_lo) / (state["hi"] - lo)
    return ((a - lo) * factor + to_lo).astype(np.float32)


def minmax_fit(params: dict, rows: np.ndarray) -> dict:
    """scikit-learn's MinMaxScaler arithmetic, in float32, per feature."""
    rows = features(rows).astype(np.float32)
    lo, hi = (np.float32(v) for v in params["to"])
    low = rows.min(axis=0)
    spread = rows.max(axis=0) - low
    spread[spread < 10 * np.finfo(np.float32).eps] = 1.0  # sklearn's _handle_zeros_in_scale
    factor = (hi - lo) / spread
    shift = lo - low * factor
    return {"factor": factor.tolist(), "shift": shift.tolist()}


def minmax_apply(params: dict, state: dict, a: np.ndarray) -> np.ndarray:
    factor = np.asarray(state["factor"], np.float32)
    shift = np.asarray(state["shift"], np.float32)
    return (features(a).astype(np.float32) * factor + shift).reshape(a.shape)


def standardize_fit(params: dict, rows: np.ndarray) -> dict:
    """Zero mean and unit deviation on the fitted rows; a constant feature is only centred."""
    rows = features(rows).astype(np.float64)
    axis = 0 if params["per_feature"] else None
    return standardize_state(rows.mean(axis=axis), rows.std(axis=axis))


def standardize_state(mean: np.ndarray, std: np.ndarray) -> dict:
    """The kept state; a deviation of (nearly) 0 becomes 1."""
    std = np.where(std < 10 * np.finfo(np.float64).eps, 1.0, std)
    return {"mean": mean.tolist(), "std": std.tolist()}


def standardize_apply(params: dict, state: dict, a: np.ndarray) -> np.ndarray:
    mean, std = np.asarray(state["mean"]), np.asarray(state["std"])
    return ((features(a) - mean) / std).reshape(a.shape).astype(np.float32)


def scale_stream(params: dict, chunks: Iterable[np.ndarray]) -> dict:
    """A fixed range reads nothing; minmax: true fits on the chunks' extremes."""
    rows = np.empty(0) if params["from"] is not None else extremes(chunks)
    return scale_fit(params, rows)


def minmax_stream(params: dict, chunks: Iterable[np.ndarray]) -> dict:
    return minmax_fit(params, extremes(chunks))


def standardize_stream(params: dict, chunks: Iterable[np.ndarray]) -> dict:
    return standardize_state(*moments(chunks, params["per_feature"]))


fitted("scale", scale_fit, scale_apply, scale_stream)
fitted("minmax", minmax_fit, minmax_apply, minmax_stream)
fitted("standardize", standardize_fit, standardize_apply, standardize_stream)


def describe(transform: Application, splits: dict[str, dict[str, np.ndarray]]) -> dict:
    """What a run keeps of one transform: its kind, fitted state and the x shape it took."""
    from nnspec.data.transforms import fitted_on  # transforms imports this module
    from nnspec.registry import REGISTRY

    name, params = transform.kind, transform.params
    state = None
    if name in FITS:
        target = REGISTRY.get("transform", name).info.target
        state = FITS[name](params, fitted_on(params, {s: a[target] for s, a in splits.items()}))
    return {"kind": name, "state": state, "x": list(splits["train"]["x"].shape[1:])}

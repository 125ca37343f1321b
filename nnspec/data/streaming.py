"""Transforms of streamed examples: fitted once in a streaming pass, applied per batch.

A streamed split's ``x`` is a ``nnspec.data.mapped.Rows``; each transform appends a
``PerBatch`` to it, which the batch reader (nnspec.data.streamed) applies to every
batch it reads. The fitted state is recorded exactly as for data in memory
(``fitted.describe``'s form), so evaluate and predict reuse it from run_state.json.
"""

from __future__ import annotations

from itertools import chain

import numpy as np

from nnspec.data.fitted import APPLIES, STREAM_FITS
from nnspec.data.mapped import Rows
from nnspec.data.transforms import TRANSFORMS
from nnspec.errors import RunError
from nnspec.registry import REGISTRY
from nnspec.spec.typed import Application


class PerBatch:
    """One transform with its fitted state, applied to a batch of rows (picklable)."""

    def __init__(self, name: str, params: dict, state: dict | None):
        self.name, self.params, self.state = name, params, state

    def __call__(self, a: np.ndarray) -> np.ndarray:
        if self.name in APPLIES:
            return APPLIES[self.name](self.params, self.state, a)
        return TRANSFORMS[self.name](self.params, {"train": a}, np.random.default_rng(0))["train"]


def is_streamed(splits: dict) -> bool:
    return isinstance(splits["train"]["x"], Rows)


def transform_streamed(transform: Application, splits: dict, record: list | None) -> dict:
    """Fit (if the transform is fitted) on a pass over the rows, then apply per batch."""
    name, params = transform.kind, transform.params
    if not REGISTRY.get("transform", name).info.per_batch:
        raise RunError(f"{name} cannot transform streamed examples (data.stream: true)")
    state = None
    if name in STREAM_FITS:
        fitted = splits.values() if params["fit"] == "all" else [splits["train"]]
        chunks = chain.from_iterable(s["x"].chunks() for s in fitted)
        state = STREAM_FITS[name](params, chunks)
    if record is not None:
        shape = list(splits["train"]["x"].shape[1:])
        record.append({"kind": name, "state": state, "x": shape})
    step = PerBatch(name, params, state)
    out = {s: {**a, "x": a["x"].then(step)} for s, a in splits.items()}
    for a in out.values():
        a["x"].shape  # noqa: B018  (one row through the transform: a misfit fails now)
    return out

"""Sequence tasks for recurrent networks: adding, copy-memory, reverse and a text stream."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from nnspec.data.base import Arrays, arrays, loads
from nnspec.errors import RunError


@loads("adding")
def adding(params: dict, rng: np.random.Generator, base_dir: Path) -> Arrays:
    """Uniform values with two markers, one in each half; the target is their sum."""
    size, steps = params["size"], params["length"]
    values = rng.random((size, steps)).astype(np.float32)
    rows = np.arange(size)
    first = rng.integers(0, steps // 2, size=size)
    second = rng.integers(steps // 2, steps, size=size)
    markers = np.zeros_like(values)
    markers[rows, first] = markers[rows, second] = 1
    target = values[rows, first] + values[rows, second]
    return arrays(np.stack([values, markers], axis=-1), target[:, None])  # (N, T, 2), (N, 1)


@loads("copy_memory")
def copy_memory(params: dict, rng: np.random.Generator, base_dir: Path) -> Arrays:
    """Symbols, blanks, a delimiter, blanks; the target repeats the symbols at the end."""
    size, length, delay = params["size"], params["length"], params["delay"]
    symbols = rng.integers(1, params["alphabet"] + 1, size=(size, length))
    x = np.zeros((size, 2 * length + delay), np.int64)
    y = np.zeros_like(x)
    x[:, :length] = symbols
    x[:, length + delay - 1] = params["alphabet"] + 1  # the delimiter: "now recall"
    y[:, length + delay :] = symbols
    return arrays(x, y)


@loads("reverse")
def reverse(params: dict, rng: np.random.Generator, base_dir: Path) -> Arrays:
    """Uniform token ids and the same sequence reversed."""
    x = rng.integers(0, params["vocab"], size=(params["size"], params["length"]))
    return arrays(x, x[:, ::-1].copy())


CORPUS = Path(__file__).parent / "corpora" / "sonnets.txt"


@loads("chars")
def chars(params: dict, rng: np.random.Generator, base_dir: Path) -> Arrays:
    """Consecutive rows of a byte stream; y is x one step later. In order: rows continue rows."""
    path = CORPUS if params["path"] is None else Path(base_dir) / params["path"]
    stream = np.frombuffer(path.read_bytes(), dtype=np.uint8)
    stream = stream[int(params["start"] * len(stream)) : int(params["stop"] * len(stream))]
    length = params["length"]
    rows = (len(stream) - 1) // length
    if rows < 1:
        raise RunError(
            f"{path}: the slice holds {len(stream)} characters, too few for one row of "
            f"{length} and its next character"
        )
    x = stream[: rows * length].astype(np.int64).reshape(rows, length)
    y = stream[1 : rows * length + 1].astype(np.int64).reshape(rows, length)
    return arrays(x, y)  # (N, T), (N, T)

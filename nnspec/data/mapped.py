"""The ``npy`` loader: examples that stay in their .npy files, read rows at a time.

``Rows`` is a lazy view of the rows of a ``Source`` (NPY shards here, CSV shards in
nnspec.data.csv_rows): the rows it holds (all, or a split's subset), and the
per-batch transforms to apply after reading. Rows are read in file order with
``pread`` (see ``read_rows``), so resident memory holds only the batch being read,
whatever the file's size. Labels are small (one number per example) and are read
into memory.
"""

from __future__ import annotations

import math
import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Protocol

import numpy as np

from nnspec.data.base import Arrays, canonical, check_classes, check_count, loads
from nnspec.errors import RunError
from nnspec.registry.file_headers import BadFile
from nnspec.registry.shards import NpyShard, npy_shards

CHUNK_VALUES = 1 << 22  # values per chunk of a streaming pass: 16 MB of float32
Op = Callable[[np.ndarray], np.ndarray]


class Source(Protocol):
    """Where rows are read from: ``rows`` in all, each of shape ``row``, stored in shards."""

    rows: int
    row: tuple[int, ...]

    def read_sorted(self, rows: np.ndarray) -> np.ndarray:
        """The rows at ascending positions ``rows``, as float32: (len(rows), *row)."""
        ...


class NpySource:
    """NPY shards, read with ``os.pread``: one call per run of consecutive rows."""

    def __init__(self, shards: list[NpyShard]):
        self.shards, self.rows, self.row = shards, sum(s.rows for s in shards), shards[0].row
        self.starts = np.cumsum([0] + [s.rows for s in shards])  # first row of each shard

    def read_sorted(self, rows: np.ndarray) -> np.ndarray:
        out = np.empty((len(rows), *self.row), np.float32)
        shard = np.searchsorted(self.starts, rows, side="right") - 1
        for s in np.unique(shard):
            mine = shard == s
            out[mine] = read_rows(self.shards[s], rows[mine] - self.starts[s])
        return out


def read_rows(shard: NpyShard, rows: np.ndarray) -> np.ndarray:
    """Rows of one shard, ascending, in the stored dtype.

    Not through a memory map: on a page fault Linux 6.x maps a whole large folio of
    the page cache (up to 2 MB), so 1000 random rows read through a mapping of a 784 MB
    file took the process's resident memory to 917 MB; ``pread`` copies only the rows.
    """
    dtype = np.dtype(shard.descr)
    width = dtype.itemsize * math.prod(shard.row)  # bytes per row
    out = np.empty((len(rows), *shard.row), dtype)
    flat = out.reshape(len(rows), -1).view(np.uint8).reshape(len(rows), width)
    cuts = np.flatnonzero(np.diff(rows) != 1) + 1  # where a run of consecutive rows ends
    fd = os.open(shard.path, os.O_RDONLY)
    try:
        for first, last in zip(np.r_[0, cuts], np.r_[cuts, len(rows)], strict=True):
            size = (last - first) * width
            data = os.pread(fd, int(size), shard.offset + int(rows[first]) * width)
            if len(data) != size:
                raise RunError(f"{shard.path}: truncated: its header promises {shard.rows} rows")
            flat[first:last] = np.frombuffer(data, np.uint8).reshape(-1, width)
    finally:
        os.close(fd)
    return out


class Rows:
    """Rows of a ``Source`` as float32, read on demand; ``index``: which rows, None for all."""

    def __init__(self, source: Source, index: np.ndarray | None = None, ops=()):
        self.source, self.index, self.ops = source, index, tuple(ops)
        self._row: np.ndarray | None = None

    def __len__(self) -> int:
        return self.source.rows if self.index is None else len(self.index)

    def __getitem__(self, rows: np.ndarray) -> Rows:
        """The subset of these rows at positions ``rows`` (a split's rows)."""
        index = np.asarray(rows) if self.index is None else self.index[rows]
        return Rows(self.source, index, self.ops)

    def then(self, op: Op) -> Rows:
        """These rows with one more per-batch transform."""
        return Rows(self.source, self.index, (*self.ops, op))

    @property
    def shape(self) -> tuple[int, ...]:
        """(rows, *one example's shape after the transforms)."""
        return (len(self), *self._first().shape[1:])

    @property
    def dtype(self) -> np.dtype:
        return self._first().dtype

    def _first(self) -> np.ndarray:
        """The first row, read once: it tells the shape and dtype the transforms give."""
        if self._row is None:
            self._row = self.take(np.arange(min(1, len(self))))
        return self._row

    def take(self, positions: np.ndarray) -> np.ndarray:
        """The rows at ``positions``, in that order, read and transformed: (B, ...)."""
        a = self.read(positions)
        for op in self.ops:
            a = op(a)
        return canonical(a)

    def read(self, positions: np.ndarray) -> np.ndarray:
        """The stored rows at ``positions`` as float32, before the transforms."""
        rows = np.asarray(positions, np.int64)
        rows = rows if self.index is None else self.index[rows]
        ascending = np.argsort(rows, kind="stable")  # in file order: 2-3x fewer page walks
        out = np.empty((len(rows), *self.source.row), np.float32)
        out[ascending] = self.source.read_sorted(rows[ascending])
        return out

    def chunks(self) -> Iterator[np.ndarray]:
        """Every row in order, transformed, a bounded chunk at a time (a streaming pass)."""
        size = max(1, CHUNK_VALUES // max(1, math.prod(self.source.row)))
        for start in range(0, len(self), size):
            yield self.take(np.arange(start, min(start + size, len(self))))

    def array(self) -> np.ndarray:
        """Every row in memory (for data: stream false), filled chunk by chunk."""
        out, start = np.empty(self.shape, self.dtype), 0
        for chunk in self.chunks():
            out[start : start + len(chunk)] = chunk
            start += len(chunk)
        return out


def shards_of(base_dir: Path, path: str, param: str) -> list[NpyShard]:
    """The shards a path names, or a RunError saying what validate would have said."""
    try:
        return npy_shards(Path(base_dir), path, param)
    except BadFile as exc:
        raise RunError(str(exc)) from None


@loads("npy")
def npy(params: dict, rng: np.random.Generator, base_dir: Path) -> Arrays:
    """Examples as lazy ``Rows`` (reshaped if shape is set) and labels in memory."""
    x = Rows(NpySource(shards_of(base_dir, params["path"], "path")))
    if params["shape"] is not None:
        x = x.then(Reshape(tuple(params["shape"]), params["path"]))
        x.shape  # noqa: B018  (reads one row: a shape that does not fit fails now)
    if params["labels"] is None:
        return {"x": x}
    shards = shards_of(base_dir, params["labels"], "labels")
    y = np.concatenate([read_rows(s, np.arange(s.rows)) for s in shards])
    source = Path(base_dir) / params["labels"]
    check_count(x, y, source)
    check_classes(y, params["classes"], source)
    return {"x": x, "y": canonical(y)}


class Reshape:
    """The declared example shape, as a per-batch transform (picklable for workers)."""

    def __init__(self, shape: tuple[int, ...], shown: str):
        self.shape, self.shown = shape, shown

    def __call__(self, a: np.ndarray) -> np.ndarray:
        if math.prod(a.shape[1:]) != math.prod(self.shape):
            raise RunError(
                f"{self.shown}: each example has {math.prod(a.shape[1:])} values, "
                f"but shape {list(self.shape)} needs {math.prod(self.shape)}"
            )
        return a.reshape(len(a), *self.shape)

"""Streamed CSV: one pass records where each row starts; batches seek to their rows.

The pass reads each shard line by line in binary, keeps each data row's byte offset
and line number (12 bytes a row) and its label cell, and checks every row's width.
A batch then seeks to its rows in file order and parses only them. A quoted field
that spans lines cannot be sought to by line and is refused, naming its line.
"""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np

from nnspec.data.base import STREAMERS, Arrays, check_classes, loads
from nnspec.data.mapped import Reshape, Rows
from nnspec.data.tables import column, csv_files, labels, numbers
from nnspec.errors import RunError


class CsvShard:
    """One CSV file: its header and, per data row, byte offset, line number and label cell.

    Only the label cell of a row is kept from the pass, never its features.
    """

    def __init__(self, path: Path, params: dict):
        self.path, self.names, self.width, self.label = path, None, 0, None
        offsets, lines, self.cells = [], [], []
        with path.open("rb") as f:
            position = 0
            for number, raw in enumerate(f, start=1):
                row = _parse(raw, path, number)
                if row and not self.width:
                    self._first(row, params)
                    if params["header"]:
                        position += len(raw)
                        continue
                if row:
                    self._check(row, number)
                    offsets.append(position)
                    lines.append(number)
                    self.cells += [] if self.label is None else [row[self.label]]
                position += len(raw)
        self.offsets, self.lines = np.asarray(offsets, np.int64), np.asarray(lines, np.int32)
        if not len(offsets):
            raise RunError(f"{path}: no data rows")

    def _first(self, row: list[str], params: dict) -> None:
        """The header (or the first data row) sets the width and the label column."""
        self.names, self.width = (row if params["header"] else None), len(row)
        if params["label"] is not None:
            self.label = column(params["label"], self.names, self.width, self.path)

    def _check(self, row: list[str], line: int) -> None:
        if len(row) != self.width:
            raise RunError(
                f"{self.path}:{line}: ragged row: {len(row)} fields, expected {self.width}"
            )


def _parse(raw: bytes, path: Path, number: int) -> list[str]:
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise RunError(f"{path}: not a readable CSV file ({exc})") from None
    if text.count('"') % 2:
        raise RunError(
            f"{path}:{number}: a quoted field spans lines, which streaming cannot seek to; "
            "use stream: false"
        )
    return next(csv.reader([text]), [])


class CsvSource:
    """The feature columns of CSV shards, parsed from the rows a batch asks for."""

    def __init__(self, shards: list[CsvShard], features: list[int]):
        self.shards, self.features = shards, features
        self.rows, self.row = sum(len(s.offsets) for s in shards), (len(features),)
        self.starts = np.cumsum([0] + [len(s.offsets) for s in shards])

    def read_sorted(self, rows: np.ndarray) -> np.ndarray:
        parts = []
        shard = np.searchsorted(self.starts, rows, side="right") - 1
        for s in np.unique(shard):
            at = rows[shard == s] - self.starts[s]
            parts.append(self._read(self.shards[s], at))
        return np.concatenate(parts) if parts else np.empty((0, *self.row), np.float32)

    def _read(self, shard: CsvShard, at: np.ndarray) -> np.ndarray:
        with shard.path.open("rb") as f:
            cells = []
            for offset in shard.offsets[at]:
                f.seek(offset)
                cells.append(next(csv.reader([f.readline().decode("utf-8")])))
        lines = shard.lines[at].tolist()
        return numbers(cells, lines, self.features, shard.names, shard.path)


@loads("csv", STREAMERS)
def stream_csv(params: dict, rng: np.random.Generator, base_dir: Path) -> Arrays:
    """The csv dataset as lazy ``Rows`` (one pass over the files) and labels in memory."""
    shards = [CsvShard(path, params) for path in csv_files(base_dir, params["path"])]
    first = shards[0]
    for shard in shards[1:]:
        if (shard.names, shard.width) != (first.names, first.width):
            raise RunError(f"{shard.path}: its columns differ from those of {first.path}")
    features = [c for c in range(first.width) if c != first.label]
    if not features:
        raise RunError(f"{first.path}: no feature columns besides the label")
    x = Rows(CsvSource(shards, features))
    if params["shape"] is not None:
        x = x.then(Reshape(tuple(params["shape"]), params["path"]))
    x.shape  # noqa: B018  (reads the first row: a cell that is not a number fails now)
    if first.label is None:
        return {"x": x}
    y = labels([cell for shard in shards for cell in shard.cells])
    check_classes(y, params["classes"], first.path)
    for shard in shards:
        shard.cells = []  # read workers need no labels
    return {"x": x, "y": y}

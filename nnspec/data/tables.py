"""The CSV loader: float32 feature columns and an optional label column."""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np

from nnspec.data.base import Arrays, arrays, check_classes, loads, reshape_examples, resolve
from nnspec.errors import RunError
from nnspec.registry.core import did_you_mean
from nnspec.registry.file_headers import BadFile
from nnspec.registry.shards import is_pattern, shard_paths


@loads("csv")
def table(params: dict, rng: np.random.Generator, base_dir: Path) -> Arrays:
    """Every column but the label becomes a feature; blank lines are skipped.

    A glob pattern in ``path`` reads every matching shard, in sorted order, as one table.
    """
    files = csv_files(base_dir, params["path"])
    parts = [_shard(path, params) for path in files]
    for path, (names, x, _) in zip(files[1:], parts[1:], strict=True):
        if names != parts[0][0] or x.shape[1:] != parts[0][1].shape[1:]:
            raise RunError(f"{path}: its columns differ from those of {files[0]}")
    x = np.concatenate([x for _, x, _ in parts])
    if params["label"] is None:
        return arrays(x)
    y = labels([cell for _, _, cells in parts for cell in cells])
    check_classes(y, params["classes"], files[0] if len(files) == 1 else Path(params["path"]))
    return arrays(x, y)


def csv_files(base_dir: Path, path: str) -> list[Path]:
    """The one file a path names, or every file a pattern matches, sorted."""
    if not is_pattern(path):
        return [resolve(base_dir, path)]
    try:
        return shard_paths(Path(base_dir), path, "path")
    except BadFile as exc:
        raise RunError(str(exc)) from None


def _shard(path: Path, params: dict) -> tuple[list[str] | None, np.ndarray, list[str]]:
    """One file's header, features and label cells."""
    names, rows, lines = read_rows(path, params["header"])
    label = None if params["label"] is None else column(params["label"], names, len(rows[0]), path)
    features = [c for c in range(len(rows[0])) if c != label]
    if not features:
        raise RunError(f"{path}: no feature columns besides the label")
    x = reshape_examples(numbers(rows, lines, features, names, path), params["shape"], path)
    return names, x, [] if label is None else [row[label] for row in rows]


def read_rows(path: Path, header: bool) -> tuple[list[str] | None, list[list[str]], list[int]]:
    """The header (or None), the data rows and each row's line number; rows must be equally wide."""
    try:
        with path.open(newline="", encoding="utf-8") as f:
            reader = csv.reader(f)
            records = [(row, reader.line_num) for row in reader if row]
    except (UnicodeDecodeError, csv.Error) as exc:
        raise RunError(f"{path}: not a readable CSV file ({exc})") from None
    names = records.pop(0)[0] if header and records else None
    if not records:
        raise RunError(f"{path}: no data rows")
    width = len(names) if names is not None else len(records[0][0])
    for row, line in records:
        if len(row) != width:
            raise RunError(f"{path}:{line}: ragged row: {len(row)} fields, expected {width}")
    return names, [r for r, _ in records], [n for _, n in records]


def column(label: int | str, names: list[str] | None, width: int, path: Path) -> int:
    """The index of the label column, named or numbered."""
    if isinstance(label, int):
        if not -width <= label < width:
            raise RunError(f"{path}: label column {label} is out of range for {width} columns")
        return label % width
    if names is None:
        raise RunError(f"{path}: label column '{label}' is a name, but header is false")
    if label not in names:
        hint = did_you_mean(label, names)
        raise RunError(f"{path}: no column named '{label}'" + (f"; {hint}" if hint else ""))
    return names.index(label)


def numbers(
    rows: list[list[str]], lines: list[int], cols: list[int], names, path: Path
) -> np.ndarray:
    """The feature columns as float32; the first cell that is not a number is reported."""
    try:
        return np.array([[row[c] for c in cols] for row in rows], np.float32).reshape(len(rows), -1)
    except ValueError:
        _report_bad_cell(rows, lines, cols, names, path)
        raise


def _report_bad_cell(
    rows: list[list[str]], lines: list[int], cols: list[int], names, path: Path
) -> None:
    for row, line in zip(rows, lines, strict=True):
        for c in cols:
            try:
                float(row[c])
            except ValueError:
                name = f"'{names[c]}'" if names else str(c)
                raise RunError(
                    f"{path}:{line}: column {name}: '{row[c]}' is not a number"
                ) from None


def labels(cells: list[str]) -> np.ndarray:
    """Integers are class ids, other numbers regression targets, other text class names."""
    for kind in (int, float):
        try:
            return np.array([kind(c) for c in cells])
        except ValueError:
            pass
    ids = {name: i for i, name in enumerate(sorted(set(cells)))}
    return np.array([ids[c] for c in cells])

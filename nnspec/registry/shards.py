"""Sharded data files: a path with glob characters names every file it matches (torch-free).

``validate`` and the loaders resolve a path the same way: against the spec's folder,
the matches in sorted order (so ``part-000.npy`` comes before ``part-001.npy``), and a
pattern that matches nothing is an error naming the folder looked in. An NPY shard's
header says its dtype and shape without reading its data; every shard must agree
with the first on the dtype and on one example's shape.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from nnspec.registry.file_headers import BadFile, csv_rows, npy_header

GLOB_CHARS = frozenset("*?[")
# NPY element kinds a run can read memory-mapped: booleans, integers, floating point.
NUMERIC_KINDS = "biuf"


def is_pattern(path: str) -> bool:
    return any(c in GLOB_CHARS for c in path)


def shard_paths(base_dir: Path, path: str, param: str) -> list[Path]:
    """The files a path names: itself, or a pattern's matches in sorted order."""
    if not is_pattern(path):
        resolved = Path(base_dir) / path
        if not resolved.exists():
            raise BadFile(
                f"{path}: file not found (looked for {resolved})",
                param,
                "a file, relative to the spec's folder",
            )
        return [resolved]
    import glob  # only a pattern needs it: validate imports what it uses

    folder = Path(base_dir) / Path(path).parent
    found = sorted(p for p in map(Path, glob.glob(str(Path(base_dir) / path))) if p.is_file())
    if not found:
        raise BadFile(
            f"{path}: no files match (looked in {folder})",
            param,
            "a pattern that matches at least one file",
        )
    return found


@dataclass(frozen=True)
class NpyShard:
    """One NPY file as its header describes it; ``offset``: where its data starts."""

    path: Path
    descr: str
    rows: int
    row: tuple[int, ...]  # one example's shape
    offset: int


def npy_shard(path: Path, shown: str, param: str) -> NpyShard:
    """An NPY file's header, checked to be C-ordered numbers with one row per example."""
    with path.open("rb") as f:
        header = npy_header(f, shown, param)
        offset = f.tell()
    descr, shape = header["descr"], header["shape"]
    if not isinstance(descr, str) or len(descr) < 3 or descr[1] not in NUMERIC_KINDS:
        raise BadFile(
            f"{shown}: NPY dtype {descr!r} cannot be read as numbers",
            param,
            "an array of booleans, integers or floating-point numbers",
        )
    if not shape:
        raise BadFile(f"{shown}: a single value, not one row per example", param)
    if header["fortran_order"] and len(shape) > 1:
        raise BadFile(
            f"{shown}: stored in Fortran order, so one example's values are not contiguous",
            param,
            "a C-ordered array (numpy.ascontiguousarray before numpy.save)",
        )
    return NpyShard(path, descr, shape[0], tuple(shape[1:]), offset)


def npy_shards(base_dir: Path, path: str, param: str) -> list[NpyShard]:
    """Every shard a path names; each must have the first's dtype and example shape."""
    shards = []
    for file in shard_paths(base_dir, path, param):
        shown = str(Path(path).parent / file.name) if is_pattern(path) else path
        shard = npy_shard(file, shown, param)
        if shards and (shard.descr, shard.row) != (shards[0].descr, shards[0].row):
            first = shards[0]
            raise BadFile(
                f"{shown}: shards differ: dtype {shard.descr!r} and examples of shape "
                f"{list(shard.row)}, but {first.path.name} has {first.descr!r} and "
                f"{list(first.row)}",
                param,
                "shards of one dtype and one example shape",
            )
        shards.append(shard)
    return shards


def csv_shards(params: dict, base_dir: Path) -> tuple[Path, str, list[list[str]]]:
    """A CSV pattern's first shard and first rows; every shard has the first's columns."""
    pattern, first = params["path"], None
    count = 2 if params["header"] else 1
    for file in shard_paths(base_dir, pattern, "path"):
        shown = str(Path(pattern).parent / file.name)
        rows = csv_rows(file, count, shown, "path")
        columns = rows[0] if params["header"] else len(rows[0])
        if first is None:
            first = (file, shown, rows, columns)
        elif columns != first[3]:
            raise BadFile(
                f"{shown}: shards differ: columns {columns}, but {first[0].name} has {first[3]}",
                "path",
                "shards with the same columns",
            )
    return first[0], first[1], first[2]

"""What a data file's header says, read without loading the data (and without numpy).

Each reader returns the array shapes the file declares, or raises ``BadFile``
naming the parameter it blames. ``validate`` calls them, so they read only a few
bytes: an IDX file's magic and sizes, an NPY member's header dict, a CSV's first row.
"""

from __future__ import annotations

import ast
import csv
import gzip
import struct
import zipfile
import zlib
from pathlib import Path

GZIP_MAGIC = b"\x1f\x8b"
ZIP_MAGIC = b"PK\x03\x04"
NPY_MAGIC = b"\x93NUMPY"
IDX_TYPES = {0x08: ("u", 1), 0x09: ("i", 1), 0x0B: ("i", 2), 0x0C: ("i", 4)}
IDX_TYPES |= {0x0D: ("f", 4), 0x0E: ("f", 8)}


class BadFile(Exception):
    """A file does not hold what its parameter says; ``param`` is the one to blame."""

    def __init__(
        self, message: str, param: str, expected: str | None = None, hint: str | None = None
    ):
        super().__init__(message)
        self.param = param
        self.expected = expected
        self.hint = hint


def idx_header(path: Path, shown: str, param: str) -> tuple[str, tuple[int, ...]]:
    """An IDX file's element kind ("u", "i", "f") and its dimensions."""
    with path.open("rb") as raw:
        gz = raw.read(2) == GZIP_MAGIC
    try:
        with gzip.open(path) if gz else path.open("rb") as f:
            head = f.read(4)
            if len(head) < 4 or head[:2] != b"\0\0" or head[2] not in IDX_TYPES or not head[3]:
                magic = head.hex(" ") or "none, the file is empty"
                raise BadFile(
                    f"{shown}: not an IDX file (magic bytes {magic})",
                    param,
                    "00 00 <type> <ndim>",
                )
            sizes = f.read(4 * head[3])
    except (OSError, EOFError, zlib.error):
        raise BadFile(f"{shown}: gzip data is corrupt or truncated", param) from None
    if len(sizes) < 4 * head[3]:
        raise BadFile(f"{shown}: truncated IDX header", param)
    dims = struct.unpack(f">{head[3]}I", sizes)
    kind, width = IDX_TYPES[head[2]]
    _idx_length(path, gz, 4 + len(sizes), dims, width, shown, param)
    return kind, dims


def _idx_length(path: Path, gz: bool, header: int, dims: tuple, width: int, shown, param) -> None:
    """A raw file's size must match its header (a gzipped one is checked when loaded)."""
    count = width
    for d in dims:
        count *= d
    found = path.stat().st_size - header
    if not gz and found != count:
        state = "truncated" if found < count else "longer than its header says"
        raise BadFile(
            f"{shown}: IDX file is {state}: dimensions {list(dims)} need {count} bytes of data, "
            f"found {found}",
            param,
        )


def npz_members(path: Path, shown: str, param: str) -> dict[str, tuple[str, tuple[int, ...]]]:
    """Each array of an .npz archive: its element kind and shape, from the NPY headers."""
    with path.open("rb") as f:
        if f.read(4) != ZIP_MAGIC:
            raise BadFile(f"{shown}: not an NPZ archive (no zip signature)", param)
    try:
        with zipfile.ZipFile(path) as archive:
            return {
                name.removesuffix(".npy"): _npy_header(archive, name, shown, param)
                for name in archive.namelist()
                if name.endswith(".npy")
            }
    except (zipfile.BadZipFile, OSError, EOFError, zlib.error):
        raise BadFile(f"{shown}: NPZ archive is corrupt or truncated", param) from None


def _npy_header(archive: zipfile.ZipFile, name: str, shown: str, param: str) -> tuple[str, tuple]:
    with archive.open(name) as f:
        header = npy_header(f, f"{shown}: member {name}", param)
    descr = header["descr"]
    return (descr[1] if isinstance(descr, str) and len(descr) > 1 else "V"), header["shape"]


def npy_header(f, shown: str, param: str) -> dict:
    """NPY format: magic, version, header length, then a dict literal of descr and shape.

    Returns the dict (its ``shape`` a tuple) and leaves ``f`` at the first data byte.
    """
    head = f.read(8)
    if len(head) < 8 or head[:6] != NPY_MAGIC or head[6] not in (1, 2, 3):
        raise BadFile(f"{shown} is not an NPY array", param)
    size = 2 if head[6] == 1 else 4
    length = int.from_bytes(f.read(size), "little")
    text = f.read(length).decode("latin1" if head[6] < 3 else "utf-8")
    try:
        header = ast.literal_eval(text)  # literals only: nothing is evaluated or unpickled
        header["shape"] = tuple(header["shape"])
        header["descr"], header["fortran_order"]  # both must be present
    except (ValueError, SyntaxError, KeyError, TypeError):
        raise BadFile(f"{shown} has an unreadable NPY header", param) from None
    return header


def csv_rows(path: Path, count: int, shown: str, param: str) -> list[list[str]]:
    """The first ``count`` non-blank rows of a CSV file; there must be that many."""
    rows: list[list[str]] = []
    try:
        with path.open(newline="", encoding="utf-8") as f:
            for row in csv.reader(f):
                rows += [row] if row else []
                if len(rows) == count:
                    return rows
    except (UnicodeDecodeError, csv.Error) as exc:
        raise BadFile(f"{shown}: not a readable CSV file ({exc})", param) from None
    raise BadFile(f"{shown}: no data rows", param)

"""Loaders of the array files people already have: MNIST IDX (gzipped or raw) and NPZ.

Every loader checks what it reads and raises ``RunError`` naming the file; nothing
is unpickled and nothing is fetched from the network.
"""

from __future__ import annotations

import gzip
import struct
import zipfile
import zlib
from pathlib import Path

import numpy as np

from nnspec.data.base import (
    Arrays,
    arrays,
    check_classes,
    check_count,
    loads,
    reshape_examples,
    resolve,
)
from nnspec.errors import RunError
from nnspec.registry.core import did_you_mean

GZIP_MAGIC = b"\x1f\x8b"
ZIP_MAGIC = b"PK\x03\x04"
IDX_TYPES = {0x08: ">u1", 0x09: ">i1", 0x0B: ">i2", 0x0C: ">i4", 0x0D: ">f4", 0x0E: ">f8"}


def read_bytes(path: Path) -> bytes:
    """A file's bytes, gunzipped when it starts with the gzip magic bytes (whatever its name)."""
    raw = path.read_bytes()
    if not raw.startswith(GZIP_MAGIC):
        return raw
    try:
        return gzip.decompress(raw)
    except (OSError, EOFError, zlib.error):
        raise RunError(f"{path}: gzip data is corrupt or truncated") from None


def read_idx(path: Path) -> np.ndarray:
    """One IDX array: magic 00 00 <type> <ndim>, ndim big-endian sizes, then the data."""
    raw = read_bytes(path)
    if len(raw) < 4 or raw[:2] != b"\0\0" or raw[2] not in IDX_TYPES or raw[3] == 0:
        magic = raw[:4].hex(" ") or "none, the file is empty"
        raise RunError(
            f"{path}: not an IDX file (magic bytes {magic}; expected 00 00 <type> <ndim>)"
        )
    ndim, header = raw[3], 4 + 4 * raw[3]
    if len(raw) < header:
        raise RunError(
            f"{path}: truncated IDX header ({len(raw)} bytes, {ndim} dimensions need {header})"
        )
    dims = struct.unpack(f">{ndim}I", raw[4:header])
    dtype = np.dtype(IDX_TYPES[raw[2]])
    expected, found = int(np.prod(dims)) * dtype.itemsize, len(raw) - header
    if found != expected:
        state = "truncated" if found < expected else "longer than its header says"
        raise RunError(
            f"{path}: IDX file is {state}: dimensions {list(dims)} need {expected} bytes of data, "
            f"found {found}"
        )
    return np.frombuffer(raw, dtype, offset=header).reshape(dims)


@loads("idx")
def idx(params: dict, rng: np.random.Generator, base_dir: Path) -> Arrays:
    """Examples from one IDX file and, optionally, integer labels from another."""
    images = resolve(base_dir, params["images"])
    x = reshape_examples(read_idx(images).astype(np.float32), params["shape"], images)
    if params["labels"] is None:
        return arrays(x)
    source = resolve(base_dir, params["labels"])
    y = read_idx(source)
    if y.ndim != 1 or y.dtype.kind not in "iu":
        raise RunError(
            f"{source}: labels must be one integer per example, found {y.dtype} {list(y.shape)}"
        )
    check_count(x, y, source)
    check_classes(y, params["classes"], source)
    return arrays(x, y)


@loads("npz")
def npz(params: dict, rng: np.random.Generator, base_dir: Path) -> Arrays:
    """Named arrays from an .npz archive, loaded with pickling refused."""
    path = resolve(base_dir, params["path"])
    with path.open("rb") as f:
        if f.read(4) != ZIP_MAGIC:
            raise RunError(f"{path}: not an NPZ archive (it does not start with the zip signature)")
    try:
        with np.load(path, allow_pickle=False) as archive:
            x = _member(archive, params["x"], path)
            y = None if params["y"] is None else _member(archive, params["y"], path)
    except (zipfile.BadZipFile, EOFError, OSError, zlib.error):
        raise RunError(f"{path}: NPZ archive is corrupt or truncated") from None
    return _npz_arrays(x, y, params, path)


def _member(archive: np.lib.npyio.NpzFile, key: str, path: Path) -> np.ndarray:
    if key not in archive.files:
        hint = did_you_mean(key, archive.files)
        held = ", ".join(f"'{k}'" for k in archive.files) or "nothing"
        raise RunError(
            f"{path}: no array named '{key}'; the archive holds {held}"
            + (f"; {hint}" if hint else "")
        )
    try:
        array = archive[key]
    except ValueError as exc:  # numpy says "allow_pickle" when it refuses object arrays
        if "allow_pickle" not in str(exc):
            raise RunError(f"{path}: NPZ archive is corrupt or truncated") from None
        raise RunError(
            f"{path}: array '{key}' holds Python objects, which are never unpickled"
        ) from None
    if array.dtype.kind not in "biuf" or array.ndim == 0:
        raise RunError(
            f"{path}: array '{key}' must be numeric with one row per example, "
            f"found {array.dtype} {list(array.shape)}"
        )
    return array


def _npz_arrays(x: np.ndarray, y: np.ndarray | None, params: dict, path: Path) -> Arrays:
    x = reshape_examples(x.astype(np.float32), params["shape"], path)
    if y is None:
        return arrays(x)
    check_count(x, y, path)
    want = tuple(params["y_shape"] or ())
    if y.shape[1:] != want:
        raise RunError(
            f"{path}: each label of '{params['y']}' has shape {list(y.shape[1:])}, "
            f"expected {list(want)}"
        )
    check_classes(y, params["classes"], path)
    return arrays(x, y)

"""Checkpoints: atomic writes, and loads that never unpickle code.

A checkpoint holds only tensors and plain containers (state dicts, RNG states,
counters and the resolved spec as plain data), so it loads with
``weights_only=True``. It is written to a temporary file, fsynced, then renamed
over the old one: a crash mid-write leaves the last good checkpoint intact.
"""

from __future__ import annotations

import os
import pickle
import re
from pathlib import Path
from typing import BinaryIO

import torch

from nnspec.errors import CheckpointError


def save_atomic(payload: dict, path: Path) -> None:
    """Write ``payload`` to ``path`` so that ``path`` is always a whole checkpoint.

    A failed write (a full disk) raises the ``OSError`` and leaves the old
    checkpoint and no stray ``.tmp`` file.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(path.suffix + ".tmp")
    try:
        with open(tmp, "wb") as handle:
            _save(payload, handle)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException as exc:
        tmp.unlink(missing_ok=True)
        if isinstance(exc, OSError) and exc.filename is None:
            exc.filename = str(path)  # a failed write does not say which file it was
        raise
    _fsync_dir(path.parent)


class _Sink:
    """A file that remembers the OSError of a failed write: torch reports it only as a
    RuntimeError ("unexpected pos 704 vs 598"), which would hide a full disk."""

    def __init__(self, handle: BinaryIO):
        self.handle, self.error = handle, None

    def write(self, data: bytes) -> int:
        try:
            return self.handle.write(data)
        except OSError as exc:
            self.error = exc
            raise

    def flush(self) -> None:
        self.handle.flush()


def _save(payload: dict, handle: BinaryIO) -> None:
    sink = _Sink(handle)
    try:
        torch.save(payload, sink)
    except RuntimeError:
        if sink.error is None:
            raise
        raise sink.error from None


def checkpoint_step(path: Path) -> int | None:
    """The step a checkpoint was written at, or None where there is no readable one."""
    try:
        return int(torch.load(path, map_location="cpu", weights_only=True)["position"]["step"])
    except Exception:  # a missing or broken file: the caller says no checkpoint is kept
        return None


def _fsync_dir(directory: Path) -> None:
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


# What every nnspec checkpoint holds; ``schedulers``, ``losses`` and ``rng_by_rank`` may be empty.
REQUIRED = ("spec", "position", "networks", "optimizers", "stream", "rng")
_MAGIC = (b"PK\x03\x04", b"\x80")  # torch.save's zip archive; the legacy pickle format


def load_checkpoint(path: Path | str, shown: str | None = None) -> dict:
    """Load a checkpoint safely; a missing, foreign, corrupt or unsafe file gets a clear error.

    ``shown`` is how messages name the file (default: its path).
    """
    path = Path(path)
    shown = shown or str(path)
    if not path.is_file():
        raise CheckpointError(f"{shown} does not exist")
    with open(path, "rb") as handle:
        head = handle.read(4)
    if not head.startswith(_MAGIC):
        raise CheckpointError(
            f"{shown} is not a checkpoint: torch.save writes a zip archive, this file is not one"
        )
    payload = _unpickle(path, shown)
    if not isinstance(payload, dict):
        raise CheckpointError(
            f"{shown} is not an nnspec checkpoint: it holds a {type(payload).__name__}"
        )
    missing = [key for key in REQUIRED if key not in payload]
    if missing:
        raise CheckpointError(
            f"{shown} is not a whole nnspec checkpoint: it lacks {', '.join(missing)}"
        )
    return payload


def _unpickle(path: Path, shown: str) -> object:
    try:
        return torch.load(path, map_location="cpu", weights_only=True)
    except pickle.UnpicklingError as exc:
        refusal = re.search(r"Unsupported global: GLOBAL (\S+)", str(exc))
        if refusal is None:
            raise CheckpointError(f"{shown} is corrupt or truncated: {_first_line(exc)}") from None
        raise CheckpointError(
            f"{shown} holds objects other than tensors and plain data, so it "
            f"was refused (weights_only=True): it names {refusal.group(1)}"
        ) from None
    except (RuntimeError, EOFError, ValueError, KeyError) as exc:
        # torch raises these for a damaged archive (KeyError: a pickle without its records)
        raise CheckpointError(f"{shown} is corrupt or truncated: {_first_line(exc)}") from None


def _first_line(exc: Exception) -> str:
    return str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__

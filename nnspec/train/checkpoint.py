"""Checkpoints: atomic writes, and loads that never unpickle code.

A checkpoint holds only tensors and plain containers (state dicts, RNG states,
counters and the resolved spec as plain data), so it loads with
``weights_only=True``. It is written to a temporary file, fsynced, then renamed
over the old one: a crash mid-write leaves the last good checkpoint intact.
"""

from __future__ import annotations

import os
import pickle
from pathlib import Path

import torch

from nnspec.errors import CheckpointError


def save_atomic(payload: dict, path: Path) -> None:
    """Write ``payload`` to ``path`` so that ``path`` is always a whole checkpoint."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(path.suffix + ".tmp")
    with open(tmp, "wb") as handle:
        torch.save(payload, handle)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(tmp, path)
    _fsync_dir(path.parent)


def _fsync_dir(directory: Path) -> None:
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def load_checkpoint(path: Path | str) -> dict:
    """Load a checkpoint safely; a corrupt or unsafe file gets a clear error."""
    path = Path(path)
    if not path.is_file():
        raise CheckpointError(f"no checkpoint at {path}")
    try:
        payload = torch.load(path, map_location="cpu", weights_only=True)
    except pickle.UnpicklingError as exc:
        raise CheckpointError(
            f"{path} holds objects other than tensors and plain data, so it "
            f"was refused (weights_only=True): {_first_line(exc)}"
        ) from None
    except (RuntimeError, EOFError, ValueError) as exc:
        raise CheckpointError(f"{path} is corrupt or truncated: {_first_line(exc)}") from None
    if not isinstance(payload, dict) or "networks" not in payload:
        raise CheckpointError(f"{path} is not an nnspec checkpoint")
    return payload


def _first_line(exc: Exception) -> str:
    return str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__

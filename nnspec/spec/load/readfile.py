"""Reading a spec file's bytes: a regular file only, and never more than ``MAX_BYTES``.

The file is looked at (``stat``) before it is opened, so a directory, FIFO,
socket or device is refused without opening it (opening a FIFO waits for a
writer; opening some devices has effects). A size over the limit is refused
before anything is read. Reasons never quote the file's contents.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from nnspec.errors import Location, SpecError

MAX_BYTES = 5_000_000


class Unreadable(Exception):
    """Why a file cannot be read as a spec, as a predicate: "is a directory"."""


def too_large(size: int, name: str) -> SpecError:
    return SpecError(
        f"the file is too large for a spec ({size} bytes)", location=Location(name, 1, 1)
    )


def read_spec_bytes(path: Path, name: str) -> bytes:
    """The bytes of the regular file ``path`` (shown as ``name``); ``Unreadable`` otherwise."""
    info = _stat(path)
    if info.st_size > MAX_BYTES:
        raise too_large(info.st_size, name)
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0))
    except OSError as exc:
        raise Unreadable(_reason(exc)) from None
    with os.fdopen(fd, "rb") as file:
        opened = os.fstat(fd)
        if (opened.st_dev, opened.st_ino) != (info.st_dev, info.st_ino):
            raise Unreadable("changed while it was being read")
        try:
            return file.read(MAX_BYTES + 1)  # a /proc file may say 0 bytes and hold more
        except OSError as exc:
            raise Unreadable(_reason(exc)) from None


def _stat(path: Path) -> os.stat_result:
    try:
        info = os.stat(path)
    except OSError as exc:
        raise Unreadable(_reason(exc)) from None
    if stat.S_ISDIR(info.st_mode):
        raise Unreadable("is a directory, not a spec file")
    if not stat.S_ISREG(info.st_mode):
        raise Unreadable("is not a regular file (it is a device, FIFO or socket)")
    return info


def _reason(exc: OSError) -> str:
    if isinstance(exc, FileNotFoundError):
        return "does not exist"
    if isinstance(exc, PermissionError):
        return "cannot be read (permission denied)"
    return f"cannot be read ({exc.strerror or type(exc).__name__})"

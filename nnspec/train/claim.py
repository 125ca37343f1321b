"""Which directories a run may replace: only run directories that nnspec marked itself.

``--out`` may name any directory, so nnspec writes a marker (``.nnspec-run``)
into every run directory it creates, and moves aside or deletes only a
directory that carries it. Anything else is the user's and is never changed.
"""

from __future__ import annotations

import json
import os
import shutil
import time
from pathlib import Path

from nnspec import __version__
from nnspec.errors import RunError, UsageError

MARKER = ".nnspec-run"
MODES = ("move", "delete")
# What a run directory holds before training writes anything: nothing worth keeping.
START_UP_FILES = frozenset({MARKER, "spec.yaml", "run_state.json"})


def overwrite_mode(value: bool | str | None) -> str | None:
    """``--overwrite`` as a mode: None (refuse), "move" (set the old run aside) or "delete"."""
    if value is None or value is False:
        return None
    if value is True:
        return "move"
    if value in MODES:
        return value
    raise UsageError(f"overwrite must be False, True, 'move' or 'delete', not {value!r}")


def is_run_dir(path: Path) -> bool:
    return (path / MARKER).is_file()


def make_room(path: Path, mode: str | None) -> None:
    """Refuse, move aside (to the first free ``DIR.old-N``) or delete what is at ``path``."""
    if not path.exists():
        return
    if not path.is_dir():
        raise RunError(f"cannot use {path} as the run directory: it is not a directory")
    if not any(path.iterdir()):
        return
    if not is_run_dir(path):
        action = "refusing to overwrite" if mode else "cannot use"
        raise RunError(
            f"{action} {path}: it is not an nnspec run directory (it has no {MARKER} file), "
            "so nothing in it was changed; choose another --out"
        )
    if mode is None:
        raise RunError(
            f"the run directory {path} already exists; pass --overwrite to move it aside "
            f"(to {path.name}.old-N), --resume to continue it, or --out for another"
        )
    if mode == "delete":
        shutil.rmtree(path)
    else:
        path.rename(_free_aside(path))


def _free_aside(path: Path) -> Path:
    """``DIR.old-N`` with the first N that is free."""
    n = 1
    while path.with_name(f"{path.name}.old-{n}").exists():
        n += 1
    return path.with_name(f"{path.name}.old-{n}")


def first_missing(path: Path) -> Path | None:
    """The outermost directory that creating ``path`` will make (None if it exists)."""
    for candidate in (*reversed(path.parents), path):
        if not candidate.exists():
            return candidate
    return None


def write_marker(path: Path) -> None:
    created = time.strftime("%Y-%m-%dT%H:%M:%S%z")
    marker = {"nnspec_version": __version__, "created": created}
    (path / MARKER).write_text(json.dumps(marker) + "\n", encoding="utf-8")


def holds_results(path: Path) -> bool:
    """Whether a run directory holds anything a run wrote (a checkpoint, metrics, a summary)."""
    return any(p.name not in START_UP_FILES for p in path.rglob("*") if not p.is_dir())


def release(path: Path, made: Path | None) -> None:
    """Undo a claim that produced nothing: remove what this run made, never the user's dir."""
    if made is not None:
        shutil.rmtree(made, ignore_errors=True)
        return
    for name in START_UP_FILES:
        (path / name).unlink(missing_ok=True)
    for sub in ("checkpoints", "artifacts"):
        if (path / sub).is_dir() and not any((path / sub).iterdir()):
            os.rmdir(path / sub)

"""Reading a side of ``nnspec diff`` from git: ``HEAD~1:specs/gan.yaml``.

A spec's ``extends`` must resolve at the same revision, so the spec and every
file it extends (transitively) are written from git into a temporary
directory with the repository's layout, and resolved there. The same
materialising serves the git diff driver, whose old side is a blob that git
hands over as a temporary file.
"""

from __future__ import annotations

import os
import posixpath
import subprocess
from collections.abc import Callable
from pathlib import Path

from nnspec.errors import NnspecError, UsageError
from nnspec.spec.load.readfile import Unreadable, read_spec_bytes
from nnspec.spec.load.yaml_file import load_text

Reader = Callable[[str], "bytes | None"]


def split_rev(arg: str) -> tuple[str, str] | None:
    """``(rev, path)`` if ``arg`` names a file at a git revision and no local file."""
    rev, colon, path = arg.partition(":")
    if not colon or not rev or not path or Path(arg).exists():
        return None
    return rev, path


def git(args: list[str], cwd: Path | None = None) -> bytes:
    """Run git and return its output; its complaint becomes a usage error (exit 2)."""
    try:
        done = subprocess.run(["git", *args], cwd=cwd, capture_output=True, check=False)
    except FileNotFoundError:
        raise UsageError(
            "reading a spec from a revision needs git, which is not installed"
        ) from None
    if done.returncode != 0:
        lines = done.stderr.decode(errors="replace").strip().splitlines()
        reason = lines[-1].removeprefix("fatal: ") if lines else f"git {args[0]} failed"
        raise UsageError(f"git: {reason}")
    return done.stdout


def repo_path(path: str, label: str | None = None) -> tuple[Path, str]:
    """The repository root and ``path`` relative to it, as git names it.

    ``REV:path`` is relative to the repository root, as in ``git show``;
    ``REV:./path`` is relative to the current directory, and an absolute path
    must lie in the repository. ``label`` names the side in errors.
    """
    root = Path(git(["rev-parse", "--show-toplevel"]).decode().strip())
    rel = posixpath.normpath(path)
    if path.startswith(("./", "../", "/")):
        rel = os.path.relpath(Path(path).resolve(), root.resolve())
    if rel == ".." or rel.startswith("../") or posixpath.isabs(rel):
        raise UsageError(f"{label or path}: {path} is outside the repository {root}")
    return root, Path(rel).as_posix()


def rev_reader(root: Path, rev: str) -> Reader:
    """Reads a repository file at ``rev``; None if it does not exist there."""

    def read(path: str) -> bytes | None:
        try:
            return git(["cat-file", "blob", f"{rev}:{path}"], cwd=root)
        except NnspecError:
            return None

    return read


def tree_reader(root: Path) -> Reader:
    """Reads a file of the working tree; None if it does not exist or may not be read.

    As ``extends`` does: a regular file only, whose links stay in the repository.
    """
    top = root.resolve()

    def read(path: str) -> bytes | None:
        file = (root / path).resolve()
        if not file.is_relative_to(top):
            return None
        try:
            return read_spec_bytes(file, path)
        except (Unreadable, NnspecError):
            return None

    return read


def materialise(path: str, read: Reader, dest: Path, first: bytes | None = None) -> Path:
    """Write ``path`` and every spec it extends under ``dest``; return the copy of ``path``.

    ``first`` is the content of ``path`` itself when the caller already has it.
    A parent that cannot be read is left out: resolving then reports it at the
    ``extends`` line that names it, as it would for a local file.
    """
    todo, seen = [path], set()
    while todo:
        rel = todo.pop()
        data = first if rel == path and first is not None else read(rel)
        if rel in seen or data is None:
            continue
        seen.add(rel)
        target = dest / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        todo += _parents(rel, data)
    return dest / path


def _parents(rel: str, data: bytes) -> list[str]:
    """Repository paths of the specs a file extends (an unreadable file extends none)."""
    try:
        spec = load_text(data, rel)
    except NnspecError:
        return []  # resolving the copy reports the mistake, located
    names = spec.get("extends")
    names = names if isinstance(names, list) else [names]
    out = []
    for name in names:
        if isinstance(name, str):
            parent = posixpath.normpath(posixpath.join(posixpath.dirname(rel), name))
            if not parent.startswith("../") and not posixpath.isabs(parent):
                out.append(parent)
    return out


def extended(rel: str, data: bytes) -> list[str]:
    """The repository paths of the specs file ``rel`` (content ``data``) extends."""
    return _parents(rel, data)

"""Where a side of ``nnspec diff`` lives, so the specs that extend it can be found there.

A side named ``REV:PATH`` lives in the repository at that revision; a spec
file in a git repository, in its working tree (tracked and untracked files
that git does not ignore); a spec file outside git, in its own directory and
those below it. Each ``SpecTree`` lists its spec files, reads them, and opens
one as a ``Side`` of its own kind, with the same readers ``gitrev`` uses.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from nnspec.diff.gitrev import Reader, git, repo_path, rev_reader, split_rev, tree_reader
from nnspec.diff.runs import is_run
from nnspec.diff.sides import Side, blob_side, checked
from nnspec.errors import NnspecError

SUFFIXES = (".yaml", ".yml")


@dataclass
class SpecTree:
    """The files one side can see: ``spec`` is the compared spec's path in it."""

    spec: str
    files: list[str]
    read: Reader
    open: Callable[[str], Side]
    label: Callable[[str], str]


def spec_tree(arg: str) -> SpecTree | None:
    """The tree a side lives in; None for a run directory (a run's spec extends nothing)."""
    if is_run(arg):
        return None
    rev = split_rev(arg)
    if rev is not None:
        return _rev_tree(*rev)
    path = Path(arg).resolve()
    root = _toplevel(path.parent)
    if root is None:
        return _directory_tree(path)
    return _work_tree(root, path.relative_to(root).as_posix())


def _rev_tree(rev: str, path: str) -> SpecTree:
    root, rel = repo_path(path)
    names = git(["ls-tree", "-r", "-z", "--name-only", rev], cwd=root).decode().split("\0")
    read = rev_reader(root, rev)

    def open_at(name: str) -> Side:
        return blob_side(f"{rev}:", name, read, read(name) or b"")

    return SpecTree(rel, _specs(names), read, open_at, lambda name: f"{rev}:{name}")


def _work_tree(root: Path, rel: str) -> SpecTree:
    listed = git(["ls-files", "-z", "--cached", "--others", "--exclude-standard"], cwd=root)
    files = [f for f in _specs(listed.decode().split("\0")) if (root / f).is_file()]
    return SpecTree(rel, files, tree_reader(root), *_local(root))


def _directory_tree(path: Path) -> SpecTree:
    root = path.parent
    files = sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file())
    return SpecTree(path.name, _specs(files), tree_reader(root), *_local(root))


def _local(root: Path) -> tuple[Callable[[str], Side], Callable[[str], str]]:
    """Opens a file of a directory as a spec file side, labelled from the current directory.

    The directory searched for children is also where their ``extends`` may
    read: the reviewer named it by naming the changed spec.
    """

    def label(rel: str) -> str:
        file = root / rel
        return os.path.relpath(file) if _below(file, Path.cwd()) else str(file)

    def open_file(rel: str) -> Side:
        return Side(label(rel), checked(Path(label(rel)), allow_roots=(str(root),)))

    return open_file, label


def _toplevel(folder: Path) -> Path | None:
    """The root of the git work tree holding ``folder``; None outside git (or without git)."""
    try:
        return Path(git(["rev-parse", "--show-toplevel"], cwd=folder).decode().strip()).resolve()
    except NnspecError:
        return None


def _specs(names: list[str]) -> list[str]:
    return sorted(n for n in names if n.endswith(SUFFIXES))


def _below(file: Path, folder: Path) -> bool:
    return file.resolve().is_relative_to(folder.resolve())

"""The two sides of ``nnspec diff``: a spec file, a run directory or ``REV:PATH``.

A side from git (or from git's diff driver) is resolved in a temporary
directory; its locations are then relabelled so the user reads
``HEAD~1:specs/gan.yaml:12``, never a temporary path. A side that is not a
valid spec raises ``InvalidSide``, which renders exactly as ``validate`` does
and exits 2: for diff, an invalid side is an error, not an answer.
"""

from __future__ import annotations

import contextlib
import dataclasses
import re
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from nnspec.diff.gitrev import (
    Reader,
    git,
    materialise,
    repo_path,
    rev_reader,
    split_rev,
    tree_reader,
)
from nnspec.diff.runs import Run, is_run, load_run
from nnspec.errors import Location, NnspecError, SpecError, SpecErrors, UsageError
from nnspec.spec.located import relocate
from nnspec.spec.pipeline import ResolvedSpec, resolve

Relabel = Callable[[Location], Location]
NULL_EXTENDS = re.compile(r"^extends:[ \t]*(?:null|Null|NULL|~)?[ \t]*(?:#.*)?$", re.MULTILINE)


class InvalidSide(NnspecError):
    """A side is not a valid spec: its located errors, as ``validate`` prints them."""

    exit_code = 2

    def __init__(self, errors: list[SpecError]):
        self.errors = errors
        super().__init__(self.render())

    def render(self) -> str:
        return "\n".join(e.render() for e in self.errors)


@dataclass
class Side:
    """One side: its label as shown, its resolved spec, and its run if it is a run directory."""

    label: str
    spec: ResolvedSpec
    run: Run | None = None


def open_side(arg: str, allow_roots: tuple[str, ...] = ()) -> Side:
    """Open a side by what ``arg`` names: a run directory, ``REV:PATH`` or a spec file.

    ``allow_roots`` are the folders, besides its repository, where a spec
    file's ``extends`` may read; a side from git reads its own revision only.
    """
    if is_run(arg):
        return run_side(arg)
    rev = split_rev(arg)
    if rev is not None:
        return git_side(*rev)
    return Side(arg, checked(Path(arg), allow_roots=allow_roots))


def run_side(arg: str) -> Side:
    """A run directory: its resolved spec.yaml, and its summary.

    ``ResolvedSpec.plain()``, which runs write, holds ``extends: null``, and
    the extends loader does not accept that yet; a resolved spec has no
    parents, so that line is blanked in a copy (line numbers stay).
    """
    run = load_run(arg)
    data = run.spec.read_bytes()
    with contextlib.suppress(UnicodeDecodeError):  # resolving reports it, located
        data = NULL_EXTENDS.sub("", data.decode("utf-8")).encode("utf-8")
    side = blob_side(arg.rstrip("/") + "/", "spec.yaml", lambda rel: None, data)
    return Side(arg, side.spec, run)


def git_side(rev: str, path: str) -> Side:
    """A spec at a git revision, with its ``extends`` read at the same revision."""
    root, rel = repo_path(path, f"{rev}:{path}")
    read = rev_reader(root, rev)
    first = read(rel)
    if first is None:
        try:
            git(["rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}"], cwd=root)
        except UsageError:
            raise UsageError(f"{rev}:{rel}: git knows no revision '{rev}'") from None
        if _is_tree(root, rev, rel):
            raise UsageError(f"{rev}:{rel}: a directory at that revision, not a spec file")
        raise UsageError(f"{rev}:{rel}: no such spec file at that revision")
    return blob_side(f"{rev}:", rel, read, first)


def _is_tree(root: Path, rev: str, rel: str) -> bool:
    try:
        spec = f"{rev}:" if rel == "." else f"{rev}:{rel}"  # "." is the top folder
        return git(["cat-file", "-t", spec], cwd=root).strip() == b"tree"
    except UsageError:
        return False


def driver_side(path: str, file: str, prefix: str) -> Side:
    """A side of git's external diff: ``file`` holds ``path``'s content at some revision.

    Git passes the blob but not its revision, so the specs it extends are
    read from the working tree.
    """
    root, rel = repo_path(path)
    return blob_side(prefix, rel, tree_reader(root), Path(file).read_bytes())


def blob_side(prefix: str, rel: str, read: Reader, first: bytes) -> Side:
    """Resolve ``first`` as file ``rel`` of the tree ``read`` reads, labelled ``prefix + rel``."""
    with tempfile.TemporaryDirectory(prefix="nnspec-diff-") as tmp:
        dest = Path(tmp)
        spec_file = materialise(rel, read, dest, first)
        # The copy holds only repository files, laid out as in the repository.
        resolved = checked(spec_file, _relabel(dest, prefix), (dest,))
    return Side(prefix + rel, resolved)


def checked(
    path: Path, relabel: Relabel | None = None, allow_roots: tuple[str | Path, ...] = ()
) -> ResolvedSpec:
    """Resolve a spec; mistakes become ``InvalidSide`` with relabelled locations."""
    relabel = relabel or (lambda loc: loc)
    try:
        resolved = resolve(path, allow_roots=allow_roots)
    except (SpecError, SpecErrors) as exc:
        errors = exc.errors if isinstance(exc, SpecErrors) else [exc]
        raise InvalidSide([_relocated(e, relabel) for e in errors]) from None
    resolved.tree = relocate(resolved.tree, relabel)
    resolved.path = Path(relabel(Location(str(path))).file or path)
    return resolved


def _relocated(error: SpecError, relabel: Relabel) -> SpecError:
    return dataclasses.replace(error, location=relabel(error.location))


def _relabel(dest: Path, prefix: str) -> Relabel:
    """Maps a file inside ``dest`` to ``prefix`` + its path there (``HEAD~1:specs/a.yaml``)."""
    root = dest.resolve()

    def relabel(loc: Location) -> Location:
        if loc.file is None:
            return loc
        try:
            rel = Path(loc.file).resolve().relative_to(root)
        except ValueError:
            return loc
        return Location(prefix + rel.as_posix(), loc.line, loc.column, loc.origin)

    return relabel

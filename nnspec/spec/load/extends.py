"""``extends:``: a spec inherits from other spec files, relative to itself.

Which files may be read, and how, is ``parents.py``.

Merge rules (documented in docs/language.md): mappings merge key by key,
recursively; lists and scalars from the child replace the parent's whole; a
child value of ``null`` removes the key, so the default applies again. With
several parents, later ones override earlier ones, and the child overrides all.
Values inherited from a parent keep their parent's file position, marked with
origin ``extends``.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from nnspec.errors import Location, SpecError
from nnspec.registry import REGISTRY
from nnspec.registry.core import CATEGORIES
from nnspec.registry.params import show
from nnspec.spec.load.parents import allowed_roots, load_parent, parent_file, shown
from nnspec.spec.load.version import upgrade
from nnspec.spec.load.yaml_file import load_file
from nnspec.spec.located import LocDict, LocList, relocate


def load_with_extends(path: Path, allow_roots: Iterable[str | Path] = ()) -> LocDict:
    """Load the spec ``path`` and merge every spec it extends, detecting cycles.

    Parents are read only under ``allowed_roots`` (``parents.py``): the spec's
    repository or folder, and ``allow_roots``.
    """
    path = path.resolve()
    spec = upgrade(load_file(shown(path)))
    return _merged(spec, path, (), allowed_roots(path, allow_roots))


def _merged(spec: LocDict, path: Path, chain: tuple[Path, ...], roots: tuple[Path, ...]) -> LocDict:
    """``spec`` (the file ``path``) merged over its parents, read recursively."""
    parents = _parent_paths(spec, path, roots)
    spec.pop("extends", None)
    merged = LocDict(loc=spec.loc)
    for (parent_path, name), loc in parents:
        if parent_path in (*chain, path):
            cycle = " -> ".join(p.name for p in (*chain, path, parent_path))
            raise SpecError(f"'extends' forms a cycle: {cycle}", path="extends", location=loc)
        parent = load_parent(parent_path, name, loc, path)
        parent = _merged(parent, parent_path, (*chain, path), roots)
        parent.pop("name", None)  # a name belongs to its own file, never inherited
        merged = merge(merged, relocate(parent, _inherited))
    return merge(merged, spec)


def _inherited(loc: Location) -> Location:
    return loc if loc.origin != "file" else loc.with_origin("extends")


def _parent_paths(
    spec: LocDict, path: Path, roots: tuple[Path, ...]
) -> list[tuple[tuple[Path, str], Location]]:
    if spec.get("extends") is None:
        return []
    raw = spec["extends"]
    names = raw if isinstance(raw, list) else [raw]
    out = []
    for i, name in enumerate(names):
        loc = raw.where(i) if isinstance(raw, LocList) else spec.where("extends")
        if not isinstance(name, str):
            raise SpecError(
                "'extends' names spec files",
                path="extends",
                location=loc,
                expected="a file path or a list of them",
                received=show(name),
            )
        out.append(((parent_file(name, path, loc, roots), name), loc))
    return out


def merge(base: LocDict, over: LocDict, depth: int = 0) -> LocDict:
    """Deep-merge ``over`` onto ``base`` by the documented rules (inputs are unchanged).

    ``depth`` is 0 for whole specs, 1 for a section's mapping (whose keys are
    user-chosen names, so never taken for kind names), 2 and more below.
    """
    out = LocDict(loc=over.loc if over.loc.file else base.loc)
    for key, value in base.items():
        out.put(key, value, base.where_key(key), base.where(key))
    for key, value in over.items():
        if value is None:
            for table in (out, out.key_locs, out.value_locs):
                table.pop(key, None)
        elif _mergeable(out.get(key), value, depth + 1):
            merged = merge(out[key], value, depth + 1)
            out.put(key, merged, over.where_key(key), over.where(key))
        else:
            out.put(key, value, over.where_key(key), over.where(key))
    return out


def _mergeable(parent: object, child: object, depth: int) -> bool:
    if not (isinstance(parent, LocDict) and isinstance(child, LocDict)):
        return False
    if "type" in parent and "type" in child:
        return parent["type"] == child["type"]
    if depth >= 2 and len(parent) == 1 and len(child) == 1:
        ((old,),), ((new,),) = (tuple(parent),), (tuple(child),)
        return old == new or not (_is_kind(old) and _is_kind(new))
    return True


def _is_kind(name: str) -> bool:
    return any(REGISTRY.get(category, name) for category in CATEGORIES)

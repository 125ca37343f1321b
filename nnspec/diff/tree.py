"""The changes between two resolved spec trees, in the user's terms.

Mappings are matched by key, lists of entries are aligned (``diff_align``) and
lists of plain values (shapes, betas) compare whole. Each change carries the
spec path on both sides and the ``Location`` of each side's value, which says
whether it was written, inherited, substituted from a var or a default.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from nnspec.diff.align import align, aligned, same
from nnspec.errors import Location
from nnspec.registry import REGISTRY
from nnspec.registry.core import CATEGORIES
from nnspec.spec.located import where

Segments = tuple[str | int, ...]


@dataclass
class Change:
    """One difference: ``op`` is added, removed, changed or renamed.

    ``at`` and ``old_at`` are tree paths on side B and side A (``None`` on the
    side that lacks the value). ``references`` lists, for a rename, the paths
    that changed only because they name the renamed entry; ``defaults``, for a
    swap of kind, the parameters that differ only by each kind's defaults.
    """

    op: str
    at: Segments | None
    old_at: Segments | None
    old: Any = None
    new: Any = None
    a: Location | None = None
    b: Location | None = None
    references: list[str] = field(default_factory=list)
    defaults: list[Change] = field(default_factory=list)

    @property
    def path(self) -> str:
        """The user's path of the change: side B's, or side A's for a removal."""
        return user_path(self.at if self.at is not None else self.old_at or ())

    @property
    def old_path(self) -> str | None:
        """Side A's path when it differs from ``path`` (a moved entry, a rename)."""
        old = user_path(self.old_at) if self.old_at is not None else None
        return old if old != self.path else None

    @property
    def section(self) -> str:
        return str((self.at or self.old_at or ("",))[0])


def user_path(at: Segments) -> str:
    """``networks.G.layers[2].linear.out``: the tree path as the user wrote it.

    A sequential network is stored as ``{sequential: {...}}``; users never
    write that level, so it is left out.
    """
    out = ""
    for depth, part in enumerate(at):
        if isinstance(part, int):
            out += f"[{part}]"
        elif not (depth == 2 and at[0] == "networks" and part == "sequential"):
            out += f".{part}" if out else part
    return out


def shown(at: Segments, value: Any) -> Any:
    """A value as the user writes it: a sequential network without its ``sequential`` level."""
    if (
        len(at) == 2
        and at[0] == "networks"
        and isinstance(value, dict)
        and list(value) == ["sequential"]
    ):
        return value["sequential"]
    return value


def kind_swap(a: Any, b: Any) -> bool:
    """Whether ``a`` and ``b`` apply two different kinds: ``{ring: ..}`` and ``{grid: ..}``.

    Such a swap is one change, not the removal of one kind and the addition of another.
    """
    if not (isinstance(a, dict) and isinstance(b, dict) and len(a) == len(b) == 1):
        return False
    (old,), (new,) = a, b
    return old != new and all(
        isinstance(k, str) and any(REGISTRY.get(c, k) for c in CATEGORIES) for k in (old, new)
    )


def diff_trees(a: dict, b: dict) -> list[Change]:
    """Every change from tree ``a`` to tree ``b``, in the order of the spec."""
    out: list[Change] = []
    _dicts(a, b, (), (), out)
    return out


def _values(a: Any, b: Any, pa: Segments, pb: Segments, locs: tuple, out: list) -> None:
    if same(a, b):
        return
    if kind_swap(a, b):
        out.append(Change("changed", pb, pa, a, b, *locs))
    elif isinstance(a, dict) and isinstance(b, dict):
        _dicts(a, b, pa, pb, out)
    elif isinstance(a, list) and isinstance(b, list) and aligned(a, b):
        _lists(a, b, pa, pb, out)
    else:
        out.append(Change("changed", pb, pa, a, b, *locs))


def _dicts(a: dict, b: dict, pa: Segments, pb: Segments, out: list) -> None:
    for key, value in a.items():
        if key in b:
            locs = (where(a, key), where(b, key))
            _values(value, b[key], (*pa, key), (*pb, key), locs, out)
        else:
            old = shown((*pa, key), value)
            out.append(Change("removed", None, (*pa, key), old=old, a=where(a, key)))
    for key, value in b.items():
        if key not in a:
            new = shown((*pb, key), value)
            out.append(Change("added", (*pb, key), None, new=new, b=where(b, key)))


def _lists(a: list, b: list, pa: Segments, pb: Segments, out: list) -> None:
    for i, j in align(a, b):
        if j is None:
            out.append(Change("removed", None, (*pa, i), old=a[i], a=where(a, i)))
        elif i is None:
            out.append(Change("added", (*pb, j), None, new=b[j], b=where(b, j)))
        else:
            _values(a[i], b[j], (*pa, i), (*pb, j), (where(a, i), where(b, j)), out)

"""``nnspec diff``: what changed between two fully resolved specs, and what it does.

Both sides are compared after resolution (extends merged, vars substituted,
defaults filled), so comments, key order and flow style never show, and a
change that arrives through a var, a parent spec or a default does. Renamed
entries are found first (``diff_rename``), then the trees are compared
(``diff_tree``) and the static effects derived (``diff_effect``). Torch-free.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from nnspec.diff.effect import Effects, effects
from nnspec.diff.fold import fold_defaults
from nnspec.diff.rename import find_renames
from nnspec.diff.tree import Change, diff_trees
from nnspec.spec.grammar import SECTION_NAMES
from nnspec.spec.pipeline import ResolvedSpec, resolve

if TYPE_CHECKING:
    from nnspec.diff.children import ChildDiff

__all__ = ["Change", "SpecDiff", "diff_files", "diff_specs", "within"]


@dataclass
class SpecDiff:
    """The changes from side A to side B, in spec order, and their effects."""

    a_label: str
    b_label: str
    changes: list[Change]
    effects: Effects = field(default_factory=Effects)
    only: str | None = None
    children: list[ChildDiff] = field(default_factory=list)  # set by diff_children

    @property
    def identical(self) -> bool:
        return not self.changes

    def counts(self) -> dict[str, int]:
        """How many changes of each op, in a fixed order, leaving out zeros."""
        ops = ("added", "removed", "changed", "renamed")
        return {op: n for op in ops if (n := sum(c.op == op for c in self.changes))}


def diff_specs(
    a: ResolvedSpec,
    b: ResolvedSpec,
    only: str | None = None,
    labels: tuple[str, str] | None = None,
) -> SpecDiff:
    """Compare two resolved specs; ``only`` keeps changes under a path prefix."""
    only = only.strip().strip(".") or None if only else None
    renames = find_renames(a.tree, b.tree)
    changes = renames.changes + diff_trees(renames.tree, b.tree)
    changes = [c for c in changes if not _file_named(c)]
    if only:
        changes = [c for c in changes if any(_related(p, only) for p in (c.path, c.old_path))]
    changes = fold_defaults(changes)
    changes.sort(key=_order)
    a_label, b_label = labels or (str(a.path), str(b.path))
    found = effects(a, b, renames, changes, lambda path: only is None or _related(path, only))
    return SpecDiff(a_label, b_label, changes, found, only)


def diff_files(a: str | Path, b: str | Path, only: str | None = None) -> SpecDiff:
    """Resolve two spec files and compare them."""
    return diff_specs(resolve(a), resolve(b), only, (str(a), str(b)))


def within(path: str, prefix: str) -> bool:
    """Whether ``path`` is ``prefix`` or a path under it, as ``networks.G.layers[0]``."""
    return path == prefix or path.startswith((prefix + ".", prefix + "["))


def _related(path: str | None, only: str) -> bool:
    # A change above the filter (the whole network added) also concerns it.
    return path is not None and (within(path, only) or within(only, path))


def _file_named(change: Change) -> bool:
    """A ``name`` both sides take from their file names is not part of the spec."""
    return change.path == "name" and all(
        loc is not None and loc.origin == "default" for loc in (change.a, change.b)
    )


def _order(change: Change) -> tuple[int, int]:
    section = change.section
    index = SECTION_NAMES.index(section) if section in SECTION_NAMES else len(SECTION_NAMES)
    return index, 0 if change.op == "renamed" else 1

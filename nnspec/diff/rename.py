"""Renamed networks, losses and optimizers: same content under a new name.

Side A is rewritten as if each rename had been made there first: the entry's
key and every reference to it (found along the grammar by ``diff_refs``). The
rewritten A then differs from B only where something else changed, so a
reference that changed only by the rename is not reported on its own; it is
listed under the rename instead. Networks go first, since losses and
optimizers name them; losses next, since phases name them.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from typing import Any

from nnspec.diff.align import same
from nnspec.diff.refs import Named, references
from nnspec.diff.tree import Change, user_path
from nnspec.spec.located import LocDict, where

RENAMABLE = ("networks", "losses", "optimizers")


@dataclass
class Renames:
    """Side A rewritten with B's names, and the renames found, per section."""

    tree: LocDict
    names: dict[str, dict[str, str]] = field(default_factory=dict)
    changes: list[Change] = field(default_factory=list)

    def old_name(self, section: str, new: str) -> str:
        inverse = {v: k for k, v in self.names.get(section, {}).items()}
        return inverse.get(new, new)


def find_renames(a: LocDict, b: LocDict) -> Renames:
    """Detect renames section by section and rewrite side A to B's names."""
    result = Renames(copy.deepcopy(a))
    for section in RENAMABLE:
        pairs = _pairs(result.tree.get(section) or {}, b.get(section) or {})
        if pairs:
            result.names[section] = pairs
            result.changes += _rename(result, b, section, pairs)
    return result


def _pairs(old: dict, new: dict) -> dict[str, str]:
    """Old name → new name for entries that vanished and reappeared unchanged."""
    appeared = [name for name in new if name not in old]
    pairs = {}
    for name, body in old.items():
        if name in new:
            continue
        match = next((n for n in appeared if same(body, new[n])), None)
        if match is not None:
            pairs[name] = match
            appeared.remove(match)
    return pairs


def _rename(result: Renames, b: LocDict, section: str, pairs: dict[str, str]) -> list[Change]:
    """Apply one section's renames to side A; one ``renamed`` change per pair."""
    followed = _follow(result.tree, section, pairs)
    entries = result.tree[section]
    renamed = LocDict(loc=entries.loc)
    for key, value in entries.items():
        renamed.put(pairs.get(key, key), value, entries.where_key(key), entries.where(key))
    result.tree.put(section, renamed, result.tree.where_key(section), result.tree.where(section))
    return [
        Change(
            "renamed",
            (section, new),
            (section, old),
            old,
            new,
            entries.where_key(old),
            b[section].where_key(new),
            followed[old],
        )
        for old, new in pairs.items()
    ]


def _follow(tree: LocDict, section: str, pairs: dict[str, str]) -> dict[str, list[str]]:
    """Point each reference to a renamed entry at its new name; their paths, per old name."""
    followed: dict[str, list[str]] = {old: [] for old in pairs}
    for ref in references(tree):
        owner, name = ref.entry
        if owner == section and name in pairs:
            _set(tree, ref.at, _renamed(ref, pairs[name]))
            followed[name].append(user_path(ref.at))
    return followed


def _renamed(ref: Named, new: str) -> str:
    if ref.target == "term" and "." in ref.name:
        return f"{new}.{ref.name.partition('.')[2]}"
    return new


def _set(tree: Any, at: tuple, value: Any) -> None:
    """Replace the value at a tree path, keeping its recorded location."""
    for part in at[:-1]:
        tree = tree[part]
    loc = where(tree, at[-1])
    tree[at[-1]] = value
    if isinstance(tree, LocDict):
        tree.value_locs[at[-1]] = loc

"""Containers that remember where each of their values was written.

``LocDict`` and ``LocList`` behave exactly like ``dict`` and ``list`` (so they
compare, serialise and merge like plain data) but also carry the ``Location``
of the container, of each key and of each value, so any later error can point
at the line and column of the offending token.
"""

from __future__ import annotations

from typing import Any

from nnspec.errors import Location


class LocDict(dict):
    """A dict with the location of itself, each key and each value."""

    def __init__(self, *args: Any, loc: Location | None = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.loc = loc or Location()
        self.key_locs: dict[str, Location] = {}
        self.value_locs: dict[str, Location] = {}

    def put(self, key: str, value: Any, key_loc: Location, value_loc: Location) -> None:
        self[key] = value
        self.key_locs[key] = key_loc
        self.value_locs[key] = value_loc

    def where(self, key: str) -> Location:
        """Location of the value at ``key``, falling back to the key, then the map."""
        return self.value_locs.get(key) or self.key_locs.get(key) or self.loc

    def where_key(self, key: str) -> Location:
        return self.key_locs.get(key) or self.loc


class LocList(list):
    """A list with the location of itself and each item."""

    def __init__(self, *args: Any, loc: Location | None = None):
        super().__init__(*args)
        self.loc = loc or Location()
        self.item_locs: list[Location] = []

    def push(self, value: Any, loc: Location) -> None:
        self.append(value)
        self.item_locs.append(loc)

    def where(self, index: int) -> Location:
        return self.item_locs[index] if index < len(self.item_locs) else self.loc


def where(container: Any, key: Any) -> Location:
    """Location of ``container[key]`` if the container knows it."""
    if isinstance(container, (LocDict, LocList)):
        return container.where(key)
    return Location()


def own_loc(value: Any, fallback: Location) -> Location:
    """A container's own location, or the fallback for scalars."""
    return value.loc if isinstance(value, (LocDict, LocList)) else fallback


def plain(value: Any) -> Any:
    """A deep copy as plain dicts and lists (for JSON, hashing and diffs)."""
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    return value


def relocate(value: Any, loc_map: Any) -> Any:
    """A deep copy of a located value in which every location is mapped by ``loc_map``."""
    if isinstance(value, LocDict):
        out = LocDict(loc=loc_map(value.loc))
        for key, item in value.items():
            out.put(
                key,
                relocate(item, loc_map),
                loc_map(value.where_key(key)),
                loc_map(value.where(key)),
            )
        return out
    if isinstance(value, LocList):
        out_list = LocList(loc=loc_map(value.loc))
        for i, item in enumerate(value):
            out_list.push(relocate(item, loc_map), loc_map(value.where(i)))
        return out_list
    return value

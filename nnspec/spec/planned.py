"""Kinds that docs/planned.md lists as planned: named as such, not as a typo of a built kind."""

from __future__ import annotations

from nnspec.errors import Location, SpecError
from nnspec.registry import REGISTRY

PLANNED: dict[tuple[str, str], str] = {}


def planned_error(category: str, name: object, path: str, loc: Location) -> SpecError | None:
    """The error for a planned kind, or None when ``name`` is not one."""
    what = PLANNED.get((category, name)) if isinstance(name, str) else None
    if what is None:
        return None
    return SpecError(
        f"{category} kind '{name}' ({what}) is planned but not built yet; see docs/planned.md",
        path,
        loc,
        expected=f"one of {', '.join(REGISTRY.names(category))}",
    )

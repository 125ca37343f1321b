"""Where a resolved spec names its networks, losses and optimizers.

Walks the normalised tree along the grammar and the registry, so only values
declared as references (``Ref``) are found: a phase label that happens to equal
a network's name is not one. ``diff`` uses this to follow renames and to tell
which losses and phases a changed network or optimizer affects.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from nnspec.diff.tree import Segments
from nnspec.registry import REGISTRY
from nnspec.registry.params import (
    ListOf,
    MapOf,
    Nested,
    Param,
    Ref,
    RefOrTyped,
    Struct,
    Typed,
)
from nnspec.spec.grammar import PHASE_COMMON, SECTIONS, NetworkEntry, PhaseEntry


@dataclass(frozen=True)
class Named:
    """A reference at tree path ``at`` to ``name``, a network, loss, term or optimizer."""

    at: Segments
    target: str
    name: str

    @property
    def entry(self) -> tuple[str, str]:
        """The section and entry it names: a term ``gan.generator`` names loss ``gan``."""
        if self.target == "term":
            return "losses", self.name.partition(".")[0]
        return self.target + "s" if self.target != "loss" else "losses", self.name


def references(tree: dict) -> list[Named]:
    """Every reference in a normalised spec tree, in the order of the spec."""
    out: list[Named] = []
    _fields(SECTIONS, tree, (), out)
    return out


def _walk(ptype: Any, value: Any, at: Segments, out: list[Named]) -> None:
    if isinstance(ptype, RefOrTyped):
        ptype = Typed(ptype.category) if isinstance(value, dict) else Ref(ptype.target)
    if isinstance(ptype, Ref) and isinstance(value, str):
        out.append(Named(at, ptype.target, value))
    elif isinstance(ptype, Struct):
        _fields(ptype.fields, value, at, out)
    elif isinstance(ptype, MapOf) and isinstance(value, dict):
        for key, item in value.items():
            _walk(ptype.value, item, (*at, key), out)
    elif isinstance(ptype, (ListOf, Nested)) and isinstance(value, list):
        item_type = ptype.item if isinstance(ptype, ListOf) else Nested(ptype.category)
        for i, item in enumerate(value):
            _walk(item_type, item, (*at, i), out)
    elif isinstance(ptype, Typed) and isinstance(value, dict):
        kind = REGISTRY.get(ptype.category, value.get("type"))
        _fields(kind.params if kind else (), value, at, out)
    else:
        _entry(ptype, value, at, out)


def _entry(ptype: Any, value: Any, at: Segments, out: list[Named]) -> None:
    """Applications: a layer, metric, network or phase is ``{kind: params}``."""
    category = {NetworkEntry: "network", PhaseEntry: "phase"}.get(type(ptype))
    if isinstance(ptype, Nested):
        category = ptype.category
    if category is None or not isinstance(value, dict):
        return
    for key, params in value.items():
        kind = REGISTRY.get(category, key) if isinstance(key, str) else None
        if kind is not None:
            _fields(kind.params, params, (*at, key), out)
    if category == "phase":
        _fields(PHASE_COMMON, value, at, out)


def _fields(params: tuple[Param, ...], value: Any, at: Segments, out: list[Named]) -> None:
    if not isinstance(value, dict):
        return
    for param in params:
        if param.name in value:
            _walk(param.type, value[param.name], (*at, param.name), out)

"""Kind swaps for the fuzzer: every place a bundled spec names a kind, and a same-category swap.

A bundled spec is resolved once; its plain resolved tree writes every kind in one
canonical form (``{kind: {params}}`` or ``{type: kind, ...}``), so a site is found
by walking the tree along the declared parameter types. A swap puts another kind
of the same category there, keeping the parameters both kinds share and filling
the new kind's required ones from their types.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from typing import Any

from nnspec.registry import REGISTRY
from nnspec.registry.networks import SEQUENTIAL
from nnspec.registry.params import (
    Bool,
    Choice,
    Float,
    Int,
    ListOf,
    MapOf,
    Nested,
    Ref,
    RefOrTyped,
    Shape,
    Str,
    Struct,
    Typed,
)
from nnspec.spec.grammar import SECTIONS, NetworkEntry, PhaseEntry


@dataclass(frozen=True)
class Site:
    """Where a kind is named: the key path to its entry, its category and written form."""

    path: tuple
    category: str
    typed: bool


def sites(value: Any, ptype: Any, path: tuple = ()) -> list[Site]:
    """Every kind named in ``value`` (plain, normalised) read as ``ptype``."""
    if isinstance(ptype, Struct):
        return _fields(value, ptype.fields, path)
    if isinstance(ptype, MapOf) and isinstance(value, dict):
        return [s for k, v in value.items() for s in sites(v, ptype.value, (*path, k))]
    if isinstance(ptype, ListOf) and isinstance(value, list):
        return [s for i, v in enumerate(value) for s in sites(v, ptype.item, (*path, i))]
    if isinstance(ptype, Nested) and ptype.many and isinstance(value, list):
        return [
            s for i, v in enumerate(value) for s in sites(v, Nested(ptype.category), (*path, i))
        ]
    if isinstance(ptype, Nested) and isinstance(value, dict):
        return _application(value, ptype.category, path)
    if isinstance(ptype, (Typed, RefOrTyped)) and isinstance(value, dict):
        kind = REGISTRY.get(ptype.category, value["type"])
        return [Site(path, ptype.category, True), *_fields(value, kind.params, path)]
    if isinstance(ptype, NetworkEntry) and "sequential" in value:
        return _fields(value["sequential"], SEQUENTIAL, (*path, "sequential"))
    if isinstance(ptype, PhaseEntry):
        return _application(value, "phase", path)
    return []


def _fields(value: Any, params: tuple, path: tuple) -> list[Site]:
    if not isinstance(value, dict):
        return []
    return [
        s for p in params if p.name in value for s in sites(value[p.name], p.type, (*path, p.name))
    ]


def _application(value: dict, category: str, path: tuple) -> list[Site]:
    name = next(k for k in value if REGISTRY.get(category, k) is not None)
    inner = _fields(value[name], REGISTRY.get(category, name).params, (*path, name))
    return [Site(path, category, False), *inner]


def spec_sites(tree: dict) -> list[Site]:
    return _fields(tree, SECTIONS, ())


def current(tree: dict, site: Site) -> str:
    entry = _at(tree, site.path)
    if site.typed:
        return entry["type"]
    return next(k for k in entry if REGISTRY.get(site.category, k) is not None)


def swapped(tree: dict, site: Site, new: str) -> dict:
    """A copy of ``tree`` with the kind at ``site`` replaced by ``new``."""
    tree = copy.deepcopy(tree)
    entry = _at(tree, site.path)
    old = current(tree, site)
    given = entry if site.typed else entry[old]
    given = given if isinstance(given, dict) else {}
    params = {}
    for param in REGISTRY.get(site.category, new).params:
        if param.name in given:
            params[param.name] = given[param.name]
        elif param.required:
            params[param.name] = filler(param.type, tree)
    if site.typed:
        entry.clear()
        entry.update({"type": new, **params})
    else:
        del entry[old]
        entry[new] = params
    return tree


def _at(tree: Any, path: tuple) -> Any:
    for key in path:
        tree = tree[key]
    return tree


def filler(ptype: Any, tree: dict) -> Any:
    """A value of ``ptype`` that its own check accepts, naming entries of ``tree``."""
    if isinstance(ptype, Int):
        return min(max(2, ptype.min if ptype.min is not None else 2), ptype.max or 2)
    if isinstance(ptype, Float):
        low = (ptype.min or 0) + (0.1 if ptype.open_min else 0)
        return min(max(0.5, low), ptype.max if ptype.max is not None else 0.5)
    if isinstance(ptype, (Bool, Str, Choice, Shape)):
        return {Bool: False, Str: "x", Shape: [2]}.get(type(ptype)) or ptype.options[0]
    if isinstance(ptype, Ref):
        return _first(ptype.target, tree)
    if isinstance(ptype, ListOf):
        return [filler(ptype.item, tree)] * max(ptype.min_len, 1)
    if isinstance(ptype, Nested):
        return [] if ptype.many else REGISTRY.names(ptype.category)[0]
    if isinstance(ptype, (Typed, RefOrTyped)):
        return {"type": REGISTRY.names(ptype.category)[0]}
    return 1.0


def _first(target: str, tree: dict) -> str:
    if target == "term":
        name, loss = next(iter(tree["losses"].items()), ("x", {"type": "mse"}))
        terms = REGISTRY.get("loss", loss["type"]).terms
        return f"{name}.{terms[0]}" if terms else name
    section = {"network": "networks", "loss": "losses", "optimizer": "optimizers"}[target]
    return next(iter(tree[section]), "x")

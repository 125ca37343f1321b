"""Normalisation: strict keys, types, shorthands expanded and defaults filled.

Walks the spec along the grammar (``spec.grammar``) and the registry. Every
kind comes out in one canonical form: a layer, transform, metric or dataset as
``{kind: {all params}}``, a loss or optimizer as ``{type: kind, all params}``.
Names of other entries are collected as references for ``spec.check``.
Mistakes are collected rather than raised one by one, so a user sees them all.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from nnspec.errors import DEFAULT_LOCATION, Location, SpecError
from nnspec.registry import REGISTRY
from nnspec.registry.core import did_you_mean
from nnspec.registry.params import (
    REQUIRED,
    Invalid,
    ListOf,
    MapOf,
    Nested,
    Param,
    Ref,
    RefOrTyped,
    Struct,
    Typed,
    quoted,
    show,
)
from nnspec.spec import normalize_forms as forms
from nnspec.spec.grammar import SECTIONS, NetworkEntry, PhaseEntry
from nnspec.spec.located import LocDict, LocList, own_loc


@dataclass
class Reference:
    """A name written in the spec that must resolve to an entry of ``target``."""

    target: str
    name: str
    path: str
    location: Location


@dataclass
class Normalizer:
    """Collects errors and references while normalising one spec."""

    errors: list[SpecError] = field(default_factory=list)
    refs: list[Reference] = field(default_factory=list)

    def spec(self, raw: LocDict) -> LocDict:
        return self.fields(SECTIONS, raw, "", raw.loc, what="section")

    def fields(
        self, params: tuple[Param, ...], raw: Any, path: str, loc: Location, what: str = "key"
    ) -> LocDict:
        """Normalise a mapping against declared parameters: strict keys, defaults."""
        if raw is None:
            raw = LocDict(loc=loc)
        if not isinstance(raw, dict):
            self.fail("expected a mapping", path, loc, "a mapping", show(raw))
            return LocDict(loc=loc)
        self.unknown_keys(raw, [p.name for p in params], path, what)
        out = LocDict(loc=own_loc(raw, loc))
        for param in params:
            self.field(param, raw, out, path)
        return out

    def field(self, param: Param, raw: dict, out: LocDict, path: str) -> None:
        sub = f"{path}.{param.name}" if path else param.name
        if param.name not in raw or (raw[param.name] is None and param.default is None):
            if param.default is REQUIRED:
                self.fail(
                    f"missing required key '{param.name}'",
                    path or "<top>",
                    getattr(raw, "loc", Location()),
                    expected=param.type.describe(),
                )
                return
            out.put(param.name, self.default(param, sub), DEFAULT_LOCATION, DEFAULT_LOCATION)
            return
        loc = raw.where(param.name) if isinstance(raw, LocDict) else Location()
        value = self.value(param.type, raw[param.name], sub, loc)
        key_loc = raw.where_key(param.name) if isinstance(raw, LocDict) else loc
        out.put(param.name, value, key_loc, loc)

    def default(self, param: Param, path: str) -> Any:
        """A missing parameter's default; a default mapping gets its own defaults filled."""
        if isinstance(param.type, Struct) and isinstance(param.default, dict):
            return self.fields(param.type.fields, LocDict(param.default), path, DEFAULT_LOCATION)
        return _copy_default(param.default)

    def value(self, ptype: Any, value: Any, path: str, loc: Location) -> Any:
        """Normalise one value by its declared type."""
        if isinstance(ptype, Struct):
            return self.fields(ptype.fields, value, path, loc)
        if isinstance(ptype, Nested):
            return forms.applications(self, ptype, value, path, loc)
        if isinstance(ptype, Typed):
            return forms.typed(self, ptype.category, value, path, loc)
        if isinstance(ptype, RefOrTyped):
            if isinstance(value, dict):
                return forms.typed(self, ptype.category, value, path, loc)
            return self.value(Ref(ptype.target), value, path, loc)
        if isinstance(ptype, MapOf):
            return self.mapping(ptype, value, path, loc)
        if isinstance(ptype, ListOf) and _structured(ptype.item):
            return self.list_of(ptype, value, path, loc)
        if isinstance(ptype, NetworkEntry):
            return forms.network(self, value, path, loc)
        if isinstance(ptype, PhaseEntry):
            return forms.phase(self, value, path, loc)
        return self.scalar(ptype, value, path, loc)

    def scalar(self, ptype: Any, value: Any, path: str, loc: Location) -> Any:
        try:
            checked = ptype.check(value)
        except Invalid as exc:
            self.fail(
                str(exc),
                path,
                loc,
                exc.expected,
                exc.received
                if isinstance(exc.received, str) and exc.received.startswith("a list of")
                else show(exc.received),
                hint=did_you_mean(value, getattr(ptype, "options", ())),
            )
            return value
        if isinstance(ptype, Ref):
            self.refs.append(Reference(ptype.target, checked, path, loc))
        if isinstance(ptype, ListOf) and isinstance(ptype.item, Ref):
            items = value if isinstance(value, LocList) else None
            for i, name in enumerate(checked):
                where = items.where(i) if items is not None else loc
                self.refs.append(Reference(ptype.item.target, name, f"{path}[{i}]", where))
        return _located_list(checked, value, loc) if isinstance(checked, list) else checked

    def mapping(self, ptype: MapOf, value: Any, path: str, loc: Location) -> LocDict:
        if not isinstance(value, dict):
            self.fail("expected a mapping of names", path, loc, ptype.describe(), show(value))
            return LocDict(loc=loc)
        out = LocDict(loc=own_loc(value, loc))
        for name, item in value.items():
            where = value.where(name) if isinstance(value, LocDict) else loc
            key_loc = value.where_key(name) if isinstance(value, LocDict) else loc
            out.put(name, self.value(ptype.value, item, f"{path}.{name}", where), key_loc, where)
        return out

    def list_of(self, ptype: ListOf, value: Any, path: str, loc: Location) -> LocList:
        if ptype.scalar_ok and not isinstance(value, list):
            value = LocList([value], loc=loc)
        if not isinstance(value, list):
            self.fail("expected a list", path, loc, ptype.describe(), show(value))
            return LocList(loc=loc)
        if len(value) < ptype.min_len:
            self.fail(
                f"needs at least {ptype.min_len} item(s)",
                path,
                loc,
                ptype.describe(),
                f"a list of {len(value)}",
            )
        out = LocList(loc=own_loc(value, loc))
        for i, item in enumerate(value):
            where = value.where(i) if isinstance(value, LocList) else loc
            out.push(self.value(ptype.item, item, f"{path}[{i}]", where), where)
        return out

    def unknown_keys(self, raw: dict, known: list[str], path: str, what: str) -> None:
        for key in raw:
            if key not in known:
                where = raw.where_key(key) if isinstance(raw, LocDict) else Location()
                self.fail(
                    f"unknown {what} {quoted(key)}",
                    path or "<top>",
                    where,
                    hint=did_you_mean(key, known),
                    expected=None if did_you_mean(key, known) else "one of " + ", ".join(known),
                )

    def fail(
        self,
        message: str,
        path: str,
        loc: Location,
        expected: str | None = None,
        received: str | None = None,
        hint: str | None = None,
    ) -> None:
        self.errors.append(SpecError(message, path, loc, expected, received, hint))


def _structured(ptype: Any) -> bool:
    return isinstance(
        ptype, (Struct, Nested, Typed, RefOrTyped, MapOf, NetworkEntry, PhaseEntry, ListOf)
    )


def _copy_default(default: Any) -> Any:
    if isinstance(default, dict):
        return LocDict(default, loc=DEFAULT_LOCATION)
    if isinstance(default, list):
        return LocList(default, loc=DEFAULT_LOCATION)
    return default


def _located_list(items: list, original: Any, loc: Location) -> LocList:
    out = LocList(loc=own_loc(original, loc))
    for i, item in enumerate(items):
        where = original.where(i) if isinstance(original, LocList) else loc
        out.push(item, where)
    return out


def normalize(raw: LocDict) -> tuple[LocDict, list[Reference], list[SpecError]]:
    """Normalise a resolved spec; returns the spec, its references and its errors."""
    normalizer = Normalizer()
    spec = normalizer.spec(raw)
    return spec, normalizer.refs, normalizer.errors


__all__ = ["REGISTRY", "Normalizer", "Reference", "normalize"]

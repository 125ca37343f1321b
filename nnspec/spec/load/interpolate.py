"""``vars`` and ``$name`` / ``$(expr)`` interpolation.

A string that is exactly ``$name`` or ``$(expr)`` becomes the value with its
type (``$width`` stays an integer; a list or a whole layer is substituted
whole); inside a longer string each is formatted into it. ``$$`` writes a
literal ``$`` (the forms are read by ``nnspec.spec.load.template``). Vars may refer
to other vars; cycles are reported. Substituted values are located at the
place of use, marked with origin ``var``.
"""

from __future__ import annotations

from typing import Any

from nnspec.errors import Location, SpecError
from nnspec.registry.core import did_you_mean
from nnspec.registry.params import quoted, show
from nnspec.spec.load.expr import ExprError, evaluate
from nnspec.spec.load.template import Ref, TemplateError, split
from nnspec.spec.located import LocDict, LocList


def interpolate(spec: LocDict) -> LocDict:
    """Substitute every ``$name`` and ``$(expr)`` in the spec using its ``vars`` section."""
    try:
        return _interpolate(spec)
    except RecursionError:
        raise SpecError(
            "vars refer to vars too deeply",
            path="vars",
            location=spec.where("vars"),
            expected="chains of at most a few hundred vars",
        ) from None


def _interpolate(spec: LocDict) -> LocDict:
    raw_vars = spec.get("vars") or LocDict()
    if not isinstance(raw_vars, dict):
        raise SpecError(
            "'vars' must be a mapping of names to values",
            path="vars",
            location=spec.where("vars"),
            received=show(raw_vars),
        )
    scope = _Scope(raw_vars)
    out = LocDict(loc=spec.loc)
    for key, value in spec.items():
        if key == "vars":
            value = _vars_resolved(scope, raw_vars)
            out.put(key, value, spec.where_key(key), spec.where(key))
            continue
        new, new_loc = _subst(value, scope, key, spec.where(key))
        out.put(key, new, spec.where_key(key), new_loc)
    return out


def _vars_resolved(scope: _Scope, raw_vars: dict) -> LocDict:
    out = LocDict(loc=getattr(raw_vars, "loc", Location()))
    for name in raw_vars:
        out.put(name, scope.get(name), raw_vars.where_key(name), raw_vars.where(name))
    return out


class _Scope:
    """Resolves vars lazily, so vars may use vars, and reports cycles."""

    def __init__(self, raw: dict):
        self.raw = raw
        self.done: dict[str, Any] = {}
        self.active: list[str] = []

    def get(self, name: str) -> Any:
        if name in self.done:
            return self.done[name]
        if name not in self.raw:
            raise KeyError(name)
        if name in self.active:
            cycle = " -> ".join([*self.active[self.active.index(name) :], name])
            raise SpecError(
                f"vars refer to each other in a cycle: {cycle}",
                path=f"vars.{name}",
                location=self.raw.where(name),
            )
        self.active.append(name)
        value, _ = _subst(self.raw[name], self, f"vars.{name}", self.raw.where(name))
        self.active.pop()
        self.done[name] = value
        return value


def _subst(value: Any, scope: _Scope, path: str, loc: Location) -> tuple[Any, Location]:
    """The value with vars substituted, and its location (origin ``var`` if replaced)."""
    if isinstance(value, LocDict):
        out = LocDict(loc=value.loc)
        for key, item in value.items():
            new, new_loc = _subst(item, scope, f"{path}.{key}", value.where(key))
            out.put(key, new, value.where_key(key), new_loc)
        return out, loc
    if isinstance(value, LocList):
        out_list = LocList(loc=value.loc)
        for i, item in enumerate(value):
            out_list.push(*_subst(item, scope, f"{path}[{i}]", value.where(i)))
        return out_list, loc
    if isinstance(value, str) and "$" in value:
        return _string(value, scope, path, loc)
    return value, loc


def _string(text: str, scope: _Scope, path: str, loc: Location) -> tuple[Any, Location]:
    try:
        parts = split(text, loc)
    except TemplateError as exc:
        raise SpecError(str(exc), path=path, location=loc, hint=exc.hint) from None
    if not any(isinstance(part, Ref) for part in parts):
        return "".join(
            p for p in parts if isinstance(p, str)
        ), loc  # only escapes and literal dollars
    if len(parts) == 1:
        return _eval(parts[0], scope, path, loc), loc.with_origin("var")
    text = "".join(p if isinstance(p, str) else str(_eval(p, scope, path, loc)) for p in parts)
    return text, loc.with_origin("var")


def _eval(ref: Ref, scope: _Scope, path: str, loc: Location) -> Any:
    try:
        return _lookup(ref.expr, scope) if _is_name(ref.expr) else evaluate(ref.expr, scope.get)
    except ExprError as exc:
        hint = did_you_mean(exc.name, list(scope.raw)) if exc.name else None
        raise SpecError(
            f"cannot substitute {quoted(ref.source)}: {exc}", path=path, location=loc, hint=hint
        ) from None


def _is_name(expr: str) -> bool:
    return expr.strip().isidentifier()


def _lookup(expr: str, scope: _Scope) -> Any:
    try:
        return scope.get(expr.strip())
    except KeyError:
        raise ExprError(f"unknown var '{expr.strip()}'", name=expr.strip()) from None

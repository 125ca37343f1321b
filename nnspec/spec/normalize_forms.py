"""The written forms of kinds, and their one canonical normalised form.

- applications (layers, transforms, metrics, datasets, inits): ``relu``,
  ``{linear: 128}`` (the kind's main parameter) or ``{linear: {out: 128}}``;
  a layer may add ``name:`` for its identity in diffs.
- typed entries (losses, optimizers): ``{type: adam, lr: 1.0e-3}``.
- networks: ``{input, layers, init}`` or one network kind, ``{rbm: {...}}``.
- phases: ``{phase: label, <kind>: body, steps|epochs: n}``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from nnspec.errors import Location
from nnspec.registry import REGISTRY
from nnspec.registry.core import Kind, did_you_mean
from nnspec.registry.networks import SEQUENTIAL
from nnspec.registry.params import Nested, Str, quoted, show
from nnspec.spec.grammar import PHASE_COMMON
from nnspec.spec.located import LocDict, LocList, own_loc
from nnspec.spec.planned import planned_error
from nnspec.words import a

if TYPE_CHECKING:
    from nnspec.spec.normalize import Normalizer


def applications(norm: Normalizer, ptype: Nested, value: Any, path: str, loc: Location) -> Any:
    """Normalise one application, or a list of them when ``ptype.many``."""
    if ptype.by_layer and by_layer_kind(value):
        return layer_kinds(norm, ptype.category, value, path, loc)
    if not ptype.many:
        return application(norm, ptype.category, value, path, loc)
    if not isinstance(value, list):
        norm.fail(f"expected a list of {ptype.category}s", path, loc, ptype.describe(), show(value))
        return LocList(loc=loc)
    out = LocList(loc=own_loc(value, loc))
    for i, item in enumerate(value):
        where = value.where(i) if isinstance(value, LocList) else loc
        out.push(application(norm, ptype.category, item, f"{path}[{i}]", where), where)
    return out


def by_layer_kind(value: Any) -> bool:
    """Whether ``value`` is written per layer kind: a mapping not of one known kind's name."""
    if not isinstance(value, dict) or len(value) == 0:
        return False
    return len(value) > 1 or REGISTRY.get("init", next(iter(value))) is None


def layer_kinds(norm: Normalizer, category: str, value: LocDict, path: str, loc: Location) -> Any:
    """``{conv2d: {normal: 0.02}, batch_norm: ...}``: one application per named layer kind."""
    out = LocDict(loc=own_loc(value, loc))
    for key, item in value.items():
        kind = REGISTRY.get("layer", key) if isinstance(key, str) else None
        if kind is None:
            known = REGISTRY.names(category, with_aliases=True)
            layers = REGISTRY.names("layer", with_aliases=True)
            norm.fail(
                f"unknown {category} or layer kind {_quoted(key)}",
                path,
                value.where_key(key),
                hint=did_you_mean(key, [*known, *layers]),
                expected=f"{a(category)} for the whole network, or layer kinds mapped to one",
            )
            continue
        where = f"{path}.{kind.name}"
        applied = application(norm, category, item, where, value.where(key))
        out.put(kind.name, applied, value.where_key(key), value.where(key))
    return out


def application(norm: Normalizer, category: str, value: Any, path: str, loc: Location) -> Any:
    """Normalise ``name`` / ``{name: main}`` / ``{name: {params}}`` to ``{name: {params}}``."""
    label = value.get("name") if category == "layer" and isinstance(value, dict) else None
    entries = {k: v for k, v in value.items() if k != "name"} if label is not None else value
    if isinstance(entries, str):
        name, arg, arg_loc, key_loc = entries, None, loc, loc
    elif isinstance(entries, dict) and len(entries) == 1:
        ((name, arg),) = entries.items()
        arg_loc, key_loc = value.where(name), value.where_key(name)
    else:
        norm.fail(
            f"expected {a(category)}",
            path,
            loc,
            f"{a(category)} name, or a mapping with exactly one {category} name",
            show(value),
        )
        return value
    kind = _kind(norm, category, name, path, key_loc)
    if kind is None:
        return value
    out = LocDict(loc=own_loc(value, loc))
    out.put(kind.name, params(norm, kind, arg, f"{path}.{kind.name}", arg_loc), key_loc, arg_loc)
    if label is not None:
        out.put(
            "name",
            norm.value(Str(), label, f"{path}.name", value.where("name")),
            value.where_key("name"),
            value.where("name"),
        )
    return out


def params(norm: Normalizer, kind: Kind, arg: Any, path: str, loc: Location) -> LocDict:
    """A kind's parameters from a mapping, its main value, or nothing."""
    if arg is not None and not isinstance(arg, dict):
        if kind.main is None:
            norm.fail(
                f"{kind.category} '{kind.name}' takes its parameters as a mapping",
                path,
                loc,
                "a mapping of " + (", ".join(kind.param_names) or "nothing"),
                show(arg),
            )
            return LocDict(loc=loc)
        arg = _main(kind, arg, loc)
    return norm.fields(kind.params, arg, path, loc, what=f"parameter of {kind.name}")


def typed(norm: Normalizer, category: str, value: Any, path: str, loc: Location) -> Any:
    """Normalise ``{type: kind, params...}``."""
    if not isinstance(value, dict) or "type" not in value:
        norm.fail(
            f"expected {a(category)} with a 'type'",
            path,
            loc,
            f"a mapping such as {{type: {REGISTRY.names(category)[0]}, ...}}",
            show(value),
        )
        return value
    kind = _kind(norm, category, value["type"], f"{path}.type", value.where("type"))
    if kind is None:
        return value
    body = LocDict(loc=value.loc)
    for key in value:
        if key != "type":
            body.put(key, value[key], value.where_key(key), value.where(key))
    out = LocDict(loc=value.loc)
    out.put("type", kind.name, value.where_key("type"), value.where("type"))
    fields = norm.fields(kind.params, body, path, loc, what=f"parameter of {category} {kind.name}")
    for key, item in fields.items():
        out.put(key, item, fields.where_key(key), fields.where(key))
    return out


def network(norm: Normalizer, value: Any, path: str, loc: Location) -> Any:
    """Normalise a sequential network, or a one-key network kind."""
    if isinstance(value, dict) and len(value) == 1 and "layers" not in value:
        ((name, _),) = value.items()
        if name not in ("input", "init"):
            return application(norm, "network", value, path, loc)
    out = LocDict(loc=own_loc(value, loc))
    out.put("sequential", norm.fields(SEQUENTIAL, value, path, loc), Location(), loc)
    return out


def phase(norm: Normalizer, value: Any, path: str, loc: Location) -> Any:
    """Normalise one schedule item: exactly one phase kind, plus common keys."""
    if not isinstance(value, dict):
        norm.fail("expected a phase", path, loc, "a mapping with a phase kind", show(value))
        return value
    common = {p.name for p in PHASE_COMMON}
    kinds = [k for k in value if k not in common]
    if len(kinds) != 1:
        expected = "exactly one of " + ", ".join(REGISTRY.names("phase"))
        norm.fail(
            "a phase needs exactly one phase kind", path, loc, expected, ", ".join(kinds) or "none"
        )
        return value
    body = LocDict(loc=value.loc)
    body.put(kinds[0], value[kinds[0]], value.where_key(kinds[0]), value.where(kinds[0]))
    out = application(norm, "phase", body, path, loc)
    rest = LocDict({k: v for k, v in value.items() if k in common}, loc=value.loc)
    rest.key_locs, rest.value_locs = value.key_locs, value.value_locs
    fields = norm.fields(PHASE_COMMON, rest, path, loc)
    for key, item in fields.items():
        out.put(key, item, fields.where_key(key), fields.where(key))
    return out


def _kind(norm: Normalizer, category: str, name: Any, path: str, loc: Location) -> Kind | None:
    kind = REGISTRY.get(category, name) if isinstance(name, str) else None
    planned = None if kind is not None else planned_error(category, name, path, loc)
    if planned is not None:
        norm.errors.append(planned)
    elif kind is None:
        known = REGISTRY.names(category, with_aliases=True)
        hint = did_you_mean(name, known)
        norm.fail(
            f"unknown {category} {_quoted(name)}",
            path,
            loc,
            hint=hint,
            expected=None if hint else f"one of {', '.join(REGISTRY.names(category))}",
            received=None if isinstance(name, str) else show(name),
        )
    return kind


def _quoted(name: Any) -> str:
    return quoted(name) if isinstance(name, str) else show(name)


def _main(kind: Kind, arg: Any, loc: Location) -> LocDict:
    out = LocDict(loc=loc)
    out.put(kind.main, arg, loc, loc)
    return out

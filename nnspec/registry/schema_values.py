"""JSON Schema fragments for parameter types, shaped for clear editor messages.

Alternatives are written as ``if``/``then``/``else`` on the value's type rather
than ``anyOf``: a validator then reports the one branch that applies
(``dropout: 1.5`` reads "above the maximum"), where ``anyOf`` makes editors
guess which alternative the user meant.
"""

from __future__ import annotations

from typing import Any

from nnspec.registry.params import (
    Int,
    ListOf,
    MapOf,
    Nested,
    Param,
    Ref,
    RefOrTyped,
    Shape,
    Struct,
    Typed,
)

DOC_KEYS = ("description", "default")
_POSITIVE = Int(min=1)


def either(kind: str, first: dict, other: dict) -> dict:
    """``first`` for values of JSON type ``kind``, ``other`` for all the rest."""
    return {"if": {"type": kind}, "then": first, "else": other}


def by_layer_kind(ref: dict) -> dict:
    """``ref``, or a mapping whose keys are all layer kinds to one ``ref`` each.

    Written as ``if`` on the keys: a mapping of layer kinds is the per-kind form;
    anything else (``xavier``, ``{normal: 0.02}``, a misspelt kind) is judged as one ``ref``.
    """
    from nnspec.registry.core import REGISTRY  # the registry's own modules import this one

    layers = {"enum": REGISTRY.names("layer", with_aliases=True)}
    per_kind = {"type": "object", "additionalProperties": ref, "minProperties": 1}
    return {"if": {"type": "object", "propertyNames": layers}, "then": per_kind, "else": ref}


def or_null(schema: dict) -> dict:
    """``schema``, or null (which nnspec reads as "not set": the default applies)."""
    if schema.get("if") == {"type": "null"}:
        return schema
    doc = {k: schema[k] for k in DOC_KEYS if k in schema}
    rest = {k: v for k, v in schema.items() if k not in DOC_KEYS}
    return {**doc, "if": {"type": "null"}, "else": rest}


def type_schema(ptype: Any) -> dict:
    """The schema of one parameter type; structured types are built here, leaves by the type."""
    if isinstance(ptype, Struct):
        return struct_schema(ptype.fields)
    if isinstance(ptype, Shape):
        return type_schema(ListOf(_POSITIVE, min_len=1, scalar_ok=True))
    if isinstance(ptype, ListOf):
        return _list_schema(ptype)
    if isinstance(ptype, MapOf):
        return {"type": "object", "additionalProperties": type_schema(ptype.value)}
    if isinstance(ptype, Nested):
        ref = {"$ref": f"#/$defs/{ptype.category}"}
        if ptype.by_layer:
            return by_layer_kind(ref)
        return {"type": "array", "items": ref} if ptype.many else ref
    if isinstance(ptype, Typed):
        return {"$ref": f"#/$defs/typed_{ptype.category}"}
    if isinstance(ptype, RefOrTyped):
        return either("string", Ref(ptype.target).schema(), type_schema(Typed(ptype.category)))
    return untangle(ptype.schema())


def param_schema(param: Param) -> dict:
    """One parameter: its type, null where nnspec reads null as unset, its doc and default."""
    out = type_schema(param.type)
    if (param.default is None and not param.required) or isinstance(param.type, Struct):
        out = or_null(out)  # a Struct given null is an empty mapping: all its defaults
    if param.doc:
        out["description"] = param.doc
    if not param.required and param.default is not None:
        out["default"] = param.default
    return out


def struct_schema(params: tuple[Param, ...], extra: dict | None = None) -> dict:
    """A strict mapping of declared parameters."""
    props = {p.name: param_schema(p) for p in params}
    props.update(extra or {})
    out: dict = {"type": "object", "properties": props, "additionalProperties": False}
    required = [p.name for p in params if p.required]
    if required:
        out["required"] = required
    return out


def untangle(schema: dict) -> dict:
    """A leaf type's two-way ``anyOf`` as a branch on the value's type."""
    alternatives = schema.get("anyOf")
    if not alternatives or len(alternatives) != 2:
        return schema
    typed = [a for a in alternatives if isinstance(a.get("type"), str)]
    if not typed:
        return schema
    first = next((a for a in typed if a["type"] == "null"), typed[0])
    other = alternatives[1] if first is alternatives[0] else alternatives[0]
    rest = {k: v for k, v in schema.items() if k != "anyOf"}
    return {**rest, **either(first["type"], first, untangle(other))}


def _list_schema(ptype: ListOf) -> dict:
    item = type_schema(ptype.item)
    out: dict = {"type": "array", "items": item, "minItems": ptype.min_len}
    if ptype.max_len is not None:
        out["maxItems"] = ptype.max_len
    return either("array", out, item) if ptype.scalar_ok else out

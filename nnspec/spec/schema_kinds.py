"""JSON Schema definitions of the kinds a user names: one per category, from the registry.

Each kind name (and alias) is a property with its own description, so editors
complete names with their doc, and an unknown name reads "Property X is not
allowed" at that name. The bare-name form is an ``enum`` with
``enumDescriptions``. Typed entries (``{type: adam, ...}``) check their
parameters under an ``if`` on the type, so a misspelt parameter is named too.
"""

from __future__ import annotations

from nnspec.registry import REGISTRY
from nnspec.registry.core import Kind
from nnspec.registry.networks import SEQUENTIAL
from nnspec.registry.schema_values import either, or_null, param_schema, struct_schema
from nnspec.spec.grammar import PHASE_COMMON

APPLIED = ("layer", "transform", "metric", "dataset", "init", "noise", "lr_schedule")
LAYER_NAME = {"type": "string", "description": "the layer's identity in diffs (optional)"}


def kind_doc(kind: Kind, alias: str | None = None) -> str:
    """A kind's one-line doc, naming its aliases (or, for an alias, its kind)."""
    if alias is not None:
        return f"{kind.doc} (alias of {kind.name})"
    if kind.aliases:
        return f"{kind.doc} Also written: {', '.join(kind.aliases)}."
    return kind.doc


def kind_value(kind: Kind, alias: str | None = None) -> dict:
    """What may follow a kind's name: its parameters, its main value, or null."""
    params = struct_schema(kind.params)
    if kind.main is None:
        out = or_null(params) if optional(kind) else params
    else:
        main = param_schema(kind.param(kind.main))
        main = {k: v for k, v in main.items() if k not in ("description", "default")}
        out = either("object", params, or_null(main) if optional(kind) else main)
    out["description"] = kind_doc(kind, alias)
    return out


def names(kinds: list[Kind]) -> dict[str, dict]:
    """Every name and alias of ``kinds``, with the schema of its value."""
    out = {}
    for kind in kinds:
        out[kind.name] = kind_value(kind)
        for alias in kind.aliases:
            out[alias] = kind_value(kind, alias)
    return out


def optional(kind: Kind) -> bool:
    """Whether a kind needs no parameter, so may be written by its name alone."""
    return not any(p.required for p in kind.params)


def enum_of(kinds: list[Kind]) -> dict:
    """The names and aliases of ``kinds`` as an enum, each with its doc for completion."""
    pairs = [
        (name, kind_doc(kind, None if name == kind.name else name))
        for kind in kinds
        for name in (kind.name, *kind.aliases)
    ]
    return {"enum": [n for n, _ in pairs], "enumDescriptions": [d for _, d in pairs]}


def application_def(category: str) -> dict:
    """``name``, ``{name: main}`` or ``{name: {params}}``: exactly one name per mapping."""
    props = names(REGISTRY.kinds(category))
    one: dict = {"minProperties": 1, "maxProperties": 1}
    mapping: dict = {"type": "object", "properties": props, "additionalProperties": False}
    if category == "layer":
        props["name"] = LAYER_NAME
        two = {"minProperties": 2, "maxProperties": 2}
        mapping.update({"if": {"required": ["name"]}, "then": two, "else": one})
    else:
        mapping.update(one)
    out = either("string", enum_of([k for k in REGISTRY.kinds(category) if optional(k)]), mapping)
    out["description"] = f"a {category.replace('_', ' ')}: its name, or {{name: parameters}}"
    return out


def typed_def(category: str) -> dict:
    """``{type: kind, params...}``: the type from a list, the parameters by type."""
    kinds = REGISTRY.kinds(category)
    type_doc = {"description": f"the {category} kind"}
    branches = [
        {
            "if": {"properties": {"type": {"enum": [k.name, *k.aliases]}}, "required": ["type"]},
            "then": struct_schema(k.params, {"type": type_doc}),
        }
        for k in kinds
    ]
    listed = {**type_doc, **enum_of(kinds)}
    return {
        "type": "object",
        "description": f"a {category}: {{type: KIND, parameters...}}",
        "properties": {"type": listed},
        "required": ["type"],
        "allOf": branches,
    }


def network_def() -> dict:
    """``{input, layers, init}``, or exactly one network kind: ``{rbm: {...}}``."""
    sequential = [p.name for p in SEQUENTIAL]
    props = {p.name: param_schema(p) for p in SEQUENTIAL}
    props.update(names(REGISTRY.kinds("network")))
    return {
        "type": "object",
        "description": "a network: input and layers, or one network kind such as rbm",
        "properties": props,
        "additionalProperties": False,
        "if": {"anyOf": [{"required": [name]} for name in sequential]},
        "then": {"required": ["layers"], "propertyNames": {"enum": sequential}},
        "else": {"minProperties": 1, "maxProperties": 1},
    }


def phase_def() -> dict:
    """A schedule item: one phase kind with its body, plus the common keys."""
    props = {p.name: param_schema(p) for p in PHASE_COMMON}
    props.update(names(REGISTRY.kinds("phase")))
    return {
        "type": "object",
        "description": "a phase: one phase kind (train, alternate, ...) and its length",
        "properties": props,
        "additionalProperties": False,
    }


def kind_defs() -> dict:
    """Every category's definition, keyed as the grammar's ``$ref`` names them."""
    defs = {category: application_def(category) for category in APPLIED}
    defs.update({f"typed_{c}": typed_def(c) for c in ("loss", "optimizer")})
    defs["network_entry"] = network_def()
    defs["phase_entry"] = phase_def()
    return defs

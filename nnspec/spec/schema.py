"""The JSON Schema of the language, generated from the grammar and the registry.

Editors use it to validate as you type (``# yaml-language-server: $schema=``).
It checks structure and types; references and shapes are checked by
``nnspec validate``.
"""

from __future__ import annotations

from nnspec.registry import REGISTRY
from nnspec.registry.core import Kind
from nnspec.registry.networks import SEQUENTIAL
from nnspec.registry.params import object_schema, param_schema
from nnspec.spec.grammar import PHASE_COMMON, SECTIONS

SCHEMA_ID = "https://nnspec.dev/schema/v1.json"
APPLIED = ("layer", "transform", "metric", "dataset", "init", "noise", "lr_schedule")


def application_schema(kind: Kind) -> list[dict]:
    """The written forms of one applied kind: bare name, main shorthand, full mapping."""
    forms: list[dict] = [
        {
            "type": "object",
            "properties": {kind.name: object_schema(kind.params)},
            "required": [kind.name],
            "additionalProperties": False,
        }
    ]
    if kind.category == "layer":
        forms[0]["properties"]["name"] = {"type": "string", "description": "identity for diffs"}
    if kind.main is not None:
        main = param_schema(kind.param(kind.main))
        forms.append(
            {
                "type": "object",
                "properties": {kind.name: main, "name": {"type": "string"}},
                "required": [kind.name],
                "additionalProperties": False,
            }
        )
    if not any(p.required for p in kind.params):
        forms.append({"const": kind.name, "description": kind.doc})
    return forms


def typed_schema(kind: Kind) -> dict:
    out = object_schema(kind.params, {"type": {"const": kind.name}})
    out["required"] = ["type", *out.get("required", [])]
    out["description"] = kind.doc
    return out


def build_schema() -> dict:
    """The whole schema, with one ``$defs`` entry per category."""
    defs: dict = {}
    for category in APPLIED:
        defs[category] = {
            "anyOf": [f for k in REGISTRY.kinds(category) for f in application_schema(k)]
        }
    for category in ("loss", "optimizer"):
        defs[f"typed_{category}"] = {"oneOf": [typed_schema(k) for k in REGISTRY.kinds(category)]}
    network_kinds = [
        f
        for k in REGISTRY.kinds("network")
        if k.name != "sequential"
        for f in application_schema(k)
    ]
    sequential = object_schema(SEQUENTIAL)
    resolved = {
        "type": "object",
        "properties": {"sequential": sequential},
        "required": ["sequential"],
        "additionalProperties": False,
    }
    # Written as {input, layers, init}; a resolved spec spells it {sequential: {...}}.
    defs["network_entry"] = {"anyOf": [sequential, resolved, *network_kinds]}
    common = {p.name: param_schema(p) for p in PHASE_COMMON}
    defs["phase_entry"] = {
        "anyOf": [
            {
                "type": "object",
                "required": [k.name],
                "additionalProperties": False,
                "properties": {**common, k.name: _phase_body(k)},
            }
            for k in REGISTRY.kinds("phase")
        ]
    }
    schema = object_schema(SECTIONS)
    schema.update(
        {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$id": SCHEMA_ID,
            "title": "nnspec experiment spec",
            "$defs": defs,
        }
    )
    return schema


def _phase_body(kind: Kind) -> dict:
    body = object_schema(kind.params)
    if kind.main is None:
        return body
    return {"anyOf": [body, param_schema(kind.param(kind.main))]}

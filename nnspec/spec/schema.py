"""The JSON Schema of the language, generated from the grammar and the registry.

Editors use it to validate as you type (``# yaml-language-server: $schema=``)
and CI runs it with check-jsonschema, on the files as written: variables are
strings there, and a spec with ``extends`` is only part of a spec. So the
schema accepts a variable wherever a value may stand, and checks a spec with
``extends`` as a partial spec. It never rejects what ``nnspec validate``
accepts; what it cannot check (references, shapes, ...) is listed in
docs/editors.md.
"""

from __future__ import annotations

from nnspec.registry.schema_values import or_null, param_schema, struct_schema
from nnspec.spec.grammar import SECTIONS
from nnspec.spec.load.version import CURRENT_VERSION
from nnspec.spec.schema_kinds import APPLIED, kind_defs
from nnspec.spec.schema_rewrite import (
    VAR_DEF,
    Partial,
    each_value,
    with_suggestions,
    with_vars,
)

SCHEMA_ID = f"https://nnspec.dev/schema/v{CURRENT_VERSION}.json"
LITERAL = ("nnspec",)  # read before vars are substituted: never a variable

__all__ = ["APPLIED", "SCHEMA_ID", "build_schema"]


def build_schema() -> dict:
    """The whole schema: a complete spec, or a partial one where it ``extends`` others."""
    defs = {name: each_value(d, with_vars) for name, d in kind_defs().items()}
    full = each_value(struct_schema(SECTIONS), with_vars)
    for param in SECTIONS:
        if param.name in LITERAL:
            full["properties"][param.name] = param_schema(param)
    # Every spec is merged (onto nothing, if it extends nothing): a section set to null is
    # removed, and its default applies.
    full["properties"] = {k: or_null(v) for k, v in full["properties"].items()}
    full = with_suggestions(full, defs)
    defs = {name: with_suggestions(d, defs) for name, d in defs.items()}
    partial = Partial(defs)
    child = partial.of(full)
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": "nnspec experiment spec",
        "description": "An nnspec experiment; with 'extends', the keys it adds or changes.",
        "type": "object",
        "if": {"required": ["extends"]},
        "then": child,
        "else": full,
        "$defs": {"var": VAR_DEF, **defs, **partial.made},
    }

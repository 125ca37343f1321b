"""Two rewrites of the generated schema: variables in every value, and partial specs.

- A variable, ``$name`` or ``$(expr)``, may stand wherever a value may (a number,
  a list, a whole layer). To a YAML tool it is a string, so every value schema
  that does not already accept any string is wrapped: a variable passes, any
  other value must fit the schema.
- A spec with ``extends`` is merged onto its parents, so each of its mappings
  may leave out any key and set any key to null (null removes an inherited key).
  Lists replace the parent's whole, so list items stay complete.
"""

from __future__ import annotations

from collections.abc import Callable

from nnspec.registry.schema_values import DOC_KEYS, or_null

# A string that substitutes anywhere in it ("$label-w$width" too): a name pattern
# such as the spec's ``name`` holds only after substitution, which a schema cannot do.
VAR_PATTERN = r"\$[A-Za-z_(]"
# No description: editors show the doc of every schema a value is tried against, "if" too.
VAR_DEF = {"type": "string", "pattern": VAR_PATTERN}
VAR = {"$ref": "#/$defs/var"}
CONSTRAINTS = frozenset(
    ("type", "enum", "const", "pattern", "format", "$ref", "if", "anyOf", "oneOf", "allOf", "not")
)
Rewrite = Callable[[dict], dict]


def accepts_any_string(schema: dict) -> bool:
    """Whether every string fits: a variable needs no wrapper there."""
    constraints = set(schema) & CONSTRAINTS
    return not constraints or (constraints == {"type"} and schema["type"] == "string")


def with_vars(schema: dict) -> dict:
    """``schema`` with a variable allowed for it and for every value inside it."""
    inner = each_value(schema, with_vars)
    if accepts_any_string(inner):
        return inner
    doc = {k: inner.pop(k) for k in DOC_KEYS if k in inner}
    return {**doc, "if": VAR, "else": inner}


def each_value(schema: dict, rewrite: Rewrite) -> dict:
    """``schema`` with ``rewrite`` applied to the schema of every value one level inside."""
    out = dict(schema)
    if isinstance(out.get("properties"), dict):
        out["properties"] = {k: rewrite(v) for k, v in out["properties"].items()}
    for key in ("items", "additionalProperties"):
        if isinstance(out.get(key), dict):
            out[key] = rewrite(out[key])
    for key in ("then", "else"):  # the same value, so rewritten inside, not wrapped
        if isinstance(out.get(key), dict):
            out[key] = each_value(out[key], rewrite)
    for key in ("anyOf", "oneOf", "allOf"):
        if key in out:
            out[key] = [each_value(s, rewrite) for s in out[key]]
    return out


class Partial:
    """Builds the partial form of a schema, and of every definition it reaches by mappings."""

    def __init__(self, defs: dict):
        self.defs = defs
        self.made: dict[str, dict] = {}

    def of(self, schema: dict) -> dict:
        """The same value, partial: no required keys, ``$ref`` to partial definitions."""
        if "$ref" in schema:
            return {**schema, "$ref": self._ref(schema["$ref"])}
        out = {k: v for k, v in schema.items() if k != "required"}
        if isinstance(out.get("properties"), dict):
            out["properties"] = {k: self._key(v) for k, v in out["properties"].items()}
        if isinstance(out.get("additionalProperties"), dict):
            out["additionalProperties"] = self._key(out["additionalProperties"])
        for key in ("then", "else"):  # never "if": a condition keeps its meaning
            if isinstance(out.get(key), dict):
                out[key] = self.of(out[key])
        for key in ("anyOf", "oneOf", "allOf"):
            if key in out:
                out[key] = [self.of(s) for s in out[key]]
        return out  # "items" stay complete: a list replaces the parent's whole

    def _key(self, schema: dict) -> dict:
        return or_null(self.of(schema))

    def _ref(self, ref: str) -> str:
        name = ref.rsplit("/", 1)[-1]
        target = f"partial_{name}"
        if target not in self.made:
            self.made[target] = {}  # claimed first: definitions may reach themselves
            self.made[target] = self.of(self.defs[name])
        return f"#/$defs/{target}"


def with_suggestions(schema: dict, defs: dict) -> dict:
    """Completion for values behind a variable wrapper, as ``defaultSnippets``.

    yaml-language-server completes a value from the enums of its schema and of
    its ``anyOf``/``allOf`` members, but not from ``else``: the names a wrapped
    value may take are offered again, with their docs, as snippets.
    """
    out = each_value(schema, lambda s: with_suggestions(s, defs))
    if out.get("if") == VAR:
        found = _choices(out["else"], defs)
        if found:
            docs = found.get("enumDescriptions", [""] * len(found["enum"]))
            out["defaultSnippets"] = [
                {"label": str(v), "bodyText": str(v), "description": d}
                for v, d in zip(found["enum"], docs, strict=True)
            ]
    return out


def _choices(schema: dict, defs: dict, depth: int = 0) -> dict | None:
    """The enum a value schema offers, looking through references and type branches."""
    if "enum" in schema or depth > 8:
        return schema if "enum" in schema else None
    if "$ref" in schema:
        return _choices(defs.get(schema["$ref"].rsplit("/", 1)[-1], {}), defs, depth + 1)
    if schema.get("type") == "boolean":
        return {"enum": ["true", "false"]}
    if schema.get("if") == {"type": "string"}:
        return _choices(schema["then"], defs, depth + 1)
    return _choices(schema["else"], defs, depth + 1) if "else" in schema else None

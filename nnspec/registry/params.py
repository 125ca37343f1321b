"""Parameter types of registry declarations.

Each type validates and normalises a value read from YAML, describes itself for
error messages, and emits its JSON Schema fragment, so the schema and the
validator come from the same object and cannot drift.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from typing import Any

from nnspec.words import a

REQUIRED: Any = type("Required", (), {"__repr__": lambda self: "REQUIRED"})()


class Invalid(ValueError):
    """A value does not fit its type; carries expected/received text for the error."""

    def __init__(self, expected: str, received: Any, message: str | None = None):
        self.expected = expected
        self.received = received
        super().__init__(message or f"expected {expected}")


MAX_SHOWN = 60


def quoted(text: str) -> str:
    """A name the user wrote, quoted for a message: control characters escaped, clipped."""
    return _clip(text)


def _clip(text: str) -> str:
    """A string quoted for a message: control characters escaped, long text clipped."""
    shown = text if len(text) <= MAX_SHOWN else text[:MAX_SHOWN] + "…"
    if shown.isprintable():
        return f"'{shown}'"
    return repr(shown)


def show(value: Any) -> str:
    """Render a received value briefly, YAML-ish, for error messages."""
    if isinstance(value, bool):
        return f"{str(value).lower()} (a boolean)"
    if value is None:
        return "null"
    if isinstance(value, str):
        return f"{_clip(value)} (a string)"
    if isinstance(value, int):
        digits = (
            str(value) if abs(value) < 10**30 else f"an integer of {len(str(abs(value)))} digits"
        )
        return f"{digits} (an integer)"
    if isinstance(value, float):
        return f"{value} (a number)"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return type(value).__name__


class ParamType:
    """Base of every parameter type."""

    def describe(self) -> str:
        raise NotImplementedError

    def check(self, value: Any) -> Any:
        """Return the normalised value or raise ``Invalid``."""
        raise NotImplementedError

    def schema(self) -> dict:
        raise NotImplementedError


def _range_text(lo: float | None, hi: float | None, open_lo: bool) -> str:
    parts = []
    if lo is not None:
        parts.append(f"{'>' if open_lo else '>='} {lo}")
    if hi is not None:
        parts.append(f"<= {hi}")
    return " and ".join(parts)


@dataclass(frozen=True)
class Int(ParamType):
    min: int | None = None
    max: int | None = None

    def describe(self) -> str:
        rng = _range_text(self.min, self.max, False)
        return f"an integer {rng}".strip()

    def check(self, value: Any) -> int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise Invalid(self.describe(), value)
        if (self.min is not None and value < self.min) or (
            self.max is not None and value > self.max
        ):
            raise Invalid(self.describe(), value, f"{value} is out of range")
        return value

    def schema(self) -> dict:
        out: dict = {"type": "integer"}
        if self.min is not None:
            out["minimum"] = self.min
        if self.max is not None:
            out["maximum"] = self.max
        return out


@dataclass(frozen=True)
class Float(ParamType):
    min: float | None = None
    max: float | None = None
    open_min: bool = False

    def describe(self) -> str:
        return f"a number {_range_text(self.min, self.max, self.open_min)}".strip()

    def check(self, value: Any) -> float:
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise Invalid(self.describe(), value)
        value = float(value)
        if not math.isfinite(value):
            raise Invalid(self.describe(), value, f"{value} is not a finite number")
        too_low = self.min is not None and (
            value <= self.min if self.open_min else value < self.min
        )
        if too_low or (self.max is not None and value > self.max):
            raise Invalid(self.describe(), value, f"{value} is out of range")
        return value

    def schema(self) -> dict:
        out: dict = {"type": "number"}
        if self.min is not None:
            out["exclusiveMinimum" if self.open_min else "minimum"] = self.min
        if self.max is not None:
            out["maximum"] = self.max
        return out


@dataclass(frozen=True)
class Bool(ParamType):
    def describe(self) -> str:
        return "true or false"

    def check(self, value: Any) -> bool:
        if not isinstance(value, bool):
            raise Invalid(self.describe(), value)
        return value

    def schema(self) -> dict:
        return {"type": "boolean"}


@dataclass(frozen=True)
class Str(ParamType):
    """A string; with ``pattern``, one that matches it whole.

    ``noun`` names such a string in messages ("a safe name") and ``rule`` says
    the pattern in words, so the expected line reads without knowing regexes.
    """

    pattern: str | None = None
    noun: str = "a string"
    rule: str = ""

    def describe(self) -> str:
        if self.pattern is None:
            return self.noun
        return f"{self.noun}: {self.rule} ({self.pattern})"

    def check(self, value: Any) -> str:
        if not isinstance(value, str):
            raise Invalid(self.describe(), value)
        if self.pattern is not None and re.fullmatch(self.pattern, value) is None:
            raise Invalid(self.describe(), value, f"{quoted(value)} is not {self.noun}")
        return value

    def schema(self) -> dict:
        if self.pattern is None:
            return {"type": "string"}
        return {"type": "string", "pattern": self.pattern}


@dataclass(frozen=True)
class Choice(ParamType):
    options: tuple[str, ...]

    def describe(self) -> str:
        return "one of " + ", ".join(f"'{o}'" for o in self.options)

    def check(self, value: Any) -> str:
        if value not in self.options or not isinstance(value, str):
            raise Invalid(self.describe(), value, f"unknown value {show(value)}")
        return value

    def schema(self) -> dict:
        return {"enum": list(self.options)}


@dataclass(frozen=True)
class Ref(ParamType):
    """The name of another spec entry (a network, loss, loss term or optimizer).

    Only its form is checked here; ``spec.check`` resolves it with "did you mean".
    """

    target: str

    def describe(self) -> str:
        return f"the name of {a(self.target)}"

    def check(self, value: Any) -> str:
        if not isinstance(value, str):
            raise Invalid(self.describe(), value)
        return value

    def schema(self) -> dict:
        return {"type": "string", "description": f"name of {a(self.target)}"}


@dataclass(frozen=True)
class ListOf(ParamType):
    item: ParamType
    min_len: int = 0
    max_len: int | None = None
    scalar_ok: bool = False  # a single item may stand for a one-item list

    def describe(self) -> str:
        size = ""
        if self.max_len is not None and self.max_len == self.min_len:
            size = f" of {self.min_len}"
        elif self.min_len:
            size = f" of at least {self.min_len}"
        return f"a list{size} of {self.item.describe().removeprefix('a ').removeprefix('an ')}"

    def check(self, value: Any) -> list:
        if self.scalar_ok and not isinstance(value, list):
            value = [value]
        if not isinstance(value, list):
            raise Invalid(self.describe(), value)
        if len(value) < self.min_len or (self.max_len is not None and len(value) > self.max_len):
            raise Invalid(self.describe(), f"a list of {len(value)}", "wrong list length")
        return [self.item.check(v) for v in value]

    def schema(self) -> dict:
        out: dict = {"type": "array", "items": self.item.schema(), "minItems": self.min_len}
        if self.max_len is not None:
            out["maxItems"] = self.max_len
        if self.scalar_ok:
            return {"anyOf": [self.item.schema(), out]}
        return out


@dataclass(frozen=True)
class Nested(ParamType):
    """A value that is itself a registered kind (a layer list, an inline optimizer).

    Checked by ``spec.normalize`` which knows the registry; only its schema is here.
    """

    category: str
    many: bool = False
    role: str | None = None  # the kinds' info ``role`` it accepts (noise: prior or corruption)
    # Also a mapping of layer kinds to one each (``init: {conv2d: {normal: 0.02}}``).
    by_layer: bool = False

    def describe(self) -> str:
        what = f"{self.category} {self.role}" if self.role else self.category
        if self.by_layer:
            return f"{a(what)}, or a mapping of layer kinds to {what}s"
        return f"a list of {what}s" if self.many else a(what)

    def check(self, value: Any) -> Any:
        return value

    def schema(self) -> dict:
        from nnspec.registry.schema_values import type_schema  # it builds on these types

        return type_schema(self)


@dataclass(frozen=True)
class Param:
    """One parameter of a declaration: its type, default and one-line doc."""

    name: str
    type: ParamType
    default: Any = REQUIRED
    doc: str = ""

    @property
    def required(self) -> bool:
        return self.default is REQUIRED


@dataclass(frozen=True)
class Shape(ParamType):
    """A tensor shape without the batch dimension, e.g. ``[1, 8, 8]``."""

    def describe(self) -> str:
        return "a shape: a list of positive integers"

    def check(self, value: Any) -> list:
        return ListOf(Int(min=1), min_len=1, scalar_ok=True).check(value)

    def schema(self) -> dict:
        return ListOf(Int(min=1), min_len=1, scalar_ok=True).schema()


@dataclass(frozen=True)
class Number(ParamType):
    """An int or float without range, used for raw numeric pairs like ``[0, 1]``."""

    def describe(self) -> str:
        return "a number"

    def check(self, value: Any) -> float:
        return Float().check(value)

    def schema(self) -> dict:
        return {"type": "number"}


@dataclass(frozen=True)
class Struct(ParamType):
    """A fixed mapping of named sub-parameters, with strict keys."""

    fields: tuple[Param, ...] = field(default=())

    def describe(self) -> str:
        return "a mapping with keys " + ", ".join(f.name for f in self.fields)

    def check(self, value: Any) -> Any:
        return value  # normalised field by field in spec.normalize

    def schema(self) -> dict:
        from nnspec.registry.schema_values import struct_schema  # it builds on these types

        return struct_schema(self.fields)


@dataclass(frozen=True)
class MapOf(ParamType):
    """A mapping from user-chosen names (networks, losses) to values of one type."""

    value: ParamType

    def describe(self) -> str:
        return "a mapping of names to entries"

    def check(self, value: Any) -> Any:
        return value  # normalised entry by entry in spec.normalize

    def schema(self) -> dict:
        return {"type": "object", "additionalProperties": self.value.schema()}


@dataclass(frozen=True)
class Typed(ParamType):
    """A kind written as a mapping with a ``type:`` key (losses, optimizers)."""

    category: str

    def describe(self) -> str:
        return f"{a(self.category)}: a mapping with 'type' and its parameters"

    def check(self, value: Any) -> Any:
        return value

    def schema(self) -> dict:
        return {"$ref": f"#/$defs/typed_{self.category}"}


@dataclass(frozen=True)
class RefOrTyped(ParamType):
    """Either the name of an entry, or such an entry written inline."""

    target: str
    category: str

    def describe(self) -> str:
        return f"the name of {a(self.target)}, or an inline {self.category}"

    def check(self, value: Any) -> Any:
        return value

    def schema(self) -> dict:
        return {"anyOf": [Ref(self.target).schema(), Typed(self.category).schema()]}


@dataclass(frozen=True)
class WordOr(ParamType):
    """A fixed word (``auto``) or a value of ``base``: ``threads: auto`` or ``threads: 2``."""

    word: str
    base: ParamType

    def describe(self) -> str:
        return f"'{self.word}' or {self.base.describe()}"

    @property
    def options(self) -> tuple[str, ...]:
        return (self.word,)  # what "did you mean" compares a misspelt word with

    def check(self, value: Any) -> Any:
        if value == self.word:
            return value
        if isinstance(value, str):
            raise Invalid(self.describe(), value, f"unknown value {show(value)}")
        try:
            return self.base.check(value)
        except Invalid as exc:  # the base's own words for a value out of its range
            message = None if str(exc) == f"expected {exc.expected}" else str(exc)
            raise Invalid(self.describe(), value, message) from None

    def schema(self) -> dict:
        return {"anyOf": [{"const": self.word}, self.base.schema()]}

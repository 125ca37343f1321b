"""Short, exact renderings shared by the text, markdown and JSON forms of a diff.

Values are written as YAML flow (``{linear: {out: 64, bias: true}}``), the
way users write them; locations as ``file:line`` with where the value came
from; numbers with thousands separators and signed deltas.
"""

from __future__ import annotations

import json
import re
from typing import Any

import yaml

from nnspec.errors import Location
from nnspec.registry.core import Shape
from nnspec.spec.check.shapes import format_shape

ORIGIN_WORDS = {
    "file": "written",
    "extends": "extends",
    "var": "var",
    "default": "default",
    "cli": "command line",
}
PLAIN = re.compile(r"[A-Za-z_][\w.\-/]*")


def flow(value: Any) -> str:
    """A value as YAML flow text, on one line."""
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {flow(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(flow(v) for v in value) + "]"
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return value if _plain(value) else json.dumps(value, ensure_ascii=False)
    return repr(value)


def _plain(text: str) -> bool:
    """Whether a string reads back as itself without quotes (``G``, not ``true`` or ``1e3``)."""
    return bool(PLAIN.fullmatch(text)) and yaml.safe_load(text) == text


def clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def origin(loc: Location) -> str:
    """How a value entered the resolved spec: written, extends, var, default, command line."""
    return ORIGIN_WORDS.get(loc.origin, loc.origin)


def place(loc: Location) -> str:
    """``file:line (origin)``, or just the origin where there is no file."""
    if loc.origin in ("default", "cli"):
        return origin(loc)
    if loc.file is None:
        return "unknown"
    return f"{loc.file}:{loc.line} ({origin(loc)})"


def location_dict(loc: Location | None) -> dict | None:
    if loc is None:
        return None
    file = loc.file if loc.origin not in ("default", "cli") else None
    return {
        "file": file,
        "line": loc.line or None,
        "column": loc.column or None,
        "origin": loc.origin,
    }


def shape_text(shape: Shape | None) -> str:
    """A shape as ``nnspec show`` writes it: ``(128)``, ``(1, 8, 8)``."""
    return format_shape(shape)


def count(n: int | None) -> str:
    return "-" if n is None else f"{n:,}"


def delta(a: int | float | None, b: int | float | None) -> str:
    """`` (+16,640)`` for a change in a count, empty when either side lacks it or it is 0."""
    if a is None or b is None or a == b:
        return ""
    return f" ({b - a:+,})"


def number(value: Any) -> str:
    """A metric value for a table: 6 significant digits for floats, as-is otherwise."""
    if isinstance(value, float):
        return f"{value:.6g}"
    if value is None:
        return "-"
    return str(value)


def signed(value: Any) -> str:
    if value is None:
        return ""
    return f"{value:+.6g}" if isinstance(value, float) else f"{value:+,}"

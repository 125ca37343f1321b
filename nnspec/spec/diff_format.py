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
from nnspec.spec.diff_effect import Affected, LayerEffect, NetworkEffect
from nnspec.spec.shapes import format_shape

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


def network_text(net: NetworkEffect) -> str:
    """``parameters 17,154 → 8,770 (-8,384); output (2) → (3)``, or added/removed."""
    if net.a_params is None:
        return f"added: {count(net.b_params)} parameters, output {shape_text(net.b_output)}"
    if net.b_params is None:
        return f"removed: {count(net.a_params)} parameters, output {shape_text(net.a_output)}"
    if net.a_params == net.b_params:
        text = f"parameters {count(net.b_params)} (unchanged)"
    else:
        text = f"parameters {count(net.a_params)} → {count(net.b_params)}"
        text += delta(net.a_params, net.b_params)
    if net.a_output != net.b_output:
        text += f"; output {shape_text(net.a_output)} → {shape_text(net.b_output)}"
    return text


def network_name(net: NetworkEffect) -> str:
    renamed = f" (was {net.old_name})" if net.old_name != net.name else ""
    return f"networks.{net.name}{renamed}"


def layer_name(layer: LayerEffect) -> str:
    """``layers[2]``, or ``layers[2→3]`` for a layer that moved."""
    i, j = layer.a_index, layer.b_index
    if i is not None and j is not None and i != j:
        return f"layers[{i}→{j}]"
    return f"layers[{j if j is not None else i}]"


def layer_text(layer: LayerEffect) -> str:
    """What differs about one layer: its output shape and its parameter count."""
    if layer.a_index is None or layer.b_index is None:
        shape = layer.b_shape if layer.a_index is None else layer.a_shape
        params = layer.b_params if layer.a_index is None else layer.a_params
        return f"output {shape_text(shape)}; parameters {count(params)}"
    parts = []
    if layer.a_shape != layer.b_shape:
        parts.append(f"output {shape_text(layer.a_shape)} → {shape_text(layer.b_shape)}")
    if layer.a_params != layer.b_params:
        parts.append(f"parameters {count(layer.a_params)} → {count(layer.b_params)}")
    return "; ".join(parts)


def layer_mark(layer: LayerEffect) -> str:
    return "+" if layer.a_index is None else "-" if layer.b_index is None else "~"


def affected_text(item: Affected) -> str:
    """``schedule[0] adversarial (loss gan, optimizer opt_g)``."""
    label = f" {item.label}" if item.label else ""
    return f"{item.name}{label} ({', '.join(item.because)})"


def summary_text(counts: dict[str, int]) -> str:
    total = sum(counts.values())
    parts = ", ".join(f"{n} {op}" for op, n in counts.items())
    return f"{total} change{'s' if total != 1 else ''} ({parts})"

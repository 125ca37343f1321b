"""Aligning two lists of entries so an inserted entry is one insertion, not a cascade.

Lists of layers, phases, metrics and transforms are aligned in two passes.
The first matches entries whose whole content is equal, so unchanged layers
anchor the alignment; the second pairs the leftovers between two anchors by
identity (a layer's ``name:``, a loss's ``type``, else its kind), so a layer
whose ``out`` changed is one change and not a removal plus an insertion.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from difflib import SequenceMatcher
from typing import Any

Pair = tuple[int | None, int | None]


def same(a: Any, b: Any) -> bool:
    """Equal as resolved data, where ``1``, ``1.0`` and ``true`` are three values."""
    if isinstance(a, dict):
        return isinstance(b, dict) and a.keys() == b.keys() and all(same(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return isinstance(b, list) and len(a) == len(b) and all(map(same, a, b))
    return type(a) is type(b) and a == b


def fingerprint(value: Any) -> str:
    """A canonical text of a value: equal fingerprints mean ``same`` values."""
    return json.dumps(_typed(value), sort_keys=True, default=repr)


def _typed(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _typed(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_typed(v) for v in value]
    return [type(value).__name__, value]


def identity(item: Any) -> str:
    """What makes a list entry the same entry on both sides: name, type or kind."""
    if isinstance(item, dict):
        if isinstance(item.get("name"), str):
            return "name:" + item["name"]
        if isinstance(item.get("type"), str):
            return "type:" + item["type"]
        if item:
            return "kind:" + str(next(iter(item)))
    return "value:" + fingerprint(item)


def aligned(a: Sequence[Any], b: Sequence[Any]) -> bool:
    """Whether two lists hold entries worth aligning (mappings), not plain values."""
    return any(isinstance(item, dict) for item in (*a, *b))


def align(a: Sequence[Any], b: Sequence[Any]) -> list[Pair]:
    """Index pairs ``(i, j)``: matched, ``(i, None)`` removed, ``(None, j)`` inserted.

    The equal entries both lists start and end with are paired first, as diff(1) does:
    SequenceMatcher is quadratic on long repetitive lists (a deep MLP's linear, relu,
    linear, ...), and a change in review usually touches a few entries in the middle.
    """
    fa, fb = [fingerprint(x) for x in a], [fingerprint(y) for y in b]
    head = _common_length(fa, fb)
    tail = _common_length(fa[head:][::-1], fb[head:][::-1])
    pairs: list[Pair] = [(i, i) for i in range(head)]
    middle = _matcher(fa[head : len(fa) - tail], fb[head : len(fb) - tail])
    for tag, i1, i2, j1, j2 in middle.get_opcodes():
        rows, cols = range(head + i1, head + i2), range(head + j1, head + j2)
        if tag == "equal":
            pairs += zip(rows, cols, strict=True)
        else:
            pairs += _by_identity(a, b, rows, cols)
    return pairs + [(len(a) - tail + k, len(b) - tail + k) for k in range(tail)]


def _common_length(a: list[str], b: list[str]) -> int:
    """How many entries two lists start with in common."""
    return next(
        (k for k, (x, y) in enumerate(zip(a, b, strict=False)) if x != y), min(len(a), len(b))
    )


def _by_identity(a: Sequence[Any], b: Sequence[Any], rows: range, cols: range) -> list[Pair]:
    """Pair the entries of one gap by identity; the rest are removals and insertions."""
    pairs: list[Pair] = []
    matcher = _matcher([identity(a[i]) for i in rows], [identity(b[j]) for j in cols])
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            pairs += zip(rows[i1:i2], cols[j1:j2], strict=True)
            continue
        pairs += [(i, None) for i in rows[i1:i2]]
        pairs += [(None, j) for j in cols[j1:j2]]
    return pairs


def _matcher(a: list[str], b: list[str]) -> SequenceMatcher:
    # autojunk would treat a frequent layer (relu) as noise in long lists.
    return SequenceMatcher(None, a, b, autojunk=False)

"""``nnspec upgrade``: rewrite a version-1 spec's text for version 2.

The text is edited, not the tree dumped, so comments, layout and quoting stay
as written. The version-1 text is composed as version 1 read it (braces of
``${...}`` hidden, which keeps every column), and each scalar's source span is
rewritten: ``${name}`` becomes ``$name`` (``$(name)`` before an identifier
character), ``${expr}`` becomes ``$(expr)``, a literal ``$`` that version 2
would read as a form becomes ``$$``, and a plain scalar in a flow collection
that now holds a flow indicator (the comma of ``max(a, b)``) is double-quoted.
The stamp ``nnspec: 1`` becomes ``nnspec: 2``.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import yaml

from nnspec.errors import Location, SpecError, UsageError
from nnspec.registry.params import show
from nnspec.spec.load.v1 import VAR_RE, protect, restore, rewrite
from nnspec.spec.load.version import CURRENT_VERSION
from nnspec.spec.load.yaml_file import _compose, _decode  # the loader's own limits and messages
from nnspec.spec.load.yaml_rules import ScalarError, scalar_value

FROM_VERSION = CURRENT_VERSION - 1
FLOW_INDICATORS = frozenset(",[]{}")

Edit = tuple[int, int, str]  # replace text[start:end] with the string


def upgrade_file(path: Path) -> tuple[str, bool]:
    """The file's version-2 text, and whether it differs from (upgrades) what was read."""
    if not path.is_file():
        raise UsageError(f"no such spec file: {path}")
    text = _decode(path.read_bytes(), str(path))
    new = upgrade_text(text, str(path))
    return (text, False) if new is None else (new, True)


def upgrade_text(text: str, name: str) -> str | None:
    """The version-2 text of a version-1 spec; ``None`` if it is version 2 already."""
    root = _compose(protect(text), name)
    if not isinstance(root, yaml.MappingNode):
        raise SpecError(
            "the top level of a spec must be a mapping",
            location=Location(name, 1, 1),
            expected="a mapping of sections",
        )
    stamp = _stamp(root)
    if stamp is None and not VAR_RE.search(text):
        return None  # no stamp means the current version; no version-1 form says so too
    if stamp is not None and _stamp_version(stamp, name) == CURRENT_VERSION:
        return None
    edits = dict(_edits(text, root, flow=False))
    if stamp is not None:
        edits[stamp.start_mark.index] = (stamp.end_mark.index, str(CURRENT_VERSION))
    return _apply(text, edits)


def _stamp(root: yaml.MappingNode) -> yaml.Node | None:
    for key, value in root.value:
        if isinstance(key, yaml.ScalarNode) and key.value == "nnspec":
            return value
    return None


def _stamp_version(node: yaml.Node, name: str) -> int:
    value = _scalar(node, name) if isinstance(node, yaml.ScalarNode) else None
    if type(value) is int and value in (FROM_VERSION, CURRENT_VERSION):
        return value
    raise SpecError(
        f"nnspec upgrade rewrites version {FROM_VERSION} to version {CURRENT_VERSION}",
        path="nnspec",
        location=Location(name, node.start_mark.line + 1, node.start_mark.column + 1),
        expected=f"nnspec: {FROM_VERSION}",
        received=show(value) if isinstance(node, yaml.ScalarNode) else "a list or mapping",
    )


def _scalar(node: yaml.ScalarNode, name: str) -> object:
    try:
        return restore(scalar_value(node))
    except ScalarError as exc:
        where = Location(name, node.start_mark.line + 1, node.start_mark.column + 1)
        raise SpecError(str(exc), location=where) from None


def _edits(text: str, node: yaml.Node, flow: bool) -> Iterator[tuple[int, tuple[int, str]]]:
    """``(start, (end, new))`` for each scalar value whose text changes (keys never do)."""
    if isinstance(node, yaml.MappingNode):
        for _key, value in node.value:
            yield from _edits(text, value, bool(node.flow_style))
    elif isinstance(node, yaml.SequenceNode):
        for item in node.value:
            yield from _edits(text, item, bool(node.flow_style))
    else:
        start, end = node.start_mark.index, node.end_mark.index
        old = text[start:end]
        new = rewrite(old)
        if flow and node.style is None and _has_indicator(new):
            new = _quoted(new)  # its braces or commas were hidden from version 1's parser
        if new != old:
            yield start, (end, new)


def _has_indicator(text: str) -> bool:
    return not FLOW_INDICATORS.isdisjoint(text)


def _quoted(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _apply(text: str, edits: dict[int, tuple[int, str]]) -> str:
    """The text with each span replaced (an alias's shared node appears once)."""
    out, at = [], 0
    for start in sorted(edits):
        end, new = edits[start]
        out += [text[at:start], new]
        at = end
    return "".join([*out, text[at:]])

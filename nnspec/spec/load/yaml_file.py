"""Safe, located YAML loading.

Reads a spec file into ``LocDict``/``LocList`` trees in which every value keeps
its file, line and column. Only plain data is accepted: any tag outside YAML's
core types (``!!python/object`` and friends) is an error and nothing is built
from it. Duplicate keys, tabs, bad encodings, binary data, empty files and alias
bombs each get a located message instead of a traceback.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

from nnspec.errors import Location, SpecError, UsageError
from nnspec.registry.params import show
from nnspec.spec.load.readfile import MAX_BYTES, Unreadable, read_spec_bytes, too_large
from nnspec.spec.load.v1 import unparsed
from nnspec.spec.load.yaml_rules import (
    ALLOWED_TAGS,
    MAX_VALUES,
    ComposeLoader,
    ScalarError,
    TooManyValues,
    count_values,
    scalar_value,
)
from nnspec.spec.located import LocDict, LocList

MAX_DEPTH = 64
QUOTED_RE = re.compile(r"'[^']*'|\"[^\"]*\"")


def load_file(path: str | Path) -> LocDict:
    """Load a spec file; the file must exist and hold a YAML mapping."""
    path = Path(path)
    try:
        data = read_spec_bytes(path, str(path))
    except Unreadable as exc:
        if str(exc) == "does not exist":
            raise UsageError(f"no such spec file: {path}") from None
        raise UsageError(f"the spec file {path} {exc}") from None
    return load_text(data, str(path))


def load_text(data: bytes | str, name: str, reveal: bool = True) -> LocDict:
    """Load spec text (bytes are checked for encoding) under a display name.

    With ``reveal=False`` (a file that ``extends`` names, which may be any
    file) no message quotes the file's text: a mistake's kind and place only.
    """
    text = _decode(data, name) if isinstance(data, bytes) else data
    _check_tabs(text, name)
    try:
        root = _compose(text, name, reveal)
    except SpecError as exc:
        raise unparsed(text, name, exc, reveal) from None  # a version-1 spec is told so
    if root is None:
        raise SpecError(
            "the spec is empty",
            location=Location(name, 1, 1),
            expected="a mapping of sections (nnspec, data, networks, ...)",
            received="an empty document",
        )
    value = _Builder(name, reveal).build(root)
    if value is None:
        raise SpecError(
            "the spec is empty",
            location=Location(name, 1, 1),
            expected="a mapping of sections (nnspec, data, networks, ...)",
            received="an empty document",
        )
    if not isinstance(value, LocDict):
        raise SpecError(
            "the top level of a spec must be a mapping",
            location=_loc(name, root),
            expected="a mapping of sections",
            received=_kind(value) if not reveal or isinstance(value, list) else show(value),
        )
    return value


def _kind(value: Any) -> str:
    return "a list" if isinstance(value, list) else "a single value"


def load_value(text: str, name: str) -> Any:
    """Load one YAML value (used for ``--set`` right-hand sides)."""
    root = _compose(text, name)
    return None if root is None else _Builder(name).build(root)


def _decode(data: bytes, name: str) -> str:
    if len(data) > MAX_BYTES:
        raise too_large(len(data), name)
    if b"\x00" in data[:8192]:
        raise SpecError(
            "this is a binary file, not a YAML spec",
            location=Location(name, 1, 1),
            expected="UTF-8 text",
            received="binary data (NUL bytes)",
        )
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        col = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        raise SpecError(
            "the file is not valid UTF-8",
            location=Location(name, line, col),
            expected="UTF-8 text",
            received=f"byte 0x{data[exc.start]:02x}",
        ) from None


def _check_tabs(text: str, name: str) -> None:
    for number, line in enumerate(text.splitlines(), start=1):
        indent = line[: len(line) - len(line.lstrip(" \t"))]
        if "\t" in indent:
            raise SpecError(
                "a tab is used for indentation; YAML indents with spaces only",
                location=Location(name, number, indent.index("\t") + 1),
                expected="spaces",
                received="a tab character",
            )


def _compose(text: str, name: str, reveal: bool = True) -> yaml.Node | None:
    try:
        count_values(text)  # with libyaml's fast parser, before the slow one builds nodes
        return yaml.compose(text, Loader=ComposeLoader)
    except TooManyValues as exc:
        raise SpecError(
            f"the spec has more than {MAX_VALUES} values",
            location=Location(name, exc.mark.line + 1, exc.mark.column + 1),
            expected=f"at most {MAX_VALUES} values (numbers, strings, lists and mappings)",
        ) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = Location(name, mark.line + 1, mark.column + 1) if mark else Location(name, 1, 1)
        problem = exc.problem or exc.context or "cannot parse"
        if not reveal:  # PyYAML quotes the offending text ('found undefined alias 'x'')
            problem = QUOTED_RE.sub("(text not shown)", problem)
        raise SpecError(f"invalid YAML: {problem}", location=where) from None
    except yaml.YAMLError as exc:
        raise SpecError(f"invalid YAML: {exc}", location=Location(name, 1, 1)) from None
    except RecursionError:
        raise SpecError(
            "the spec is nested too deeply",
            location=Location(name, 1, 1),
            expected=f"at most {MAX_DEPTH} levels of nesting",
        ) from None


def _loc(name: str, node: yaml.Node) -> Location:
    return Location(name, node.start_mark.line + 1, node.start_mark.column + 1)


class _Builder:
    """Turns composed nodes into located values, counting to bound alias expansion."""

    def __init__(self, name: str, reveal: bool = True):
        self.name = name
        self.reveal = reveal  # False: messages never quote the file's text
        self.count = 0
        self.open: list[yaml.Node] = []  # the nodes being built, outermost first

    def build(self, node: yaml.Node) -> Any:
        if any(node is o for o in self.open):
            raise SpecError(
                "an alias refers to a value that contains it",
                location=_loc(self.name, node),
                hint="aliases must not be recursive",
            )
        if len(self.open) >= MAX_DEPTH:
            raise SpecError(
                "the spec is nested too deeply",
                location=_loc(self.name, node),
                expected=f"at most {MAX_DEPTH} levels of nesting",
            )
        self.open.append(node)
        try:
            return self._build(node)
        finally:
            self.open.pop()

    def _build(self, node: yaml.Node) -> Any:
        self.count += 1
        if self.count > MAX_VALUES:
            raise SpecError(
                "the spec expands to too many values; aliases are nested too deeply",
                location=_loc(self.name, node),
                expected=f"at most {MAX_VALUES} values",
                received="an alias expansion beyond that (an alias bomb?)",
            )
        if node.tag not in ALLOWED_TAGS:
            raise SpecError(
                f"the tag {self._shown(node.tag)}is not allowed; specs hold plain data only",
                location=_loc(self.name, node),
                expected="a string, number, boolean, null, list or mapping",
                received=f"a value tagged {node.tag}" if self.reveal else None,
            )
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node)
        if isinstance(node, yaml.SequenceNode):
            out = LocList(loc=_loc(self.name, node))
            for item in node.value:
                out.push(self.build(item), _loc(self.name, item))
            return out
        return self._scalar(node)

    def _scalar(self, node: yaml.ScalarNode) -> Any:
        try:
            return scalar_value(node)
        except ScalarError as exc:
            message = str(exc) if self.reveal else "a value does not fit its type"
            raise SpecError(message, location=_loc(self.name, node)) from None

    def _mapping(self, node: yaml.MappingNode) -> LocDict:
        out = LocDict(loc=_loc(self.name, node))
        for key_node, value_node in node.value:
            key = self._key(key_node)
            key_loc = _loc(self.name, key_node)
            if key in out:
                first = out.key_locs[key]
                raise SpecError(
                    f"duplicate key {self._shown(key)}(first defined at line {first.line})",
                    location=key_loc,
                    hint="remove one of the two",
                )
            out.put(key, self.build(value_node), key_loc, _loc(self.name, value_node))
        return out

    def _shown(self, text: str) -> str:
        """``'text' `` for a message, or nothing when the file's text must not be shown."""
        return f"'{text}' " if self.reveal else ""

    def _key(self, node: yaml.Node) -> str:
        if isinstance(node, yaml.ScalarNode) and node.value == "<<" and node.style is None:
            raise SpecError(
                "merge keys ('<<') are not supported",
                location=_loc(self.name, node),
                hint="use 'extends:' to inherit from another spec",
            )
        if not isinstance(node, yaml.ScalarNode):
            raise SpecError(
                "a mapping key must be a plain name",
                location=_loc(self.name, node),
                received="a list or mapping as a key",
            )
        value = self._scalar(node) if node.tag in ALLOWED_TAGS else None
        if not isinstance(value, str):
            raise SpecError(
                "a mapping key must be a name",
                location=_loc(self.name, node),
                expected="a string key",
                received=show(value) if self.reveal else None,
            )
        return value

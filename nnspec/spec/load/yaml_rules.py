"""The YAML subset nnspec reads: YAML 1.2 core scalars over PyYAML's safe composer.

PyYAML follows YAML 1.1, where ``1e-3`` is a string and ``no`` is false. nnspec
resolves plain scalars by the YAML 1.2 core schema instead, so numbers look
like numbers and only ``true``/``false`` are booleans.
"""

from __future__ import annotations

import re
from typing import ClassVar

import yaml

NULL_RE = re.compile(r"^(?:~|null|Null|NULL|)$")
BOOL_RE = re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$")
INT_RE = re.compile(r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$")
FLOAT_RE = re.compile(
    r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
    r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"
)

STR_TAG = "tag:yaml.org,2002:str"
ALLOWED_TAGS = {
    STR_TAG,
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:map",
    "tag:yaml.org,2002:seq",
}


# More values than any real spec has. Counted while parsing (``ComposeLoader``),
# so a huge flat list stops at the limit instead of being built whole, and
# again while building, where aliases can expand a small file (the "billion laughs").
MAX_VALUES = 200_000
NODE_EVENTS = (yaml.ScalarEvent, yaml.SequenceStartEvent, yaml.MappingStartEvent)


class TooManyValues(Exception):
    """The file holds more than ``MAX_VALUES`` values; ``mark`` is the first one over."""

    def __init__(self, mark: yaml.Mark):
        super().__init__(mark)
        self.mark = mark


def count_values(text: str) -> None:
    """Raise ``TooManyValues`` early, using libyaml's parser where it is installed.

    PyYAML's own parser needs seconds to reach the limit, libyaml a tenth of one.
    A YAML error here is left for the full parse, which reports it located.
    """
    fast = getattr(yaml, "CSafeLoader", None)  # present when PyYAML was built with libyaml
    if fast is None:
        return
    parser = fast(text)  # only its parser is used: events, never objects
    try:
        _count(parser)
    except yaml.YAMLError:
        return
    finally:
        parser.dispose()


def _count(parser: yaml.CSafeLoader) -> None:
    values = 0
    while (event := parser.get_event()) is not None:
        if isinstance(event, NODE_EVENTS):
            values += 1
            if values > MAX_VALUES:
                raise TooManyValues(event.start_mark)


class ComposeLoader(yaml.SafeLoader):
    """A safe composer whose plain scalars all resolve to strings.

    Typing happens in ``scalar_value`` with the 1.2 core rules, so PyYAML's
    1.1 resolvers are emptied here (a copy: SafeLoader itself is untouched).
    It stops at ``MAX_VALUES`` values, before composing more.
    """

    yaml_implicit_resolvers: ClassVar[dict] = {}
    values = 0

    def compose_node(self, parent: yaml.Node | None, index: object) -> yaml.Node:
        if not self.check_event(yaml.AliasEvent):  # an alias adds no value to the file
            self.values += 1
            if self.values > MAX_VALUES:
                raise TooManyValues(self.peek_event().start_mark)
        return super().compose_node(parent, index)

    def compose_scalar_node(self, anchor: str | None) -> yaml.ScalarNode:
        # Remember whether the tag was written (``!!str 1``) or resolved implicitly.
        explicit = self.peek_event().tag not in (None, "!")
        node = super().compose_scalar_node(anchor)
        node.explicit_tag = explicit
        return node


class ScalarError(ValueError):
    """A scalar's text does not fit its (explicit) tag, or is too large to be a number."""


def scalar_value(node: yaml.ScalarNode) -> object:
    """The Python value of a scalar node under the YAML 1.2 core schema."""
    text = node.value
    if node.tag != STR_TAG or node.style is not None or getattr(node, "explicit_tag", False):
        return _tagged(node)
    if NULL_RE.match(text):
        return None
    if BOOL_RE.match(text):
        return text.lower() == "true"
    if INT_RE.match(text):
        return _int(text)
    if FLOAT_RE.match(text):
        return _float(text)
    return text


def _tagged(node: yaml.ScalarNode) -> object:
    # Quoted scalars stay strings; explicit !!int / !!float tags are honoured.
    if node.style is not None or node.tag == STR_TAG:
        return node.value
    text = node.value
    if node.tag.endswith(":int") and INT_RE.match(text):
        return _int(text)
    if node.tag.endswith(":float") and FLOAT_RE.match(text):
        return _float(text)
    if node.tag.endswith(":bool") and BOOL_RE.match(text):
        return text.lower() == "true"
    if node.tag.endswith(":null") and NULL_RE.match(text):
        return None
    raise ScalarError(f"'{text[:40]}' is not a valid {node.tag.rsplit(':', 1)[-1]}")


MAX_DIGITS = 100


def _int(text: str) -> int:
    if len(text) > MAX_DIGITS:
        raise ScalarError(f"an integer of {len(text)} digits is too large")
    return int(text, 0) if text[:2] in ("0o", "0x") else int(text)


def _float(text: str) -> float:
    lowered = text.lower().lstrip("+")
    if lowered in (".inf", "-.inf", ".nan"):
        return float(lowered.replace(".", ""))
    return float(text)

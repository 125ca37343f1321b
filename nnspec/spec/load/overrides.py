"""``--set a.b.c=value`` overrides from the command line.

The right-hand side is read as YAML by the same loader as files (so ``1e-3``
is a float and ``[1, 2]`` a list), and located as ``<command line>``; the value
then goes through exactly the same validation as one written in the file.
"""

from __future__ import annotations

import re

from nnspec.errors import CLI_LOCATION, SpecError, UsageError
from nnspec.spec.load.yaml_file import load_value
from nnspec.spec.located import LocDict, LocList, relocate

SEGMENT = re.compile(r"[^.\[\]]+|\[\d+\]")
PATH = re.compile(r"[^.\[\]=]+(\[\d+\])*(\.[^.\[\]=]+(\[\d+\])*)*")


def parse_override(text: str) -> tuple[list[str | int], object]:
    """Split ``a.b[0].c=value`` into its path segments and its YAML value."""
    if "=" not in text:
        raise UsageError(f"--set expects PATH=VALUE, got '{text}'")
    path_text, value_text = text.split("=", 1)
    segments = SEGMENT.findall(path_text.strip())
    if not PATH.fullmatch(path_text.strip()):
        raise UsageError(f"--set has a malformed path: '{path_text}'")
    path = [int(s[1:-1]) if s.startswith("[") else s for s in segments]
    try:
        value = load_value(value_text, "<command line>")
    except SpecError as exc:
        raise UsageError(
            f"--set {path_text}: the value is not valid YAML ({exc.message})"
        ) from None
    return path, relocate(value, lambda _loc: CLI_LOCATION)


def apply_overrides(spec: LocDict, overrides: list[str]) -> LocDict:
    """Apply each ``--set`` in order; intermediate mappings are created as needed."""
    for text in overrides:
        path, value = parse_override(text)
        _assign(spec, path, value, text)
    return spec


def _assign(spec: LocDict, path: list[str | int], value: object, text: str) -> None:
    node: object = spec
    for i, segment in enumerate(path[:-1]):
        node = _step(node, segment, path[i + 1], text)
    last = path[-1]
    if isinstance(node, LocDict) and isinstance(last, str):
        node.put(last, value, CLI_LOCATION, CLI_LOCATION)
    elif isinstance(node, LocList) and isinstance(last, int) and last < len(node):
        node[last] = value
        node.item_locs[last] = CLI_LOCATION
    else:
        raise UsageError(f"--set {text.split('=')[0]}: that path does not exist in the spec")


def _step(node: object, segment: str | int, following: str | int, text: str) -> object:
    if isinstance(node, LocDict) and isinstance(segment, str):
        if segment not in node:
            node.put(
                segment,
                LocDict(loc=CLI_LOCATION)
                if isinstance(following, str)
                else LocList(loc=CLI_LOCATION),
                CLI_LOCATION,
                CLI_LOCATION,
            )
        return node[segment]
    if isinstance(node, LocList) and isinstance(segment, int) and segment < len(node):
        return node[segment]
    raise UsageError(f"--set {text.split('=')[0]}: that path does not exist in the spec")

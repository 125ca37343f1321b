"""Writing resolved specs back out as YAML that nnspec reads the same way."""

from __future__ import annotations

import yaml


class _Dumper(yaml.SafeDumper):
    """Block style for maps, flow style for short scalar lists (shapes, betas)."""


def _list(dumper: yaml.SafeDumper, data: list) -> yaml.Node:
    flow = len(data) <= 8 and all(not isinstance(v, (dict, list)) for v in data)
    return dumper.represent_sequence("tag:yaml.org,2002:seq", data, flow_style=flow)


_Dumper.add_representer(list, _list)


def dump_yaml(data: dict) -> str:
    """YAML text of plain data, keys in their given order."""
    return yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100)

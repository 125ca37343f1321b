"""Initialisation scheme declarations."""

from __future__ import annotations

import pytest

from nnspec.registry import REGISTRY
from nnspec.registry.params import REQUIRED

INITS = list(REGISTRY.kinds("init"))


def test_the_schemes_are_declared() -> None:
    expected = {"normal", "uniform", "xavier", "kaiming", "orthogonal", "zeros"}
    assert set(REGISTRY.names("init")) == expected


@pytest.mark.parametrize("kind", INITS, ids=lambda k: k.name)
def test_documented_with_valid_defaults(kind) -> None:
    assert kind.doc and kind.doc.endswith(".")
    for param in kind.params:
        assert param.doc, f"{kind.name}.{param.name} lacks a doc"
        assert param.default is not REQUIRED, "every scheme is usable by name alone"
        param.type.check(param.default)


def test_lecture_default_is_standard_normal() -> None:
    normal = REGISTRY.get("init", "gaussian")
    assert (normal.param("mean").default, normal.param("std").default) == (0.0, 1.0)

"""Importing nnspec.losses registers a compiled loss for every declared loss kind."""

import pytest

from nnspec.losses import LOSS_BUILDERS
from nnspec.registry import REGISTRY

LOSSES = list(REGISTRY.kinds("loss"))


def test_every_declared_loss_has_a_builder():
    assert set(LOSS_BUILDERS) == {kind.name for kind in LOSSES}


@pytest.mark.parametrize("kind", [k for k in LOSSES if k.terms], ids=lambda k: k.name)
def test_declared_terms_are_methods(kind):
    for term in kind.terms:
        assert callable(getattr(LOSS_BUILDERS[kind.name], term, None)), f"{kind.name}.{term}"
    assert set(LOSS_BUILDERS[kind.name].TERMS) == set(kind.terms)

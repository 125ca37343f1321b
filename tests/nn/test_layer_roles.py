"""Every layer kind declares the role of each of its parameters (for optimizer groups)."""

from __future__ import annotations

import pytest

from nnspec.nn.build import BUILDERS, LAYER_KIND
from nnspec.train.optim_groups import roles_of
from tests.nn.test_layers_roundtrip import EXAMPLES, LAYER_NAMES, cases

# What each layer kind with parameters declares them to be.
EXPECTED_ROLES = {"batch_norm": {"norm"}, "layer_norm": {"norm"}}


@pytest.mark.parametrize("name", LAYER_NAMES)
def test_every_layer_kind_declares_the_role_of_each_parameter(name, make_layer, build_env):
    for params, shape in cases(name, make_layer):
        module = BUILDERS[name](params, shape, build_env)
        setattr(module, LAYER_KIND, name)
        roles = roles_of([module])  # asserts that every parameter has one
        assert set(roles) == {id(p) for p in module.parameters()}
        if name in EXPECTED_ROLES:
            assert set(roles.values()) == EXPECTED_ROLES[name]


def test_examples_cover_every_layer() -> None:
    assert set(EXAMPLES) == set(LAYER_NAMES)

"""Every registered kind, in every category, has its implementation and its static rules."""

from __future__ import annotations

import pytest

from nnspec.implementations import implementations
from nnspec.registry import REGISTRY
from nnspec.registry.core import CATEGORIES
from nnspec.registry.info import INFO_TYPES, ROLES

KINDS = [(c, k) for c in CATEGORIES for k in REGISTRY.kinds(c)]
IDS = [f"{c}:{k.name}" for c, k in KINDS]


def test_every_category_is_covered() -> None:
    assert sorted(CATEGORIES) == sorted(INFO_TYPES)
    assert len(CATEGORIES) == 11


@pytest.mark.parametrize(("category", "kind"), KINDS, ids=IDS)
def test_every_kind_has_an_implementation(category, kind) -> None:
    found = implementations(category).get(kind.name)
    assert callable(found), f"{category} '{kind.name}' has no torch-side implementation"


@pytest.mark.parametrize(("category", "kind"), KINDS, ids=IDS)
def test_every_kind_has_its_info_filled(category, kind) -> None:
    assert isinstance(kind.info, INFO_TYPES[category]) and kind.doc and kind.module
    RULES[category](kind)


def _layer(kind) -> None:
    assert callable(kind.shape) and callable(kind.count)


def _network(kind) -> None:
    # a stackable network is pretrained level by level, so its up-pass can be unrolled
    assert not kind.info.stackable or kind.info.unrollable
    assert kind.name == "sequential" or (callable(kind.shape) and callable(kind.count))


def _loss(kind) -> None:
    info = kind.info
    networks = [p.name for p in kind.params if getattr(p.type, "target", None) == "network"]
    # a loss over networks with fixed roles joins their shapes statically
    assert info.wiring is not None or not networks or kind.name in TERMLESS_WIRING
    assert set(info.roles) <= set(ROLES)
    assert set(info.roles.values()) <= {p.name for p in kind.params}
    assert set(info.trains) == set(kind.terms)
    assert info.samples is None or kind.param(info.samples) is not None
    assert info.layerwise is None or kind.param(info.layerwise) is not None
    assert isinstance(info.needs_labels({p.name: p.default for p in kind.params}), bool)


# Regularisers read one network's parameters or code, whatever its shapes.
TERMLESS_WIRING = {"sparsity", "weight_cost", "contractive"}


def _phase(kind) -> None:
    assert callable(kind.info.check) and callable(kind.info.optimizer_steps)
    assert kind.info.planner in {
        f"{f.__module__}:{f.__name__}" for f in [implementations("phase")[kind.name]]
    }


def _metric(kind) -> None:
    info = kind.info
    assert info.reports and info.scope in ("split", "samples", "training")
    assert info.role is None or info.role in ROLES
    # a metric that scores a role's network by default has a network or loss parameter
    assert info.role is None or {"network", "loss"} & set(kind.param_names)


def _noise(kind) -> None:
    assert kind.info.role in ("prior", "corruption")
    assert kind.info.role != "prior" or kind.param("size") is not None  # a prior has a size


def _dataset(kind) -> None:
    assert callable(kind.info.shapes)


def _transform(kind) -> None:
    assert kind.info.target in ("x", "y") and callable(kind.shape)


def _params_only(kind) -> None:
    assert all(callable(rule) for rule in kind.info.constraints)


RULES = {
    "layer": _layer,
    "network": _network,
    "loss": _loss,
    "optimizer": _params_only,
    "lr_schedule": _params_only,
    "dataset": _dataset,
    "transform": _transform,
    "metric": _metric,
    "phase": _phase,
    "init": _params_only,
    "noise": _noise,
}

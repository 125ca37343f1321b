"""Checks that read the kinds' info objects: what each kind needs of the spec around it.

Noise must play the role its parameter asks for (a latent prior, a corruption);
cross-parameter constraints declared with a kind must hold; a loss that reads
labels needs labelled data; what metrics need is in ``metric_checks``. Each error
is located at the value that breaks it.
"""

from __future__ import annotations

from nnspec.errors import SpecError
from nnspec.registry import REGISTRY
from nnspec.registry.datasets import dataset_info
from nnspec.registry.info import ROLE_WORDS
from nnspec.registry.params import Nested
from nnspec.spec.check.metric_checks import metric_needs, unlabelled
from nnspec.spec.located import LocDict


def check_kinds(spec: LocDict) -> list[SpecError]:
    labelled = dataset_info(spec["data"]["dataset"])["y"] is not None
    errors = []
    for name, loss in spec["losses"].items():
        errors += misplaced(loss, f"losses.{name}") + _loss_labels(spec, name, loss, labelled)
    errors += _init_constraints(spec) + _dataset_constraints(spec)
    for i, entry in enumerate(spec["evaluate"]["metrics"]):
        errors += metric_needs(spec, entry, f"evaluate.metrics[{i}]", labelled)
    return errors


def misplaced(loss: LocDict, path: str) -> list[SpecError]:
    """Nested kinds whose info role is not the one their parameter accepts."""
    errors = []
    for param in REGISTRY.get("loss", loss["type"]).params:
        value = loss.get(param.name)
        if isinstance(param.type, Nested) and param.type.role and isinstance(value, dict):
            ((kind, params),) = value.items()
            info = REGISTRY.get(param.type.category, kind).info
            if info.role != param.type.role:
                errors.append(
                    _wrong_role(
                        param.type, kind, info.role, f"{path}.{param.name}", loss.where(param.name)
                    )
                )
            else:
                errors += constraints(
                    kind, param.type.category, params, f"{path}.{param.name}.{kind}"
                )
    return errors


def _wrong_role(ptype: Nested, kind: str, role: str, path: str, loc) -> SpecError:
    fitting = [k.name for k in REGISTRY.kinds(ptype.category) if k.info.role == ptype.role]
    return SpecError(
        f"{ptype.category} '{kind}' is a {ROLE_WORDS.get(role, role)}, "
        f"not a {ROLE_WORDS.get(ptype.role, ptype.role)}",
        path,
        loc,
        expected=f"one of {', '.join(fitting)}",
        received=f"'{kind}'",
    )


def constraints(kind: str, category: str, params: LocDict, path: str) -> list[SpecError]:
    """The cross-parameter constraints declared with a kind, located at the parameter."""
    errors = []
    for rule in REGISTRY.get(category, kind).info.constraints:
        broken = rule(params)
        if broken is not None:
            errors.append(
                SpecError(
                    f"{category} '{kind}': {broken.message}",
                    f"{path}.{broken.param}",
                    params.where(broken.param),
                    expected=broken.expected,
                    received=broken.received,
                )
            )
    return errors


def _init_constraints(spec: LocDict) -> list[SpecError]:
    errors = []
    for name, network in spec["networks"].items():
        body = next(iter(network.values()))
        init = body.get("init")
        if isinstance(init, dict):
            ((init_kind, params),) = init.items()
            errors += constraints(init_kind, "init", params, f"networks.{name}.init.{init_kind}")
    return errors


def _dataset_constraints(spec: LocDict) -> list[SpecError]:
    errors = []
    for part in ("dataset", "val", "test"):
        given = spec["data"].get(part)
        if isinstance(given, dict):
            ((kind, params),) = given.items()
            errors += constraints(kind, "dataset", params, f"data.{part}.{kind}")
    return errors


def _loss_labels(spec: LocDict, name: str, loss: LocDict, labelled: bool) -> list[SpecError]:
    if labelled or not REGISTRY.get("loss", loss["type"]).info.needs_labels(loss):
        return []
    return [
        SpecError(
            f"loss '{name}' needs labels, but the data have none",
            f"losses.{name}",
            spec["losses"].where(name),
            expected="a dataset with labels",
            received=unlabelled(spec),
        )
    ]

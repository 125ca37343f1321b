"""Checks that read the kinds' info objects: what each kind needs of the spec around it.

Noise must play the role its parameter asks for (a latent prior, a corruption);
cross-parameter constraints declared with a kind must hold; a loss or metric that
reads labels needs labelled data; a metric that scores a role's network by default
needs a loss that offers it. Each error is located at the value that breaks it.
"""

from __future__ import annotations

from nnspec.errors import SpecError
from nnspec.registry import REGISTRY
from nnspec.registry.datasets import dataset_info
from nnspec.registry.info import ROLE_WORDS
from nnspec.registry.params import Nested
from nnspec.spec.located import LocDict


def check_kinds(spec: LocDict) -> list[SpecError]:
    labelled = dataset_info(spec["data"]["dataset"])["y"] is not None
    errors = []
    for name, loss in spec["losses"].items():
        errors += misplaced(loss, f"losses.{name}") + _loss_labels(spec, name, loss, labelled)
    errors += _init_constraints(spec)
    for i, entry in enumerate(spec["evaluate"]["metrics"]):
        errors += _metric_needs(spec, entry, f"evaluate.metrics[{i}]", labelled)
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


def _unlabelled(spec: LocDict) -> str:
    return f"dataset '{next(iter(spec['data']['dataset']))}', which has no labels"


def _loss_labels(spec: LocDict, name: str, loss: LocDict, labelled: bool) -> list[SpecError]:
    if labelled or not REGISTRY.get("loss", loss["type"]).info.needs_labels(loss):
        return []
    return [
        SpecError(
            f"loss '{name}' needs labels, but the data have none",
            f"losses.{name}",
            spec["losses"].where(name),
            expected="a dataset with labels",
            received=_unlabelled(spec),
        )
    ]


def offering(spec: LocDict, role: str) -> list[str]:
    """The losses of the spec that offer ``role`` to metrics, in spec order."""
    return [
        name
        for name, loss in spec["losses"].items()
        if role in REGISTRY.get("loss", loss["type"]).info.roles
    ]


def _metric_needs(spec: LocDict, entry: LocDict, path: str, labelled: bool) -> list[SpecError]:
    ((name, params),) = entry.items()
    info = REGISTRY.get("metric", name).info
    errors = []
    if info.needs_labels and not labelled:
        errors.append(
            SpecError(
                f"metric '{name}' needs labels, but the data have none",
                path,
                entry.loc,
                expected="a dataset with labels",
                received=_unlabelled(spec),
            )
        )
    if info.needs_modes:
        errors += _modes(spec, name, path, entry)
    return errors + _default_network(spec, name, params, info, path, entry)


def _modes(spec: LocDict, name: str, path: str, entry: LocDict) -> list[SpecError]:
    data = spec["data"]
    dataset = next(iter(data["dataset"]))
    if REGISTRY.get("dataset", dataset).info.modes is not None and not data["transforms"]:
        return []
    known = [k.name for k in REGISTRY.kinds("dataset") if k.info.modes is not None]
    return [
        SpecError(
            f"metric '{name}' compares samples with the true modes of the data",
            path,
            entry.loc,
            expected=f"a {' or '.join(known)} dataset without transforms",
            received=f"dataset '{dataset}'" + (" with transforms" if data["transforms"] else ""),
        )
    ]


def either(names: list[str]) -> str:
    """'a, b or c'."""
    return " or ".join(filter(None, [", ".join(names[:-1]), names[-1]]))


def _default_network(spec, name: str, params, info, path: str, entry) -> list[SpecError]:
    """A metric that scores a role's network by default needs a loss that offers it."""
    key = "loss" if "loss" in params else "network"
    if info.role is None or params.get(key) is not None:
        return []
    if offering(spec, info.role):
        return []
    kinds = [k.name for k in REGISTRY.kinds("loss") if info.role in k.info.roles]
    return [
        SpecError(
            f"metric '{name}' has no {key} to score: no loss of this spec is a {info.role}",
            path,
            entry.loc,
            expected=f"a {either(kinds)} loss, or {key}: <a {key} name>",
            received=", ".join(f"'{n}' ({loss['type']})" for n, loss in spec["losses"].items()),
        )
    ]
